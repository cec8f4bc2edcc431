/** Resolving a FunctionName (name, name:qualifier, partial ARN or full ARN) to a registered function. */
import type { CallContext } from '../../cloud/types.ts';
import { anchored, str } from '../../cloud/validate.ts';
import { functionNotFound } from './errors.ts';
import { type FunctionRecord, functionArn, type LambdaState } from './state.ts';

/** The model's NamespacedFunctionName. */
export const namespacedFunctionName = str({
  min: 1,
  max: 170,
  pattern: anchored(
    '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
  ),
});

const NAME_PARTS =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(?:\$LATEST|[a-zA-Z0-9-_]+))?$/;

export interface ResolvedFunction {
  readonly fn: FunctionRecord;
  /** The state that holds the function (another account's for a cross-account ARN). */
  readonly state: LambdaState;
}

/**
 * Finds the function `name` refers to. A full or partial ARN may name another account or region; the
 * qualifier (version or alias) is accepted and ignored, as every function here is `$LATEST`.
 * @throws ResourceNotFoundException
 */
export function resolveFunction(ctx: CallContext<LambdaState>, name: string): ResolvedFunction {
  const parts = NAME_PARTS.exec(name);
  const region = parts?.[1] ?? ctx.caller.region;
  const account = parts?.[2] ?? ctx.caller.account;
  const functionName = parts?.[3] ?? name;
  const state =
    account === ctx.caller.account && region === ctx.caller.region
      ? ctx.state
      : ctx.cloud.stateOf<LambdaState>('lambda', account, region);
  const fn = state.functions[functionName];
  if (!fn) throw functionNotFound(functionArn(account, region, functionName));
  return { fn, state };
}
