import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it, vi } from 'vitest';
import { SYNC_ENV, type SyncSettings, syncEnvironment } from '../../datasource-lambda/src/config.ts';
import { GLUE_SCHEMA_EVENT_NAMES } from '../../datasource-lambda/src/glue-events.ts';
import { CatalogSync } from '../../infra/lib/constructs/catalog-sync.ts';
import type { CatalogSyncProps } from '../../infra/lib/constructs/catalog-sync-props.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import {
  catchError,
  resolved,
  roleStatements,
  type Statement,
  statementBySid,
  testSettings,
  testStack,
} from './support.ts';

vi.mock('../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('./support.ts')).stubHandlerEntries(await importOriginal()),
);

const CLUSTER_ARN =
  'arn:aws:kafka:eu-west-1:111111111111:cluster/payments/abcd1234-0123-abcd-5678-1234abcd-1';
const TWO_SOURCES: SyncSettings['sources'] = [
  { clusterName: 'orders', registryName: 'streaming', mapping: 'auto', includeTopicsWithoutSchema: true },
  {
    clusterArn: CLUSTER_ARN,
    registryName: 'payments',
    mapping: 'topic-name',
    includeTopicsWithoutSchema: false,
  },
  {
    clusterName: 'orders',
    registryName: 'streaming',
    mapping: 'topic-name',
    includeTopicsWithoutSchema: true,
  },
];

function build(props: Partial<CatalogSyncProps> = {}, options: { env?: boolean } = {}) {
  const { app, stack } = testStack(options);
  const construct = new CatalogSync(stack, 'CatalogSync', {
    settings: testSettings(),
    schedule: 'rate(1 hour)',
    ...props,
  });
  return { app, stack, construct, template: Template.fromStack(stack) };
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of the test stack, as synthesized. */
function arn(stack: ReturnType<typeof testStack>['stack'], service: string, resource: string): unknown {
  return resolved(stack, `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`);
}

function logicalId(
  stack: ReturnType<typeof testStack>['stack'],
  construct: { node: { defaultChild?: unknown } },
) {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

describe('CatalogSync', () => {
  // One synthesis shared by the read-only assertions (bundling runs once): two registries, a source by
  // cluster name and one by cluster ARN.
  const shared = build({ settings: testSettings({ sources: TWO_SOURCES }) });
  const statements = roleStatements(shared.template, 'CatalogSyncFunctionRole');
  const functionId = logicalId(shared.stack, shared.construct.function);
  const queueId = logicalId(shared.stack, shared.construct.deadLetterQueue);
  const keyId = logicalId(shared.stack, shared.construct.indexKey as kms.Key);

  describe('function', () => {
    it('runs the bundled handler on Node.js 22, arm64, for up to 15 minutes with 1024 MB', () => {
      // Act
      const fn = shared.template.toJSON().Resources[functionId];

      // Assess
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 900,
        MemorySize: 1024,
      });
    });

    it('sets the environment from syncEnvironment(settings) with the index key ARN', () => {
      // Prepare
      const settings = testSettings({ sources: TWO_SOURCES });

      // Act
      const variables = shared.template.toJSON().Resources[functionId].Properties.Environment.Variables;

      // Assess
      expect(variables).toEqual({
        ...syncEnvironment(settings),
        [SYNC_ENV.indexKmsKeyId]: { 'Fn::GetAtt': [keyId, 'Arn'] },
        NODE_OPTIONS: '--enable-source-maps',
      });
      for (const key of Object.values(SYNC_ENV)) expect(variables).toHaveProperty(key);
    });

    it('overrides a configured indexKmsKeyId with the ARN of the key it is granted', () => {
      // Prepare
      const { stack } = testStack();
      const key = new kms.Key(stack, 'Mine', { enableKeyRotation: true });

      // Act
      new CatalogSync(stack, 'CatalogSync', {
        settings: testSettings({ indexKmsKeyId: 'alias/other' }),
        schedule: 'rate(1 hour)',
        indexKey: key,
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [SYNC_ENV.indexKmsKeyId]: resolved(stack, key.keyArn) } },
      });
    });

    it('logs to its own log group, kept one month by default', () => {
      // Act
      const fn = shared.template.toJSON().Resources[functionId];

      // Assess
      expect(fn.Properties.LoggingConfig.LogGroup.Ref).toMatch(/^CatalogSyncFunctionLogGroup/);
      shared.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('keeps the logs as long as logRetention says', () => {
      // Act
      const { template } = build({ logRetention: logs.RetentionDays.ONE_YEAR });

      // Assess
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    });

    it('sends failed asynchronous runs to the dead-letter queue after two retries', () => {
      // Assess
      shared.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    });
  });

  describe('permissions', () => {
    it('lists clusters on "*" only, the one action that has no resource type', () => {
      // Act
      const star = statements.filter((s) => JSON.stringify(s.Resource).includes('"*"') || s.Resource === '*');

      // Assess
      expect(star).toEqual([
        { Sid: 'MskListClusters', Effect: 'Allow', Action: 'kafka:ListClustersV2', Resource: '*' },
      ]);
    });

    it('reads the configured clusters and their topics: by ARN exactly, by name with any UUID', () => {
      // Act
      const msk = statementBySid(statements, 'MskReadClustersAndTopics');

      // Assess
      expect(msk.Action).toEqual([
        'kafka:DescribeClusterV2',
        'kafka:GetBootstrapBrokers',
        'kafka:ListTopics',
        'kafka:DescribeTopic',
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:DescribeTopicDynamicConfiguration',
      ]);
      expect(msk.Resource).toEqual([
        arn(shared.stack, 'kafka', 'cluster/orders/*'),
        arn(shared.stack, 'kafka', 'topic/orders/*'),
        CLUSTER_ARN,
        'arn:aws:kafka:eu-west-1:111111111111:topic/payments/abcd1234-0123-abcd-5678-1234abcd-1/*',
      ]);
    });

    it('scopes MSK to exactly the given clusterArns', () => {
      // Prepare
      const ordersArn = 'arn:aws:kafka:eu-west-1:111111111111:cluster/orders/ffff0000-1';

      // Act
      const { template } = build({
        settings: testSettings({ sources: TWO_SOURCES }),
        clusterArns: [ordersArn, CLUSTER_ARN],
      });

      // Assess
      expect(
        statementBySid(roleStatements(template, 'CatalogSyncFunctionRole'), 'MskReadClustersAndTopics')
          .Resource,
      ).toEqual([
        ordersArn,
        'arn:aws:kafka:eu-west-1:111111111111:topic/orders/ffff0000-1/*',
        CLUSTER_ARN,
        'arn:aws:kafka:eu-west-1:111111111111:topic/payments/abcd1234-0123-abcd-5678-1234abcd-1/*',
      ]);
    });

    it('reads the registries of the sources and their schemas, each registry once', () => {
      // Act
      const glue = statementBySid(statements, 'GlueReadSchemas');

      // Assess
      expect(glue.Action).toEqual([
        'glue:GetRegistry',
        'glue:ListSchemas',
        'glue:GetSchema',
        'glue:GetSchemaVersion',
        'glue:ListSchemaVersions',
      ]);
      expect(glue.Resource).toEqual([
        arn(shared.stack, 'glue', 'registry/streaming'),
        arn(shared.stack, 'glue', 'schema/streaming/*'),
        arn(shared.stack, 'glue', 'registry/payments'),
        arn(shared.stack, 'glue', 'schema/payments/*'),
      ]);
      expect(shared.construct.registryNames).toEqual(['streaming', 'payments']);
    });

    it('writes assets in the one domain', () => {
      // Act
      const datazone = statementBySid(statements, 'DataZoneAssets');

      // Assess
      expect(datazone.Action).toEqual([
        'datazone:GetAssetType',
        'datazone:GetFormType',
        'datazone:CreateAsset',
        'datazone:CreateAssetRevision',
        'datazone:DeleteAsset',
        'datazone:GetAsset',
        'datazone:Search',
        'datazone:CreateListingChangeSet',
      ]);
      expect(datazone.Resource).toEqual(arn(shared.stack, 'datazone', 'domain/dzd_abc123'));
    });

    it('reads and writes the asset index under its prefix only', () => {
      // Act
      const ssm = statementBySid(statements, 'SsmAssetIndex');

      // Assess
      expect(ssm.Action).toEqual([
        'ssm:GetParametersByPath',
        'ssm:GetParameter',
        'ssm:PutParameter',
        'ssm:DeleteParameter',
      ]);
      expect(ssm.Resource).toEqual([
        arn(shared.stack, 'ssm', 'parameter/streamgov/dzd_abc123/catalog'),
        arn(shared.stack, 'ssm', 'parameter/streamgov/dzd_abc123/catalog/*'),
      ]);
    });

    it('uses the index key, writes logs and dead letters, and nothing more', () => {
      // Act
      const rest = statements.filter((s) => s.Sid === undefined);

      // Assess
      expect(rest).toEqual<Statement[]>([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CatalogSyncFunctionLogGroup/), 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
      ]);
      expect(statements.map((s) => s.Sid)).toEqual([
        undefined,
        undefined,
        undefined,
        'MskListClusters',
        'MskReadClustersAndTopics',
        'GlueReadSchemas',
        'DataZoneAssets',
        'SsmAssetIndex',
      ]);
    });

    it('attaches no managed policy to the role', () => {
      // Assess
      for (const role of Object.values(shared.template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('index key and dead-letter queue', () => {
    it('creates a retained key with rotation that EventBridge may use for dead letters', () => {
      // Assess
      shared.template.hasResource('AWS::KMS::Key', {
        Properties: { EnableKeyRotation: true },
        DeletionPolicy: 'Retain',
      });
      const key = shared.template.toJSON().Resources[keyId];
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'EventBridgeDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      });
    });

    it('encrypts the dead-letter queue with the key, keeps messages 14 days and refuses plain HTTP', () => {
      // Assess
      shared.template.hasResourceProperties('AWS::SQS::Queue', {
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        MessageRetentionPeriod: 1209600,
      });
      const policy = Object.values(shared.template.findResources('AWS::SQS::QueuePolicy'))[0];
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    });

    it('uses a given key and warns that its key policy must let EventBridge in', () => {
      // Prepare
      const { stack } = testStack({ env: true });
      const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const key = kms.Key.fromKeyArn(stack, 'Imported', keyArn);

      // Act
      const sync = new CatalogSync(stack, 'CatalogSync', {
        settings: testSettings(),
        schedule: 'rate(1 hour)',
        indexKey: key,
      });
      const template = Template.fromStack(stack);

      // Assess
      expect(sync.indexKey).toBe(key);
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: keyArn });
      Annotations.fromStack(stack).hasWarning(
        '/Test/CatalogSync',
        Match.stringLikeRegexp('events\\.amazonaws\\.com kms:GenerateDataKey and kms:Decrypt'),
      );
    });

    it('imports the key of settings.indexKmsKeyId when it is a key ARN', () => {
      // Prepare
      const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

      // Act
      const { template } = build({ settings: testSettings({ indexKmsKeyId: keyArn }) });

      // Assess
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [SYNC_ENV.indexKmsKeyId]: keyArn } },
      });
    });
  });

  describe('triggers', () => {
    it('runs on the schedule, retrying delivery twice and keeping undeliverable events', () => {
      // Act
      const rule =
        shared.template.toJSON().Resources[logicalId(shared.stack, shared.construct.rules.schedule as never)];

      // Assess
      expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'Target0',
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        },
      ]);
    });

    it('runs on successful schema registry changes named in CloudTrail events', () => {
      // Act
      const rule =
        shared.template.toJSON().Resources[
          logicalId(shared.stack, shared.construct.rules.schemaChanges as never)
        ];

      // Assess
      const pattern = rule.Properties.EventPattern;
      expect(pattern.source).toEqual(['aws.glue']);
      expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(pattern.detail.eventSource).toEqual(['glue.amazonaws.com']);
      expect(pattern.detail.eventName).toEqual([...GLUE_SCHEMA_EVENT_NAMES]);
      expect(pattern.detail.eventName).toEqual([
        'CreateSchema',
        'UpdateSchema',
        'RegisterSchemaVersion',
        'DeleteSchema',
        'DeleteSchemaVersions',
      ]);
      expect(pattern.detail.errorCode).toEqual([{ exists: false }]);
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        }),
      ]);
    });

    it('matches the configured registries in the request, by name, schema ARN prefix or registry ARN', () => {
      // Act
      const rule =
        shared.template.toJSON().Resources[
          logicalId(shared.stack, shared.construct.rules.schemaChanges as never)
        ];

      // Assess
      const { stack } = shared;
      expect(rule.Properties.EventPattern.detail.$or).toEqual([
        { requestParameters: { schemaId: { registryName: ['streaming', 'payments'] } } },
        {
          requestParameters: {
            schemaId: {
              schemaArn: [
                { prefix: arn(stack, 'glue', 'schema/streaming/') },
                { prefix: arn(stack, 'glue', 'schema/payments/') },
              ],
            },
          },
        },
        { requestParameters: { registryId: { registryName: ['streaming', 'payments'] } } },
        {
          requestParameters: {
            registryId: {
              registryArn: [
                arn(stack, 'glue', 'registry/streaming'),
                arn(stack, 'glue', 'registry/payments'),
              ],
            },
          },
        },
      ]);
    });

    it('also matches CreateSchema without a registry when default-registry is configured', () => {
      // Prepare
      const settings = testSettings({
        sources: [
          {
            clusterName: 'c',
            registryName: 'default-registry',
            mapping: 'auto',
            includeTopicsWithoutSchema: true,
          },
        ],
      });

      // Act
      const { template } = build({ settings });

      // Assess
      const [rule] = Object.values(
        template.findResources('AWS::Events::Rule', { Properties: { EventPattern: {} } }),
      );
      expect(rule?.Properties.EventPattern.detail.$or).toContainEqual({
        requestParameters: {
          schemaName: [{ exists: true }],
          registryId: { registryName: [{ exists: false }], registryArn: [{ exists: false }] },
          schemaId: { schemaName: [{ exists: false }], schemaArn: [{ exists: false }] },
        },
      });
    });
  });

  describe('alarms', () => {
    it('alarms on any function error in 5 minutes, treating no data as fine', () => {
      // Assess
      shared.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms on any message in the dead-letter queue, treating no data as fine', () => {
      // Assess
      shared.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('has no alarm actions without an alarm topic', () => {
      // Assess
      for (const alarm of Object.values(shared.template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toBeUndefined();
      }
    });

    it('notifies the alarm topic from both alarms', () => {
      // Prepare
      const { stack } = testStack();
      const topic = new sns.Topic(stack, 'Alarms', { enforceSSL: true });

      // Act
      const sync = new CatalogSync(stack, 'CatalogSync', {
        settings: testSettings(),
        schedule: 'rate(1 hour)',
        alarmTopic: topic,
      });

      // Assess
      const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
      expect(Object.keys(alarms)).toEqual([
        logicalId(stack, sync.alarms.functionErrors as never),
        logicalId(stack, sync.alarms.deadLetters as never),
      ]);
      for (const alarm of Object.values(alarms)) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: logicalId(stack, topic) }]);
      }
    });
  });

  describe('validation', () => {
    const ordersArn = 'arn:aws:kafka:eu-west-1:111111111111:cluster/orders/ffff0000-1';
    it.each<[string, Partial<CatalogSyncProps>, string]>([
      ['the schedule is not an EventBridge expression', { schedule: 'every hour' }, 'schedule'],
      ['there is no source', { settings: testSettings({ sources: [] }) }, 'settings.sources'],
      [
        'a registry name has a slash',
        {
          settings: testSettings({
            sources: [
              { clusterName: 'c', registryName: 'a/b', mapping: 'auto', includeTopicsWithoutSchema: true },
            ],
          }),
        },
        'settings.sources[0].registryName',
      ],
      [
        'the index prefix ends with a slash',
        { settings: testSettings({ indexPrefix: '/streamgov/' }) },
        'settings.indexPrefix',
      ],
      [
        'the domain id is not a domain id',
        { settings: testSettings({ domainId: 'domain' }) },
        'settings.domainId',
      ],
      [
        'indexKmsKeyId is an alias',
        { settings: testSettings({ indexKmsKeyId: 'alias/streamgov' }) },
        'settings.indexKmsKeyId',
      ],
      [
        'a source cluster ARN is malformed',
        {
          settings: testSettings({
            sources: [
              {
                clusterArn: 'arn:aws:kafka:eu-west-1:111111111111:topic/x/y/z',
                registryName: 'r',
                mapping: 'auto',
                includeTopicsWithoutSchema: true,
              },
            ],
          }),
        },
        'settings.sources[0].clusterArn',
      ],
      ['a clusterArns entry is malformed', { clusterArns: ['orders'] }, 'clusterArns[0]'],
      [
        'a source is not among clusterArns',
        { settings: testSettings({ sources: TWO_SOURCES }), clusterArns: [ordersArn] },
        'settings.sources[1]',
      ],
    ])('throws ConstructPropsError when %s', (_case, props, prop) => {
      // Prepare
      const { stack } = testStack();

      // Act
      const error = catchError(
        () =>
          new CatalogSync(stack, 'CatalogSync', {
            settings: testSettings(),
            schedule: 'rate(1 hour)',
            ...props,
          }),
      );

      // Assess
      expect(error).toBeInstanceOf(ConstructPropsError);
      expect(error).toMatchObject({ name: 'ConstructPropsError', prop });
      expect((error as Error).message).toMatch(/^Test\/CatalogSync: invalid /);
    });

    it('keeps the parse error as the cause of a malformed cluster ARN', () => {
      // Prepare
      const { stack } = testStack();

      // Act
      const error = catchError(
        () =>
          new CatalogSync(stack, 'CatalogSync', {
            settings: testSettings(),
            schedule: 'rate(1 hour)',
            clusterArns: ['x'],
          }),
      );

      // Assess
      expect((error as Error).cause).toMatchObject({ name: 'InvalidInputError' });
    });
  });
});
