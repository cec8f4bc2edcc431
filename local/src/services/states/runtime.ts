import type { CloudRuntime } from '../../cloud/types.ts';

/** A `.waitForTaskToken` task waiting for SendTaskSuccess / SendTaskFailure. */
export interface TokenWaiter {
  readonly account: string;
  readonly region: string;
  readonly executionArn: string;
  succeed(output: unknown): void;
  fail(error: string | undefined, cause: string | undefined): void;
  /** Restarts the heartbeat clock (SendTaskHeartbeat). */
  heartbeat(): void;
  /** Ends the wait without a result (execution stopped); the task's promise is abandoned. */
  cancel(): void;
}

/** A running execution's live objects. */
export interface RunningExecution {
  abort(): void;
  /** Tokens of this execution's waiting tasks. */
  readonly tokens: Set<string>;
}

/**
 * Live, non-persisted Step Functions objects of one cloud: running executions, token waiters and
 * listeners waiting for executions to end (`.sync` parents).
 */
export class StatesRuntime {
  readonly running = new Map<string, RunningExecution>();
  readonly waiters = new Map<string, TokenWaiter>();
  private readonly endListeners = new Map<string, (() => void)[]>();

  onEnd(executionArn: string, listener: () => void): void {
    const listeners = this.endListeners.get(executionArn) ?? [];
    listeners.push(listener);
    this.endListeners.set(executionArn, listeners);
  }

  /** Called when an execution reaches a terminal status. */
  ended(executionArn: string): void {
    const running = this.running.get(executionArn);
    if (running) {
      for (const token of running.tokens) {
        this.waiters.get(token)?.cancel();
        this.waiters.delete(token);
      }
      this.running.delete(executionArn);
    }
    const listeners = this.endListeners.get(executionArn) ?? [];
    this.endListeners.delete(executionArn);
    for (const listener of listeners) listener();
  }
}

export function statesRuntime(cloud: CloudRuntime): StatesRuntime {
  return cloud.runtime('states', () => new StatesRuntime());
}
