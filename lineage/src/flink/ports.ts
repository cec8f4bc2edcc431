/**
 * What the Flink lifecycle emitter reads about applications, as domain types (the adapter maps
 * DescribeApplication and ListApplicationOperations onto them).
 *
 * @module
 */

/** One runtime property group (EnvironmentProperties.PropertyGroups). */
export interface PropertyGroup {
  readonly id: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** An application as DescribeApplication reports it, with what the emitter needs. */
export interface FlinkApplication {
  readonly arn: string;
  readonly name: string;
  readonly versionId: number;
  /** ApplicationStatus: READY, STARTING, RUNNING, UPDATING, STOPPING, FORCE_STOPPING, … */
  readonly status: string;
  /** RuntimeEnvironment, e.g. `FLINK-1_20`. */
  readonly runtime: string;
  /** ApplicationMode: STREAMING or INTERACTIVE (Studio notebooks). */
  readonly mode: string;
  readonly propertyGroups: readonly PropertyGroup[];
}

/** One operation of an application (ListApplicationOperations). */
export interface ApplicationOperation {
  readonly id: string;
  /** StartApplication, UpdateApplication, StopApplication, … */
  readonly operation: string;
  /** IN_PROGRESS, SUCCESSFUL, FAILED, CANCELLED. */
  readonly status: string;
  readonly startTime: Date;
}

/** Where an application lives. */
export interface ApplicationRef {
  readonly account: string;
  readonly region: string;
  readonly applicationName: string;
}

/** Reads applications, in whichever account they live. */
export interface FlinkApplications {
  /**
   * The application (DescribeApplication).
   * @throws ApplicationNotFoundError when it does not exist (any more); translated AWS errors otherwise.
   */
  describe(ref: ApplicationRef): Promise<FlinkApplication>;
  /** Every operation of the application, every page, oldest first. */
  listOperations(ref: ApplicationRef): Promise<readonly ApplicationOperation[]>;
}
