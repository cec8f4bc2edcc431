import {
  DescribeApplicationCommand,
  type DescribeApplicationCommandOutput,
  type KinesisAnalyticsV2Client,
  ListApplicationOperationsCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { translateAwsError } from '../../../../common/src/errors.ts';
import type { Log } from '../../../../common/src/logger.ts';
import { LineageError } from '../../errors.ts';
import { IncompleteApplicationError } from '../errors.ts';
import type {
  ApplicationOperation,
  ApplicationRef,
  FlinkApplication,
  FlinkApplications,
  PropertyGroup,
} from '../ports.ts';

/** The application does not exist (any more) in the account and Region of the event. */
export class ApplicationNotFoundError extends LineageError {
  override readonly name: string = 'ApplicationNotFoundError';
}

/** A Kinesis Analytics V2 client, or the part of one the adapter uses. */
export type KinesisAnalyticsClient = Pick<KinesisAnalyticsV2Client, 'send'>;

/** Options of {@link KinesisAnalyticsApplications}. */
export interface KinesisAnalyticsApplicationsOptions {
  /**
   * The client for an application's account and Region (built by ClientFactory; another account's
   * through the assumed application read role).
   */
  readonly clientFor: (ref: ApplicationRef) => KinesisAnalyticsClient;
  readonly log: Log;
  /** Operations per ListApplicationOperations page (1 to 50). @default 50 */
  readonly pageSize?: number;
}

function context(ref: ApplicationRef) {
  return { account: ref.account, region: ref.region, applicationName: ref.applicationName };
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/**
 * Managed Service for Apache Flink applications through the Kinesis Analytics V2 API
 * (DescribeApplication, ListApplicationOperations to its last page). SDK errors become
 * ApplicationNotFoundError, TransientAwsError (throttling, 5xx) or AwsCallError, each with the SDK
 * error as `cause`.
 */
export class KinesisAnalyticsApplications implements FlinkApplications {
  constructor(private readonly options: KinesisAnalyticsApplicationsOptions) {}

  /**
   * @throws ApplicationNotFoundError; IncompleteApplicationError when the answer lacks the ARN, status,
   * version or runtime; TransientAwsError / AwsCallError.
   */
  async describe(ref: ApplicationRef): Promise<FlinkApplication> {
    let detail: DescribeApplicationCommandOutput;
    try {
      detail = await this.options
        .clientFor(ref)
        .send(new DescribeApplicationCommand({ ApplicationName: ref.applicationName }));
    } catch (error) {
      throw this.translate(error, 'DescribeApplication', ref);
    }
    const app = detail.ApplicationDetail;
    const arn = app?.ApplicationARN;
    const status = app?.ApplicationStatus;
    const versionId = app?.ApplicationVersionId;
    const runtime = app?.RuntimeEnvironment;
    if (
      typeof arn !== 'string' ||
      typeof status !== 'string' ||
      typeof versionId !== 'number' ||
      typeof runtime !== 'string'
    ) {
      throw new IncompleteApplicationError(
        `DescribeApplication ${ref.applicationName} answered without ApplicationARN, ApplicationStatus, ApplicationVersionId or RuntimeEnvironment`,
        { context: context(ref) },
      );
    }
    const configuration = app?.ApplicationConfigurationDescription;
    const groups: PropertyGroup[] = (
      configuration?.EnvironmentPropertyDescriptions?.PropertyGroupDescriptions ?? []
    ).map((g) => ({ id: g.PropertyGroupId ?? '', properties: { ...(g.PropertyMap ?? {}) } }));
    this.options.log.debug('described Flink application', {
      ...context(ref),
      status,
      versionId,
      propertyGroups: groups.map((g) => g.id),
    });
    return {
      arn,
      name: ref.applicationName,
      versionId,
      status,
      runtime,
      mode: typeof app?.ApplicationMode === 'string' ? app.ApplicationMode : 'STREAMING',
      propertyGroups: groups,
    };
  }

  /** @throws ApplicationNotFoundError; TransientAwsError / AwsCallError. */
  async listOperations(ref: ApplicationRef): Promise<readonly ApplicationOperation[]> {
    const operations: ApplicationOperation[] = [];
    let token: string | undefined;
    let pages = 0;
    try {
      do {
        const page = await this.options.clientFor(ref).send(
          new ListApplicationOperationsCommand({
            ApplicationName: ref.applicationName,
            Limit: this.options.pageSize ?? 50,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        );
        pages += 1;
        for (const op of page.ApplicationOperationInfoList ?? []) {
          if (!op.OperationId || !op.Operation) continue;
          operations.push({
            id: op.OperationId,
            operation: op.Operation,
            status: op.OperationStatus ?? 'IN_PROGRESS',
            startTime: op.StartTime ?? new Date(0),
          });
        }
        token = page.NextToken;
      } while (token);
    } catch (error) {
      throw this.translate(error, 'ListApplicationOperations', ref);
    }
    this.options.log.debug('listed Flink application operations', {
      ...context(ref),
      operations: operations.length,
      pages,
    });
    // Oldest first; the sort is stable, so operations started in the same instant keep the API's order.
    return operations.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  }

  private translate(error: unknown, operation: string, ref: ApplicationRef): Error {
    if (isNotFound(error)) {
      return new ApplicationNotFoundError(
        `Flink application ${ref.applicationName} does not exist in ${ref.account} ${ref.region}`,
        { cause: error, context: context(ref) },
      );
    }
    return translateAwsError(error, `kinesisanalytics:${operation} ${ref.applicationName}`, context(ref));
  }
}
