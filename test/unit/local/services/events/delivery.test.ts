import { describe, expect, it } from 'vitest';
import { registerLocalFunction } from '../../../../../local/src/services/lambda/index.ts';
import { ACCOUNT, harness, machineArn, OTHER_ACCOUNT, REGION } from './support.ts';

const entry = (detail: object = { topic: 'orders' }) => ({
  Source: 'custom.app',
  DetailType: 'Topic Changed',
  Detail: JSON.stringify(detail),
  Resources: ['arn:aws:kafka:eu-west-1:111111111111:topic/c/orders'],
});

describe('PutEvents', () => {
  it('answers an EventId per entry and failures per entry as AWS does', async () => {
    // Prepare
    const h = harness();
    // Act
    const result = await h.call<{ FailedEntryCount: number; Entries: Record<string, string>[] }>(
      'PutEvents',
      {
        Entries: [
          entry(),
          { ...entry(), Source: 'aws.datazone' },
          { ...entry(), Detail: '{not json' },
          { ...entry(), Detail: '[1,2]' },
          { DetailType: 'x', Detail: '{}' },
          { Source: 's', Detail: '{}' },
          { Source: 's', DetailType: 'x' },
          { ...entry(), EventBusName: 'custom-bus' },
        ],
      },
    );
    // Assess
    expect(result.FailedEntryCount).toBe(7);
    expect(result.Entries[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries.slice(1)).toEqual([
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus custom-bus does not exist.' },
    ]);
  });

  it('throws ValidationException for more than 10 entries or more than 256 KB', async () => {
    const h = harness();
    await expect(
      h.call('PutEvents', { Entries: Array.from({ length: 11 }, () => entry()) }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(/Entries/),
    });
    await expect(h.call('PutEvents', { Entries: [] })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(
      h.call('PutEvents', { Entries: [entry({ big: 'x'.repeat(262_144) })] }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('delivers a matching event to a state machine with the transformed input, in the target account', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', {
      Name: 'r1',
      EventPattern: JSON.stringify({ source: ['custom.app'], detail: { topic: [{ prefix: 'ord' }] } }),
    });
    await h.call('PutTargets', {
      Rule: 'r1',
      Targets: [
        {
          Id: 'sm',
          Arn: machineArn('workflow', OTHER_ACCOUNT),
          InputTransformer: {
            InputPathsMap: { t: '$.detail.topic' },
            InputTemplate: '{"topic": <t>, "rule": "<aws.events.rule-name>"}',
          },
        },
      ],
    });
    // Act
    await h.call('PutEvents', {
      Entries: [
        entry(),
        entry({ topic: 'payments' }),
        { ...entry(), Time: new Date('2026-02-03T04:05:06.789Z') },
      ],
    });
    await h.cloud.settle();
    // Assess
    expect(h.started(OTHER_ACCOUNT)).toEqual([
      {
        stateMachineArn: machineArn('workflow', OTHER_ACCOUNT),
        input: '{"topic": "orders", "rule": "r1"}',
        account: OTHER_ACCOUNT,
      },
      {
        stateMachineArn: machineArn('workflow', OTHER_ACCOUNT),
        input: '{"topic": "orders", "rule": "r1"}',
        account: OTHER_ACCOUNT,
      },
    ]);
    expect(h.events().matchedEvents).toBe(2);
    expect(h.events().unmatchedEvents).toBe(1);
    expect(h.events().deliveries.map((d) => [d.targetId, d.outcome, d.attempts])).toEqual([
      ['sm', 'delivered', 1],
      ['sm', 'delivered', 1],
    ]);
  });

  it('builds the event envelope from the entry', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['custom.app'] }) });
    await h.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 'sm', Arn: machineArn('wf') }] });
    // Act
    const put = await h.call<{ Entries: { EventId: string }[] }>('PutEvents', {
      Entries: [{ ...entry(), Time: new Date('2026-02-03T04:05:06.789Z') }],
    });
    await h.cloud.settle();
    // Assess
    expect(JSON.parse(h.started()[0]?.input ?? '')).toEqual({
      version: '0',
      id: put.Entries[0]?.EventId,
      'detail-type': 'Topic Changed',
      source: 'custom.app',
      account: ACCOUNT,
      time: '2026-02-03T04:05:06Z',
      region: REGION,
      resources: ['arn:aws:kafka:eu-west-1:111111111111:topic/c/orders'],
      detail: { topic: 'orders' },
    });
  });
});

describe('DeliverEvent', () => {
  it('routes events the cloud emits (aws.* sources) to enabled rules only', async () => {
    // Prepare
    const h = harness();
    const rule = JSON.stringify({
      source: ['aws.datazone'],
      'detail-type': ['Subscription Grant Requested'],
    });
    await h.call('PutRule', { Name: 'on', EventPattern: rule });
    await h.call('PutRule', { Name: 'off', EventPattern: rule, State: 'DISABLED' });
    await h.call('PutTargets', {
      Rule: 'on',
      Targets: [{ Id: 't', Arn: machineArn('on'), InputPath: '$.detail' }],
    });
    await h.call('PutTargets', { Rule: 'off', Targets: [{ Id: 't', Arn: machineArn('off') }] });
    // Act
    h.cloud.emitEvent({
      source: 'aws.datazone',
      'detail-type': 'Subscription Grant Requested',
      account: ACCOUNT,
      region: REGION,
      resources: [],
      detail: { metadata: { domain: 'dzd_1' } },
    });
    await h.cloud.settle();
    // Assess
    expect(h.started()).toEqual([
      { stateMachineArn: machineArn('on'), input: '{"metadata":{"domain":"dzd_1"}}', account: ACCOUNT },
    ]);
  });

  it('answers the names of the rules that matched', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['s'] }) });
    const result = await h.call('DeliverEvent', {
      version: '0',
      id: 'e1',
      'detail-type': 'd',
      source: 's',
      account: ACCOUNT,
      time: '2026-01-01T00:00:00Z',
      region: REGION,
      resources: [],
      detail: {},
    });
    expect(result).toEqual({ MatchedRules: ['r1'] });
  });

  it('invokes a Lambda target asynchronously', async () => {
    // Prepare
    const h = harness();
    const received: unknown[] = [];
    await registerLocalFunction(h.cloud, ACCOUNT, REGION, { FunctionName: 'fn' }, async (event) => {
      received.push(event);
      return 'ok';
    });
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['custom.app'] }) });
    await h.call('PutTargets', {
      Rule: 'r1',
      Targets: [
        { Id: 'fn', Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn`, Input: '{"constant":1}' },
      ],
    });
    // Act
    await h.call('PutEvents', { Entries: [entry()] });
    await h.cloud.settle();
    // Assess
    expect(received).toEqual([{ constant: 1 }]);
  });

  it('retries throttling and records the attempts', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['custom.app'] }) });
    await h.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 'f', Arn: machineArn('flaky-1') }] });
    await h.call('PutEvents', { Entries: [entry()] });
    await h.cloud.settle();
    expect(h.events().deliveries).toMatchObject([{ targetId: 'f', outcome: 'delivered', attempts: 3 }]);
    expect(h.events().deadLetters).toEqual([]);
  });

  it('sends a failed delivery to the dead-letter queue after the retry policy', async () => {
    // Prepare
    const h = harness();
    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`;
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['custom.app'] }) });
    await h.call('PutTargets', {
      Rule: 'r1',
      Targets: [
        {
          Id: 'broken',
          Arn: machineArn('broken-1'),
          DeadLetterConfig: { Arn: dlq },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
        {
          Id: 'flaky',
          Arn: machineArn('flaky-2'),
          DeadLetterConfig: { Arn: dlq },
          RetryPolicy: { MaximumRetryAttempts: 1 },
        },
        { Id: 'nodlq', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:queue` },
      ],
    });
    // Act
    await h.call('PutEvents', { Entries: [entry()] });
    await h.cloud.settle();
    // Assess
    const { deliveries, deadLetters } = h.events();
    expect(deliveries.map((d) => [d.targetId, d.outcome, d.attempts]).sort()).toEqual([
      ['broken', 'failed', 1],
      ['flaky', 'failed', 2],
      ['nodlq', 'failed', 1],
    ]);
    expect(deadLetters.map((d) => [d.targetId, d.queueArn, d.error.split(':')[0]]).sort()).toEqual([
      ['broken', dlq, 'StateMachineDoesNotExist'],
      ['flaky', dlq, 'ThrottlingException'],
      ['nodlq', undefined, 'ValidationException'],
    ]);
    expect(deadLetters[0]?.event.source).toBe('custom.app');
  });

  it('forwards to another account default bus once, and not back again', async () => {
    // Prepare
    const h = harness();
    const other = h.cloud.rootCaller(OTHER_ACCOUNT, REGION);
    const pattern = JSON.stringify({ source: ['custom.app'] });
    await h.call('PutRule', { Name: 'out', EventPattern: pattern });
    await h.call('PutTargets', {
      Rule: 'out',
      Targets: [{ Id: 'bus', Arn: `arn:aws:events:${REGION}:${OTHER_ACCOUNT}:event-bus/default` }],
    });
    await h.call('PutRule', { Name: 'in', EventPattern: pattern }, other);
    await h.call(
      'PutTargets',
      {
        Rule: 'in',
        Targets: [
          { Id: 'sm', Arn: machineArn('remote', OTHER_ACCOUNT) },
          { Id: 'back', Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default` },
        ],
      },
      other,
    );
    // Act
    await h.call('PutEvents', { Entries: [entry()] });
    await h.cloud.settle();
    // Assess
    expect(h.started(OTHER_ACCOUNT)).toHaveLength(1);
    expect(h.events(OTHER_ACCOUNT).deadLetters.map((d) => d.targetId)).toEqual(['back']);
    expect(h.events(OTHER_ACCOUNT).deadLetters[0]?.error).toMatch(/not forwarded again/);
  });

  it('fails a target that is its own bus or a bus that does not exist', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['custom.app'] }) });
    await h.call('PutTargets', {
      Rule: 'r1',
      Targets: [
        { Id: 'self', Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default` },
        { Id: 'custom', Arn: `arn:aws:events:${REGION}:${OTHER_ACCOUNT}:event-bus/custom` },
      ],
    });
    await h.call('PutEvents', { Entries: [entry()] });
    await h.cloud.settle();
    const errors = Object.fromEntries(h.events().deadLetters.map((d) => [d.targetId, d.error]));
    expect(errors.self).toMatch(/cannot forward events to itself/);
    expect(errors.custom).toMatch(/ResourceNotFoundException/);
  });

  it('keeps only the last 1,000 deliveries', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: JSON.stringify({ source: ['custom.app'] }) });
    await h.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 't', Arn: machineArn('sm') }] });
    for (let i = 0; i < 101; i++)
      await h.call('PutEvents', { Entries: Array.from({ length: 10 }, () => entry()) });
    await h.cloud.settle();
    expect(h.events().deliveries).toHaveLength(1_000);
    expect(h.started()).toHaveLength(1_010);
  });
});
