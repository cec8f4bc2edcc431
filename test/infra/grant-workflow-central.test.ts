import { type CfnElement, Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import {
  CENTRAL_STATES,
  ENVIRONMENT_TIMEOUT_SECONDS,
  GRANT_ERRORS,
  TRANSIENT_RETRY,
  UNTOUCHED_ERROR_NAMES,
} from '../../grant-workflow/src/contract.ts';
import { GRANT_RETRIED_ERRORS } from '../../infra/lib/constructs/grant-workflow-central.ts';
import { grantEnvironmentRegistration } from '../../infra/lib/constructs/grant-workflow-props.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import {
  buildCentral,
  CONSUMER_ACCOUNT,
  definitionOf,
  PRODUCER_ACCOUNT,
  REGION,
  type State,
} from './grant-workflow-support.ts';
import {
  acknowledgements,
  catchError,
  roleStatements,
  statementBySid,
  unacknowledgedFindings,
} from './support.ts';

vi.mock('../../infra/lib/private/grant-handler-entries.ts', async (importOriginal) =>
  (await import('./grant-workflow-stub.ts')).stubGrantHandlerEntries(await importOriginal()),
);

describe('GrantWorkflowCentral', () => {
  const shared = buildCentral();
  const asl = definitionOf(shared.template);
  const s = CENTRAL_STATES;
  const state = (name: string) => asl.States[name] as State;

  it('is a STANDARD, traced, logged state machine named as the environments expect', () => {
    shared.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'streamgov-grant-central',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    expect(Object.keys(asl.States).sort()).toEqual(Object.values(s).sort());
  });

  it('collects, branches on the producer side, applies each side, then reports success', () => {
    expect(asl.StartAt).toBe(s.collect);
    expect(state(s.collect)).toMatchObject({ Next: s.eventCurrent, OutputPath: '$.Payload' });
    expect(state(s.eventCurrent)).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.skip', IsPresent: true, Next: s.skipped }],
      Default: s.needsProducer,
    });
    expect(state(s.skipped).Type).toBe('Succeed');
    expect(state(s.needsProducer)).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.targets.producer', IsPresent: true, Next: s.producer }],
      Default: s.consumer,
    });
    expect(state(s.producer).Next).toBe(s.consumer);
    expect(state(s.consumer).Next).toBe(s.reportSuccess);
    expect(state(s.reportSuccess).Next).toBe(s.succeeded);
    expect(state(s.succeeded).Type).toBe('Succeed');
    expect(state(s.reportFailure)).toMatchObject({
      Next: s.failureKind,
      ResultSelector: { 'status.$': '$.Payload.status', 'failureKind.$': '$.Payload.failureKind' },
      ResultPath: '$.report',
    });
    expect(state(s.failureKind)).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.report.failureKind', StringEquals: 'user', Next: s.rejected }],
      Default: s.failed,
    });
    expect(state(s.rejected).Type).toBe('Succeed');
    expect(state(s.failed)).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });

  it('compensates a failed GRANT on the sides that may have applied it, then reports the failure', () => {
    const mayHaveApplied = {
      Not: {
        Or: UNTOUCHED_ERROR_NAMES.map((name) => ({ Variable: '$.error.Error', StringEquals: name })),
      },
    };
    const isGrant = { Variable: '$.request.action', StringEquals: 'GRANT' };
    expect(state(s.producer).Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: s.producerFailed },
    ]);
    expect(state(s.consumer).Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: s.consumerFailed },
    ]);
    expect(state(s.producerFailed)).toEqual({
      Type: 'Choice',
      Comment: expect.any(String),
      Choices: [{ And: [isGrant, mayHaveApplied], Next: s.compensateProducer }],
      Default: s.reportFailure,
    });
    expect(state(s.consumerFailed)).toEqual({
      Type: 'Choice',
      Comment: expect.any(String),
      Choices: [
        { And: [isGrant, mayHaveApplied], Next: s.compensateConsumer },
        { And: [isGrant, { Variable: '$.results.producer', IsPresent: true }], Next: s.compensateProducer },
      ],
      Default: s.reportFailure,
    });
    expect(state(s.compensateConsumer)).toMatchObject({
      Resource: 'arn:TOKEN:states:::states:startExecution.waitForTaskToken',
      TimeoutSeconds: ENVIRONMENT_TIMEOUT_SECONDS,
      ResultPath: '$.compensated.consumer',
      Parameters: { Input: { 'request.$': '$.request', side: 'consumer', undo: true } },
      Next: s.producerApplied,
      Catch: [
        { ErrorEquals: ['States.ALL'], ResultPath: '$.compensationErrors.consumer', Next: s.producerApplied },
      ],
    });
    expect(state(s.producerApplied)).toMatchObject({
      Choices: [{ Variable: '$.results.producer', IsPresent: true, Next: s.compensateProducer }],
      Default: s.reportFailure,
    });
    expect(state(s.compensateProducer)).toMatchObject({
      ResultPath: '$.compensated.producer',
      Parameters: { Input: { 'request.$': '$.request', side: 'producer', undo: true } },
      Next: s.reportFailure,
      Catch: [
        { ErrorEquals: ['States.ALL'], ResultPath: '$.compensationErrors.producer', Next: s.reportFailure },
      ],
    });
  });

  it('starts each environment workflow with a task token, as its invoke role, with a timeout', () => {
    for (const [name, side] of [
      [s.producer, 'producer'],
      [s.consumer, 'consumer'],
    ] as const) {
      expect(state(name)).toMatchObject({
        Resource: 'arn:TOKEN:states:::states:startExecution.waitForTaskToken',
        TimeoutSeconds: ENVIRONMENT_TIMEOUT_SECONDS,
        ResultPath: `$.results.${side}`,
        Credentials: { 'RoleArn.$': `$.targets.${side}.invokeRoleArn` },
        Parameters: {
          'StateMachineArn.$': `$.targets.${side}.stateMachineArn`,
          Input: {
            'request.$': '$.request',
            side,
            undo: false,
            'taskToken.$': '$$.Task.Token',
            callbackRoleArn: 'arn:TOKEN:iam::111111111111:role/streamgov-grant-callback',
          },
        },
      });
    }
  });

  it('retries transient errors in every Lambda task and catches every error of every task on the way to ReportFailure', () => {
    const retry = {
      ErrorEquals: [...GRANT_RETRIED_ERRORS],
      IntervalSeconds: TRANSIENT_RETRY.intervalSeconds,
      MaxAttempts: TRANSIENT_RETRY.maxAttempts,
      BackoffRate: TRANSIENT_RETRY.backoffRate,
    };
    expect(GRANT_RETRIED_ERRORS).toContain(GRANT_ERRORS.transient);
    for (const name of [s.collect, s.reportSuccess, s.reportFailure]) {
      expect(state(name).Retry).toEqual([expect.objectContaining(retry)]);
    }
    for (const name of [s.collect, s.reportSuccess]) {
      expect(state(name).Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: s.reportFailure },
      ]);
    }
    expect(state(s.reportFailure).Catch).toBeUndefined();
  });

  it('starts on the domain’s grant events of the topic asset type, with a KMS-encrypted dead-letter queue', () => {
    shared.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.datazone'],
        'detail-type': ['Subscription Grant Requested', 'Subscription Grant Revoke Requested'],
        detail: {
          metadata: { domain: ['dzd_abc123'] },
          data: { asset: { typeName: ['MskTopicAssetType'] } },
        },
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
        }),
      ],
    });
    shared.template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
    });
    expect(Object.keys(shared.template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(3);
  });

  it('lets the central role assume exactly the registered invoke roles, and the environment roles answer', () => {
    const statements = roleStatements(shared.template, 'GrantWorkflowStateMachineRole');
    for (const account of [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT]) {
      expect(statementBySid(statements, `AssumeInvokeRole${account}`)).toMatchObject({
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::${account}:role/streamgov-grant-invoke`,
      });
    }
    const [callback] = Object.values(
      shared.template.findResources('AWS::IAM::Role', {
        Properties: { RoleName: 'streamgov-grant-callback' },
      }),
    );
    const trust = callback?.Properties.AssumeRolePolicyDocument.Statement as Array<Record<string, unknown>>;
    expect(trust.map((t) => t.Condition)).toEqual(
      [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT].map((account) => ({
        ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/streamgov-grant-environment` },
      })),
    );
    const answer = statementBySid(
      roleStatements(shared.template, 'GrantWorkflowCallbackRole'),
      'AnswerTaskTokens',
    );
    expect(answer.Action).toEqual(['states:SendTaskSuccess', 'states:SendTaskFailure']);
    expect(answer.Resource).toEqual({
      Ref: shared.stack.getLogicalId(shared.central.stateMachine.node.defaultChild as CfnElement),
    });
  });

  it('gives the collect function the registered environments and only DataZone grant calls', () => {
    const fns = shared.template.findResources('AWS::Lambda::Function');
    const collect = Object.entries(fns).find(([id]) => id.startsWith('GrantWorkflowCollectFunction'))?.[1];
    const environments = JSON.parse(collect?.Properties.Environment.Variables.GRANT_ENVIRONMENTS);
    expect(environments[CONSUMER_ACCOUNT]).toEqual({
      stateMachineArn: `arn:aws:states:${REGION}:${CONSUMER_ACCOUNT}:stateMachine:streamgov-grant-environment`,
      invokeRoleArn: `arn:aws:iam::${CONSUMER_ACCOUNT}:role/streamgov-grant-invoke`,
    });
    const statement = statementBySid(
      roleStatements(shared.template, 'GrantWorkflowCollectFunctionRole'),
      'DataZoneGrants',
    );
    expect(statement.Action).toContain('datazone:UpdateSubscriptionGrantStatus');
  });

  it('uses a shorter environment timeout when given', () => {
    const { template } = buildCentral({ environmentTimeout: Duration.seconds(5) });
    expect(definitionOf(template).States[s.consumer]?.TimeoutSeconds).toBe(5);
  });

  it('rejects an account registered twice, a malformed ARN and a central workflow without environments', () => {
    const { central } = buildCentral();
    const twice = catchError(() =>
      central.registerEnvironment(
        grantEnvironmentRegistration({ account: CONSUMER_ACCOUNT, region: REGION }),
      ),
    );
    const malformed = catchError(() =>
      central.registerEnvironment({
        ...grantEnvironmentRegistration({ account: '444444444444', region: REGION }),
        invokeRoleArn: 'arn:aws:iam::555555555555:role/x',
      }),
    );
    expect(twice).toBeInstanceOf(ConstructPropsError);
    expect(malformed).toBeInstanceOf(ConstructPropsError);
    expect(String(malformed)).toContain('444444444444.invokeRoleArn');
    expect(String(catchError(() => buildCentral({ environments: [] })))).toContain('registerEnvironment');
  });

  it('has no unacknowledged cdk-nag finding; each acknowledgement names its finding and reason', () => {
    const { app, stack } = buildCentral();
    expect(unacknowledgedFindings(app)).toEqual([]);
    const acks = acknowledgements(stack).filter((a) => !a.id.includes('AwsSolutions-L1'));
    expect(acks.map((a) => a.id.replace(/^annotation::/i, '').replace(/\[.*$/, '')).sort()).toEqual([
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-SQS3',
    ]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
