import {
  DescribeApplicationCommand,
  type ListApplicationOperationsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { describe, expect, it } from 'vitest';
import { AwsCallError, TransientAwsError } from '../../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../../common/src/logger.ts';
import {
  ApplicationNotFoundError,
  KinesisAnalyticsApplications,
  type KinesisAnalyticsClient,
} from '../../../../../lineage/src/flink/adapters/kinesis-analytics-applications.ts';
import { IncompleteApplicationError } from '../../../../../lineage/src/flink/errors.ts';
import type { ApplicationRef } from '../../../../../lineage/src/flink/ports.ts';

const REF: ApplicationRef = {
  account: '333333333333',
  region: 'eu-west-1',
  applicationName: 'orders-enricher',
};

/** A client whose `send` answers with `answer(command)` and records the commands. */
function fakeClient(answer: (command: unknown) => unknown): KinesisAnalyticsClient & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    send: (async (command: unknown) => {
      sent.push(command);
      return answer(command);
    }) as KinesisAnalyticsClient['send'],
  };
}

function adapter(client: KinesisAnalyticsClient, refs: ApplicationRef[] = []) {
  return new KinesisAnalyticsApplications({
    clientFor: (ref) => {
      refs.push(ref);
      return client;
    },
    log: new MemoryLog(),
    pageSize: 2,
  });
}

describe('KinesisAnalyticsApplications', () => {
  it('describes an application with its property groups, through the client of its account', async () => {
    // Prepare
    const refs: ApplicationRef[] = [];
    const client = fakeClient(() => ({
      ApplicationDetail: {
        ApplicationARN: 'arn:aws:kinesisanalytics:eu-west-1:333333333333:application/orders-enricher',
        ApplicationName: 'orders-enricher',
        ApplicationStatus: 'RUNNING',
        ApplicationVersionId: 4,
        RuntimeEnvironment: 'FLINK-1_20',
        ApplicationMode: 'STREAMING',
        ApplicationConfigurationDescription: {
          EnvironmentPropertyDescriptions: {
            PropertyGroupDescriptions: [
              { PropertyGroupId: 'streamgov.lineage', PropertyMap: { 'input.topics': 'orders' } },
            ],
          },
        },
      },
    }));

    // Act
    const app = await adapter(client, refs).describe(REF);

    // Assess
    expect(app).toEqual({
      arn: 'arn:aws:kinesisanalytics:eu-west-1:333333333333:application/orders-enricher',
      name: 'orders-enricher',
      versionId: 4,
      status: 'RUNNING',
      runtime: 'FLINK-1_20',
      mode: 'STREAMING',
      propertyGroups: [{ id: 'streamgov.lineage', properties: { 'input.topics': 'orders' } }],
    });
    expect(refs).toEqual([REF]);
    expect(client.sent[0]).toBeInstanceOf(DescribeApplicationCommand);
  });

  it('lists operations of every page, oldest first', async () => {
    // Prepare
    const pages: Record<string, unknown> = {
      first: {
        ApplicationOperationInfoList: [
          {
            OperationId: 'op-3',
            Operation: 'StopApplication',
            OperationStatus: 'SUCCESSFUL',
            StartTime: new Date(3000),
          },
          {
            OperationId: 'op-1',
            Operation: 'StartApplication',
            OperationStatus: 'SUCCESSFUL',
            StartTime: new Date(1000),
          },
        ],
        NextToken: 'next',
      },
      next: {
        ApplicationOperationInfoList: [
          {
            OperationId: 'op-2',
            Operation: 'UpdateApplication',
            OperationStatus: 'FAILED',
            StartTime: new Date(2000),
          },
        ],
      },
    };
    const client = fakeClient(
      (command) => pages[(command as ListApplicationOperationsCommand).input.NextToken ?? 'first'],
    );

    // Act
    const operations = await adapter(client).listOperations(REF);

    // Assess
    expect(operations.map((o) => `${o.id}:${o.operation}:${o.status}`)).toEqual([
      'op-1:StartApplication:SUCCESSFUL',
      'op-2:UpdateApplication:FAILED',
      'op-3:StopApplication:SUCCESSFUL',
    ]);
    expect(client.sent).toHaveLength(2);
    expect((client.sent[0] as ListApplicationOperationsCommand).input).toEqual({
      ApplicationName: 'orders-enricher',
      Limit: 2,
    });
  });

  it.each([
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({ message: 'gone', $metadata: { httpStatusCode: 400 } }),
      ApplicationNotFoundError,
    ],
    [
      'throttling',
      Object.assign(new Error('slow down'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
      TransientAwsError,
    ],
    [
      'access denied',
      Object.assign(new Error('denied'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
      AwsCallError,
    ],
  ])('translates %s into a named error with the SDK error as cause', async (_case, sdkError, expected) => {
    // Prepare
    const client = fakeClient(() => {
      throw sdkError;
    });

    // Act
    const describeError = await adapter(client)
      .describe(REF)
      .catch((e: unknown) => e);
    const listError = await adapter(client)
      .listOperations(REF)
      .catch((e: unknown) => e);

    // Assess
    for (const error of [describeError, listError]) {
      expect(error).toBeInstanceOf(expected);
      expect((error as Error).cause).toBe(sdkError);
      expect((error as Error).message).toContain('orders-enricher');
    }
  });

  it('throws IncompleteApplicationError when DescribeApplication lacks the version', async () => {
    // Prepare
    const client = fakeClient(() => ({
      ApplicationDetail: {
        ApplicationARN: 'arn',
        ApplicationStatus: 'RUNNING',
        RuntimeEnvironment: 'FLINK-1_20',
      },
    }));

    // Act
    const error = await adapter(client)
      .describe(REF)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(IncompleteApplicationError);
  });
});
