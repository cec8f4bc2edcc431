import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { ENVIRONMENT_STATES, TRANSIENT_RETRY, USER_ERROR_NAMES } from '../../grant-workflow/src/contract.ts';
import { GRANT_RETRIED_ERRORS } from '../../infra/lib/constructs/grant-workflow-central.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import {
  buildEnvironment,
  CENTRAL_ACCOUNT,
  CLUSTER_ARN,
  CONSUMER_ACCOUNT,
  definitionOf,
  PRODUCER_ACCOUNT,
  type State,
} from './grant-workflow-support.ts';
import {
  acknowledgements,
  catchError,
  roleStatements,
  type Statement,
  statementBySid,
  unacknowledgedFindings,
} from './support.ts';

vi.mock('../../infra/lib/private/grant-handler-entries.ts', async (importOriginal) =>
  (await import('./grant-workflow-stub.ts')).stubGrantHandlerEntries(await importOriginal()),
);

const actions = (statement: Statement) =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;

describe('GrantWorkflowEnvironment', () => {
  const shared = buildEnvironment(PRODUCER_ACCOUNT, { clusterArns: [CLUSTER_ARN] });
  const asl = definitionOf(shared.template);
  const s = ENVIRONMENT_STATES;
  const state = (name: string) => asl.States[name] as State;
  const applyStatements = roleStatements(shared.template, 'GrantWorkflowApplyFunctionRole');

  it('applies the grant, then answers the central task token as the callback role', () => {
    expect(Object.keys(asl.States).sort()).toEqual(Object.values(s).sort());
    expect(asl.StartAt).toBe(s.apply);
    expect(state(s.apply)).toMatchObject({
      Next: s.sendSuccess,
      ResultPath: '$.result',
      Parameters: { Payload: { 'request.$': '$.request', 'side.$': '$.side', 'undo.$': '$.undo' } },
      Retry: [
        expect.objectContaining({
          ErrorEquals: [...GRANT_RETRIED_ERRORS],
          MaxAttempts: TRANSIENT_RETRY.maxAttempts,
          IntervalSeconds: TRANSIENT_RETRY.intervalSeconds,
        }),
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: s.sendFailure }],
    });
    expect(state(s.sendSuccess)).toMatchObject({
      Resource: 'arn:TOKEN:states:::aws-sdk:sfn:sendTaskSuccess',
      Credentials: { 'RoleArn.$': '$.callbackRoleArn' },
      Parameters: { 'TaskToken.$': '$.taskToken', 'Output.$': 'States.JsonToString($.result.value)' },
      End: true,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: s.answerLost }],
    });
    expect(state(s.sendFailure)).toMatchObject({
      Resource: 'arn:TOKEN:states:::aws-sdk:sfn:sendTaskFailure',
      Credentials: { 'RoleArn.$': '$.callbackRoleArn' },
      Parameters: { 'TaskToken.$': '$.taskToken', 'Error.$': '$.error.Error', 'Cause.$': '$.error.Cause' },
      Next: s.failureKind,
    });
    expect(state(s.failureKind)).toMatchObject({
      Type: 'Choice',
      Choices: [
        {
          Or: USER_ERROR_NAMES.map((name) => ({ Variable: '$.error.Error', StringEquals: name })),
          Next: s.refused,
        },
      ],
      Default: s.failed,
    });
    expect(state(s.refused).Type).toBe('Succeed');
    expect(state(s.failed).Type).toBe('Fail');
  });

  it('takes back a GRANT whose answer did not reach the central workflow', () => {
    expect(state(s.answerLost)).toMatchObject({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.request.action', StringEquals: 'GRANT' },
            { Variable: '$.undo', BooleanEquals: false },
          ],
          Next: s.undoLateGrant,
        },
      ],
      Default: s.answerFailed,
    });
    expect(state(s.undoLateGrant)).toMatchObject({
      Parameters: { Payload: { 'request.$': '$.request', 'side.$': '$.side', undo: true } },
      ResultPath: null,
      Next: s.answerFailed,
      Retry: [expect.objectContaining({ ErrorEquals: [...GRANT_RETRIED_ERRORS] })],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.undoError', Next: s.answerFailed }],
    });
    expect(state(s.answerFailed)).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error' });
  });

  it('lets only the central state machine role start it, and assumes only the central callback role', () => {
    shared.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'streamgov-grant-invoke',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: {
              AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CENTRAL_ACCOUNT}:root`]] },
            },
            Condition: {
              ArnEquals: {
                'aws:PrincipalArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      `:iam::${CENTRAL_ACCOUNT}:role/streamgov-grant-central`,
                    ],
                  ],
                },
              },
            },
          },
        ],
      },
    });
    const start = statementBySid(
      roleStatements(shared.template, 'GrantWorkflowInvokeRole'),
      'StartEnvironmentWorkflow',
    );
    expect(start.Action).toBe('states:StartExecution');
    const assume = statementBySid(
      roleStatements(shared.template, 'GrantWorkflowStateMachineRole'),
      'AssumeCallbackRole',
    );
    expect(assume.Resource).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CENTRAL_ACCOUNT}:role/streamgov-grant-callback`],
      ],
    });
  });

  it('gives the apply function least privilege: writes only on tagged roles, own policies, configured clusters, the ledger', () => {
    expect(applyStatements.some((st) => actions(st).some((a) => a === 'iam:*' || a === '*'))).toBe(false);
    expect(statementBySid(applyStatements, 'IamReadRoles').Action).toBe('iam:GetRole');
    const tagged = { StringEquals: { 'aws:ResourceTag/streamgov:managed': 'true' } };
    expect(statementBySid(applyStatements, 'IamTaggedRolePolicies')).toMatchObject({ Condition: tagged });
    expect(actions(statementBySid(applyStatements, 'IamTaggedRolePolicies'))).toContain('iam:PutRolePolicy');
    expect(statementBySid(applyStatements, 'IamTaggedRoleAttachments').Condition).toMatchObject({
      ...tagged,
      ArnLike: { 'iam:PolicyARN': expect.anything() },
    });
    expect(JSON.stringify(statementBySid(applyStatements, 'IamOwnManagedPolicies').Resource)).toContain(
      ':policy/streamgov/*',
    );
    expect(statementBySid(applyStatements, 'MskClusterPolicies').Resource).toBe(CLUSTER_ARN);
    expect(JSON.stringify(statementBySid(applyStatements, 'SsmGrantLedger').Resource)).toContain(
      ':parameter/streamgov/grants/*',
    );
    // Every write on roles is conditioned on the opt-in tag (no path configured).
    for (const st of applyStatements.filter((x) =>
      actions(x).some((a) => /^iam:(Put|Delete|Attach|Detach)Role/.test(a)),
    )) {
      expect(st.Condition).toMatchObject(tagged);
    }
  });

  it('allows roles under configured paths without a tag, and has no cluster statement in a consumer-only account', () => {
    const { template } = buildEnvironment(CONSUMER_ACCOUNT, {
      grantSettings: { management: { pathPrefixes: ['/streamgov/'] } },
    });
    const statements = roleStatements(template, 'GrantWorkflowApplyFunctionRole');
    expect(JSON.stringify(statementBySid(statements, 'IamPathRolePolicies').Resource)).toContain(
      ':role/streamgov/*',
    );
    expect(statements.some((st) => st.Sid === 'MskClusterPolicies')).toBe(false);
  });

  it('has a reconcile role trusted by the central reconcile function: reads only, writes with reconcileRepair', () => {
    // Prepare
    const readOnly = buildEnvironment(PRODUCER_ACCOUNT, { clusterArns: [CLUSTER_ARN] });
    const repair = buildEnvironment(PRODUCER_ACCOUNT, { clusterArns: [CLUSTER_ARN], reconcileRepair: true });
    // Assess
    readOnly.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'streamgov-grant-reconcile',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              ArnEquals: {
                'aws:PrincipalArn': Match.objectLike({
                  'Fn::Join': [
                    '',
                    Match.arrayWith([`:iam::${CENTRAL_ACCOUNT}:role/streamgov-grant-reconcile-function`]),
                  ],
                }),
              },
            },
          }),
        ],
      },
    });
    const actions = (built: ReturnType<typeof buildEnvironment>) =>
      roleStatements(built.template, 'GrantWorkflowReconcileRole').flatMap((s) => [s.Action].flat());
    expect(actions(readOnly).sort()).toEqual(
      [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'ssm:GetParametersByPath',
        'ssm:GetParameter',
        'kafka:DescribeClusterV2',
        'kafka:GetClusterPolicy',
      ].sort(),
    );
    expect(actions(repair)).toEqual(
      expect.arrayContaining(['iam:PutRolePolicy', 'kafka:PutClusterPolicy', 'ssm:PutParameter']),
    );
    expect(unacknowledgedFindings(repair.app)).toEqual([]);
  });

  it('rejects a malformed central account, cluster ARN, ledger prefix or grant settings', () => {
    for (const props of [
      { centralAccount: '1111' },
      { clusterArns: ['arn:aws:kafka:eu-west-1:222222222222:topic/x/y/z'] },
      { ledgerPrefix: 'no-slash' },
      { grantSettings: { management: { pathPrefixes: ['/'] } } },
    ]) {
      expect(catchError(() => buildEnvironment(PRODUCER_ACCOUNT, props))).toBeInstanceOf(ConstructPropsError);
    }
  });

  it('has no unacknowledged cdk-nag finding; each acknowledgement has a reason', () => {
    const { app, stack } = buildEnvironment(PRODUCER_ACCOUNT, {
      clusterArns: [CLUSTER_ARN],
      grantSettings: { management: { pathPrefixes: ['/streamgov/'] } },
    });
    expect(unacknowledgedFindings(app)).toEqual([]);
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
