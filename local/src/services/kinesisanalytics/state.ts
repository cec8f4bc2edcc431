/** Kinesis Analytics V2 (Managed Service for Apache Flink) state for one account and region. */

export type ApplicationStatus =
  | 'READY'
  | 'STARTING'
  | 'RUNNING'
  | 'UPDATING'
  | 'STOPPING'
  | 'FORCE_STOPPING'
  | 'DELETING';

/** The SDK's ApplicationConfigurationDescription as plain JSON (the parts this local cloud supports). */
export interface ConfigurationDescription {
  ApplicationCodeConfigurationDescription?: {
    CodeContentType: string;
    CodeContentDescription?: {
      TextContent?: string;
      CodeMD5?: string;
      CodeSize?: number;
      S3ApplicationCodeLocationDescription?: { BucketARN: string; FileKey: string; ObjectVersion?: string };
    };
  };
  EnvironmentPropertyDescriptions?: {
    PropertyGroupDescriptions: { PropertyGroupId: string; PropertyMap: Record<string, string> }[];
  };
  FlinkApplicationConfigurationDescription?: {
    CheckpointConfigurationDescription: {
      ConfigurationType: string;
      CheckpointingEnabled: boolean;
      CheckpointInterval: number;
      MinPauseBetweenCheckpoints: number;
    };
    MonitoringConfigurationDescription: { ConfigurationType: string; MetricsLevel: string; LogLevel: string };
    ParallelismConfigurationDescription: {
      ConfigurationType: string;
      Parallelism: number;
      ParallelismPerKPU: number;
      CurrentParallelism: number;
      AutoScalingEnabled: boolean;
    };
  };
  ApplicationSnapshotConfigurationDescription?: { SnapshotsEnabled: boolean };
}

export type OperationStatus = 'IN_PROGRESS' | 'CANCELLED' | 'SUCCESSFUL' | 'FAILED';

/** One StartApplication / StopApplication / UpdateApplication, as ListApplicationOperations reports it. */
export interface OperationRecord {
  readonly OperationId: string;
  readonly Operation: string;
  /** ISO time. */
  readonly StartTime: string;
  EndTime?: string;
  OperationStatus: OperationStatus;
}

export interface ApplicationRecord {
  readonly ApplicationName: string;
  readonly ApplicationARN: string;
  ApplicationDescription?: string;
  RuntimeEnvironment: string;
  ServiceExecutionRole: string;
  ApplicationStatus: ApplicationStatus;
  ApplicationVersionId: number;
  ApplicationVersionUpdatedFrom?: number;
  readonly ApplicationMode: string;
  /** ISO time, whole seconds (DeleteApplication compares it). */
  readonly CreateTimestamp: string;
  LastUpdateTimestamp: string;
  ConditionalToken: string;
  configuration: ConfigurationDescription;
  CloudWatchLoggingOptionDescriptions: { CloudWatchLoggingOptionId: string; LogStreamARN: string }[];
  /** Operations, oldest first (absent in state saved before operations were recorded). */
  operations?: OperationRecord[];
}

export interface KinesisAnalyticsState {
  applications: Record<string, ApplicationRecord>;
}

export function initialKinesisAnalyticsState(): KinesisAnalyticsState {
  return { applications: {} };
}

export function applicationArn(account: string, region: string, name: string): string {
  return `arn:aws:kinesisanalytics:${region}:${account}:application/${name}`;
}
