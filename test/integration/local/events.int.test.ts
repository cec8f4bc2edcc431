import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  type EventBridgeClient,
  EventBridgeServiceException,
  InvalidEventPatternException,
  LimitExceededException,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsService } from '../../../local/src/services/events/index.ts';
import type { EventsState } from '../../../local/src/services/events/state.ts';
import { lambdaService, registerLocalFunction } from '../../../local/src/services/lambda/index.ts';
import { startTestCloud, TEST_REGION, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
let cloud: TestCloud;
let events: EventBridgeClient;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [eventsService, lambdaService], defaultAccount: ACCOUNT });
  events = cloud.clients().eventBridge();
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

describe('events over HTTP', () => {
  it('puts, describes, lists in pages and deletes rules', async () => {
    // Prepare
    const pattern = JSON.stringify({ source: ['custom.int'] });
    for (const name of ['int-b', 'int-a', 'int-c']) {
      await events.send(new PutRuleCommand({ Name: name, EventPattern: pattern }));
    }
    // Act
    const described = await events.send(new DescribeRuleCommand({ Name: 'int-a' }));
    const first = await events.send(new ListRulesCommand({ NamePrefix: 'int-', Limit: 2 }));
    const second = await events.send(
      new ListRulesCommand({ NamePrefix: 'int-', Limit: 2, NextToken: first.NextToken }),
    );
    await events.send(new DeleteRuleCommand({ Name: 'int-c' }));
    // Assess
    expect(described).toMatchObject({
      Name: 'int-a',
      Arn: `arn:aws:events:${TEST_REGION}:${ACCOUNT}:rule/int-a`,
      EventPattern: pattern,
      State: 'ENABLED',
      EventBusName: 'default',
    });
    expect(first.Rules?.map((r) => r.Name)).toEqual(['int-a', 'int-b']);
    expect(second.Rules?.map((r) => r.Name)).toEqual(['int-c']);
    expect(second.NextToken).toBeUndefined();
    const after = await events.send(new ListRulesCommand({ NamePrefix: 'int-' }));
    expect(after.Rules?.map((r) => r.Name)).toEqual(['int-a', 'int-b']);
  });

  it('throws the SDK exception classes with their HTTP statuses', async () => {
    const missing = await caught(events.send(new DescribeRuleCommand({ Name: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    expect((missing as Error).message).toBe('Rule nope does not exist on EventBus default.');

    const pattern = await caught(
      events.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' })),
    );
    expect(pattern).toBeInstanceOf(InvalidEventPatternException);
    expect((pattern as InvalidEventPatternException).$metadata.httpStatusCode).toBe(400);

    const schedule = await caught(
      events.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: 'rate(1 minutes)' })),
    );
    expect(schedule).toBeInstanceOf(EventBridgeServiceException);
    expect((schedule as EventBridgeServiceException).name).toBe('ValidationException');
    expect((schedule as EventBridgeServiceException).$metadata.httpStatusCode).toBe(400);

    await events.send(new PutRuleCommand({ Name: 'limit', EventPattern: '{"source":["x"]}' }));
    const tooMany = await caught(
      events.send(
        new PutTargetsCommand({
          Rule: 'limit',
          Targets: ['1', '2', '3', '4', '5', '6'].map((id) => ({
            Id: id,
            Arn: `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:f${id}`,
          })),
        }),
      ),
    );
    expect(tooMany).toBeInstanceOf(LimitExceededException);
    expect((tooMany as LimitExceededException).$metadata.httpStatusCode).toBe(400);
  });

  it('routes PutEvents to a Lambda target with an input transformer, and reports failed entries', async () => {
    // Prepare
    const received: unknown[] = [];
    await registerLocalFunction(
      cloud.cloud,
      ACCOUNT,
      TEST_REGION,
      { FunctionName: 'int-target' },
      async (event) => {
        received.push(event);
      },
    );
    await events.send(
      new PutRuleCommand({
        Name: 'route',
        EventPattern: JSON.stringify({ source: ['custom.route'], detail: { n: [{ numeric: ['>', 1] }] } }),
      }),
    );
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 'route',
        Targets: [
          {
            Id: 'fn',
            Arn: `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:int-target`,
            InputTransformer: { InputPathsMap: { n: '$.detail.n' }, InputTemplate: '{"n": <n>}' },
          },
        ],
      }),
    );
    // Act
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'custom.route',
            DetailType: 'T',
            Detail: '{"n": 2}',
            Time: new Date('2026-01-01T00:00:00Z'),
          },
          { Source: 'custom.route', DetailType: 'T', Detail: '{"n": 1}' },
          { Source: 'aws.glue', DetailType: 'T', Detail: '{}' },
        ],
      }),
    );
    await cloud.cloud.settle();
    // Assess
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries?.[2]).toEqual({
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    });
    expect(received).toEqual([{ n: 2 }]);
    const state = cloud.cloud.stateOf<EventsState>('events', ACCOUNT, TEST_REGION);
    expect(state.deliveries.filter((d) => d.targetId === 'fn').map((d) => d.outcome)).toEqual(['delivered']);
  });

  it('lists and removes targets', async () => {
    await events.send(new PutRuleCommand({ Name: 'targets', EventPattern: '{"source":["x"]}' }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'targets',
        Targets: [
          {
            Id: 'a',
            Arn: `arn:aws:states:${TEST_REGION}:${ACCOUNT}:stateMachine:sm`,
            Input: '{"k":1}',
            RetryPolicy: { MaximumRetryAttempts: 0 },
          },
          {
            Id: 'b',
            Arn: `arn:aws:states:${TEST_REGION}:${ACCOUNT}:stateMachine:sm`,
            DeadLetterConfig: { Arn: `arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:dlq` },
          },
        ],
      }),
    );
    const first = await events.send(new ListTargetsByRuleCommand({ Rule: 'targets', Limit: 1 }));
    const second = await events.send(
      new ListTargetsByRuleCommand({ Rule: 'targets', Limit: 1, NextToken: first.NextToken }),
    );
    expect(first.Targets).toEqual([
      {
        Id: 'a',
        Arn: `arn:aws:states:${TEST_REGION}:${ACCOUNT}:stateMachine:sm`,
        Input: '{"k":1}',
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    ]);
    expect(second.Targets?.[0]?.DeadLetterConfig?.Arn).toBe(`arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:dlq`);
    await events.send(new RemoveTargetsCommand({ Rule: 'targets', Ids: ['a', 'b'] }));
    const after = await events.send(new ListTargetsByRuleCommand({ Rule: 'targets' }));
    expect(after.Targets).toEqual([]);
  });
});
