/** Target operations: PutTargets, RemoveTargets, ListTargetsByRule. */
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, list, map, num, required, str, struct, validated } from '../../cloud/validate.ts';
import { resolveOwnBus } from './bus.ts';
import { invalidNextToken, limitExceeded, validationError } from './errors.ts';
import { parseJsonPath } from './input-transform.ts';
import { DEFAULT_PAGE, eventBusName, findRule, limit, nextToken, ruleName } from './rules.ts';
import type { EventsState, TargetRecord } from './state.ts';

type Ctx = CallContext<EventsState>;

/** AWS's quota of targets per rule. */
const MAX_TARGETS_PER_RULE = 5;

const targetId = str({ min: 1, max: 64, pattern: anchored('[\\.\\-_A-Za-z0-9]+') });
const arn = str({ min: 1, max: 1600 });

const targetRule = struct({
  Id: required(targetId),
  Arn: required(arn),
  RoleArn: arn,
  Input: str({ max: 8192 }),
  InputPath: str({ max: 256 }),
  InputTransformer: struct({
    InputPathsMap: map({
      max: 100,
      key: str({ max: 256, pattern: anchored('[A-Za-z0-9_-]+') }),
      value: str({ max: 256 }),
    }),
    InputTemplate: required(str({ min: 1, max: 8192 })),
  }),
  DeadLetterConfig: struct({ Arn: arn }),
  RetryPolicy: struct({
    MaximumRetryAttempts: num({ min: 0, max: 185 }),
    MaximumEventAgeInSeconds: num({ min: 60, max: 86400 }),
  }),
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function checkTarget(target: TargetRecord): void {
  const inputs = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined);
  if (inputs.length > 1) {
    throw validationError(
      `Target ${target.Id}: only one of Input, InputPath, or InputTransformer may be specified.`,
    );
  }
  if (!/^arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/.test(target.Arn)) {
    throw validationError(
      `Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`,
    );
  }
  if (target.Input !== undefined && !isJson(target.Input)) {
    throw validationError(`Target ${target.Id}: Input is not valid JSON.`);
  }
  if (target.InputPath !== undefined && !parseJsonPath(target.InputPath)) {
    throw validationError(`Target ${target.Id}: InputPath is not a valid JSON path.`);
  }
  for (const [name, path] of Object.entries(target.InputTransformer?.InputPathsMap ?? {})) {
    if (!parseJsonPath(path))
      throw validationError(`InputTransformer path ${path} for ${name} is not a valid JSON path.`);
  }
}

/** A plain-JSON copy of the target as given (members this local cloud does not act on are kept too). */
function keep(target: TargetRecord): TargetRecord {
  return JSON.parse(JSON.stringify(target)) as TargetRecord;
}

export const putTargets = validated(
  {
    Rule: required(ruleName),
    EventBusName: eventBusName,
    Targets: required(list(targetRule, { min: 1, max: 100 })),
  },
  (input: { Rule: string; EventBusName?: string; Targets: TargetRecord[] }, ctx: Ctx) => {
    const bus = resolveOwnBus(ctx.caller, input.EventBusName);
    const rule = findRule(ctx, input.Rule, bus);
    const ids = input.Targets.map((t) => t.Id);
    if (new Set(ids).size !== ids.length) throw validationError('The Targets list contains duplicate Ids.');
    for (const target of input.Targets) checkTarget(target);
    const merged = new Map(rule.targets.map((t) => [t.Id, t]));
    for (const target of input.Targets) merged.set(target.Id, keep(target));
    if (merged.size > MAX_TARGETS_PER_RULE) throw limitExceeded();
    rule.targets = [...merged.values()];
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
);

export const removeTargets = validated(
  {
    Rule: required(ruleName),
    EventBusName: eventBusName,
    Ids: required(list(targetId, { min: 1, max: 100 })),
  },
  (input: { Rule: string; EventBusName?: string; Ids: string[]; Force?: boolean }, ctx: Ctx) => {
    const bus = resolveOwnBus(ctx.caller, input.EventBusName);
    const rule = findRule(ctx, input.Rule, bus);
    rule.targets = rule.targets.filter((t) => !input.Ids.includes(t.Id));
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
);

export const listTargetsByRule = validated(
  { Rule: required(ruleName), EventBusName: eventBusName, NextToken: nextToken, Limit: limit },
  (input: { Rule: string; EventBusName?: string; NextToken?: string; Limit?: number }, ctx: Ctx) => {
    const bus = resolveOwnBus(ctx.caller, input.EventBusName);
    const rule = findRule(ctx, input.Rule, bus);
    const page = paginate({
      items: rule.targets,
      key: (target) => target.Id,
      sort: true,
      limit: input.Limit ?? DEFAULT_PAGE,
      token: input.NextToken,
      invalidToken: invalidNextToken,
    });
    return { Targets: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },
);
