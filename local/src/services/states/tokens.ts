import type { ExecutionLocation } from './history.ts';
import type { RunningExecution, StatesRuntime, TokenWaiter } from './runtime.ts';
import type { StatesState } from './state.ts';
import { TaskFailure } from './task-errors.ts';

/** Task tokens look like Step Functions' opaque base64 tokens; anything else is malformed. */
export const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{20,}$/u;

function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) strings(item, out);
  return out;
}

/**
 * Task tokens of one execution run. `$$.Task.Token` mints a fresh token on every evaluation; a
 * `.waitForTaskToken` task claims the tokens that its evaluated Parameters contain and waits for one of
 * them to be answered.
 */
export class TokenBroker {
  private readonly minted = new Set<string>();

  constructor(
    private readonly at: ExecutionLocation,
    private readonly running: RunningExecution,
    private readonly runtime: StatesRuntime,
  ) {}

  mint(): string {
    const { cloud } = this.at;
    const token = `AQ${Buffer.from(`${cloud.newId()}:${cloud.newId()}`, 'utf8').toString('base64url')}`;
    this.minted.add(token);
    return token;
  }

  /** The minted tokens that occur in `parameters` (also inside strings built with intrinsic functions). */
  claim(parameters: unknown): string[] {
    const texts = strings(parameters, []);
    const claimed = [...this.minted].filter((token) => texts.some((text) => text.includes(token)));
    for (const token of claimed) this.minted.delete(token);
    return claimed;
  }

  private tokenState() {
    return this.at.cloud.stateOf<StatesState>('states', this.at.account, this.at.region).taskTokens;
  }

  /**
   * Waits until SendTaskSuccess (resolves with its output) or SendTaskFailure (rejects with a
   * `TaskFailure`) answers one of `tokens`. With `heartbeatSeconds`, rejects with `timeoutError()` when
   * no heartbeat arrives in time. Every token is single-use: once the wait ends they are all closed.
   */
  wait(
    stateName: string,
    tokens: readonly string[],
    heartbeatSeconds: number | undefined,
    timeoutError: () => Error,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const close = () => {
        clearTimeout(timer);
        const records = this.tokenState();
        for (const token of tokens) {
          const record = records[token];
          if (record) record.status = 'closed';
          this.runtime.waiters.delete(token);
          this.running.tokens.delete(token);
        }
      };
      const arm = () => {
        if (!heartbeatSeconds) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          close();
          reject(timeoutError());
        }, heartbeatSeconds * 1000);
      };
      const waiter: TokenWaiter = {
        account: this.at.account,
        region: this.at.region,
        executionArn: this.at.executionArn,
        succeed: (output) => {
          close();
          resolve(output);
        },
        fail: (error, cause) => {
          close();
          reject(new TaskFailure(error ?? '', cause ?? ''));
        },
        heartbeat: arm,
        cancel: close,
      };
      const records = this.tokenState();
      for (const token of tokens) {
        records[token] = { executionArn: this.at.executionArn, stateName, status: 'open' };
        this.runtime.waiters.set(token, waiter);
        this.running.tokens.add(token);
      }
      arm();
    });
  }

  /** Ends the wait on `tokens` without an answer (task timeout): they are closed. */
  release(tokens: readonly string[]): void {
    for (const token of tokens) this.runtime.waiters.get(token)?.cancel();
  }
}
