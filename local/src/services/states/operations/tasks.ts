import type { SendTaskFailureInput, SendTaskHeartbeatInput, SendTaskSuccessInput } from '@aws-sdk/client-sfn';
import type { CallContext } from '../../../cloud/types.ts';
import { validated } from '../../../cloud/validate.ts';
import { invalidOutput, invalidToken, jsonProblem, taskTimedOut } from '../errors.ts';
import { RULES } from '../rules.ts';
import { statesRuntime, type TokenWaiter } from '../runtime.ts';
import type { StatesState } from '../state.ts';
import { TOKEN_PATTERN } from '../tokens.ts';

type Ctx = CallContext<StatesState>;

/**
 * The waiting task of a token. Unknown or malformed → `InvalidToken`; a token whose task is closed
 * (answered, timed out, execution ended or the cloud restarted) → `TaskTimedOut`.
 */
function openTask(token: string, { state, cloud }: Ctx): TokenWaiter {
  if (!TOKEN_PATTERN.test(token)) throw invalidToken('Invalid token');
  const record = state.taskTokens[token];
  if (!record) throw invalidToken('Invalid token');
  const waiter = statesRuntime(cloud).waiters.get(token);
  if (record.status !== 'open' || !waiter) {
    record.status = 'closed';
    throw taskTimedOut();
  }
  return waiter;
}

export const sendTaskSuccess = validated(
  RULES.SendTaskSuccess,
  (input: SendTaskSuccessInput, ctx: Ctx): Record<string, never> => {
    const output = input.output as string;
    const problem = jsonProblem(output);
    if (problem !== undefined) throw invalidOutput(problem);
    openTask(input.taskToken as string, ctx).succeed(JSON.parse(output));
    return {};
  },
);

export const sendTaskFailure = validated(
  RULES.SendTaskFailure,
  (input: SendTaskFailureInput, ctx: Ctx): Record<string, never> => {
    openTask(input.taskToken as string, ctx).fail(input.error, input.cause);
    return {};
  },
);

export const sendTaskHeartbeat = validated(
  RULES.SendTaskHeartbeat,
  (input: SendTaskHeartbeatInput, ctx: Ctx): Record<string, never> => {
    openTask(input.taskToken as string, ctx).heartbeat();
    return {};
  },
);
