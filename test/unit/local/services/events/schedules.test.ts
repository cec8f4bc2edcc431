import { describe, expect, it } from 'vitest';
import { ACCOUNT, harness, machineArn, REGION } from './support.ts';

type Fired = { Fired: { RuleName: string; Time: string }[] };

describe('RunSchedules', () => {
  it('fires a due rate rule once per window with a Scheduled Event', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'every5', ScheduleExpression: 'rate(5 minutes)' });
    await h.call('PutTargets', { Rule: 'every5', Targets: [{ Id: 't', Arn: machineArn('sync') }] });
    // Act
    const early = await h.call<Fired>('RunSchedules', { now: '2026-01-01T00:04:00Z' });
    const due = await h.call<Fired>('RunSchedules', { now: '2026-01-01T00:11:00Z' });
    const again = await h.call<Fired>('RunSchedules', { now: '2026-01-01T00:12:00Z' });
    const next = await h.call<Fired>('RunSchedules', { now: '2026-01-01T00:15:00Z' });
    // Assess
    expect(early.Fired).toEqual([]);
    expect(due.Fired).toMatchObject([{ RuleName: 'every5', Time: '2026-01-01T00:10:00Z' }]);
    expect(again.Fired).toEqual([]);
    expect(next.Fired).toMatchObject([{ RuleName: 'every5', Time: '2026-01-01T00:15:00Z' }]);
    const event = JSON.parse(h.started()[0]?.input ?? '');
    expect(event).toMatchObject({
      version: '0',
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      account: ACCOUNT,
      region: REGION,
      time: '2026-01-01T00:10:00Z',
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/every5`],
      detail: {},
    });
    expect(h.started()).toHaveLength(2);
  });

  it('fires cron rules at their latest due time and uses the cloud clock by default', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'noon', ScheduleExpression: 'cron(0 12 * * ? *)' });
    await h.call('PutTargets', { Rule: 'noon', Targets: [{ Id: 't', Arn: machineArn('sync') }] });
    h.setNow('2026-01-03T13:00:00Z');
    // Act
    const fired = await h.call<Fired>('RunSchedules', {});
    // Assess
    expect(fired.Fired).toMatchObject([{ RuleName: 'noon', Time: '2026-01-03T12:00:00Z' }]);
  });

  it('skips disabled rules, pattern rules, and restarts the schedule when a rule is enabled again', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'sched', ScheduleExpression: 'rate(1 hour)' });
    await h.call('PutRule', { Name: 'pattern', EventPattern: JSON.stringify({ source: ['aws.events'] }) });
    await h.call('PutTargets', { Rule: 'pattern', Targets: [{ Id: 't', Arn: machineArn('pattern') }] });
    await h.call('DisableRule', { Name: 'sched' });
    // Act
    const whileDisabled = await h.call<Fired>('RunSchedules', { now: '2026-01-01T05:00:00Z' });
    h.setNow('2026-01-01T05:30:00Z');
    await h.call('EnableRule', { Name: 'sched' });
    const beforePeriod = await h.call<Fired>('RunSchedules', { now: '2026-01-01T06:00:00Z' });
    const afterPeriod = await h.call<Fired>('RunSchedules', { now: '2026-01-01T06:30:00Z' });
    // Assess
    expect(whileDisabled.Fired).toEqual([]);
    expect(beforePeriod.Fired).toEqual([]);
    expect(afterPeriod.Fired).toMatchObject([{ RuleName: 'sched', Time: '2026-01-01T06:30:00Z' }]);
    expect(h.started()).toEqual([]);
  });
});

describe('StartScheduler', () => {
  it('runs the schedules on a ticker until stopped', async () => {
    // Prepare
    const h = harness();
    await h.call('PutRule', { Name: 'tick', ScheduleExpression: 'rate(1 minute)' });
    await h.call('PutTargets', { Rule: 'tick', Targets: [{ Id: 't', Arn: machineArn('tick') }] });
    h.setNow('2026-01-01T00:01:00Z');
    // Act
    await h.call('StartScheduler', { IntervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await h.call('StopScheduler', {});
    await h.cloud.settle();
    h.setNow('2026-01-01T00:02:00Z');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Assess
    expect(h.started()).toHaveLength(1);
  });

  it('throws ValidationException for an interval below 1 ms', async () => {
    const h = harness();
    await expect(h.call('StartScheduler', { IntervalMs: 0 })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });
});
