import type { Clock } from '../../../common/src/rate-limiter.ts';

/**
 * A clock on simulated time: `sleep` advances `now` at once and resolves, so waits cost nothing. Concurrent
 * sleepers add up (time is the sum of the waits), which overestimates elapsed time but never underestimates
 * a rate limiter's pacing.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
  }

  /** Moves time forward without a sleeper. */
  advance(ms: number): void {
    this.current += ms;
  }
}
