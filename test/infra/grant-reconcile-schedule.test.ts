import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE } from '../../common/src/metrics.ts';
import { GRANT_RECONCILE_METRICS } from '../../grant-workflow/src/metrics.ts';
import { RECONCILE_ENV } from '../../grant-workflow/src/reconcile-config.ts';
import { GrantReconcileSchedule } from '../../infra/lib/constructs/grant-reconcile-schedule.ts';
import {
  type GrantReconcileScheduleProps,
  grantReconcileEnvironment,
} from '../../infra/lib/constructs/grant-reconcile-schedule-props.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import {
  accountStack,
  CENTRAL_ACCOUNT,
  CONSUMER_ACCOUNT,
  PRODUCER_ACCOUNT,
  REGION,
} from './grant-workflow-support.ts';
import { acknowledgements, roleStatements, statementBySid, unacknowledgedFindings } from './support.ts';

vi.mock('../../infra/lib/private/grant-handler-entries.ts', async (importOriginal) =>
  (await import('./grant-workflow-stub.ts')).stubGrantHandlerEntries(await importOriginal()),
);

const ENVIRONMENTS = [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT].map((account) =>
  grantReconcileEnvironment({ account, region: REGION }),
);

function build(props: Partial<GrantReconcileScheduleProps> = {}) {
  const app = new App();
  const stack = accountStack(CENTRAL_ACCOUNT, app);
  const schedule = new GrantReconcileSchedule(stack, 'Reconcile', {
    domainId: 'dzd_abc123',
    environments: ENVIRONMENTS,
    ...props,
  });
  return { app, stack, schedule, template: Template.fromStack(stack) };
}

describe('GrantReconcileSchedule', () => {
  const shared = build();

  it('runs the reconcile function on the schedule, report-only by default', () => {
    // Assess
    shared.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    shared.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [RECONCILE_ENV.domainId]: 'dzd_abc123',
          [RECONCILE_ENV.apply]: 'false',
          [RECONCILE_ENV.ledgerPrefix]: '/streamgov/grants',
          [RECONCILE_ENV.consumerGroups]: JSON.stringify({ prefixPerEnvironment: true }),
          [RECONCILE_ENV.environments]: JSON.stringify(ENVIRONMENTS),
        }),
      },
    });
    expect(shared.schedule.settings.apply).toBe(false);
  });

  it('repairs with apply, on the given schedule and consumer group scope', () => {
    // Act
    const { template } = build({
      apply: true,
      schedule: events.Schedule.rate(Duration.hours(6)),
      consumerGroups: 'all',
    });
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [RECONCILE_ENV.apply]: 'true',
          [RECONCILE_ENV.consumerGroups]: '"all"',
        }),
      },
    });
  });

  it('sends failed asynchronous runs to the dead-letter queue, with one retry', () => {
    shared.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    shared.template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it('may assume only the environments’ reconcile roles and read only the domain’s grants', () => {
    // Assess
    shared.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'streamgov-grant-reconcile-function',
    });
    const statements = roleStatements(shared.template, 'ReconcileFunctionRole');
    expect(statementBySid(statements, 'AssumeReconcileRoles')).toMatchObject({
      Action: 'sts:AssumeRole',
      Resource: ENVIRONMENTS.map((e) => e.reconcileRoleArn),
    });
    const reads = statementBySid(statements, 'DataZoneGrantReads');
    expect(reads.Action).toEqual([
      'datazone:ListSubscriptionGrants',
      'datazone:GetSubscriptionGrant',
      'datazone:GetListing',
      'datazone:GetEnvironment',
      'datazone:GetSubscriptionTarget',
    ]);
    expect(JSON.stringify(shared.stack.resolve(reads.Resource))).toContain(':domain/dzd_abc123');
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain(
      'datazone:UpdateSubscriptionGrantStatus',
    );
  });

  it('alarms on drift (DriftRemaining > 0), on failed runs and on dead letters', () => {
    // Prepare
    const { service, names } = GRANT_RECONCILE_METRICS;

    // Assess
    shared.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: names.remaining,
      Dimensions: [{ Name: 'service', Value: service }],
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('drift was found'),
    });
    shared.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
      AlarmDescription: Match.stringLikeRegexp('could not read DataZone'),
    });
    shared.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
    shared.template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    expect(Object.keys(shared.schedule.alarms).sort()).toEqual(['deadLetters', 'drift', 'errors']);
  });

  it('rejects no environment, a role of another account and a malformed ledger prefix', () => {
    // Act + Assess
    expect(() => build({ environments: [] })).toThrow(ConstructPropsError);
    expect(() =>
      build({
        environments: [
          {
            account: CONSUMER_ACCOUNT,
            region: REGION,
            reconcileRoleArn: `arn:aws:iam::${PRODUCER_ACCOUNT}:role/x`,
          },
        ],
      }),
    ).toThrow('environments[0]');
    expect(() => build({ ledgerPrefix: 'grants' })).toThrow('ledgerPrefix');
  });

  it('has no unacknowledged cdk-nag finding; each acknowledgement has a reason', () => {
    // Act
    const { app, stack } = build();
    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
    const acks = acknowledgements(stack).filter((a) => !a.id.includes('AwsSolutions-L1'));
    expect(acks.map((a) => a.id.replace(/^annotation::/i, '')).sort()).toEqual([
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'AwsSolutions-SQS3',
    ]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
