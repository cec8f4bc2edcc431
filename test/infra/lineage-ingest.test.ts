import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it, vi } from 'vitest';
import type { CatalogSource } from '../../datasource-lambda/src/config.ts';
import { LineageIngest } from '../../infra/lib/constructs/lineage-ingest.ts';
import type { LineageIngestProps } from '../../infra/lib/constructs/lineage-ingest-props.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import { INGEST_ENV } from '../../lineage/src/ingest/config.ts';
import { catchError, resolved, roleStatements, statementBySid, testStack } from './support.ts';

vi.mock('../../infra/lib/private/lineage-handler-entries.ts', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../infra/lib/private/lineage-handler-entries.ts')>();
  const stub = { entry: new URL('./fixtures/stub-handler.ts', import.meta.url).pathname, handler: 'handler' };
  return { ...original, LINEAGE_HANDLER_ENTRIES: { ingest: stub, flinkLifecycle: stub } };
});

const READ_ROLE = 'arn:aws:iam::222222222222:role/streamgov-read';
const CLUSTER_ARN =
  'arn:aws:kafka:eu-west-1:111111111111:cluster/payments/abcd1234-0123-abcd-5678-1234abcd-1';
const SOURCES: CatalogSource[] = [
  { clusterName: 'orders', registryName: 'streaming', mapping: 'auto', includeTopicsWithoutSchema: true },
  {
    clusterArn: CLUSTER_ARN,
    registryName: 'payments',
    mapping: 'topic-name',
    includeTopicsWithoutSchema: false,
  },
  {
    clusterName: 'streaming-orders',
    registryName: 'streaming',
    readRoleArn: READ_ROLE,
    mapping: 'auto',
    includeTopicsWithoutSchema: true,
  },
];

function build(props: Partial<LineageIngestProps> = {}) {
  const { app, stack } = testStack({ env: true });
  const construct = new LineageIngest(stack, 'LineageIngest', {
    domainId: 'dzd_abc123',
    sources: SOURCES,
    ...props,
  });
  return { app, stack, construct, template: Template.fromStack(stack) };
}

describe('LineageIngest', () => {
  const shared = build();
  const statements = roleStatements(shared.template, 'LineageIngestFunctionRole');
  const queueId = shared.stack.getLogicalId(shared.construct.deadLetterQueue.node.defaultChild as never);
  const functionId = shared.stack.getLogicalId(shared.construct.fn.node.defaultChild as never);

  it('runs the bundled handler on Node.js 22 arm64 with the ingest environment', () => {
    // Act
    const fn = shared.template.toJSON().Resources[functionId];
    // Assess
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 120 });
    const env = fn.Properties.Environment.Variables;
    expect(env[INGEST_ENV.domainId]).toBe('dzd_abc123');
    expect(JSON.parse(env[INGEST_ENV.sources])).toEqual(SOURCES);
    expect(env[INGEST_ENV.deadLetterQueueUrl]).toEqual({ Ref: queueId });
  });

  it('has a Function URL with IAM auth', () => {
    // Assess
    shared.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });

  it('has a KMS-encrypted dead-letter queue with a rotated key and TLS enforced', () => {
    // Assess
    shared.template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      MessageRetentionPeriod: 1_209_600,
    });
    shared.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    shared.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('grants PostLineageEvent on the domain and SendMessage on the dead-letter queue only', () => {
    // Act
    const post = statementBySid(statements, 'DataZonePostLineage');
    const send = statementBySid(statements, 'DeadLetterQueueSend');
    // Assess
    expect(post.Action).toBe('datazone:PostLineageEvent');
    expect(post.Resource).toEqual(
      resolved(
        shared.stack,
        `arn:${shared.stack.partition}:datazone:eu-west-1:111111111111:domain/dzd_abc123`,
      ),
    );
    expect(send).toMatchObject({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
    expect(actions.filter((a) => a.startsWith('datazone:'))).toEqual(['datazone:PostLineageEvent']);
  });

  it('may assume exactly the configured read roles and read same-account clusters', () => {
    // Act
    const assume = statementBySid(statements, 'AssumeSourceReadRoles');
    const read = statementBySid(statements, 'MskReadClusters');
    const list = statementBySid(statements, 'MskListClusters');
    // Assess
    expect(assume).toMatchObject({ Action: 'sts:AssumeRole', Resource: READ_ROLE });
    expect(read.Action).toEqual(['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers']);
    expect(read.Resource).toEqual([
      resolved(shared.stack, `arn:${shared.stack.partition}:kafka:eu-west-1:111111111111:cluster/orders/*`),
      CLUSTER_ARN,
    ]);
    expect(list).toMatchObject({ Action: 'kafka:ListClustersV2', Resource: '*' });
  });

  it('has no MSK or STS statement when every source has its read role in another account, no STS without roles', () => {
    // Act
    const remote = roleStatements(
      build({ sources: [SOURCES[2] as CatalogSource] }).template,
      'LineageIngestFunctionRole',
    );
    const local = roleStatements(
      build({ sources: [SOURCES[1] as CatalogSource] }).template,
      'LineageIngestFunctionRole',
    );
    // Assess
    expect(remote.map((s) => s.Sid).filter((sid) => sid?.startsWith('Msk'))).toEqual([]);
    expect(local.map((s) => s.Sid)).not.toContain('AssumeSourceReadRoles');
    expect(local.map((s) => s.Sid)).not.toContain('MskListClusters');
  });

  it('alarms on dead letters (≥ 1 visible) and on function errors, notifying the alarm topic', () => {
    // Prepare
    const { stack } = testStack({ env: true });
    const construct = new LineageIngest(stack, 'LineageIngest', {
      domainId: 'dzd_abc123',
      sources: SOURCES,
      alarmTopic: new sns.Topic(stack, 'Alarms'),
    });
    // Act
    const template = Template.fromStack(stack);
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
    });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [Match.anyValue()] });
    expect(Object.keys(construct.alarms).sort()).toEqual(['deadLetters', 'functionErrors']);
  });

  it('grants a principal the Function URL through IAM', () => {
    // Prepare
    const { stack } = testStack({ env: true });
    const construct = new LineageIngest(stack, 'LineageIngest', { domainId: 'dzd_abc123', sources: SOURCES });
    const role = new iam.Role(stack, 'FlinkRole', {
      assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com'),
    });
    // Act
    const grant = construct.grantInvokeUrl(role);
    // Assess
    expect(grant.success).toBe(true);
    const flink = roleStatements(Template.fromStack(stack), 'FlinkRole');
    expect(flink).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'lambda:InvokeFunctionUrl',
          Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
        }),
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
        }),
      ]),
    );
  });

  it.each([
    ['a malformed domain id', { domainId: 'abc' }, 'domainId'],
    [
      'a read role that is not a role ARN',
      { sources: [{ ...(SOURCES[2] as CatalogSource), readRoleArn: 'admin' }] },
      'sources[0].readRoleArn',
    ],
    [
      'a cluster ARN that is not an MSK ARN',
      { sources: [{ ...(SOURCES[1] as CatalogSource), clusterArn: 'arn:aws:s3:::x' }] },
      'sources[0].clusterArn',
    ],
  ])('throws ConstructPropsError for %s, naming the prop', (_case, props, prop) => {
    // Act
    const error = catchError(() => build(props as Partial<LineageIngestProps>));
    // Assess
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect((error as ConstructPropsError).prop).toBe(prop);
  });
});
