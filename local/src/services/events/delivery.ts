/**
 * Event delivery: the internal DeliverEvent operation (match the default bus's rules, then deliver to
 * their targets) and delivery to one target with its retry policy, delivery log and dead letters.
 */
import { AwsError } from '../../cloud/errors.ts';
import type { CallContext, CloudEvent } from '../../cloud/types.ts';
import { parseBusArn } from './bus.ts';
import { type EventPattern, matchesPattern, parseEventPattern } from './event-pattern.ts';
import { targetInput } from './input-transform.ts';
import {
  DEFAULT_BUS,
  type EventsState,
  type RuleRecord,
  recordDelivery,
  type TargetRecord,
} from './state.ts';

type Ctx = CallContext<EventsState>;

/** AWS defaults of a target's RetryPolicy. */
const DEFAULT_MAX_RETRIES = 185;
/** How many cross-account forwarded event ids are remembered (to stop a second hop). */
const FORWARDED_MEMORY = 10_000;

const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:[^:]+$/;
const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:[^:]+(:[^:]+)?$/;

function describeError(error: unknown): string {
  if (error instanceof AwsError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Throttling and server-side faults are retried, as EventBridge does; client errors go straight to the DLQ. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof AwsError)) return false;
  return (
    (error.status ?? 400) >= 500 ||
    /Throttl|TooManyRequests|ServiceUnavailable|InternalFailure/.test(error.code)
  );
}

/** Ids of events that reached a bus from another account's bus, keyed `account/region/id`. */
function forwardedEvents(ctx: Ctx): Set<string> {
  return ctx.cloud.runtime('events:forwarded', () => new Set<string>());
}

function patternOf(ctx: Ctx, text: string): EventPattern {
  const cache = ctx.cloud.runtime('events:patterns', () => new Map<string, EventPattern>());
  let pattern = cache.get(text);
  if (!pattern) {
    pattern = parseEventPattern(text);
    cache.set(text, pattern);
  }
  return pattern;
}

async function forward(ctx: Ctx, arn: string, event: CloudEvent): Promise<void> {
  const target = parseBusArn(arn);
  if (!target || target.bus !== DEFAULT_BUS) {
    throw new AwsError('ResourceNotFoundException', `Event bus ${arn} does not exist.`);
  }
  const { account, region } = ctx.caller;
  if (target.account === account && target.region === region) {
    throw new AwsError('ValidationException', 'An event bus cannot forward events to itself.');
  }
  const forwarded = forwardedEvents(ctx);
  if (forwarded.has(`${account}/${region}/${event.id}`)) {
    throw new AwsError(
      'ValidationException',
      'Events received from another account are not forwarded again.',
    );
  }
  forwarded.add(`${target.account}/${target.region}/${event.id}`);
  if (forwarded.size > FORWARDED_MEMORY) forwarded.delete(forwarded.values().next().value as string);
  await ctx.cloud.call('events', 'DeliverEvent', event, ctx.cloud.rootCaller(target.account, target.region));
}

async function send(ctx: Ctx, arn: string, input: string, event: CloudEvent): Promise<void> {
  const stateMachine = STATE_MACHINE_ARN.exec(arn);
  if (stateMachine) {
    const caller = ctx.cloud.rootCaller(stateMachine[2] as string, stateMachine[1] as string);
    await ctx.cloud.call('states', 'StartExecution', { stateMachineArn: arn, input }, caller);
    return;
  }
  const fn = FUNCTION_ARN.exec(arn);
  if (fn) {
    const caller = ctx.cloud.rootCaller(fn[2] as string, fn[1] as string);
    const Payload = new TextEncoder().encode(input);
    await ctx.cloud.call('lambda', 'Invoke', { FunctionName: arn, InvocationType: 'Event', Payload }, caller);
    return;
  }
  if (parseBusArn(arn)) return forward(ctx, arn, event);
  throw new AwsError(
    'ValidationException',
    `Target ${arn} is of a type the streamgov local cloud does not deliver to.`,
  );
}

/**
 * Delivers `event` to one target of `rule`: its input transformation, its retry policy's
 * MaximumRetryAttempts (retries happen at once: the local cloud does not back off between attempts, so
 * MaximumEventAgeInSeconds, which counts from ingestion, is never reached), the delivery log, and on
 * final failure a dead letter (always recorded, with the target's DLQ ARN when it has one).
 */
export async function deliverToTarget(
  ctx: Ctx,
  { rule, target, event }: { rule: RuleRecord; target: TargetRecord; event: CloudEvent },
): Promise<void> {
  const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRIES;
  const base = { eventId: event.id, ruleArn: rule.Arn, targetId: target.Id, targetArn: target.Arn };
  let attempts = 0;
  let failure: unknown;
  try {
    const input = targetInput(target, event, { ruleArn: rule.Arn, ruleName: rule.Name });
    for (;;) {
      attempts++;
      try {
        await send(ctx, target.Arn, input, event);
        recordDelivery(ctx.state, {
          time: ctx.cloud.now().toISOString(),
          ...base,
          outcome: 'delivered',
          attempts,
        });
        return;
      } catch (error) {
        failure = error;
        if (!isRetryable(error) || attempts > maxRetries) break;
      }
    }
  } catch (error) {
    failure = error;
  }
  const time = ctx.cloud.now().toISOString();
  const error = describeError(failure);
  recordDelivery(ctx.state, { time, ...base, outcome: 'failed', attempts, error });
  const queueArn = target.DeadLetterConfig?.Arn;
  ctx.state.deadLetters.push({
    time,
    ...(queueArn !== undefined ? { queueArn } : {}),
    ruleArn: rule.Arn,
    targetId: target.Id,
    targetArn: target.Arn,
    event,
    error,
  });
}

/** Delivers `event` to every target of `rule`, concurrently. */
export async function deliverToRule(ctx: Ctx, rule: RuleRecord, event: CloudEvent): Promise<void> {
  await Promise.all(rule.targets.map((target) => deliverToTarget(ctx, { rule, target, event })));
}

/**
 * The internal DeliverEvent operation: `event` goes to every enabled rule of the caller's default bus
 * whose pattern matches it. Events that match no rule are only counted.
 */
export async function deliverEvent(event: CloudEvent, ctx: Ctx): Promise<{ MatchedRules: string[] }> {
  const matched = Object.values(ctx.state.rules).filter(
    (rule) =>
      rule.State !== 'DISABLED' &&
      rule.EventPattern !== undefined &&
      matchesPattern(patternOf(ctx, rule.EventPattern), event),
  );
  if (matched.length === 0) {
    ctx.state.unmatchedEvents++;
    return { MatchedRules: [] };
  }
  ctx.state.matchedEvents++;
  await Promise.all(matched.map((rule) => deliverToRule(ctx, rule, event)));
  return { MatchedRules: matched.map((rule) => rule.Name) };
}
