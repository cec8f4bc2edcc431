import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../local/src/cloud/cloud.ts';
import { DerivedIndex, invalidateDerivedIndexes, SortedKeys } from '../../../../local/src/cloud/indexes.ts';

/** Every key of `keys`, in order. */
function all(keys: SortedKeys<unknown>): string[] {
  return Array.from({ length: keys.size }, (_, i) => keys.keyAt(i));
}

describe('SortedKeys', () => {
  it('keeps unique keys in the order of `<` on strings, each with its reference', () => {
    // Prepare
    const entries = ['b', 'a/x', 'a-x', 'a', 'B', 'a\u0000z', 'b'].map((k, i) => [k, i] as const);

    // Act
    const keys = new SortedKeys(entries);

    // Assess
    expect(all(keys)).toEqual(['B', 'a', 'a\u0000z', 'a-x', 'a/x', 'b']);
    expect(all(keys)).toEqual([...new Set(entries.map(([k]) => k))].sort((x, y) => (x < y ? -1 : 1)));
    expect(keys.ref('b')).toBe(6);
    expect(keys.has('a-x')).toBe(true);
    expect(keys.has('zz')).toBe(false);
    expect(() => keys.keyAt(6)).toThrow(RangeError);
  });

  it('finds bounds and prefix ranges by binary search', () => {
    // Prepare
    const keys = new SortedKeys(['a', 'ab', 'abc', 'ab-', 'ac', 'b'].map((k) => [k, k] as const));

    // Act
    const ranges = {
      ab: keys.prefixRange('ab'),
      a: keys.prefixRange('a'),
      none: keys.prefixRange('aa'),
      empty: keys.prefixRange(''),
      past: keys.prefixRange('z'),
    };

    // Assess
    expect(all(keys)).toEqual(['a', 'ab', 'ab-', 'abc', 'ac', 'b']);
    expect(keys.lowerBound('ab')).toBe(1);
    expect(keys.upperBound('ab')).toBe(2);
    expect(keys.upperBound('')).toBe(0);
    expect(keys.lowerBound('zz')).toBe(6);
    expect(ranges).toEqual({ ab: [1, 4], a: [0, 5], none: [1, 1], empty: [0, 6], past: [6, 6] });
  });

  it('inserts and removes keys in place, keeping the order', () => {
    // Prepare
    const keys = new SortedKeys<number>();

    // Act
    for (const [i, key] of ['m', 'c', 'x', 'c', 'a', 'reg/2', 'reg/1', 'reg-x/1'].entries()) keys.set(key, i);
    const removed = keys.delete('m');
    const missing = keys.delete('m');
    keys.deletePrefix('reg/');

    // Assess
    expect(removed).toBe(true);
    expect(missing).toBe(false);
    expect(all(keys)).toEqual(['a', 'c', 'reg-x/1', 'x']);
    expect(keys.ref('c')).toBe(3);
    expect(keys.ref('reg/1')).toBeUndefined();
  });
});

describe('DerivedIndex', () => {
  it('builds lazily per state object, once, and leaves peek empty until then', () => {
    // Prepare
    let builds = 0;
    const index = new DerivedIndex((state: Record<string, number>) => {
      builds += 1;
      return { total: Object.values(state).reduce((a, b) => a + b, 0) };
    });
    const one = { a: 1, b: 2 };
    const other = { a: 10 };

    // Act
    const before = index.peek(one);
    const first = index.of(one);
    const again = index.of(one);

    // Assess
    expect(before).toBeUndefined();
    expect(first).toEqual({ total: 3 });
    expect(again).toBe(first);
    expect(index.peek(one)).toBe(first);
    expect(index.of(other)).toEqual({ total: 10 });
    expect(builds).toBe(2);
  });

  it('rebuilds after drop, and after invalidateDerivedIndexes', () => {
    // Prepare
    const index = new DerivedIndex((state: { n: number }) => ({ n: state.n }));
    const state = { n: 1 };
    index.of(state);

    // Act
    state.n = 2;
    index.drop(state);
    const afterDrop = index.of(state);
    state.n = 3;
    invalidateDerivedIndexes();
    const peeked = index.peek(state);
    const afterInvalidate = index.of(state);

    // Assess
    expect(afterDrop).toEqual({ n: 2 });
    expect(peeked).toBeUndefined();
    expect(afterInvalidate).toEqual({ n: 3 });
  });

  it('is invalidated by LocalCloud.load and reset, even for the very objects it was built from', () => {
    // Prepare
    const cloud = new LocalCloud({ services: [] });
    const index = new DerivedIndex((state: { n: number }) => ({ n: state.n }));
    const state = { n: 1 };
    index.of(state);

    // Act
    cloud.load(cloud.dump());
    const afterLoad = index.peek(state);
    index.of(state);
    cloud.reset();
    const afterReset = index.peek(state);

    // Assess
    expect(afterLoad).toBeUndefined();
    expect(afterReset).toBeUndefined();
  });
});
