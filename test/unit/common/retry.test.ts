import { describe, expect, it } from 'vitest';
import { mapSettledWithConcurrency, retryWithJitter } from '../../../common/src/retry.ts';

describe('retryWithJitter', () => {
  it('retries retryable errors with capped full-jitter backoff, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryWithJitter(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('conflict');
        return 'ok';
      },
      {
        attempts: 5,
        baseMs: 100,
        maxMs: 300,
        isRetryable: () => true,
        sleep: async (ms) => void waits.push(ms),
        random: () => 1,
      },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([100, 200, 300]);
  });

  it('rethrows a non-retryable error at once and the last error when attempts run out', async () => {
    let calls = 0;
    const fatal = retryWithJitter(
      async () => {
        calls += 1;
        throw new Error('denied');
      },
      { attempts: 5, baseMs: 1, maxMs: 1, isRetryable: () => false, sleep: async () => {} },
    );
    await expect(fatal).rejects.toThrow('denied');
    expect(calls).toBe(1);
    const exhausted = retryWithJitter(async (attempt) => Promise.reject(new Error(`try ${attempt}`)), {
      attempts: 3,
      baseMs: 1,
      maxMs: 1,
      isRetryable: () => true,
      sleep: async () => {},
    });
    await expect(exhausted).rejects.toThrow('try 2');
  });
});

describe('mapSettledWithConcurrency', () => {
  it('keeps at most `limit` calls in flight, keeps order, and settles every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapSettledWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      if (n === 3) throw new Error('three');
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      20,
      'three',
      40,
      50,
      60,
    ]);
  });
});
