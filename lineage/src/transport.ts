/**
 * The transport contract: how an OpenLineage event leaves the process. A transport delivers each event
 * it is given (or throws a named error), and `close` waits for what is still in flight. Transports do
 * not validate or canonicalise; callers do that first (see `emitter.ts`).
 *
 * @module
 */
import { LineageTransportError } from './errors.ts';
import type { LineageEvent } from './model.ts';

/** Delivers OpenLineage events somewhere. */
export interface Transport {
  /**
   * Delivers one event.
   * @throws a named error when the event cannot be delivered; never fails silently.
   */
  emit(event: LineageEvent): Promise<void>;
  /**
   * Waits for emits in flight, then refuses further emits.
   * @param timeoutMs how long to wait for emits in flight.
   * @throws LineageTransportError when emits are still in flight after `timeoutMs`.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** How long `close` waits by default for emits in flight. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Bookkeeping shared by transports: tracks emits in flight, refuses emits after close, and lets close
 * wait for the in-flight ones with a timeout.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly transportName: string) {}

  /**
   * Runs one emit, tracked until it settles.
   * @throws LineageTransportError when the transport is closed.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new LineageTransportError(`The ${this.transportName} transport is closed`, {});
    const promise = work();
    this.pending.add(promise);
    try {
      return await promise;
    } finally {
      this.pending.delete(promise);
    }
  }

  /**
   * Refuses new emits and waits for those in flight (their own failures are reported to their callers).
   * @throws LineageTransportError when some are still in flight after `timeoutMs`.
   */
  async close(timeoutMs: number = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    this.closed = true;
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const settled = Promise.allSettled([...this.pending]).then(() => true);
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    if (!done) {
      throw new LineageTransportError(
        `The ${this.transportName} transport closed with ${this.pending.size} emit(s) still in flight after ${timeoutMs} ms`,
        { context: { inFlight: this.pending.size, timeoutMs } },
      );
    }
  }
}
