import {
  ConcurrentModificationException,
  CreateApplicationCommand,
  DeleteApplicationCommand,
  DescribeApplicationCommand,
  InvalidArgumentException,
  type KinesisAnalyticsV2Client,
  paginateListApplications,
  ResourceInUseException,
  ResourceNotFoundException,
  StartApplicationCommand,
  StopApplicationCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsService } from '../../../local/src/services/events/index.ts';
import type { EventsState } from '../../../local/src/services/events/state.ts';
import { kinesisAnalyticsService } from '../../../local/src/services/kinesisanalytics/index.ts';
import { startTestCloud, TEST_REGION, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/flink`;
let cloud: TestCloud;
let kda: KinesisAnalyticsV2Client;

beforeAll(async () => {
  cloud = await startTestCloud({
    services: [kinesisAnalyticsService, eventsService],
    defaultAccount: ACCOUNT,
  });
  kda = cloud.clients().kinesisAnalytics();
});
afterAll(async () => {
  await cloud.close();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const create = (name: string) =>
  new CreateApplicationCommand({
    ApplicationName: name,
    RuntimeEnvironment: 'FLINK-1_20',
    ServiceExecutionRole: ROLE,
    ApplicationConfiguration: {
      ApplicationCodeConfiguration: {
        CodeContentType: 'ZIPFILE',
        CodeContent: { S3ContentLocation: { BucketARN: 'arn:aws:s3:::code', FileKey: 'job.jar' } },
      },
      EnvironmentProperties: {
        PropertyGroups: [{ PropertyGroupId: 'lineage', PropertyMap: { namespace: 'kafka://b:9092' } }],
      },
    },
  });

describe('kinesisanalytics over HTTP', () => {
  it('runs the application lifecycle and emits CloudTrail events a rule can match', async () => {
    // Prepare
    const events = cloud.clients().eventBridge();
    const { PutRuleCommand } = await import('@aws-sdk/client-eventbridge');
    await events.send(
      new PutRuleCommand({
        Name: 'flink-lifecycle',
        EventPattern: JSON.stringify({
          source: ['aws.kinesisanalytics'],
          detail: {
            eventSource: ['kinesisanalytics.amazonaws.com'],
            eventName: ['StartApplication', 'StopApplication'],
          },
        }),
      }),
    );
    // Act
    const created = await kda.send(create('int-job'));
    await kda.send(new StartApplicationCommand({ ApplicationName: 'int-job' }));
    const starting = await kda.send(new DescribeApplicationCommand({ ApplicationName: 'int-job' }));
    await cloud.cloud.settle();
    const running = await kda.send(new DescribeApplicationCommand({ ApplicationName: 'int-job' }));
    const updated = await kda.send(
      new UpdateApplicationCommand({
        ApplicationName: 'int-job',
        CurrentApplicationVersionId: 1,
        ApplicationConfigurationUpdate: {
          EnvironmentPropertyUpdates: {
            PropertyGroups: [{ PropertyGroupId: 'lineage', PropertyMap: { namespace: 'x' } }],
          },
        },
      }),
    );
    await cloud.cloud.settle();
    await kda.send(new StopApplicationCommand({ ApplicationName: 'int-job' }));
    await cloud.cloud.settle();
    // Assess
    expect(created.ApplicationDetail).toMatchObject({
      ApplicationARN: `arn:aws:kinesisanalytics:${TEST_REGION}:${ACCOUNT}:application/int-job`,
      ApplicationStatus: 'READY',
      ApplicationVersionId: 1,
    });
    expect(created.ApplicationDetail?.CreateTimestamp).toBeInstanceOf(Date);
    expect(starting.ApplicationDetail?.ApplicationStatus).toBe('STARTING');
    expect(running.ApplicationDetail?.ApplicationStatus).toBe('RUNNING');
    expect(
      running.ApplicationDetail?.ApplicationConfigurationDescription?.EnvironmentPropertyDescriptions
        ?.PropertyGroupDescriptions,
    ).toEqual([{ PropertyGroupId: 'lineage', PropertyMap: { namespace: 'kafka://b:9092' } }]);
    expect(updated.ApplicationDetail?.ApplicationVersionId).toBe(2);
    const state = cloud.cloud.stateOf<EventsState>('events', ACCOUNT, TEST_REGION);
    expect(state.matchedEvents).toBe(2);
    expect(state.unmatchedEvents).toBeGreaterThanOrEqual(2);
  });

  it('throws the SDK exception classes with their HTTP statuses', async () => {
    await kda.send(create('int-errors'));
    const duplicate = await caught(kda.send(create('int-errors')));
    expect(duplicate).toBeInstanceOf(ResourceInUseException);
    expect((duplicate as ResourceInUseException).$metadata.httpStatusCode).toBe(400);

    const missing = await caught(kda.send(new DescribeApplicationCommand({ ApplicationName: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);

    const stale = await caught(
      kda.send(
        new UpdateApplicationCommand({ ApplicationName: 'int-errors', CurrentApplicationVersionId: 7 }),
      ),
    );
    expect(stale).toBeInstanceOf(ConcurrentModificationException);
    expect((stale as ConcurrentModificationException).$metadata.httpStatusCode).toBe(409);

    const invalid = await caught(
      kda.send(
        new DeleteApplicationCommand({
          ApplicationName: 'int-errors',
          CreateTimestamp: new Date('2000-01-01T00:00:00Z'),
        }),
      ),
    );
    expect(invalid).toBeInstanceOf(InvalidArgumentException);
    expect((invalid as InvalidArgumentException).$metadata.httpStatusCode).toBe(400);
  });

  it('deletes with the CreateTimestamp from DescribeApplication and lists through the paginator', async () => {
    // Prepare
    for (const name of ['int-list-a', 'int-list-b', 'int-list-c']) await kda.send(create(name));
    const { ApplicationDetail } = await kda.send(
      new DescribeApplicationCommand({ ApplicationName: 'int-list-c' }),
    );
    // Act
    await kda.send(
      new DeleteApplicationCommand({
        ApplicationName: 'int-list-c',
        CreateTimestamp: ApplicationDetail?.CreateTimestamp,
      }),
    );
    await cloud.cloud.settle();
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListApplications({ client: kda, pageSize: 2 }, {})) {
      pages++;
      names.push(...(page.ApplicationSummaries ?? []).map((s) => s.ApplicationName ?? ''));
    }
    // Assess
    expect(names.filter((n) => n.startsWith('int-list-'))).toEqual(['int-list-a', 'int-list-b']);
    expect(pages).toBeGreaterThanOrEqual(2);
  });
});
