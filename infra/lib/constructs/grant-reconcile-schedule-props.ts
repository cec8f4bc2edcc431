import type * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { TopicAssetTypeNames } from '../../../asset-types/src/definition.ts';
import type { ConsumerGroupPolicy } from '../../../grant-workflow/src/config.ts';
import type { ReconcileEnvironment } from '../../../grant-workflow/src/reconcile-config.ts';
import type { GrantSettingsInput } from '../../../grant-workflow/src/settings.ts';
import { GRANT_WORKFLOW_NAMES, type GrantWorkflowNames } from './grant-workflow-props.ts';

/**
 * An environment account as the scheduled reconcile reaches it, deployed with the default (or the given)
 * names: its `GrantWorkflowEnvironment` reconcile role.
 * @example
 * schedule props: { environments: [grantReconcileEnvironment({ account: '333333333333', region: 'eu-west-1' })] }
 */
export function grantReconcileEnvironment(options: {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  readonly names?: Partial<GrantWorkflowNames>;
}): ReconcileEnvironment {
  const names = { ...GRANT_WORKFLOW_NAMES, ...options.names };
  return {
    account: options.account,
    region: options.region,
    reconcileRoleArn: `arn:${options.partition ?? 'aws'}:iam::${options.account}:role/${names.reconcileRole}`,
  };
}

/** Props of `GrantReconcileSchedule`. */
export interface GrantReconcileScheduleProps {
  /** The DataZone domain whose subscription grants are compared with the policies in force. */
  readonly domainId: string;
  /** The environment accounts to check (see {@link grantReconcileEnvironment}); at least one. */
  readonly environments: readonly ReconcileEnvironment[];
  /** The topic asset type. @default DEFAULT_NAMES */
  readonly assetTypeNames?: TopicAssetTypeNames;
  /** When reconcile runs. @default events.Schedule.rate(Duration.days(1)) */
  readonly schedule?: events.Schedule;
  /**
   * Repair drift (missing, extra, stale; never foreign statements). Needs `reconcileRepair` on the
   * environments' GrantWorkflowEnvironment. @default false: report-only
   */
  readonly apply?: boolean;
  /** Consumer groups grants cover: as on GrantWorkflowCentral. @default 'per-environment' */
  readonly consumerGroups?: ConsumerGroupPolicy;
  /** SSM path of the environments' grant ledgers. @default '/streamgov/grants' */
  readonly ledgerPrefix?: string;
  /**
   * The environments' grant settings (management opt-in, managed-VPC connectivity) reconcile renders
   * with: as on GrantWorkflowEnvironment. @default defaults
   */
  readonly grantSettings?: GrantSettingsInput;
  /** @default GRANT_WORKFLOW_NAMES */
  readonly names?: Partial<GrantWorkflowNames>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Topic the alarms notify. @default - the alarms have no actions */
  readonly alarmTopic?: sns.ITopic;
}
