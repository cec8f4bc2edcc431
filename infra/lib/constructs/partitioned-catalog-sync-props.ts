import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';

/** Props of {@link PartitionedCatalogSync}. */
export interface PartitionedCatalogSyncProps {
  /** The catalog sync function (`CatalogSync.function`); each partition is one synchronous invocation of it. */
  readonly function: lambda.IFunction;
  /** How many partitions the topics are split into: an integer from 2 to 64 (MAX_PARTITIONS). */
  readonly partitions: number;
  /**
   * How many partitions run at the same time. DataZone's write quota (20 TPS for CreateAsset,
   * CreateAssetRevision, DeleteAsset) is per account and Region, and each run already paces itself at
   * `settings.dataZoneWriteRate`, so parallel partitions only help when reads, not writes, dominate.
   * @default 1
   */
  readonly maxConcurrency?: number;
  /**
   * Longest execution; a longer one is stopped (TIMED_OUT, which alarms).
   * @default - 30 minutes per round of partitions (`ceil(partitions / maxConcurrency)` rounds): a run of
   * up to 15 minutes plus retries
   */
  readonly timeout?: Duration;
  /**
   * How long the state machine's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Topic that the alarms (failed and timed-out executions) notify.
   * @default - the alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;
}
