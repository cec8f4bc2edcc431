import type { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { TopicAssetTypeNames } from '../../../asset-types/src/definition.ts';
import type { ConsumerGroupPolicy } from '../../../grant-workflow/src/config.ts';
import type { GrantSettingsInput } from '../../../grant-workflow/src/settings.ts';

/**
 * Names of the grant workflow's resources that the other accounts refer to (IAM trust and cross-account
 * calls need them before either side is deployed). Role names are per account: deploying the workflow
 * in two Regions of one account needs other names in one of them.
 */
export interface GrantWorkflowNames {
  /** The central state machine's role (trusted by every invoke role). */
  readonly centralRole: string;
  readonly centralStateMachine: string;
  /** The role in the central account an environment state machine assumes to answer the task token. */
  readonly callbackRole: string;
  /** The environment state machine's role (trusted by the callback role). */
  readonly environmentRole: string;
  readonly environmentStateMachine: string;
  /** The role in an environment account the central state machine assumes to start its execution. */
  readonly invokeRole: string;
  /** The role in an environment account the scheduled reconcile assumes (reads; writes with repair). */
  readonly reconcileRole: string;
  /** The scheduled reconcile function's role in the central account (trusted by every reconcile role). */
  readonly reconcileFunctionRole: string;
}

/** The default names. */
export const GRANT_WORKFLOW_NAMES: GrantWorkflowNames = {
  centralRole: 'streamgov-grant-central',
  centralStateMachine: 'streamgov-grant-central',
  callbackRole: 'streamgov-grant-callback',
  environmentRole: 'streamgov-grant-environment',
  environmentStateMachine: 'streamgov-grant-environment',
  invokeRole: 'streamgov-grant-invoke',
  reconcileRole: 'streamgov-grant-reconcile',
  reconcileFunctionRole: 'streamgov-grant-reconcile-function',
};

/** An environment account as the central workflow reaches it (see `grantEnvironmentRegistration`). */
export interface GrantEnvironmentRegistration {
  readonly account: string;
  readonly stateMachineArn: string;
  /** The invoke role in the environment account (trusts the central state machine's role). */
  readonly invokeRoleArn: string;
  /** The environment state machine's role (the callback role trusts it). */
  readonly stateMachineRoleArn: string;
}

/**
 * The registration of an environment account deployed with the default (or the given) names: what
 * `GrantWorkflowCentral.registerEnvironment` takes.
 * @example
 * central.registerEnvironment(grantEnvironmentRegistration({ account: '333333333333', region: 'eu-west-1' }));
 */
export function grantEnvironmentRegistration(options: {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  readonly names?: Partial<GrantWorkflowNames>;
}): GrantEnvironmentRegistration {
  const names = { ...GRANT_WORKFLOW_NAMES, ...options.names };
  const partition = options.partition ?? 'aws';
  const role = (name: string) => `arn:${partition}:iam::${options.account}:role/${name}`;
  return {
    account: options.account,
    stateMachineArn: `arn:${partition}:states:${options.region}:${options.account}:stateMachine:${names.environmentStateMachine}`,
    invokeRoleArn: role(names.invokeRole),
    stateMachineRoleArn: role(names.environmentRole),
  };
}

/** Props of `GrantWorkflowCentral`. */
export interface GrantWorkflowCentralProps {
  /** The DataZone domain whose grant events the workflow serves. */
  readonly domainId: string;
  /** The topic asset type (grants of other asset types are not served). @default DEFAULT_NAMES */
  readonly assetTypeNames?: TopicAssetTypeNames;
  /** Consumer groups a grant covers. @default 'per-environment' (groups named `<environmentId>.*`) */
  readonly consumerGroups?: ConsumerGroupPolicy;
  /** Environment accounts to register now (more with `registerEnvironment`); at least one in all. */
  readonly environments?: readonly GrantEnvironmentRegistration[];
  /** How long to wait for an environment workflow. @default ENVIRONMENT_TIMEOUT_SECONDS */
  readonly environmentTimeout?: Duration;
  /** @default GRANT_WORKFLOW_NAMES */
  readonly names?: Partial<GrantWorkflowNames>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Topic the alarms notify. @default - the alarms have no actions */
  readonly alarmTopic?: sns.ITopic;
}

/** Props of `GrantWorkflowEnvironment`. */
export interface GrantWorkflowEnvironmentProps {
  /** The account of the DataZone domain and the central workflow. */
  readonly centralAccount: string;
  /** The names used by the central account (and here). @default GRANT_WORKFLOW_NAMES */
  readonly names?: Partial<GrantWorkflowNames>;
  /**
   * The MSK clusters of this account whose cluster policies the workflow may change (producer side).
   * @default - none: a consumer-only account
   */
  readonly clusterArns?: readonly string[];
  /** SSM path of the grant ledger. @default '/streamgov/grants' */
  readonly ledgerPrefix?: string;
  /** Key of the ledger parameters. @default - String parameters (records hold ARNs and ids, no secret) */
  readonly ledgerKey?: kms.IKey;
  /** How grants are applied (opt-in tag and paths, policy names, schema scope…). @default defaults */
  readonly grantSettings?: GrantSettingsInput;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Topic the alarms notify. @default - the alarms have no actions */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Let the reconcile role repair drift (the apply role's writes); pair with `apply` on
   * GrantReconcileSchedule. @default false: the reconcile role only reads (report-only)
   */
  readonly reconcileRepair?: boolean;
}
