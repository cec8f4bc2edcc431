import { describe, expect, it } from 'vitest';
import {
  latestDueTime,
  parseSchedule,
} from '../../../../../local/src/services/events/schedule-expression.ts';

const ms = (iso: string) => Date.parse(iso);

describe('parseSchedule', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('parses %s', (expression, periodMs) => {
    expect(parseSchedule(expression)).toEqual({ kind: 'rate', periodMs });
  });

  it.each([
    'cron(0 12 * * ? *)',
    'cron(15 10 ? * 6L 2026-2030)',
    'cron(0/15 * * * ? *)',
    'cron(0 8 1 * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 10 L * ? *)',
    'cron(0 10 LW * ? *)',
    'cron(0 10 15W * ? *)',
    'cron(0 10 ? * 2#1 *)',
    'cron(0,30 9-17 ? JAN,JUL * *)',
  ])('accepts %s', (expression) => {
    expect(parseSchedule(expression)?.kind).toBe('cron');
  });

  it.each([
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(5 weeks)',
    'rate(five minutes)',
    'cron(0 12 * * * *)',
    'cron(0 12 ? * ? *)',
    'cron(0 12 * *)',
    'cron(60 12 * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 12 32 * ? *)',
    'cron(0 12 ? 13 * *)',
    'cron(0 12 ? * 8 *)',
    'cron(0 12 ? * FOO *)',
    'cron(*/0 * * * ? *)',
    'every 5 minutes',
  ])('rejects %s', (expression) => {
    expect(parseSchedule(expression)).toBeUndefined();
  });
});

describe('latestDueTime', () => {
  it('fires a rate schedule every period after its anchor', () => {
    // Prepare
    const schedule = parseSchedule('rate(5 minutes)');
    if (!schedule) throw new Error('invalid');
    const anchorMs = ms('2026-01-01T00:00:00Z');
    // Act
    const first = latestDueTime(schedule, { anchorMs, afterMs: anchorMs, nowMs: ms('2026-01-01T00:04:59Z') });
    const due = latestDueTime(schedule, { anchorMs, afterMs: anchorMs, nowMs: ms('2026-01-01T00:12:00Z') });
    const again = latestDueTime(schedule, {
      anchorMs,
      afterMs: ms('2026-01-01T00:10:00Z'),
      nowMs: ms('2026-01-01T00:12:00Z'),
    });
    // Assess
    expect(first).toBeUndefined();
    expect(due).toBe(ms('2026-01-01T00:10:00Z'));
    expect(again).toBeUndefined();
  });

  it.each([
    ['cron(0 12 * * ? *)', '2026-03-10T08:00:00Z', '2026-03-11T13:30:00Z', '2026-03-11T12:00:00Z'],
    ['cron(0/15 * * * ? *)', '2026-03-10T08:00:00Z', '2026-03-10T08:44:59Z', '2026-03-10T08:30:00Z'],
    ['cron(0 18 ? * MON-FRI *)', '2026-03-13T19:00:00Z', '2026-03-15T23:00:00Z', undefined],
    ['cron(0 18 ? * MON-FRI *)', '2026-03-13T19:00:00Z', '2026-03-16T18:00:00Z', '2026-03-16T18:00:00Z'],
    ['cron(0 10 L * ? *)', '2026-02-01T00:00:00Z', '2026-03-05T00:00:00Z', '2026-02-28T10:00:00Z'],
    ['cron(0 10 LW * ? *)', '2026-05-01T00:00:00Z', '2026-06-05T00:00:00Z', '2026-05-29T10:00:00Z'],
    ['cron(0 10 1W * ? *)', '2026-08-01T00:00:00Z', '2026-08-10T00:00:00Z', '2026-08-03T10:00:00Z'],
    ['cron(0 10 ? * 2#1 *)', '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', '2026-03-02T10:00:00Z'],
    ['cron(0 10 ? * 6L *)', '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', '2026-03-27T10:00:00Z'],
    ['cron(0 10 1 1 ? 2027)', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z', undefined],
  ])('%s after %s until %s fires at %s', (expression, after, now, expected) => {
    // Prepare
    const schedule = parseSchedule(expression);
    if (!schedule) throw new Error('invalid');
    // Act
    const due = latestDueTime(schedule, { anchorMs: ms(after), afterMs: ms(after), nowMs: ms(now) });
    // Assess
    expect(due).toBe(expected === undefined ? undefined : ms(expected));
  });
});
