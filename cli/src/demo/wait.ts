/**
 * Waiting for asynchronous work of the local cloud (EventBridge deliveries, functions, state machines):
 * let the cloud settle, check, and poll again until a deadline — never a fixed sleep.
 *
 * @module
 */
import { DemoTimeoutError } from './errors.ts';

/** What {@link waitFor} needs. */
export interface WaitOptions {
  /** Resolves when the local cloud has no asynchronous work in flight. */
  readonly settle: () => Promise<void>;
  /** Give up after this long. */
  readonly deadlineMs: number;
  /** What is awaited (in the timeout message). */
  readonly what: string;
  /** Called on every unsuccessful check with the time waited so far. */
  readonly onWait?: (waitedMs: number) => void;
  /** Pause between checks when the cloud is already settled. @default 25 */
  readonly pollMs?: number;
}

/**
 * Resolves with the first defined result of `check`, checked after the cloud settled.
 * @throws DemoTimeoutError naming what was awaited when the deadline passes first.
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const started = performance.now();
  for (;;) {
    await options.settle();
    const result = await check();
    if (result !== undefined) return result;
    const waited = performance.now() - started;
    if (waited > options.deadlineMs) {
      throw new DemoTimeoutError(
        `${options.what} did not happen within ${Math.round(options.deadlineMs / 1000)} s`,
      );
    }
    options.onWait?.(waited);
    // Work may be scheduled outside the cloud (a worker thread starting); poll, briefly.
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 25));
  }
}
