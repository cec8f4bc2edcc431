export interface RetryOptions {
  /** Total attempts, including the first. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  /** Which errors are worth another attempt. */
  readonly isRetryable: (error: unknown) => boolean;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, a non-retryable error occurs, or attempts run out; waits a full-jitter
 * exponential backoff (`random() * min(max, base * 2^attempt)`) between attempts. Rethrows the last error.
 */
export async function retryWithJitter<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt + 1 >= options.attempts || !options.isRetryable(error)) throw error;
      await wait(random() * Math.min(options.maxMs, options.baseMs * 2 ** attempt));
    }
  }
}

/**
 * Maps `items` with at most `limit` calls in flight; results keep the input order. Every item settles
 * (one failure does not stop the others).
 */
export async function mapSettledWithConcurrency<I, O>(
  items: readonly I[],
  limit: number,
  fn: (item: I, index: number) => Promise<O>,
): Promise<PromiseSettledResult<O>[]> {
  const results: PromiseSettledResult<O>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index] as I, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
