import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { parseMskClusterArn } from '../../../common/src/arns.ts';
import { ENVIRONMENT_STATES, USER_ERROR_NAMES } from '../../../grant-workflow/src/contract.ts';
import { environmentVariables } from '../../../grant-workflow/src/environment-config.ts';
import { type GrantSettings, grantSettings } from '../../../grant-workflow/src/settings.ts';
import { ConstructPropsError } from '../errors.ts';
import { createAlarms, SUM_5_MINUTES } from '../private/alarms.ts';
import { ssmParameterArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { CrossAccountCall } from '../private/cross-account-call.ts';
import { GRANT_HANDLER_ENTRIES } from '../private/grant-handler-entries.ts';
import { acknowledgeFinding, resourceFinding } from '../private/nag.ts';
import { addTransientRetry } from './grant-workflow-central.ts';
import {
  GRANT_WORKFLOW_NAMES,
  type GrantEnvironmentRegistration,
  type GrantWorkflowEnvironmentProps,
  type GrantWorkflowNames,
} from './grant-workflow-props.ts';

const ACCOUNT = /^\d{12}$/;
const LEDGER_PREFIX = /^(\/[a-zA-Z0-9_.-]+)+$/;
/** IAM reads and writes of a consumer role's inline policies (the role must be managed). */
const ROLE_POLICY_ACTIONS = [
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
] as const;
const ATTACH_ACTIONS = ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'] as const;
/** streamgov's own overflow managed policies. */
const MANAGED_POLICY_ACTIONS = [
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:ListPolicyVersions',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:DeletePolicy',
] as const;
const CLUSTER_POLICY_ACTIONS = [
  'kafka:DescribeClusterV2',
  'kafka:GetClusterPolicy',
  'kafka:PutClusterPolicy',
  'kafka:DeleteClusterPolicy',
] as const;
const LEDGER_ACTIONS = [
  'ssm:GetParametersByPath',
  'ssm:GetParameter',
  'ssm:PutParameter',
  'ssm:DeleteParameter',
] as const;

/** Reconcile's reads (the scheduled run in report-only mode needs nothing else). */
const RECONCILE_ROLE_READ_ACTIONS = [
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
] as const;
const RECONCILE_POLICY_READ_ACTIONS = [
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
] as const;
const RECONCILE_CLUSTER_READ_ACTIONS = ['kafka:DescribeClusterV2', 'kafka:GetClusterPolicy'] as const;
const RECONCILE_LEDGER_READ_ACTIONS = ['ssm:GetParametersByPath', 'ssm:GetParameter'] as const;

/** The alarms of an environment workflow. */
export interface GrantWorkflowEnvironmentAlarms {
  /** An execution failed: the grant failed here, or its answer could not be sent to the central account. */
  readonly executionsFailed: cloudwatch.IAlarm;
}

/**
 * The environment side of the grant workflow, in a producer or consumer account: a STANDARD state
 * machine (built from ENVIRONMENT_STATES) that the central state machine starts with a task token; it
 * applies one side of a grant with a function whose role may change only managed roles (opt-in tag or
 * configured path) with streamgov's own managed policies, the configured clusters' policies and the
 * grant ledger, then answers the central workflow (SendTaskSuccess / SendTaskFailure) as the central
 * account's callback role. The invoke role lets the central state machine's role start it.
 *
 * @example
 * new GrantWorkflowEnvironment(this, 'Grants', { centralAccount: '111111111111', clusterArns: [clusterArn] });
 */
export class GrantWorkflowEnvironment extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly role: iam.Role;
  /** The role the central state machine assumes to start executions here. */
  readonly invokeRole: iam.Role;
  readonly applyFunction: lambda.IFunction;
  /** The apply function's role (least privilege; see the class description). */
  readonly applyRole: iam.Role;
  readonly logGroup: logs.ILogGroup;
  /**
   * The role the central account's scheduled reconcile assumes: reads the roles' policies, the cluster
   * policies and the ledger; with `reconcileRepair`, also the apply role's writes.
   */
  readonly reconcileRole: iam.Role;
  readonly alarms: GrantWorkflowEnvironmentAlarms;
  readonly settings: GrantSettings;
  readonly names: GrantWorkflowNames;

  constructor(scope: Construct, id: string, props: GrantWorkflowEnvironmentProps) {
    super(scope, id);
    if (!ACCOUNT.test(props.centralAccount)) {
      throw new ConstructPropsError(
        this,
        'centralAccount',
        props.centralAccount,
        'must be a 12-digit account id',
      );
    }
    const ledgerPrefix = props.ledgerPrefix ?? '/streamgov/grants';
    if (!LEDGER_PREFIX.test(ledgerPrefix)) {
      throw new ConstructPropsError(this, 'ledgerPrefix', ledgerPrefix, `must match ${LEDGER_PREFIX.source}`);
    }
    try {
      this.settings = grantSettings(props.grantSettings ?? {});
    } catch (error) {
      throw new ConstructPropsError(this, 'grantSettings', props.grantSettings, 'is invalid', {
        cause: error,
      });
    }
    this.names = { ...GRANT_WORKFLOW_NAMES, ...props.names };
    const stack = Stack.of(this);
    const centralRole = (name: string) => `arn:${stack.partition}:iam::${props.centralAccount}:role/${name}`;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    const apply = createBundledFunction(this, 'ApplyFunction', {
      handler: GRANT_HANDLER_ENTRIES.apply,
      description: 'streamgov: applies one side of a subscription grant (IAM, MSK cluster policy)',
      timeout: Duration.minutes(5),
      memorySize: 512,
      logRetention,
      environment: environmentVariables(ledgerPrefix, props.grantSettings ?? {}, props.ledgerKey?.keyArn),
    });
    this.applyFunction = apply.fn;
    this.applyRole = apply.role;
    const writes = this.applyStatements(props, ledgerPrefix);
    for (const statement of writes) apply.role.addToPrincipalPolicy(statement);
    props.ledgerKey?.grantEncryptDecrypt(apply.role);

    this.reconcileRole = new iam.Role(this, 'ReconcileRole', {
      roleName: this.names.reconcileRole,
      // The reconcile function's role may not exist yet: trust its account, restricted to that one role.
      assumedBy: new iam.AccountPrincipal(props.centralAccount).withConditions({
        ArnEquals: { 'aws:PrincipalArn': centralRole(this.names.reconcileFunctionRole) },
      }),
      description: props.reconcileRepair
        ? 'streamgov scheduled reconcile: reads and repairs the grant policies and ledger of this account'
        : 'streamgov scheduled reconcile: reads the grant policies and ledger of this account (report-only)',
    });
    for (const statement of this.reconcileReadStatements(props, ledgerPrefix)) {
      this.reconcileRole.addToPrincipalPolicy(statement);
    }
    if (props.reconcileRepair)
      for (const statement of writes) this.reconcileRole.addToPrincipalPolicy(statement);
    if (props.reconcileRepair) props.ledgerKey?.grantEncryptDecrypt(this.reconcileRole);
    else props.ledgerKey?.grantDecrypt(this.reconcileRole);

    this.role = new iam.Role(this, 'StateMachineRole', {
      roleName: this.names.environmentRole,
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description:
        'streamgov grant environment workflow: invokes its function, assumes the central callback role',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCallbackRole',
        actions: ['sts:AssumeRole'],
        resources: [centralRole(this.names.callbackRole)],
      }),
    );
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.names.environmentStateMachine,
      comment: 'streamgov: applies one side of a subscription grant in this account',
      stateMachineType: sfn.StateMachineType.STANDARD,
      role: this.role,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(apply.fn)),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      roleName: this.names.invokeRole,
      // The central role may not exist yet: trust its account, restricted to that one role.
      assumedBy: new iam.AccountPrincipal(props.centralAccount).withConditions({
        ArnEquals: { 'aws:PrincipalArn': centralRole(this.names.centralRole) },
      }),
      description:
        'streamgov grant workflow: the central state machine starts the environment workflow of this account',
    });
    this.invokeRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StartEnvironmentWorkflow',
        actions: ['states:StartExecution'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
    this.alarms = this.createAlarms(props);
    this.acknowledgeFindings(apply.fn, ledgerPrefix);
  }

  /** This account's registration for `GrantWorkflowCentral.registerEnvironment` (same app only). */
  get registration(): GrantEnvironmentRegistration {
    return {
      account: Stack.of(this).account,
      stateMachineArn: this.stateMachine.stateMachineArn,
      invokeRoleArn: this.invokeRole.roleArn,
      stateMachineRoleArn: this.role.roleArn,
    };
  }

  private definition(applyFn: lambda.IFunction): sfn.IChainable {
    const s = ENVIRONMENT_STATES;
    const failed = new sfn.Fail(this, s.failed, {
      comment:
        'The grant failed here because streamgov or AWS broke (the central workflow was told, or times out)',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const failureKind = new sfn.Choice(this, s.failureKind, {
      comment: 'User errors (the central workflow reports them to the requester) do not fail the execution',
    })
      .when(
        sfn.Condition.or(
          ...USER_ERROR_NAMES.map((name) => sfn.Condition.stringEquals('$.error.Error', name)),
        ),
        new sfn.Succeed(this, s.refused, { comment: 'The request cannot be fulfilled as asked' }),
      )
      .otherwise(failed);
    const sendFailure = new CrossAccountCall(this, s.sendFailure, {
      comment: 'Answers the central task token with the error',
      integration: 'aws-sdk:sfn:sendTaskFailure',
      parameters: {
        TaskToken: sfn.JsonPath.stringAt('$.taskToken'),
        Error: sfn.JsonPath.stringAt('$.error.Error'),
        Cause: sfn.JsonPath.stringAt('$.error.Cause'),
      },
      rolePath: '$.callbackRoleArn',
      resultPath: sfn.JsonPath.DISCARD,
    });
    sendFailure.next(failureKind);
    const applyPayload = (undo: boolean | string) =>
      sfn.TaskInput.fromObject({
        request: sfn.JsonPath.objectAt('$.request'),
        side: sfn.JsonPath.stringAt('$.side'),
        undo,
      });
    const apply = new tasks.LambdaInvoke(this, s.apply, {
      comment:
        'Applies one side of the grant, or with undo its revoke (idempotent: a duplicate changes nothing)',
      lambdaFunction: applyFn,
      payload: applyPayload(sfn.JsonPath.stringAt('$.undo')),
      retryOnServiceExceptions: false,
      resultSelector: { 'value.$': '$.Payload' },
      resultPath: '$.result',
    });
    addTransientRetry(apply);
    apply.addCatch(sendFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    // A GRANT applied here whose answer does not reach the central workflow (its wait timed out, the
    // callback role is broken): the central workflow reports GRANT_FAILED, so the grant is taken back.
    const answerFailed = new sfn.Fail(this, s.answerFailed, {
      comment: 'The answer could not be sent to the central workflow',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const undoLateGrant = new tasks.LambdaInvoke(this, s.undoLateGrant, {
      comment:
        'Revokes the grant applied here: the central workflow never got the answer and reports GRANT_FAILED',
      lambdaFunction: applyFn,
      payload: applyPayload(true),
      retryOnServiceExceptions: false,
      resultPath: sfn.JsonPath.DISCARD,
    });
    addTransientRetry(undoLateGrant);
    undoLateGrant.addCatch(answerFailed, { errors: [sfn.Errors.ALL], resultPath: '$.undoError' });
    undoLateGrant.next(answerFailed);
    const answerLost = new sfn.Choice(this, s.answerLost, {
      comment: 'A GRANT nobody learnt of must not stay in force',
    })
      .when(
        sfn.Condition.and(
          sfn.Condition.stringEquals('$.request.action', 'GRANT'),
          sfn.Condition.booleanEquals('$.undo', false),
        ),
        undoLateGrant,
      )
      .otherwise(answerFailed);
    const sendSuccess = new CrossAccountCall(this, s.sendSuccess, {
      comment: 'Answers the central task token with the result',
      integration: 'aws-sdk:sfn:sendTaskSuccess',
      parameters: {
        TaskToken: sfn.JsonPath.stringAt('$.taskToken'),
        Output: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.result.value')),
      },
      rolePath: '$.callbackRoleArn',
      resultPath: sfn.JsonPath.DISCARD,
    });
    sendSuccess.addCatch(answerLost, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    return apply.next(sendSuccess);
  }

  /** The clusters of the props, checked. */
  private clusterArns(props: GrantWorkflowEnvironmentProps): string[] {
    return (props.clusterArns ?? []).map((arn, i) => {
      try {
        return parseMskClusterArn(arn, `clusterArns[${i}]`) && arn;
      } catch (error) {
        throw new ConstructPropsError(this, `clusterArns[${i}]`, arn, 'must be an MSK cluster ARN', {
          cause: error,
        });
      }
    });
  }

  /** What reconcile reads: every role's policies (roles that lost their opt-in too), own policies, clusters, ledger. */
  private reconcileReadStatements(
    props: GrantWorkflowEnvironmentProps,
    ledgerPrefix: string,
  ): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const allRoles = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' });
    const ownPolicies = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'policy',
      resourceName: `${this.settings.managedPolicyPath.slice(1)}*`,
    });
    const statements = [
      new iam.PolicyStatement({
        sid: 'ReconcileReadRoles',
        actions: [...RECONCILE_ROLE_READ_ACTIONS],
        resources: [allRoles],
      }),
      new iam.PolicyStatement({
        sid: 'ReconcileReadOwnManagedPolicies',
        actions: [...RECONCILE_POLICY_READ_ACTIONS],
        resources: [ownPolicies],
      }),
      new iam.PolicyStatement({
        sid: 'ReconcileReadGrantLedger',
        actions: [...RECONCILE_LEDGER_READ_ACTIONS],
        resources: [ssmParameterArn(this, ledgerPrefix), ssmParameterArn(this, `${ledgerPrefix}/*`)],
      }),
    ];
    const clusterArns = this.clusterArns(props);
    if (clusterArns.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReconcileReadClusterPolicies',
          actions: [...RECONCILE_CLUSTER_READ_ACTIONS],
          resources: clusterArns,
        }),
      );
    }
    return statements;
  }

  /** The apply role's statements (and the reconcile role's with repair). */
  private applyStatements(props: GrantWorkflowEnvironmentProps, ledgerPrefix: string): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const { management, managedPolicyPath } = this.settings;
    const roleArn = (path: string) =>
      stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${path.slice(1)}*` });
    const allRoles = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' });
    const ownPolicies = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'policy',
      resourceName: `${managedPolicyPath.slice(1)}*`,
    });
    const tagged = { StringEquals: { [`aws:ResourceTag/${management.tagKey}`]: management.tagValue } };
    const ownPolicyArn = { ArnLike: { 'iam:PolicyARN': ownPolicies } };
    const statements = [
      new iam.PolicyStatement({ sid: 'IamReadRoles', actions: ['iam:GetRole'], resources: [allRoles] }),
      new iam.PolicyStatement({
        sid: 'IamTaggedRolePolicies',
        actions: [...ROLE_POLICY_ACTIONS],
        resources: [allRoles],
        conditions: tagged,
      }),
      new iam.PolicyStatement({
        sid: 'IamTaggedRoleAttachments',
        actions: [...ATTACH_ACTIONS],
        resources: [allRoles],
        conditions: { ...tagged, ...ownPolicyArn },
      }),
      new iam.PolicyStatement({
        sid: 'IamOwnManagedPolicies',
        actions: [...MANAGED_POLICY_ACTIONS],
        resources: [ownPolicies],
      }),
      new iam.PolicyStatement({
        sid: 'SsmGrantLedger',
        actions: [...LEDGER_ACTIONS],
        resources: [ssmParameterArn(this, ledgerPrefix), ssmParameterArn(this, `${ledgerPrefix}/*`)],
      }),
    ];
    if (management.pathPrefixes.length > 0) {
      const pathRoles = management.pathPrefixes.map(roleArn);
      statements.push(
        new iam.PolicyStatement({
          sid: 'IamPathRolePolicies',
          actions: [...ROLE_POLICY_ACTIONS],
          resources: pathRoles,
        }),
        new iam.PolicyStatement({
          sid: 'IamPathRoleAttachments',
          actions: [...ATTACH_ACTIONS],
          resources: pathRoles,
          conditions: ownPolicyArn,
        }),
      );
    }
    const clusterArns = this.clusterArns(props);
    if (clusterArns.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'MskClusterPolicies',
          actions: [...CLUSTER_POLICY_ACTIONS],
          resources: clusterArns,
        }),
      );
    }
    return statements;
  }

  private createAlarms(props: GrantWorkflowEnvironmentProps): GrantWorkflowEnvironmentAlarms {
    return createAlarms(
      this,
      {
        executionsFailed: {
          description:
            'streamgov grant environment workflow: a grant side failed here, or its answer could not reach the central account (the central workflow then times out and reports the failure).',
          metric: this.stateMachine.metricFailed(SUM_5_MINUTES),
        },
      },
      props.alarmTopic,
    );
  }

  private acknowledgeFindings(applyFn: lambda.IFunction, ledgerPrefix: string): void {
    const stack = Stack.of(this);
    const { managedPolicyPath, management } = this.settings;
    const applyPolicy = this.applyRole.node.findChild('DefaultPolicy');
    const wildcards: Array<[string, string]> = [
      [
        resourceFinding(
          this,
          stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' }),
        ),
        `Roles of this account: GetRole on any role (read-only) lets the guard name an unmanaged role and how to opt it in; every write is conditioned on the opt-in tag ${management.tagKey}=${management.tagValue} (and attachments on streamgov's own policies).`,
      ],
      [
        resourceFinding(
          this,
          stack.formatArn({
            service: 'iam',
            region: '',
            resource: 'policy',
            resourceName: `${managedPolicyPath.slice(1)}*`,
          }),
        ),
        `streamgov's own overflow managed policies (streamgov-<role>-<n>) under the path ${managedPolicyPath}; no other managed policy.`,
      ],
      [
        resourceFinding(this, ssmParameterArn(this, `${ledgerPrefix}/*`)),
        'The grant ledger: one parameter per grant and target under the configured prefix.',
      ],
      ...management.pathPrefixes.map((prefix): [string, string] => [
        resourceFinding(
          this,
          stack.formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: `${prefix.slice(1)}*`,
          }),
        ),
        `Roles under the managed path ${prefix}, managed without a tag by configuration.`,
      ]),
    ];
    for (const [finding, reason] of wildcards)
      acknowledgeFinding(applyPolicy, 'AwsSolutions-IAM5', finding, reason);
    const reconcilePolicy = this.reconcileRole.node.findChild('DefaultPolicy');
    const reconcileFindings: Array<[string, string]> = [
      [
        wildcards[0]?.[0] ?? '',
        'Roles of this account: reconcile reads (GetRole, GetRolePolicy, ListRolePolicies, ListAttachedRolePolicies) every role the ledger or DataZone names, including roles that lost their opt-in tag, to report drift on them; with repair, every write is conditioned on the opt-in tag as for the apply role.',
      ],
      ...wildcards.slice(1),
    ];
    for (const [finding, reason] of reconcileFindings)
      acknowledgeFinding(reconcilePolicy, 'AwsSolutions-IAM5', finding, reason);
    const machinePolicy = this.role.node.findChild('DefaultPolicy');
    const machineFindings: Array<[string, string]> = [
      [
        'Resource::*',
        'X-Ray tracing (xray:PutTraceSegments and co.) and CloudWatch Logs delivery (logs:CreateLogDelivery and co.) support no resource-level permissions; CDK grants them on "*" for tracing and logging.',
      ],
      [
        resourceFinding(this, `${applyFn.functionArn}:*`),
        'LambdaInvoke grants the function and its versions/aliases (":*"); the state machine invokes only its own function.',
      ],
    ];
    for (const [finding, reason] of machineFindings)
      acknowledgeFinding(machinePolicy, 'AwsSolutions-IAM5', finding, reason);
  }
}
