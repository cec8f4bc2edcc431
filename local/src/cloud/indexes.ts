/**
 * Runtime indexes derived from the plain-JSON state of the local services.
 *
 * State stays plain JSON (it is dumped and persisted); what makes a call cheap (a sorted key list, a
 * count, a reverse lookup) lives here, outside the state, in caches keyed by the state object it is
 * derived from. An index is built lazily on first use, and the service operations that write the state
 * update it in place through `peek` (an index that was never built costs writers nothing). It is
 * dropped, and rebuilt on next use, when:
 * - its state object is replaced (a new object is a new key: `LocalCloud.reset`, `load` of persisted
 *   state, a deleted and re-created parent);
 * - `invalidateDerivedIndexes` runs (`LocalCloud.load` and `reset` call it, since `load` may be handed
 *   the very objects an index was built from, edited since);
 * - its owner calls `drop` (e.g. after noticing state edited outside the service's operations).
 */

let generation = 0;

/** Drops every derived index of every state object: each is rebuilt from the state on next use. */
export function invalidateDerivedIndexes(): void {
  generation += 1;
}

/** Indexes of type `I` derived from state objects of type `S`, cached by the object's identity. */
export class DerivedIndex<S extends object, I> {
  private readonly cache = new WeakMap<S, { readonly generation: number; readonly index: I }>();

  constructor(private readonly build: (source: S) => I) {}

  /** The index of `source`, built now if it has none (or its index was dropped). */
  of(source: S): I {
    const current = this.peek(source);
    if (current !== undefined) return current;
    const index = this.build(source);
    this.cache.set(source, { generation, index });
    return index;
  }

  /** The index of `source` if one is built and current (for writers to update in place), else undefined. */
  peek(source: S): I | undefined {
    const entry = this.cache.get(source);
    return entry !== undefined && entry.generation === generation ? entry.index : undefined;
  }

  /** Forgets the index of `source`: the next `of` rebuilds it from the state. */
  drop(source: S): void {
    this.cache.delete(source);
  }
}

/** The order of `a < b` on strings (UTF-16 code units), which the services' listings sort by. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Unique string keys in ascending order (`<` on strings), each with a reference `R` to what it stands for
 * (a name to look the record up by). Lookups by position and key bounds are O(log n); an insert or a
 * removal is a binary search and one `splice` (a memory move, no re-sort).
 */
export class SortedKeys<R = string> {
  private readonly keys: string[];
  private readonly refs = new Map<string, R>();

  constructor(entries: Iterable<readonly [key: string, ref: R]> = []) {
    for (const [key, ref] of entries) this.refs.set(key, ref);
    this.keys = [...this.refs.keys()].sort(compare);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The key at `position` (0 ≤ position < size). */
  keyAt(position: number): string {
    const key = this.keys[position];
    if (key === undefined) throw new RangeError(`no key at ${position} (size ${this.keys.length})`);
    return key;
  }

  /** The reference of `key`, if present. */
  ref(key: string): R | undefined {
    return this.refs.get(key);
  }

  has(key: string): boolean {
    return this.refs.has(key);
  }

  /** Position of the first key ≥ `key` (size when none). */
  lowerBound(key: string): number {
    return this.search((k) => k >= key);
  }

  /** Position of the first key > `key` (size when none). */
  upperBound(key: string): number {
    return this.search((k) => k > key);
  }

  /** Positions [start, end) of the keys that begin with `prefix` (they are contiguous in this order). */
  prefixRange(prefix: string): readonly [start: number, end: number] {
    const start = this.lowerBound(prefix);
    // After `start`, keys with the prefix come first, then keys greater than every one of them.
    const end = this.search((k) => k >= prefix && !k.startsWith(prefix), start);
    return [start, end];
  }

  /** Adds `key` (or replaces its reference). */
  set(key: string, ref: R): void {
    if (!this.refs.has(key)) this.keys.splice(this.lowerBound(key), 0, key);
    this.refs.set(key, ref);
  }

  /** Removes `key`; false when it was not there. */
  delete(key: string): boolean {
    if (!this.refs.delete(key)) return false;
    this.keys.splice(this.lowerBound(key), 1);
    return true;
  }

  /** Removes every key that begins with `prefix`. */
  deletePrefix(prefix: string): void {
    const [start, end] = this.prefixRange(prefix);
    for (const key of this.keys.splice(start, end - start)) this.refs.delete(key);
  }

  /** The first position at or after `from` whose key satisfies `past` (a predicate false then true). */
  private search(past: (key: string) => boolean, from = 0): number {
    let low = from;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (past(this.keys[middle] as string)) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
