/** EventBridge state for one account and region: the default bus's rules, delivery logs, dead letters. */
import type { CloudEvent } from '../../cloud/types.ts';

/** A rule target as PutTargets stored it (SDK Target members this local cloud honours). */
export interface TargetRecord {
  readonly Id: string;
  readonly Arn: string;
  readonly RoleArn?: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: {
    readonly InputPathsMap?: Record<string, string>;
    readonly InputTemplate: string;
  };
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly RetryPolicy?: {
    readonly MaximumRetryAttempts?: number;
    readonly MaximumEventAgeInSeconds?: number;
  };
}

export type RuleStateValue = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface RuleRecord {
  readonly Name: string;
  readonly Arn: string;
  readonly EventBusName: string;
  readonly EventPattern?: string;
  readonly ScheduleExpression?: string;
  State: RuleStateValue;
  readonly Description?: string;
  readonly RoleArn?: string;
  readonly CreatedBy: string;
  targets: TargetRecord[];
  /** ISO time the schedule counts from (creation, schedule change or re-enabling). */
  scheduleAnchor?: string;
  /** ISO time of the last scheduled event fired. */
  lastFiredAt?: string;
}

export type DeliveryOutcome = 'delivered' | 'failed';

/** One attempt series of one event to one target. */
export interface DeliveryRecord {
  readonly time: string;
  readonly eventId: string;
  readonly ruleArn: string;
  readonly targetId: string;
  readonly targetArn: string;
  readonly outcome: DeliveryOutcome;
  readonly attempts: number;
  readonly error?: string;
}

/**
 * An event a target could not take after its retry policy. `queueArn` is the target's dead-letter
 * queue; without one AWS drops the event, and this local cloud keeps it here with `queueArn` absent.
 */
export interface DeadLetterRecord {
  readonly time: string;
  readonly queueArn?: string;
  readonly ruleArn: string;
  readonly targetId: string;
  readonly targetArn: string;
  readonly event: CloudEvent;
  readonly error: string;
}

export interface EventsState {
  rules: Record<string, RuleRecord>;
  /** The last MAX_DELIVERIES deliveries, oldest first. */
  deliveries: DeliveryRecord[];
  deadLetters: DeadLetterRecord[];
  matchedEvents: number;
  unmatchedEvents: number;
}

export const MAX_DELIVERIES = 1_000;
export const DEFAULT_BUS = 'default';

export function initialEventsState(): EventsState {
  return { rules: {}, deliveries: [], deadLetters: [], matchedEvents: 0, unmatchedEvents: 0 };
}

export function busArn(account: string, region: string, bus = DEFAULT_BUS): string {
  return `arn:aws:events:${region}:${account}:event-bus/${bus}`;
}

export function ruleArn(account: string, region: string, name: string): string {
  return `arn:aws:events:${region}:${account}:rule/${name}`;
}

/** Appends to the bounded delivery log. */
export function recordDelivery(state: EventsState, record: DeliveryRecord): void {
  state.deliveries.push(record);
  if (state.deliveries.length > MAX_DELIVERIES)
    state.deliveries.splice(0, state.deliveries.length - MAX_DELIVERIES);
}
