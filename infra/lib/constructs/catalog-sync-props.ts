import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';

/** Props of {@link CatalogSync}. */
export interface CatalogSyncProps {
  /**
   * What to sync (config file: `syncSettings(config)`). The function's environment is rendered from them,
   * and the Glue registries and MSK clusters its role may read are derived from their sources.
   */
  readonly settings: SyncSettings;
  /** EventBridge schedule expression of the periodic full sync, e.g. `rate(1 hour)` (`catalog.schedule`). */
  readonly schedule: string;
  /**
   * Key of the asset index (SSM SecureString parameters) and of the dead-letter queue. A key of your
   * own must allow `events.amazonaws.com` kms:GenerateDataKey and kms:Decrypt in its key policy, or
   * EventBridge cannot put undeliverable events into the dead-letter queue (a warning says so).
   * @default - `settings.indexKmsKeyId` when it is a key ARN; otherwise a new customer-managed key with
   * yearly rotation, retained when the stack is deleted
   */
  readonly indexKey?: kms.IKey;
  /**
   * The MSK clusters the function may describe and list topics of, by ARN. Every source must be among
   * them (by ARN, or by cluster name for sources that name their cluster).
   * @default - each source's `clusterArn`; for a source given by `clusterName`, every cluster of that
   * name in the stack's account and Region (`cluster/<name>/*`)
   */
  readonly clusterArns?: readonly string[];
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Topic that the alarms (function errors, messages in the dead-letter queue, failed partitioned
   * executions) notify.
   * @default - the alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Split the scheduled full sync into this many partitions (1 to 64), one Lambda invocation each, run by
   * a Step Functions state machine (`PartitionedCatalogSync`) that the schedule then starts: for
   * registries too large for one 15-minute run. Schema change events still invoke the function directly
   * (they sync one schema's topics).
   * @default 1 - no state machine; the schedule invokes the function
   */
  readonly partitions?: number;
  /**
   * How many partitions run at the same time (1 to `partitions`); see
   * `PartitionedCatalogSyncProps.maxConcurrency` for why more rarely helps.
   * @default 1
   */
  readonly partitionConcurrency?: number;
}
