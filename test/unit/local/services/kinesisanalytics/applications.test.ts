import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import type { CloudEvent, ServiceDefinition } from '../../../../../local/src/cloud/types.ts';
import { kinesisAnalyticsService } from '../../../../../local/src/services/kinesisanalytics/index.ts';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/flink`;
const ARN = (name: string) => `arn:aws:kinesisanalytics:${REGION}:${ACCOUNT}:application/${name}`;

/** A fake EventBridge that records every event the cloud emits. */
function fakeEvents(): ServiceDefinition<{ events: CloudEvent[] }> {
  return {
    signingName: 'events',
    initialState: () => ({ events: [] }),
    validationError: (message) => new AwsError('ValidationException', message),
    operations: {},
    internal: {
      DeliverEvent: (event: CloudEvent, ctx) => {
        ctx.state.events.push(event);
        return { MatchedRules: [] };
      },
    },
  };
}

interface Detail {
  ApplicationName: string;
  ApplicationARN: string;
  ApplicationStatus: string;
  ApplicationVersionId: number;
  CreateTimestamp: Date;
  ConditionalToken: string;
  ApplicationConfigurationDescription: Record<string, unknown>;
  [other: string]: unknown;
}

function setup() {
  const cloud = new LocalCloud({
    services: [kinesisAnalyticsService, fakeEvents()],
    defaultAccount: ACCOUNT,
    defaultRegion: REGION,
    now: () => new Date('2026-01-01T10:00:00.456Z'),
  });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  const call = <T = Record<string, unknown>>(operation: string, input: object) =>
    cloud.call<T>('kinesisanalytics', operation, input, caller);
  const describeApp = async (name: string) =>
    (await call<{ ApplicationDetail: Detail }>('DescribeApplication', { ApplicationName: name }))
      .ApplicationDetail;
  const emitted = () => cloud.stateOf<{ events: CloudEvent[] }>('events', ACCOUNT, REGION).events;
  return { cloud, call, describeApp, emitted };
}

const create = (name: string, extra: object = {}) => ({
  ApplicationName: name,
  RuntimeEnvironment: 'FLINK-1_20',
  ServiceExecutionRole: ROLE,
  ApplicationConfiguration: {
    ApplicationCodeConfiguration: {
      CodeContentType: 'ZIPFILE',
      CodeContent: { S3ContentLocation: { BucketARN: 'arn:aws:s3:::code', FileKey: 'job.jar' } },
    },
    EnvironmentProperties: {
      PropertyGroups: [
        { PropertyGroupId: 'lineage', PropertyMap: { 'openlineage.namespace': 'kafka://b:9092' } },
      ],
    },
  },
  ...extra,
});

describe('kinesisanalytics applications', () => {
  it('creates an application and describes it with Flink defaults', async () => {
    // Prepare
    const { call, describeApp } = setup();
    // Act
    const created = await call<{ ApplicationDetail: Detail }>('CreateApplication', create('job'));
    const described = await describeApp('job');
    // Assess
    expect(created.ApplicationDetail).toEqual(described);
    expect(described).toMatchObject({
      ApplicationARN: ARN('job'),
      ApplicationName: 'job',
      RuntimeEnvironment: 'FLINK-1_20',
      ServiceExecutionRole: ROLE,
      ApplicationStatus: 'READY',
      ApplicationVersionId: 1,
      ApplicationMode: 'STREAMING',
      CreateTimestamp: new Date('2026-01-01T10:00:00.000Z'),
      ApplicationConfigurationDescription: {
        ApplicationCodeConfigurationDescription: {
          CodeContentType: 'ZIPFILE',
          CodeContentDescription: {
            S3ApplicationCodeLocationDescription: { BucketARN: 'arn:aws:s3:::code', FileKey: 'job.jar' },
          },
        },
        EnvironmentPropertyDescriptions: {
          PropertyGroupDescriptions: [
            { PropertyGroupId: 'lineage', PropertyMap: { 'openlineage.namespace': 'kafka://b:9092' } },
          ],
        },
        FlinkApplicationConfigurationDescription: {
          CheckpointConfigurationDescription: {
            ConfigurationType: 'DEFAULT',
            CheckpointingEnabled: true,
            CheckpointInterval: 60000,
          },
          ParallelismConfigurationDescription: { Parallelism: 1, CurrentParallelism: 1 },
        },
        ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: false },
      },
    });
  });

  it('describes zip code by MD5 and size, and custom Flink settings', async () => {
    const { call, describeApp } = setup();
    await call(
      'CreateApplication',
      create('zip', {
        ApplicationConfiguration: {
          ApplicationCodeConfiguration: {
            CodeContentType: 'ZIPFILE',
            CodeContent: { ZipFileContent: new Uint8Array([1, 2, 3]) },
          },
          FlinkApplicationConfiguration: {
            ParallelismConfiguration: {
              ConfigurationType: 'CUSTOM',
              Parallelism: 4,
              AutoScalingEnabled: true,
            },
            MonitoringConfiguration: { ConfigurationType: 'CUSTOM', LogLevel: 'WARN' },
          },
        },
      }),
    );
    const detail = await describeApp('zip');
    expect(detail.ApplicationConfigurationDescription).toMatchObject({
      ApplicationCodeConfigurationDescription: {
        CodeContentDescription: { CodeMD5: '5289df737df57326fcdd22597afb1fac', CodeSize: 3 },
      },
      FlinkApplicationConfigurationDescription: {
        ParallelismConfigurationDescription: {
          ConfigurationType: 'CUSTOM',
          Parallelism: 4,
          CurrentParallelism: 4,
          AutoScalingEnabled: true,
        },
        MonitoringConfigurationDescription: {
          ConfigurationType: 'CUSTOM',
          MetricsLevel: 'APPLICATION',
          LogLevel: 'WARN',
        },
      },
    });
  });

  it.each([
    ['a duplicate name', 'ResourceInUseException', create('job')],
    ['a bad name', 'InvalidArgumentException', create('bad name')],
    ['an unknown runtime', 'InvalidArgumentException', create('x', { RuntimeEnvironment: 'FLINK-9_9' })],
    [
      'a missing role',
      'InvalidArgumentException',
      { ApplicationName: 'x', RuntimeEnvironment: 'FLINK-1_20' },
    ],
    [
      'duplicate property groups',
      'InvalidArgumentException',
      create('x', {
        ApplicationConfiguration: {
          EnvironmentProperties: {
            PropertyGroups: [
              { PropertyGroupId: 'g', PropertyMap: { a: '1' } },
              { PropertyGroupId: 'g', PropertyMap: { b: '2' } },
            ],
          },
        },
      }),
    ],
    [
      'plain-text code for Flink',
      'InvalidApplicationConfigurationException',
      create('x', {
        ApplicationConfiguration: {
          ApplicationCodeConfiguration: { CodeContentType: 'PLAINTEXT', CodeContent: { TextContent: 'x' } },
        },
      }),
    ],
    [
      'zip code without content',
      'InvalidApplicationConfigurationException',
      create('x', {
        ApplicationConfiguration: { ApplicationCodeConfiguration: { CodeContentType: 'ZIPFILE' } },
      }),
    ],
    [
      'a configuration this local cloud does not support',
      'UnsupportedOperationException',
      create('x', {
        ApplicationConfiguration: { VpcConfigurations: [{ SubnetIds: ['s'], SecurityGroupIds: ['g'] }] },
      }),
    ],
  ])('throws when CreateApplication gets %s', async (_name, code, input) => {
    const { call } = setup();
    await call('CreateApplication', create('job'));
    await expect(call('CreateApplication', input)).rejects.toMatchObject({ code });
  });

  it('throws ResourceNotFoundException for an unknown application', async () => {
    const { call } = setup();
    for (const operation of [
      'DescribeApplication',
      'StartApplication',
      'StopApplication',
      'UpdateApplication',
      'DeleteApplication',
    ]) {
      await expect(
        call(operation, {
          ApplicationName: 'nope',
          CurrentApplicationVersionId: 1,
          CreateTimestamp: new Date(),
        }),
      ).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
        message: expect.stringContaining(ARN('nope')),
      });
    }
  });

  it('lists applications in pages', async () => {
    // Prepare
    const { call } = setup();
    for (const name of ['c', 'a', 'b']) await call('CreateApplication', create(name));
    // Act
    const first = await call<{ ApplicationSummaries: { ApplicationName: string }[]; NextToken?: string }>(
      'ListApplications',
      {
        Limit: 2,
      },
    );
    const second = await call<{ ApplicationSummaries: { ApplicationName: string }[]; NextToken?: string }>(
      'ListApplications',
      {
        Limit: 2,
        NextToken: first.NextToken,
      },
    );
    // Assess
    expect(first.ApplicationSummaries).toEqual([
      {
        ApplicationName: 'a',
        ApplicationARN: ARN('a'),
        ApplicationStatus: 'READY',
        ApplicationVersionId: 1,
        RuntimeEnvironment: 'FLINK-1_20',
        ApplicationMode: 'STREAMING',
      },
      expect.objectContaining({ ApplicationName: 'b' }),
    ]);
    expect(second.ApplicationSummaries.map((s) => s.ApplicationName)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
    await expect(call('ListApplications', { NextToken: 'bogus' })).rejects.toMatchObject({
      code: 'InvalidArgumentException',
    });
    await expect(call('ListApplications', { Limit: 51 })).rejects.toMatchObject({
      code: 'InvalidArgumentException',
    });
  });
});

describe('kinesisanalytics lifecycle', () => {
  it('moves READY -> STARTING -> RUNNING -> STOPPING -> READY', async () => {
    // Prepare
    const { cloud, call, describeApp } = setup();
    await call('CreateApplication', create('job'));
    // Act
    const started = await call<{ OperationId: string }>('StartApplication', { ApplicationName: 'job' });
    const starting = (await describeApp('job')).ApplicationStatus;
    await cloud.settle();
    const running = (await describeApp('job')).ApplicationStatus;
    await call('StopApplication', { ApplicationName: 'job' });
    const stopping = (await describeApp('job')).ApplicationStatus;
    await cloud.settle();
    const ready = (await describeApp('job')).ApplicationStatus;
    // Assess
    expect(started.OperationId).toMatch(/^[0-9a-f]{12}$/);
    expect([starting, running, stopping, ready]).toEqual(['STARTING', 'RUNNING', 'STOPPING', 'READY']);
  });

  it('throws ResourceInUseException for transitions the status does not allow', async () => {
    // Prepare
    const { cloud, call, describeApp } = setup();
    await call('CreateApplication', create('job'));
    // Act and assess
    await expect(call('StopApplication', { ApplicationName: 'job' })).rejects.toMatchObject({
      code: 'ResourceInUseException',
    });
    await call('StartApplication', { ApplicationName: 'job' });
    await expect(call('StartApplication', { ApplicationName: 'job' })).rejects.toMatchObject({
      code: 'ResourceInUseException',
    });
    await expect(call('StopApplication', { ApplicationName: 'job' })).rejects.toMatchObject({
      code: 'ResourceInUseException',
    });
    await call('StopApplication', { ApplicationName: 'job', Force: true });
    expect((await describeApp('job')).ApplicationStatus).toBe('FORCE_STOPPING');
    await expect(
      call('UpdateApplication', { ApplicationName: 'job', CurrentApplicationVersionId: 1 }),
    ).rejects.toMatchObject({ code: 'ResourceInUseException' });
    await cloud.settle();
    expect((await describeApp('job')).ApplicationStatus).toBe('READY');
  });

  it('updates property groups with optimistic concurrency on the version', async () => {
    // Prepare
    const { cloud, call, describeApp } = setup();
    await call('CreateApplication', create('job'));
    await call('StartApplication', { ApplicationName: 'job' });
    await cloud.settle();
    // Act
    const updated = await call<{ ApplicationDetail: Detail; OperationId: string }>('UpdateApplication', {
      ApplicationName: 'job',
      CurrentApplicationVersionId: 1,
      ApplicationConfigurationUpdate: {
        EnvironmentPropertyUpdates: { PropertyGroups: [{ PropertyGroupId: 'new', PropertyMap: { k: 'v' } }] },
        FlinkApplicationConfigurationUpdate: {
          CheckpointConfigurationUpdate: {
            ConfigurationTypeUpdate: 'CUSTOM',
            CheckpointIntervalUpdate: 30_000,
          },
        },
      },
      ServiceExecutionRoleUpdate: `${ROLE}-2`,
    });
    const stale = await call('UpdateApplication', {
      ApplicationName: 'job',
      CurrentApplicationVersionId: 1,
    }).catch((error: unknown) => error);
    await cloud.settle();
    const after = await describeApp('job');
    // Assess
    expect(updated.ApplicationDetail).toMatchObject({
      ApplicationVersionId: 2,
      ApplicationVersionUpdatedFrom: 1,
      ApplicationStatus: 'UPDATING',
      ServiceExecutionRole: `${ROLE}-2`,
    });
    expect(updated.ApplicationDetail.ApplicationConfigurationDescription).toMatchObject({
      EnvironmentPropertyDescriptions: {
        PropertyGroupDescriptions: [{ PropertyGroupId: 'new', PropertyMap: { k: 'v' } }],
      },
      FlinkApplicationConfigurationDescription: {
        CheckpointConfigurationDescription: {
          ConfigurationType: 'CUSTOM',
          CheckpointInterval: 30_000,
          CheckpointingEnabled: true,
        },
      },
    });
    expect(stale).toMatchObject({ code: 'ConcurrentModificationException' });
    expect(after.ApplicationStatus).toBe('RUNNING');
  });

  it('accepts a ConditionalToken instead of the version and requires one of them', async () => {
    const { call, describeApp } = setup();
    await call('CreateApplication', create('job'));
    const { ConditionalToken } = await describeApp('job');
    await expect(call('UpdateApplication', { ApplicationName: 'job' })).rejects.toMatchObject({
      code: 'InvalidArgumentException',
    });
    await expect(
      call('UpdateApplication', { ApplicationName: 'job', ConditionalToken: 'other' }),
    ).rejects.toMatchObject({
      code: 'ConcurrentModificationException',
    });
    const updated = await call<{ ApplicationDetail: Detail }>('UpdateApplication', {
      ApplicationName: 'job',
      ConditionalToken,
    });
    expect(updated.ApplicationDetail.ApplicationVersionId).toBe(2);
    expect(updated.ApplicationDetail.ConditionalToken).not.toBe(ConditionalToken);
  });

  it('updates the code location and refuses unsupported updates', async () => {
    const { call } = setup();
    await call('CreateApplication', create('job'));
    const updated = await call<{ ApplicationDetail: Detail }>('UpdateApplication', {
      ApplicationName: 'job',
      CurrentApplicationVersionId: 1,
      ApplicationConfigurationUpdate: {
        ApplicationCodeConfigurationUpdate: {
          CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'job-2.jar' } },
        },
        ApplicationSnapshotConfigurationUpdate: { SnapshotsEnabledUpdate: true },
      },
    });
    expect(updated.ApplicationDetail.ApplicationConfigurationDescription).toMatchObject({
      ApplicationCodeConfigurationDescription: {
        CodeContentDescription: {
          S3ApplicationCodeLocationDescription: { BucketARN: 'arn:aws:s3:::code', FileKey: 'job-2.jar' },
        },
      },
      ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: true },
    });
    await expect(
      call('UpdateApplication', {
        ApplicationName: 'job',
        CurrentApplicationVersionId: 2,
        ApplicationConfigurationUpdate: { VpcConfigurationUpdates: [] },
      }),
    ).rejects.toMatchObject({ code: 'UnsupportedOperationException' });
  });

  it('deletes an application only with its CreateTimestamp', async () => {
    // Prepare
    const { cloud, call, describeApp } = setup();
    await call('CreateApplication', create('job'));
    const { CreateTimestamp } = await describeApp('job');
    // Act
    const wrong = await call('DeleteApplication', {
      ApplicationName: 'job',
      CreateTimestamp: new Date('2020-01-01T00:00:00Z'),
    }).catch((error: unknown) => error);
    await call('DeleteApplication', { ApplicationName: 'job', CreateTimestamp });
    const deleting = (await describeApp('job')).ApplicationStatus;
    await cloud.settle();
    // Assess
    expect(wrong).toMatchObject({ code: 'InvalidArgumentException' });
    expect(deleting).toBe('DELETING');
    await expect(describeApp('job')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    await expect(call('DeleteApplication', { ApplicationName: 'job' })).rejects.toMatchObject({
      code: 'InvalidArgumentException',
      message: expect.stringMatching(/CreateTimestamp/),
    });
  });

  it('emits a CloudTrail event for every successful change', async () => {
    // Prepare
    const { cloud, call, describeApp, emitted } = setup();
    // Act
    await call('CreateApplication', create('job'));
    await call('StartApplication', { ApplicationName: 'job' });
    await cloud.settle();
    await call('UpdateApplication', { ApplicationName: 'job', CurrentApplicationVersionId: 1 });
    await cloud.settle();
    await call('StopApplication', { ApplicationName: 'job' });
    await cloud.settle();
    await call('DeleteApplication', {
      ApplicationName: 'job',
      CreateTimestamp: (await describeApp('job')).CreateTimestamp,
    });
    await expect(call('StartApplication', { ApplicationName: 'job' })).rejects.toBeInstanceOf(AwsError);
    await cloud.settle();
    // Assess
    const events = emitted();
    expect(events.map((e) => (e.detail as { eventName: string }).eventName)).toEqual([
      'CreateApplication',
      'StartApplication',
      'UpdateApplication',
      'StopApplication',
      'DeleteApplication',
    ]);
    const [createEvent, startEvent] = events;
    expect(createEvent).toMatchObject({
      version: '0',
      source: 'aws.kinesisanalytics',
      'detail-type': 'AWS API Call via CloudTrail',
      account: ACCOUNT,
      region: REGION,
      time: '2026-01-01T10:00:00Z',
      resources: [],
      detail: {
        eventVersion: expect.any(String),
        eventSource: 'kinesisanalytics.amazonaws.com',
        eventName: 'CreateApplication',
        awsRegion: REGION,
        recipientAccountId: ACCOUNT,
        eventTime: '2026-01-01T10:00:00Z',
        eventType: 'AwsApiCall',
        eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        requestID: expect.any(String),
        userIdentity: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
        requestParameters: {
          applicationName: 'job',
          runtimeEnvironment: 'FLINK-1_20',
          serviceExecutionRole: ROLE,
          applicationConfiguration: {
            environmentProperties: {
              propertyGroups: [
                { propertyGroupId: 'lineage', propertyMap: { 'openlineage.namespace': 'kafka://b:9092' } },
              ],
            },
          },
        },
        responseElements: {
          applicationDetail: {
            applicationARN: ARN('job'),
            applicationStatus: 'READY',
            createTimestamp: '2026-01-01T10:00:00.000Z',
          },
        },
      },
    });
    expect(startEvent?.detail).toMatchObject({
      requestParameters: { applicationName: 'job' },
      responseElements: { operationId: expect.any(String) },
    });
    expect(events[4]?.detail).toMatchObject({ responseElements: null });
  });
});
