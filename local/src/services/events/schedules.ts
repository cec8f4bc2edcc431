/**
 * Scheduled rules: the internal RunSchedules operation fires every due `rate()`/`cron()` rule of the
 * caller's default bus once (deterministic, for tests and the local deployment); StartScheduler and
 * StopScheduler run it on a real-time ticker.
 */
import { toEventTime } from '../../cloud/time.ts';
import type { CallContext, CloudEvent } from '../../cloud/types.ts';
import { num, validated } from '../../cloud/validate.ts';
import { deliverToRule } from './delivery.ts';
import { latestDueTime, parseSchedule } from './schedule-expression.ts';
import type { EventsState } from './state.ts';

type Ctx = CallContext<EventsState>;

const DEFAULT_TICK_MS = 10_000;

/**
 * Fires each enabled scheduled rule whose schedule came due after its last firing (or its anchor) and at
 * or before `now` (default: the cloud's clock). A rule fires at most once per run, with the latest due
 * time as the event time, as EventBridge does not replay missed schedules.
 */
export async function runSchedules(input: { now?: string | Date }, ctx: Ctx) {
  const nowMs = input.now === undefined ? ctx.cloud.now().getTime() : new Date(input.now).getTime();
  const fired: { RuleName: string; Time: string; EventId: string }[] = [];
  const deliveries: Promise<void>[] = [];
  for (const rule of Object.values(ctx.state.rules)) {
    if (rule.State === 'DISABLED' || rule.ScheduleExpression === undefined) continue;
    const schedule = parseSchedule(rule.ScheduleExpression);
    if (!schedule || rule.scheduleAnchor === undefined) continue;
    const anchorMs = Date.parse(rule.scheduleAnchor);
    const afterMs = rule.lastFiredAt === undefined ? anchorMs : Date.parse(rule.lastFiredAt);
    const due = latestDueTime(schedule, { afterMs, nowMs, anchorMs });
    if (due === undefined) continue;
    const time = toEventTime(new Date(due));
    rule.lastFiredAt = new Date(due).toISOString();
    const event: CloudEvent = {
      version: '0',
      id: ctx.cloud.newId(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ctx.caller.account,
      time,
      region: ctx.caller.region,
      resources: [rule.Arn],
      detail: {},
    };
    fired.push({ RuleName: rule.Name, Time: time, EventId: event.id });
    deliveries.push(deliverToRule(ctx, rule, event));
  }
  await Promise.all(deliveries);
  return { Fired: fired };
}

function tickers(ctx: Ctx): Map<string, NodeJS.Timeout> {
  return ctx.cloud.runtime('events:schedulers', () => new Map<string, NodeJS.Timeout>());
}

/** Starts (or restarts) a ticker that runs RunSchedules for the caller's account and region. */
export const startScheduler = validated(
  { IntervalMs: num({ min: 1 }) },
  (input: { IntervalMs?: number }, ctx: Ctx) => {
    const key = `${ctx.caller.account}/${ctx.caller.region}`;
    const running = tickers(ctx);
    clearInterval(running.get(key));
    const caller = ctx.caller;
    const cloud = ctx.cloud;
    const timer = setInterval(
      () => cloud.track(cloud.call('events', 'RunSchedules', {}, caller)),
      input.IntervalMs ?? DEFAULT_TICK_MS,
    );
    timer.unref();
    running.set(key, timer);
    return {};
  },
);

/** Stops the caller's ticker, if any. */
export function stopScheduler(_input: object, ctx: Ctx) {
  const key = `${ctx.caller.account}/${ctx.caller.region}`;
  const running = tickers(ctx);
  clearInterval(running.get(key));
  running.delete(key);
  return {};
}
