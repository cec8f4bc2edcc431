import { describe, expect, it } from 'vitest';
import { type Clock, systemClock, TokenBucket } from '../../../common/src/rate-limiter.ts';
import { FakeClock } from '../../support/fakes/fake-clock.ts';

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces calls at the rate', async () => {
    // Prepare
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, clock });
    const times: number[] = [];

    // Act
    for (let i = 0; i < 15; i += 1) {
      await bucket.acquire();
      times.push(clock.now());
    }

    // Assess
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(times.at(-1)).toBeCloseTo(1000, 6);
    expect(bucket.waitedMs).toBeCloseTo(1000, 6);
  });

  it('serves concurrent callers in order and never faster than the rate', async () => {
    // Prepare
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 20, clock });
    const order: number[] = [];

    // Act
    await Promise.all(Array.from({ length: 60 }, (_, i) => bucket.run(async () => void order.push(i))));

    // Assess: 20 burst, then 40 at 20/s = 2 s
    expect(order).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(clock.now()).toBeGreaterThanOrEqual(2000 - 1e-6);
    expect(clock.now()).toBeLessThan(2000 + 1);
  });

  it('refills while idle but never beyond the burst', async () => {
    // Prepare
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 2, clock });
    await bucket.acquire();
    await bucket.acquire();

    // Act
    clock.advance(10_000);
    await bucket.acquire();
    await bucket.acquire();
    const before = clock.now();
    await bucket.acquire();

    // Assess
    expect(clock.now() - before).toBeCloseTo(1000, 6);
  });

  it('defaults the burst to one second of tokens and runs on the system clock', async () => {
    // Prepare
    const bucket = new TokenBucket({ ratePerSecond: 1000 });
    const start = Date.now();

    // Act
    for (let i = 0; i < 5; i += 1) await bucket.acquire();

    // Assess
    expect(Date.now() - start).toBeLessThan(500);
    expect(systemClock.now()).toBeGreaterThan(0);
  });

  it('keeps serving callers after a clock failure', async () => {
    // Prepare
    let fail = true;
    let now = 0;
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        if (fail) {
          fail = false;
          throw new Error('timer broke');
        }
        now += ms;
      },
    };
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, clock });
    await bucket.acquire();

    // Act
    const failed = bucket.acquire();
    const next = bucket.acquire();

    // Assess
    await expect(failed).rejects.toThrow('timer broke');
    await expect(next).resolves.toBeUndefined();
  });

  it('throws RangeError for a rate or burst that is not positive', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: Number.NaN })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 5, burst: 0.5 })).toThrow(RangeError);
  });
});
