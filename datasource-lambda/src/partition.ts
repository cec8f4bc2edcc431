/**
 * Partitions of a catalog sync: how the topics of very large registries are split across several runs
 * (one Lambda invocation each, driven by Step Functions). Pure.
 *
 * Every index key falls into one of {@link INDEX_BUCKETS} buckets by a stable hash; partition `p` of `n`
 * owns the buckets `b` with `b % n === p`. The index stores entries per bucket, so a partition reads only
 * its own buckets' entries.
 */

import { createHash } from 'node:crypto';
import { InvalidInputError } from '../../common/src/errors.ts';

/** Number of index buckets. Part of the index layout: changing it moves every entry. */
export const INDEX_BUCKETS = 64;

/** Largest partition count: every partition owns at least one bucket. */
export const MAX_PARTITIONS = INDEX_BUCKETS;

/** One partition of a partitioned run: `index` in `0 .. count - 1`. */
export interface Partition {
  readonly index: number;
  readonly count: number;
}

/**
 * The bucket of an index key: the first 4 hex digits of its SHA-256 as a number, modulo
 * {@link INDEX_BUCKETS}. Stable across runs, processes and releases.
 */
export function indexBucket(key: string): number {
  return (
    Number.parseInt(createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 4), 16) % INDEX_BUCKETS
  );
}

/** The two-digit name of a bucket in the index layout (`b00` … `b63`). */
export function bucketSegment(bucket: number): string {
  return `b${String(bucket).padStart(2, '0')}`;
}

/** The partition (of `count`) that owns a key. */
export function partitionOfKey(key: string, count: number): number {
  return indexBucket(key) % count;
}

/** Whether `partition` owns `key`. */
export function inPartition(key: string, partition: Partition): boolean {
  return partitionOfKey(key, partition.count) === partition.index;
}

/** The buckets a partition owns, ascending. */
export function partitionBuckets(partition: Partition): number[] {
  return Array.from({ length: INDEX_BUCKETS }, (_, b) => b).filter(
    (b) => b % partition.count === partition.index,
  );
}

/**
 * Checks a partition given from outside (an event, options).
 * @param field the name of the value in messages (`partition`)
 * @throws InvalidInputError naming `<field>`, `<field>.count` or `<field>.index` and the value when `count`
 *   is not an integer in 1..{@link MAX_PARTITIONS} or `index` not an integer in 0..count-1.
 */
export function checkPartition(value: unknown, field = 'partition'): Partition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, value, 'must be an object {"index": number, "count": number}');
  }
  const { index, count, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) {
    throw new InvalidInputError(
      `${field}.${extra}`,
      rest[extra],
      'is not a field of a partition (index, count)',
    );
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
    throw new InvalidInputError(`${field}.count`, count, `must be an integer from 1 to ${MAX_PARTITIONS}`);
  }
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new InvalidInputError(
      `${field}.index`,
      index,
      `must be an integer from 0 to ${count - 1} (count - 1)`,
    );
  }
  return { index, count };
}
