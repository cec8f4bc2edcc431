import { describe, expect, it } from 'vitest';
import { ACCOUNT, harness, machineArn, REGION } from './support.ts';

const pattern = JSON.stringify({ source: ['custom.app'] });

describe('events rules', () => {
  it('puts and describes a rule with AWS defaults', async () => {
    // Prepare
    const h = harness();
    // Act
    const put = await h.call('PutRule', { Name: 'r1', EventPattern: pattern, Description: 'd' });
    const described = await h.call('DescribeRule', { Name: 'r1' });
    // Assess
    expect(put).toEqual({ RuleArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/r1` });
    expect(described).toEqual({
      Name: 'r1',
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/r1`,
      EventPattern: pattern,
      State: 'ENABLED',
      Description: 'd',
      EventBusName: 'default',
      CreatedBy: ACCOUNT,
    });
  });

  it('accepts the default bus by name or by ARN', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern, EventBusName: 'default' });
    await h.call('PutRule', {
      Name: 'r2',
      EventPattern: pattern,
      EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
    });
    expect(Object.keys(h.events().rules)).toEqual(['r1', 'r2']);
  });

  it('replaces omitted fields on update but keeps targets', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern, Description: 'old', State: 'DISABLED' });
    await h.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 't1', Arn: machineArn('sm') }] });
    // Act
    await h.call('PutRule', { Name: 'r1', ScheduleExpression: 'rate(5 minutes)' });
    // Assess
    const described = await h.call('DescribeRule', { Name: 'r1' });
    expect(described).not.toHaveProperty('Description');
    expect(described).not.toHaveProperty('EventPattern');
    expect(described).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    expect(h.events().rules.r1?.targets).toHaveLength(1);
  });

  it.each([
    ['an invalid name', { Name: 'bad name', EventPattern: pattern }, 'ValidationException', /Name/],
    [
      'neither pattern nor schedule',
      { Name: 'r' },
      'ValidationException',
      /EventPattern or ScheduleExpression/,
    ],
    [
      'an invalid pattern',
      { Name: 'r', EventPattern: '{"source":"x"}' },
      'InvalidEventPatternException',
      /Event pattern is not valid/,
    ],
    [
      'an invalid schedule',
      { Name: 'r', ScheduleExpression: 'rate(1 minutes)' },
      'ValidationException',
      /ScheduleExpression is not valid/,
    ],
    ['an invalid state', { Name: 'r', EventPattern: pattern, State: 'ON' }, 'ValidationException', /State/],
    [
      'an unknown bus',
      { Name: 'r', EventPattern: pattern, EventBusName: 'custom' },
      'ResourceNotFoundException',
      /Event bus custom does not exist/,
    ],
  ])('throws when PutRule gets %s', async (_name, input, code, message) => {
    const h = harness();
    await expect(h.call('PutRule', input)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });

  it('throws ResourceNotFoundException for an unknown rule', async () => {
    const h = harness();
    for (const operation of ['DescribeRule', 'EnableRule', 'DisableRule']) {
      await expect(h.call(operation, { Name: 'nope' })).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
        message: 'Rule nope does not exist on EventBus default.',
      });
    }
  });

  it('lists rules by prefix in pages', async () => {
    // Prepare
    const h = harness();
    for (const name of ['a-3', 'a-1', 'b-1', 'a-2'])
      await h.call('PutRule', { Name: name, EventPattern: pattern });
    // Act
    const first = await h.call<{ Rules: { Name: string }[]; NextToken?: string }>('ListRules', {
      NamePrefix: 'a-',
      Limit: 2,
    });
    const second = await h.call<{ Rules: { Name: string }[]; NextToken?: string }>('ListRules', {
      NamePrefix: 'a-',
      Limit: 2,
      NextToken: first.NextToken,
    });
    const all = await h.call<{ Rules: { Name: string }[]; NextToken?: string }>('ListRules', {});
    // Assess
    expect(first.Rules.map((r) => r.Name)).toEqual(['a-1', 'a-2']);
    expect(first.NextToken).toBeDefined();
    expect(second.Rules.map((r) => r.Name)).toEqual(['a-3']);
    expect(second.NextToken).toBeUndefined();
    expect(all.Rules).toHaveLength(4);
  });

  it('throws ValidationException for an invalid NextToken or Limit', async () => {
    const h = harness();
    await expect(h.call('ListRules', { NextToken: 'garbage' })).rejects.toMatchObject({
      code: 'ValidationException',
    });
    await expect(h.call('ListRules', { Limit: 101 })).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('enables and disables a rule', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern });
    await h.call('DisableRule', { Name: 'r1' });
    expect(h.events().rules.r1?.State).toBe('DISABLED');
    await h.call('EnableRule', { Name: 'r1' });
    expect(h.events().rules.r1?.State).toBe('ENABLED');
  });

  it('refuses to delete a rule with targets, deletes it once they are removed, and ignores a missing rule', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern });
    await h.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 't1', Arn: machineArn('sm') }] });
    // Act
    const refused = h.call('DeleteRule', { Name: 'r1' });
    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await h.call('RemoveTargets', { Rule: 'r1', Ids: ['t1'] });
    await h.call('DeleteRule', { Name: 'r1' });
    expect(h.events().rules).toEqual({});
    await expect(h.call('DeleteRule', { Name: 'r1' })).resolves.toEqual({});
  });
});

describe('events targets', () => {
  it('puts, replaces, lists in pages and removes targets', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern });
    // Act
    const put = await h.call('PutTargets', {
      Rule: 'r1',
      Targets: [
        { Id: 't3', Arn: machineArn('sm3'), Input: '{"a":1}' },
        { Id: 't1', Arn: machineArn('sm1'), InputPath: '$.detail' },
        {
          Id: 't2',
          Arn: machineArn('sm2'),
          InputTransformer: { InputPathsMap: { s: '$.source' }, InputTemplate: '"<s>"' },
        },
      ],
    });
    await h.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 't1', Arn: machineArn('other') }] });
    const first = await h.call<{ Targets: { Id: string; Arn: string }[]; NextToken?: string }>(
      'ListTargetsByRule',
      {
        Rule: 'r1',
        Limit: 2,
      },
    );
    const second = await h.call<{ Targets: { Id: string }[]; NextToken?: string }>('ListTargetsByRule', {
      Rule: 'r1',
      Limit: 2,
      NextToken: first.NextToken,
    });
    const removed = await h.call('RemoveTargets', { Rule: 'r1', Ids: ['t1', 'unknown'] });
    // Assess
    expect(put).toEqual({ FailedEntryCount: 0, FailedEntries: [] });
    expect(first.Targets).toEqual([
      { Id: 't1', Arn: machineArn('other') },
      {
        Id: 't2',
        Arn: machineArn('sm2'),
        InputTransformer: { InputPathsMap: { s: '$.source' }, InputTemplate: '"<s>"' },
      },
    ]);
    expect(second.Targets.map((t) => t.Id)).toEqual(['t3']);
    expect(second.NextToken).toBeUndefined();
    expect(removed).toEqual({ FailedEntryCount: 0, FailedEntries: [] });
    expect(h.events().rules.r1?.targets.map((t) => t.Id)).toEqual(['t3', 't2']);
  });

  it.each([
    ['two input kinds', { Id: 't', Arn: machineArn('sm'), Input: '{}', InputPath: '$' }, /only one of Input/],
    ['invalid Input JSON', { Id: 't', Arn: machineArn('sm'), Input: '{' }, /Input is not valid JSON/],
    [
      'an invalid InputPath',
      { Id: 't', Arn: machineArn('sm'), InputPath: 'detail' },
      /InputPath is not a valid JSON path/,
    ],
    [
      'a transformer key that is not a name',
      {
        Id: 't',
        Arn: machineArn('sm'),
        InputTransformer: { InputPathsMap: { 'aws.x': '$' }, InputTemplate: '{}' },
      },
      /InputPathsMap\.key/,
    ],
    ['a malformed ARN', { Id: 't', Arn: 'not-an-arn' }, /Provided Arn is not in correct format/],
    [
      'a retry policy out of range',
      { Id: 't', Arn: machineArn('sm'), RetryPolicy: { MaximumEventAgeInSeconds: 10 } },
      /MaximumEventAgeInSeconds/,
    ],
    ['a bad Id', { Id: 'bad id', Arn: machineArn('sm') }, /Id/],
  ])('throws ValidationException for %s', async (_name, target, message) => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern });
    await expect(h.call('PutTargets', { Rule: 'r1', Targets: [target] })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(message),
    });
  });

  it('throws for duplicate Ids, more than 5 targets and an unknown rule', async () => {
    const h = harness();
    await h.call('PutRule', { Name: 'r1', EventPattern: pattern });
    const target = (id: string) => ({ Id: id, Arn: machineArn(id) });
    await expect(
      h.call('PutTargets', { Rule: 'r1', Targets: [target('a'), target('a')] }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
    });
    await expect(
      h.call('PutTargets', { Rule: 'r1', Targets: ['a', 'b', 'c', 'd', 'e', 'f'].map(target) }),
    ).rejects.toMatchObject({ code: 'LimitExceededException' });
    for (const operation of ['PutTargets', 'RemoveTargets', 'ListTargetsByRule']) {
      await expect(
        h.call(operation, { Rule: 'nope', Targets: [target('a')], Ids: ['a'] }),
      ).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
      });
    }
  });
});
