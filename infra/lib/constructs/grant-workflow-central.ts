import { Annotations, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { GRANT_EVENT_ACTIONS } from '../../../grant-workflow/src/collect-grant.ts';
import {
  CENTRAL_ENV,
  centralEnvironment,
  type EnvironmentRegistration,
  environmentProblems,
} from '../../../grant-workflow/src/config.ts';
import {
  CENTRAL_FIELDS,
  CENTRAL_STATES,
  ENVIRONMENT_TIMEOUT_SECONDS,
  GRANT_ERRORS,
  type GrantSide,
  TRANSIENT_RETRY,
  UNTOUCHED_ERROR_NAMES,
} from '../../../grant-workflow/src/contract.ts';
import { ConstructPropsError } from '../errors.ts';
import { createAlarms, deadLettersMetric, SUM_5_MINUTES } from '../private/alarms.ts';
import { dataZoneDomainArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { CrossAccountCall } from '../private/cross-account-call.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { GRANT_HANDLER_ENTRIES } from '../private/grant-handler-entries.ts';
import { acknowledgeFinding, resourceFinding } from '../private/nag.ts';
import { ASSET_TYPE_NAME, checkProp, DOMAIN_ID } from '../private/validate.ts';
import {
  GRANT_WORKFLOW_NAMES,
  type GrantEnvironmentRegistration,
  type GrantWorkflowCentralProps,
  type GrantWorkflowNames,
} from './grant-workflow-props.ts';

/** Errors of the Lambda tasks worth a retry: the handlers' TransientAwsError and Lambda's own. */
export const GRANT_RETRIED_ERRORS = [
  GRANT_ERRORS.transient,
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** The DataZone calls of the central functions. */
const COLLECT_ACTIONS = [
  'datazone:GetSubscriptionGrant',
  'datazone:GetSubscription',
  'datazone:GetListing',
  'datazone:GetEnvironment',
  'datazone:GetSubscriptionTarget',
  'datazone:UpdateSubscriptionGrantStatus',
] as const;

/** Retry of a Lambda task on transient errors (TRANSIENT_RETRY of the contract). */
export function addTransientRetry(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: [...GRANT_RETRIED_ERRORS],
    interval: Duration.seconds(TRANSIENT_RETRY.intervalSeconds),
    maxAttempts: TRANSIENT_RETRY.maxAttempts,
    backoffRate: TRANSIENT_RETRY.backoffRate,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** The alarms of the central workflow. */
export interface GrantWorkflowCentralAlarms {
  /** A grant event EventBridge could not deliver to the state machine (in the dead-letter queue). */
  readonly deadLetters: cloudwatch.IAlarm;
  /**
   * A failed execution: streamgov or AWS broke (transient errors after retries, a timeout, a failed
   * compensation or report). User errors (GRANT_FAILED with a cause for the requester) do not count.
   */
  readonly executionsFailed: cloudwatch.IAlarm;
  readonly executionsTimedOut: cloudwatch.IAlarm;
}

/**
 * The central grant workflow, in the DataZone domain's account: an EventBridge rule on the domain's
 * "Subscription Grant Requested" / "Subscription Grant Revoke Requested" events for the topic asset
 * type starts a STANDARD state machine (built from CENTRAL_STATES) that collects the grant's metadata
 * (skipping out-of-date events), starts the environment state machines of the producer (cross-account
 * only) and consumer accounts with a task token and waits for their answer, and reports GRANTED /
 * REVOKED or GRANT_FAILED / REVOKE_FAILED with a failure cause. A GRANT that fails after a side may have
 * applied it (or timed out) is compensated first: the environment workflows revoke it. Every task
 * catches every error into the failure report, so no grant stays IN_PROGRESS; user errors end the
 * execution successfully, every other failure (and a failed report) fails it, and its alarm fires.
 *
 * An environment account is registered with one call (`registerEnvironment`); its
 * `GrantWorkflowEnvironment` trusts this account.
 *
 * @example
 * const central = new GrantWorkflowCentral(this, 'Grants', { domainId: 'dzd_abc123' });
 * central.registerEnvironment(grantEnvironmentRegistration({ account: '333333333333', region: 'eu-west-1' }));
 */
export class GrantWorkflowCentral extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** The state machine's role (environment invoke roles trust it). */
  readonly role: iam.Role;
  /** ARN of the callback role environment state machines assume to answer (created on registration). */
  readonly callbackRoleArn: string;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.IQueue;
  readonly key: kms.IKey;
  readonly logGroup: logs.ILogGroup;
  readonly collectFunction: lambda.IFunction;
  readonly reportFunction: lambda.IFunction;
  readonly alarms: GrantWorkflowCentralAlarms;
  readonly names: GrantWorkflowNames;
  private readonly environments = new Map<string, GrantEnvironmentRegistration>();
  private callbackRole?: iam.Role;

  constructor(scope: Construct, id: string, props: GrantWorkflowCentralProps) {
    super(scope, id);
    checkProp(this, 'domainId', props.domainId, DOMAIN_ID);
    const assetTypeNames = props.assetTypeNames ?? DEFAULT_NAMES;
    checkProp(this, 'assetTypeNames.assetType', assetTypeNames.assetType, ASSET_TYPE_NAME);
    this.names = { ...GRANT_WORKFLOW_NAMES, ...props.names };
    const timeout = props.environmentTimeout ?? Duration.seconds(ENVIRONMENT_TIMEOUT_SECONDS);
    const stack = Stack.of(this);
    this.callbackRoleArn = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: this.names.callbackRole,
    });

    const dlq = createDeadLetterQueue(this, {
      key: 'streamgov grant workflow: dead-letter queue of grant events',
      eventBridge: true,
      receives: 'the grant event rule',
    });
    this.key = dlq.key;
    this.deadLetterQueue = dlq.queue;

    const environment = {
      ...centralEnvironment({
        domainId: props.domainId,
        assetTypeNames,
        environments: {},
        consumerGroups: props.consumerGroups ?? 'per-environment',
        environmentTimeoutSeconds: timeout.toSeconds(),
      }),
      [CENTRAL_ENV.environments]: Lazy.string({ produce: () => JSON.stringify(this.environmentMap()) }),
    };
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const collect = createBundledFunction(this, 'CollectFunction', {
      handler: GRANT_HANDLER_ENTRIES.collectMetadata,
      description: 'streamgov: collects the metadata of a DataZone subscription grant',
      timeout: Duration.minutes(1),
      memorySize: 512,
      logRetention,
      environment,
    });
    const report = createBundledFunction(this, 'ReportFunction', {
      handler: GRANT_HANDLER_ENTRIES.reportStatus,
      description: 'streamgov: reports the outcome of a subscription grant to DataZone',
      timeout: Duration.minutes(1),
      memorySize: 256,
      logRetention,
      environment,
    });
    this.collectFunction = collect.fn;
    this.reportFunction = report.fn;
    const domainArn = dataZoneDomainArn(this, props.domainId);
    collect.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataZoneGrants',
        actions: [...COLLECT_ACTIONS],
        resources: [domainArn],
      }),
    );
    report.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataZoneGrantStatus',
        actions: ['datazone:UpdateSubscriptionGrantStatus'],
        resources: [domainArn],
      }),
    );

    this.role = new iam.Role(this, 'StateMachineRole', {
      roleName: this.names.centralRole,
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description:
        'streamgov central grant workflow: invokes its functions, assumes the environment invoke roles',
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.names.centralStateMachine,
      comment: 'streamgov: provisions DataZone subscription grants of topic assets',
      stateMachineType: sfn.StateMachineType.STANDARD,
      role: this.role,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(collect.fn, report.fn, timeout)),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    this.rule = new events.Rule(this, 'GrantEventRule', {
      description: 'streamgov: DataZone subscription grant events of topic assets',
      eventPattern: {
        source: ['aws.datazone'],
        detailType: Object.keys(GRANT_EVENT_ACTIONS),
        detail: {
          metadata: { domain: [props.domainId] },
          data: { asset: { typeName: [assetTypeNames.assetType] } },
        },
      },
      targets: [
        new targets.SfnStateMachine(this.stateMachine, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
    this.alarms = this.createAlarms(props);
    for (const registration of props.environments ?? []) this.registerEnvironment(registration);
    this.node.addValidation({
      validate: () =>
        this.environments.size > 0
          ? []
          : ['GrantWorkflowCentral needs at least one environment account: call registerEnvironment'],
    });
    this.acknowledgeFindings(collect.fn, report.fn);
  }

  /**
   * Registers an environment account: the central workflow may assume its invoke role to start its
   * environment state machine, and its state machine role may assume the callback role to answer.
   * @throws ConstructPropsError for a malformed account or ARN, or an account registered twice.
   */
  registerEnvironment(registration: GrantEnvironmentRegistration): void {
    const { account } = registration;
    const prop = `environments[${account}]`;
    if (this.environments.has(account)) {
      throw new ConstructPropsError(this, prop, account, 'is registered already');
    }
    const unresolved = Object.values(registration).some((v) => Token.isUnresolved(v));
    const problems = unresolved
      ? []
      : environmentProblems({
          [account]: {
            stateMachineArn: registration.stateMachineArn,
            invokeRoleArn: registration.invokeRoleArn,
          },
        });
    if (!unresolved && !/^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/.test(registration.stateMachineRoleArn)) {
      problems.push(`${account}.stateMachineRoleArn must be an IAM role ARN`);
    }
    if (problems.length > 0) throw new ConstructPropsError(this, prop, registration, problems.join('; '));
    this.environments.set(account, registration);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: `AssumeInvokeRole${account}`,
        actions: ['sts:AssumeRole'],
        resources: [registration.invokeRoleArn],
      }),
    );
    const trusted = new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      principals: [new iam.AccountPrincipal(account)],
      // The environment role may not exist yet: trust its account, restricted to that one role.
      conditions: { ArnEquals: { 'aws:PrincipalArn': registration.stateMachineRoleArn } },
    });
    if (this.callbackRole) {
      this.callbackRole.assumeRolePolicy?.addStatements(trusted);
      return;
    }
    this.callbackRole = new iam.Role(this, 'CallbackRole', {
      roleName: this.names.callbackRole,
      assumedBy: new iam.AccountPrincipal(account).withConditions(trusted.conditions),
      description: 'streamgov grant workflow: environment state machines answer the central task tokens',
    });
    this.callbackRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AnswerTaskTokens',
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
  }

  /** The registered accounts as the CollectMetadata function reads them. */
  private environmentMap(): Record<string, EnvironmentRegistration> {
    return Object.fromEntries(
      [...this.environments.values()].map((e) => [
        e.account,
        { stateMachineArn: e.stateMachineArn, invokeRoleArn: e.invokeRoleArn },
      ]),
    );
  }

  private definition(
    collectFn: lambda.IFunction,
    reportFn: lambda.IFunction,
    timeout: Duration,
  ): sfn.IChainable {
    const s = CENTRAL_STATES;
    const f = CENTRAL_FIELDS;
    const reportFailure = new tasks.LambdaInvoke(this, s.reportFailure, {
      comment: 'GRANT_FAILED / REVOKE_FAILED with a failure cause; if this fails, the execution fails',
      lambdaFunction: reportFn,
      payload: sfn.TaskInput.fromObject({ outcome: 'failure', state: sfn.JsonPath.entirePayload }),
      retryOnServiceExceptions: false,
      resultSelector: {
        status: sfn.JsonPath.stringAt('$.Payload.status'),
        failureKind: sfn.JsonPath.stringAt('$.Payload.failureKind'),
      },
      resultPath: '$.report',
    });
    addTransientRetry(reportFailure);
    reportFailure.next(
      new sfn.Choice(this, s.failureKind, {
        comment: 'User errors (the requester can act on the cause) do not fail the execution',
      })
        .when(
          sfn.Condition.stringEquals('$.report.failureKind', 'user'),
          new sfn.Succeed(this, s.rejected, {
            comment: 'The request cannot be fulfilled as asked; DataZone shows why',
          }),
        )
        .otherwise(
          new sfn.Fail(this, s.failed, {
            comment: 'streamgov or AWS broke; DataZone shows the failure',
            errorPath: `$.${f.error}.Error`,
            causePath: `$.${f.error}.Cause`,
          }),
        ),
    );
    const catchInto = (task: sfn.TaskStateBase, next: sfn.IChainable) =>
      task.addCatch(next, { errors: [sfn.Errors.ALL], resultPath: `$.${f.error}` });

    const collect = new tasks.LambdaInvoke(this, s.collect, {
      comment: 'Validates the event, reads grant, listing, environment and target; sets *_IN_PROGRESS',
      lambdaFunction: collectFn,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      retryOnServiceExceptions: false,
      outputPath: '$.Payload',
    });
    addTransientRetry(collect);
    catchInto(collect, reportFailure);

    const environmentCall = (name: string, grantSide: GrantSide, undo: boolean, resultPath: string) =>
      new CrossAccountCall(this, name, {
        comment: undo
          ? `Revokes what the failed grant may have applied in the ${grantSide} account (its environment workflow, undo)`
          : `Starts the ${grantSide} account's environment workflow and waits for its answer`,
        integration: 'states:startExecution.waitForTaskToken',
        parameters: {
          StateMachineArn: sfn.JsonPath.stringAt(`$.targets.${grantSide}.stateMachineArn`),
          Input: {
            request: sfn.JsonPath.objectAt('$.request'),
            side: grantSide,
            undo,
            taskToken: sfn.JsonPath.taskToken,
            callbackRoleArn: this.callbackRoleArn,
          },
        },
        rolePath: `$.targets.${grantSide}.invokeRoleArn`,
        taskTimeout: sfn.Timeout.duration(timeout),
        resultPath,
      });
    const producer = environmentCall(s.producer, 'producer', false, `$.${f.results}.producer`);
    const consumer = environmentCall(s.consumer, 'consumer', false, `$.${f.results}.consumer`);

    // Compensation of a failed GRANT: revoke on each side that may have applied it (the ledger makes a
    // revoke of what was never applied a no-op), then report the original cause with the outcome.
    const compensateProducer = environmentCall(
      s.compensateProducer,
      'producer',
      true,
      `$.${f.compensated}.producer`,
    );
    compensateProducer.addCatch(reportFailure, {
      errors: [sfn.Errors.ALL],
      resultPath: `$.${f.compensationErrors}.producer`,
    });
    compensateProducer.next(reportFailure);
    const producerApplied = new sfn.Choice(this, s.producerApplied, {
      comment: 'The producer side of the failed grant succeeded: take it back too',
    })
      .when(sfn.Condition.isPresent(`$.${f.results}.producer`), compensateProducer)
      .otherwise(reportFailure);
    const compensateConsumer = environmentCall(
      s.compensateConsumer,
      'consumer',
      true,
      `$.${f.compensated}.consumer`,
    );
    compensateConsumer.addCatch(producerApplied, {
      errors: [sfn.Errors.ALL],
      resultPath: `$.${f.compensationErrors}.consumer`,
    });
    compensateConsumer.next(producerApplied);

    const isGrant = sfn.Condition.stringEquals('$.request.action', 'GRANT');
    const mayHaveApplied = sfn.Condition.not(
      sfn.Condition.or(
        ...UNTOUCHED_ERROR_NAMES.map((name) => sfn.Condition.stringEquals(`$.${f.error}.Error`, name)),
      ),
    );
    const producerFailed = new sfn.Choice(this, s.producerFailed, {
      comment: 'A GRANT whose producer side may have applied (or timed out) is revoked there',
    })
      .when(sfn.Condition.and(isGrant, mayHaveApplied), compensateProducer)
      .otherwise(reportFailure);
    const consumerFailed = new sfn.Choice(this, s.consumerFailed, {
      comment:
        'A GRANT whose consumer side may have applied (or timed out), or whose producer side did, is revoked',
    })
      .when(sfn.Condition.and(isGrant, mayHaveApplied), compensateConsumer)
      .when(
        sfn.Condition.and(isGrant, sfn.Condition.isPresent(`$.${f.results}.producer`)),
        compensateProducer,
      )
      .otherwise(reportFailure);
    catchInto(producer, producerFailed);
    catchInto(consumer, consumerFailed);

    const reportSuccess = new tasks.LambdaInvoke(this, s.reportSuccess, {
      comment: 'GRANTED / REVOKED',
      lambdaFunction: reportFn,
      payload: sfn.TaskInput.fromObject({ outcome: 'success', state: sfn.JsonPath.entirePayload }),
      retryOnServiceExceptions: false,
      resultSelector: { status: sfn.JsonPath.stringAt('$.Payload.status') },
      resultPath: '$.report',
    });
    addTransientRetry(reportSuccess);
    catchInto(reportSuccess, reportFailure);

    producer.next(consumer);
    consumer.next(reportSuccess).next(new sfn.Succeed(this, s.succeeded));
    return collect.next(
      new sfn.Choice(this, s.eventCurrent, {
        comment: 'An out-of-date event (a grant after its revoke…) ends here: nothing touched or reported',
      })
        .when(
          sfn.Condition.isPresent('$.skip'),
          new sfn.Succeed(this, s.skipped, { comment: 'Out-of-date event: see $.skip.reason' }),
        )
        .otherwise(
          new sfn.Choice(this, s.needsProducer, {
            comment: 'Cross-account grants change the cluster policy too',
          })
            .when(sfn.Condition.isPresent('$.targets.producer'), producer)
            .otherwise(consumer),
        ),
    );
  }

  private createAlarms(props: GrantWorkflowCentralProps): GrantWorkflowCentralAlarms {
    return createAlarms(
      this,
      {
        deadLetters: {
          description:
            'streamgov grant workflow: a DataZone grant event could not start the state machine and is in the dead-letter queue; its grant stays PENDING until the event is replayed.',
          metric: deadLettersMetric(this.deadLetterQueue),
        },
        executionsFailed: {
          description:
            'streamgov grant workflow: a grant or revoke failed because streamgov or AWS broke (transient errors after retries, an environment timeout, a failed compensation), or reporting it failed; see the execution history. User errors (GRANT_FAILED with a cause for the requester) do not fail executions.',
          metric: this.stateMachine.metricFailed(SUM_5_MINUTES),
        },
        executionsTimedOut: {
          description: 'streamgov grant workflow: an execution timed out; its grant may be IN_PROGRESS.',
          metric: this.stateMachine.metricTimedOut(SUM_5_MINUTES),
        },
      },
      props.alarmTopic,
    );
  }

  private acknowledgeFindings(collectFn: lambda.IFunction, reportFn: lambda.IFunction): void {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (!policy) {
      Annotations.of(this).addWarningV2(
        '@streamgov/grant-workflow:noPolicy',
        'The state machine role has no policy',
      );
      return;
    }
    const findings: Array<[string, string]> = [
      [
        'Resource::*',
        'X-Ray tracing (xray:PutTraceSegments and co.) and CloudWatch Logs delivery (logs:CreateLogDelivery and co.) support no resource-level permissions; CDK grants them on "*" for tracing and logging.',
      ],
      ...[collectFn, reportFn].map((fn): [string, string] => [
        resourceFinding(this, `${fn.functionArn}:*`),
        'LambdaInvoke grants the function and its versions/aliases (":*"); the state machine invokes only its own two functions.',
      ]),
    ];
    for (const [finding, reason] of findings)
      acknowledgeFinding(policy, 'AwsSolutions-IAM5', finding, reason);
  }
}
