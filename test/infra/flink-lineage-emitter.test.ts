import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it, vi } from 'vitest';
import type { CatalogSource } from '../../datasource-lambda/src/config.ts';
import {
  FlinkApplicationReadRole,
  FlinkLineageEmitter,
} from '../../infra/lib/constructs/flink-lineage-emitter.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import { FLINK_LIFECYCLE_ENV } from '../../lineage/src/flink/config.ts';
import {
  acknowledgements,
  catchError,
  roleStatements,
  statementBySid,
  testStack,
  unacknowledgedFindings,
} from './support.ts';

vi.mock('../../infra/lib/private/lineage-handler-entries.ts', () => {
  const stub = { entry: new URL('./fixtures/stub-handler.ts', import.meta.url).pathname, handler: 'handler' };
  return { LINEAGE_HANDLER_ENTRIES: { ingest: stub, flinkLifecycle: stub } };
});

const SOURCES = [
  {
    clusterName: 'orders',
    registryName: 'streaming',
    mapping: 'auto' as const,
    includeTopicsWithoutSchema: true,
  },
  {
    clusterArn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/payments/abcd-1',
    registryName: 'payments',
    readRoleArn: 'arn:aws:iam::222222222222:role/catalog-read',
    mapping: 'topic-name' as const,
    includeTopicsWithoutSchema: false,
  },
];

const [BY_NAME, BY_ARN] = SOURCES as [CatalogSource, CatalogSource];

function emitter(props: Partial<ConstructorParameters<typeof FlinkLineageEmitter>[2]> = {}) {
  const { app, stack } = testStack({ env: true });
  const construct = new FlinkLineageEmitter(stack, 'FlinkLineage', {
    domainId: 'dzd_abc123',
    sources: SOURCES,
    environmentAccounts: ['333333333333'],
    ...props,
  });
  return { app, stack, construct, template: Template.fromStack(stack) };
}

describe('FlinkLineageEmitter', () => {
  it('routes the four lifecycle calls of the listed accounts to the function, with retries and a dead-letter queue', () => {
    // Act
    const { template } = emitter();

    // Assess
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.kinesisanalytics'],
      'detail-type': ['AWS API Call via CloudTrail'],
      account: ['111111111111', '333333333333'],
      detail: {
        eventSource: ['kinesisanalytics.amazonaws.com'],
        eventName: ['CreateApplication', 'StartApplication', 'UpdateApplication', 'StopApplication'],
        errorCode: [{ exists: false }],
      },
    });
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
      DeadLetterConfig: {
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^FlinkLineageDeadLetterQueue/), 'Arn'] },
      },
    });
  });

  it('sends failed asynchronous invocations to the same encrypted dead-letter queue', () => {
    // Act
    const { template } = emitter();

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FlinkLineageKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FlinkLineageDeadLetterQueue'), 'Arn'] },
        },
      },
    });
  });

  it('configures the function from the lineage config keys', () => {
    // Act
    const { template } = emitter({
      propertyGroupId: 'lineage',
      readKafkaGroups: false,
      applicationReadRoleName: 'reader',
    });

    // Assess
    const fns = Object.values(template.findResources('AWS::Lambda::Function'));
    const variables = fns[0]?.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables).toMatchObject({
      [FLINK_LIFECYCLE_ENV.domainId]: 'dzd_abc123',
      [FLINK_LIFECYCLE_ENV.accountId]: '111111111111',
      [FLINK_LIFECYCLE_ENV.propertyGroupId]: 'lineage',
      [FLINK_LIFECYCLE_ENV.readKafkaGroups]: 'false',
      [FLINK_LIFECYCLE_ENV.applicationReadRoleName]: 'reader',
    });
    expect(JSON.parse(String(variables[FLINK_LIFECYCLE_ENV.sources]))).toEqual(SOURCES);
  });

  it('grants exactly PostLineageEvent on the domain, application reads, and the named read roles', () => {
    // Act
    const { template } = emitter();

    // Assess
    const statements = roleStatements(template, 'FlinkLineageFunctionRole');
    expect(statementBySid(statements, 'DataZoneLineage')).toMatchObject({
      Action: 'datazone:PostLineageEvent',
      Resource: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':datazone:eu-west-1:111111111111:domain/dzd_abc123'],
        ],
      },
    });
    expect(statementBySid(statements, 'DescribeApplications')).toMatchObject({
      Action: ['kinesisanalytics:DescribeApplication', 'kinesisanalytics:ListApplicationOperations'],
      Resource: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:eu-west-1:111111111111:application/*'],
        ],
      },
    });
    expect(statementBySid(statements, 'AssumeApplicationReadRoles')).toMatchObject({
      Action: 'sts:AssumeRole',
      Resource: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:role/streamgov-flink-lineage-read'],
        ],
      },
    });
    expect(statementBySid(statements, 'AssumeSourceReadRoles').Resource).toBe(
      'arn:aws:iam::222222222222:role/catalog-read',
    );
    expect(statementBySid(statements, 'MskReadClusters').Action).toEqual([
      'kafka:DescribeClusterV2',
      'kafka:GetBootstrapBrokers',
    ]);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('datazone:'))).toEqual(['datazone:PostLineageEvent']);
    expect(actions.filter((a) => a === 'sts:AssumeRole')).toHaveLength(2);
  });

  it('assumes no role when there is no environment account and no source read role', () => {
    // Act
    const { template } = emitter({ environmentAccounts: [], sources: [] });

    // Assess
    const statements = roleStatements(template, 'FlinkLineageFunctionRole');
    expect(statements.map((s) => s.Sid)).not.toContain('AssumeApplicationReadRoles');
    expect(statements.flatMap((s) => s.Action)).not.toContain('sts:AssumeRole');
  });

  it('alarms on function errors and on dead letters', () => {
    // Act
    const { template } = emitter();

    // Assess
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Threshold: 1 });
  });

  it.each([
    ['domainId', { domainId: 'not-a-domain' }],
    ['environmentAccounts[0]', { environmentAccounts: ['12345'] }],
    ['propertyGroupId', { propertyGroupId: 'has space' }],
    ['applicationReadRoleName', { applicationReadRoleName: 'bad/role' }],
    ['sources[1].readRoleArn', { sources: [BY_NAME, { ...BY_ARN, readRoleArn: 'admin' }] }],
    ['sources[1].clusterArn', { sources: [BY_NAME, { ...BY_NAME, clusterArn: 'arn:aws:s3:::x' }] }],
    ['sources[0]', { sources: [{ ...BY_NAME, clusterName: undefined }] }],
  ])('throws ConstructPropsError naming %s when it is invalid', (prop, props) => {
    // Act
    const error = catchError(() => emitter(props));

    // Assess
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect((error as ConstructPropsError).prop).toBe(prop);
  });

  it('has no unacknowledged cdk-nag finding, and each acknowledgement has a reason', () => {
    // Act
    const { app, stack } = emitter();

    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
    const acks = acknowledgements(stack).filter((a) => a.path.startsWith('Test/FlinkLineage/'));
    expect(acks.map((a) => a.id.replace(/^annotation::/i, '')).sort()).toEqual([
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kafka:eu-west-1:111111111111:cluster/orders/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kinesisanalytics:eu-west-1:111111111111:application/*]',
      'AwsSolutions-L1',
      'AwsSolutions-SQS3',
    ]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });

  it('has no unacknowledged cdk-nag finding in an environment-agnostic stack', () => {
    // Prepare
    const { app, stack } = testStack();

    // Act
    new FlinkLineageEmitter(stack, 'FlinkLineage', {
      domainId: 'dzd_abc123',
      environmentAccounts: ['333333333333'],
    });

    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
  });
});

describe('FlinkApplicationReadRole', () => {
  it('lets only the trusted principal describe applications of its account', () => {
    // Prepare
    const { app, stack } = testStack({ env: true });

    // Act
    new FlinkApplicationReadRole(stack, 'ReadRole', {
      trustedPrincipal: new iam.ArnPrincipal('arn:aws:iam::111111111111:role/emitter'),
    });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'streamgov-flink-lineage-read',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/emitter' },
          },
        ],
      },
    });
    const statements = roleStatements(template, 'ReadRole');
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toEqual([
      'kinesisanalytics:DescribeApplication',
      'kinesisanalytics:ListApplicationOperations',
    ]);
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('throws ConstructPropsError for a role name IAM refuses', () => {
    // Prepare
    const { stack } = testStack({ env: true });

    // Act
    const error = catchError(
      () =>
        new FlinkApplicationReadRole(stack, 'ReadRole', {
          trustedPrincipal: new iam.AccountPrincipal('111111111111'),
          roleName: 'no spaces allowed',
        }),
    );

    // Assess
    expect((error as ConstructPropsError).prop).toBe('roleName');
  });
});
