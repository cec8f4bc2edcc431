/**
 * A token bucket that paces calls to a rate (AWS publishes most API quotas as transactions per second), with
 * an injected clock so that tests run on simulated time.
 */

/** Time as the rate limiter and the use cases see it: injected, so that tests never really wait. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate), > 0. */
  readonly ratePerSecond: number;
  /**
   * Most tokens the bucket holds (the burst), >= 1.
   * @default one second's worth of tokens (`ratePerSecond`, at least 1)
   */
  readonly burst?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** Tolerance for floating-point refills, so that a wait of exactly the computed time always suffices. */
const EPSILON = 1e-9;

/**
 * A FIFO token bucket: `acquire()` resolves when a token is available, waiting on the clock otherwise.
 * Callers are served in the order they called, so a burst of concurrent callers is spread evenly.
 *
 * @example
 * ```ts
 * const writes = new TokenBucket({ ratePerSecond: 20 });
 * await writes.run(() => catalog.createAsset(draft, token));
 * ```
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly capacity: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private waited = 0;

  /** @throws RangeError when the rate or the burst is not a positive finite number. */
  constructor(options: TokenBucketOptions) {
    if (!Number.isFinite(options.ratePerSecond) || options.ratePerSecond <= 0) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
    }
    const burst = options.burst ?? Math.max(1, options.ratePerSecond);
    if (!Number.isFinite(burst) || burst < 1) {
      throw new RangeError(`burst must be a number >= 1, got ${burst}`);
    }
    this.rate = options.ratePerSecond;
    this.capacity = burst;
    this.clock = options.clock ?? systemClock;
    this.tokens = burst;
    this.last = this.clock.now();
  }

  /** Total time callers have waited for tokens, in milliseconds (for run summaries and benchmarks). */
  get waitedMs(): number {
    return this.waited;
  }

  /** Resolves when the caller may make one call. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    // The chain must survive a rejected turn (a clock whose sleep fails) so later callers still get served.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Acquires a token, then runs `fn`. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    return fn();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.rate) / 1000);
  }

  private async take(): Promise<void> {
    this.refill();
    while (this.tokens < 1 - EPSILON) {
      const ms = ((1 - this.tokens) * 1000) / this.rate;
      this.waited += ms;
      await this.clock.sleep(ms);
      this.refill();
    }
    this.tokens -= 1;
  }
}
