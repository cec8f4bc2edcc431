import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../common/src/errors.ts';
import {
  bucketSegment,
  checkPartition,
  INDEX_BUCKETS,
  indexBucket,
  inPartition,
  partitionBuckets,
  partitionOfKey,
} from '../../../datasource-lambda/src/partition.ts';

const key = fc
  .tuple(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.stringMatching(/^[a-zA-Z0-9._-]{1,40}$/))
  .map(([cluster, topic]) => `222222222222/eu-west-1/${cluster}/uuid-1/${topic}`);

describe('indexBucket', () => {
  it('is the first 4 hex digits of the SHA-256 modulo 64, stable across releases', () => {
    // Act & Assess: sha256("a") begins ca97 = 51863; 51863 % 64 = 23
    expect(indexBucket('a')).toBe(23);
    expect(bucketSegment(indexBucket('a'))).toBe('b23');
    expect(bucketSegment(5)).toBe('b05');
  });

  it('spreads keys over every bucket', () => {
    // Prepare
    const keys = Array.from({ length: 2000 }, (_, i) => `222222222222/eu-west-1/c/u/topic-${i}`);

    // Act
    const used = new Set(keys.map(indexBucket));

    // Assess
    expect(used.size).toBe(INDEX_BUCKETS);
  });
});

describe('partitionOfKey', () => {
  it('puts every key into exactly one partition, for every count', () => {
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 64 }), (k, count) => {
        const owners = Array.from({ length: count }, (_, index) => index).filter((index) =>
          inPartition(k, { index, count }),
        );
        expect(owners).toEqual([partitionOfKey(k, count)]);
        expect(partitionBuckets({ index: partitionOfKey(k, count), count })).toContain(indexBucket(k));
      }),
    );
  });
});

describe('partitionBuckets', () => {
  it.each([1, 2, 3, 4, 7, 64])('splits the 64 buckets between %i partitions without overlap', (count) => {
    // Act
    const all = Array.from({ length: count }, (_, index) => partitionBuckets({ index, count }));

    // Assess
    expect(all.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: INDEX_BUCKETS }, (_, b) => b));
    for (const buckets of all) expect(buckets.length).toBeGreaterThan(0);
  });
});

describe('checkPartition', () => {
  it('accepts an index below an integer count from 1 to 64', () => {
    expect(checkPartition({ index: 0, count: 1 })).toEqual({ index: 0, count: 1 });
    expect(checkPartition({ index: 63, count: 64 })).toEqual({ index: 63, count: 64 });
  });

  it.each([
    [null, 'partition'],
    [[0, 4], 'partition'],
    [{ index: 0 }, 'partition.count'],
    [{ index: 0, count: 0 }, 'partition.count'],
    [{ index: 0, count: 65 }, 'partition.count'],
    [{ index: 0, count: 2.5 }, 'partition.count'],
    [{ index: 4, count: 4 }, 'partition.index'],
    [{ index: -1, count: 4 }, 'partition.index'],
    [{ index: '1', count: 4 }, 'partition.index'],
    [{ index: 1, count: 4, size: 9 }, 'partition.size'],
  ])('throws InvalidInputError naming the field for %j', (value, field) => {
    // Act
    const act = () => checkPartition(value);

    // Assess
    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(field);
  });
});
