import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';

/** Props of {@link FlinkLineageEmitter}. */
export interface FlinkLineageEmitterProps {
  /** The DataZone domain the lineage is posted to (in the stack's account and Region). */
  readonly domainId: string;
  /**
   * The catalog sources (config file: `syncSettings(config).sources`): bootstrap servers of their
   * clusters are mapped to the namespace of the topic assets. Sources with a `readRoleArn` are read
   * through it; the function may assume exactly those roles.
   * @default - no known cluster: bootstrap servers are reported as written (first broker)
   */
  readonly sources?: readonly CatalogSource[];
  /**
   * Accounts whose Flink applications report lineage besides the stack's own: the rule takes their
   * CloudTrail events (forwarded to this account's default bus) and the function assumes
   * `arn:aws:iam::<account>:role/<applicationReadRoleName>` there (see FlinkApplicationReadRole).
   * @default - only applications of the stack's account
   */
  readonly environmentAccounts?: readonly string[];
  /**
   * Id of the lineage property group of the convention (docs/lineage-flink.md).
   * @default 'streamgov.lineage'
   */
  readonly propertyGroupId?: string;
  /**
   * Also read Kafka source and sink property groups (`bootstrap.servers` + `topic`/`topics`).
   * @default true
   */
  readonly readKafkaGroups?: boolean;
  /**
   * Name of the role the function assumes in each environment account.
   * @default 'streamgov-flink-lineage-read'
   */
  readonly applicationReadRoleName?: string;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Topic that the alarms (function errors, messages in the dead-letter queue) notify.
   * @default - the alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Props of {@link FlinkApplicationReadRole}. */
export interface FlinkApplicationReadRoleProps {
  /**
   * Who may assume the role: the emitter function's role (best), or the governance account.
   */
  readonly trustedPrincipal: iam.IPrincipal;
  /**
   * The role's name; must equal the emitter's `applicationReadRoleName`.
   * @default 'streamgov-flink-lineage-read'
   */
  readonly roleName?: string;
}
