/** Rule operations of the default bus: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule. */
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, num, required, str, validated } from '../../cloud/validate.ts';
import { resolveOwnBus } from './bus.ts';
import { invalidEventPattern, invalidNextToken, ruleNotFound, validationError } from './errors.ts';
import { PatternError, parseEventPattern } from './event-pattern.ts';
import { parseSchedule } from './schedule-expression.ts';
import { type EventsState, type RuleRecord, type RuleStateValue, ruleArn } from './state.ts';

type Ctx = CallContext<EventsState>;

export const ruleName = str({ min: 1, max: 64, pattern: anchored('[\\.\\-_A-Za-z0-9]+') });
export const eventBusName = str({
  min: 1,
  max: 1600,
  pattern: anchored(
    '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
  ),
});
export const nextToken = str({ min: 1, max: 2048 });
export const limit = num({ min: 1, max: 100 });

/** Page size when the caller gives no Limit (small on purpose: callers must paginate). */
export const DEFAULT_PAGE = 50;

/** The rule `name` of the caller's default bus. @throws ResourceNotFoundException */
export function findRule(ctx: Ctx, name: string, bus: string): RuleRecord {
  const rule = ctx.state.rules[name];
  if (!rule) throw ruleNotFound(name, bus);
  return rule;
}

function isEnabled(state: RuleStateValue): boolean {
  return state !== 'DISABLED';
}

function describe(rule: RuleRecord) {
  const { Name, Arn, EventPattern, ScheduleExpression, State, Description, RoleArn, EventBusName } = rule;
  const described = {
    Name,
    Arn,
    EventPattern,
    ScheduleExpression,
    State,
    Description,
    RoleArn,
    EventBusName,
  };
  return Object.fromEntries(Object.entries(described).filter(([, value]) => value !== undefined));
}

interface PutRuleInput {
  readonly Name: string;
  readonly ScheduleExpression?: string;
  readonly EventPattern?: string;
  readonly State?: RuleStateValue;
  readonly Description?: string;
  readonly RoleArn?: string;
  readonly EventBusName?: string;
}

export const putRule = validated(
  {
    Name: required(ruleName),
    ScheduleExpression: str({ max: 256 }),
    EventPattern: str({ max: 4096 }),
    State: str({ enum: ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] }),
    Description: str({ max: 512 }),
    RoleArn: str({ min: 1, max: 1600 }),
    EventBusName: eventBusName,
  },
  (input: PutRuleInput, ctx: Ctx) => {
    const bus = resolveOwnBus(ctx.caller, input.EventBusName);
    if (input.EventPattern === undefined && input.ScheduleExpression === undefined) {
      throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.EventPattern !== undefined) {
      try {
        parseEventPattern(input.EventPattern);
      } catch (error) {
        if (error instanceof PatternError) throw invalidEventPattern(error.message);
        throw error;
      }
    }
    if (input.ScheduleExpression !== undefined && !parseSchedule(input.ScheduleExpression)) {
      throw validationError('Parameter ScheduleExpression is not valid.');
    }
    const previous = ctx.state.rules[input.Name];
    const state = input.State ?? 'ENABLED';
    const now = ctx.cloud.now().toISOString();
    const restartSchedule =
      !previous ||
      previous.ScheduleExpression !== input.ScheduleExpression ||
      (!isEnabled(previous.State) && isEnabled(state));
    const rule: RuleRecord = {
      Name: input.Name,
      Arn: ruleArn(ctx.caller.account, ctx.caller.region, input.Name),
      EventBusName: bus,
      ...(input.EventPattern !== undefined ? { EventPattern: input.EventPattern } : {}),
      ...(input.ScheduleExpression !== undefined ? { ScheduleExpression: input.ScheduleExpression } : {}),
      State: state,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      ...(input.RoleArn !== undefined ? { RoleArn: input.RoleArn } : {}),
      CreatedBy: previous?.CreatedBy ?? ctx.caller.account,
      targets: previous?.targets ?? [],
    };
    if (rule.ScheduleExpression !== undefined) {
      const anchor = restartSchedule ? now : previous?.scheduleAnchor;
      if (anchor !== undefined) rule.scheduleAnchor = anchor;
      if (!restartSchedule && previous?.lastFiredAt !== undefined) rule.lastFiredAt = previous.lastFiredAt;
    }
    ctx.state.rules[input.Name] = rule;
    return { RuleArn: rule.Arn };
  },
);

export const describeRule = validated(
  { Name: required(ruleName), EventBusName: eventBusName },
  (input: { Name: string; EventBusName?: string }, ctx: Ctx) => {
    const bus = resolveOwnBus(ctx.caller, input.EventBusName);
    const rule = findRule(ctx, input.Name, bus);
    return { ...describe(rule), CreatedBy: rule.CreatedBy };
  },
);

export const listRules = validated(
  { NamePrefix: ruleName, EventBusName: eventBusName, NextToken: nextToken, Limit: limit },
  (input: { NamePrefix?: string; EventBusName?: string; NextToken?: string; Limit?: number }, ctx: Ctx) => {
    resolveOwnBus(ctx.caller, input.EventBusName);
    const rules = Object.values(ctx.state.rules).filter((r) => r.Name.startsWith(input.NamePrefix ?? ''));
    const page = paginate({
      items: rules,
      key: (rule) => rule.Name,
      sort: true,
      limit: input.Limit ?? DEFAULT_PAGE,
      token: input.NextToken,
      invalidToken: invalidNextToken,
    });
    return { Rules: page.items.map(describe), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },
);

export const deleteRule = validated(
  { Name: required(ruleName), EventBusName: eventBusName },
  (input: { Name: string; EventBusName?: string; Force?: boolean }, ctx: Ctx) => {
    resolveOwnBus(ctx.caller, input.EventBusName);
    const rule = ctx.state.rules[input.Name];
    if (!rule) return {};
    if (rule.targets.length > 0) throw validationError("Rule can't be deleted since it has targets.");
    delete ctx.state.rules[input.Name];
    return {};
  },
);

function setState(enabled: boolean) {
  return validated(
    { Name: required(ruleName), EventBusName: eventBusName },
    (input: { Name: string; EventBusName?: string }, ctx: Ctx) => {
      const bus = resolveOwnBus(ctx.caller, input.EventBusName);
      const rule = findRule(ctx, input.Name, bus);
      if (enabled && !isEnabled(rule.State)) {
        rule.scheduleAnchor = ctx.cloud.now().toISOString();
        delete rule.lastFiredAt;
      }
      if (enabled !== isEnabled(rule.State)) rule.State = enabled ? 'ENABLED' : 'DISABLED';
      return {};
    },
  );
}

export const enableRule = setState(true);
export const disableRule = setState(false);
