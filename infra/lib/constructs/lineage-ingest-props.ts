import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';

/** Props of {@link LineageIngest}. */
export interface LineageIngestProps {
  /** The DataZone domain the events are posted to (PostLineageEvent), e.g. `dzd_abc123`. */
  readonly domainId: string;
  /**
   * The catalog sources (the same list the catalog sync gets): the endpoint reads their clusters'
   * bootstrap brokers to map any broker of a Kafka namespace to the canonical namespace of the topic
   * assets. Sources with a `readRoleArn` are read with that role (the function may assume exactly
   * those roles); the others in the stack's account and Region.
   */
  readonly sources: readonly CatalogSource[];
  /**
   * Key of the dead-letter queue.
   * @default - a new customer-managed key with yearly rotation
   */
  readonly key?: kms.IKey;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Topic that the alarms (function errors, dead letters) notify.
   * @default - the alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;
}
