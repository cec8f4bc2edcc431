import { indexBucket } from '../../../datasource-lambda/src/partition.ts';
import { scopeOfKey } from '../../../datasource-lambda/src/plan-asset-sync.ts';
import type { AssetIndex, IndexEntry, IndexFilter } from '../../../datasource-lambda/src/ports.ts';
import { Faults } from './faults.ts';

export type AssetIndexMethod = 'list' | 'listLegacy' | 'put' | 'delete';

/**
 * An in-memory {@link AssetIndex} with call counts and faults. `entries` holds the bucketed layout,
 * `legacyEntries` the layout from before buckets existed (seed it with {@link putLegacy}); listings,
 * `put` and `delete` treat them as SsmAssetIndex does.
 */
export class InMemoryAssetIndex implements AssetIndex {
  readonly faults = new Faults<AssetIndexMethod>();
  readonly entries = new Map<string, IndexEntry>();
  readonly legacyEntries = new Map<string, IndexEntry>();
  /** The filters of every `list` call, in order (`undefined` for an unfiltered listing). */
  readonly listFilters: (IndexFilter | undefined)[] = [];

  async list(filter?: IndexFilter): Promise<IndexEntry[]> {
    this.faults.check('list', filter ? [filter] : []);
    this.listFilters.push(filter);
    if (filter) {
      const buckets = new Set(filter.buckets);
      return [...this.entries.values()].filter((e) => buckets.has(indexBucket(e.key))).map(copy);
    }
    const listed = [...this.entries.values()].map((e) =>
      this.legacyEntries.has(e.key) ? { ...copy(e), legacy: true } : copy(e),
    );
    for (const [key, e] of this.legacyEntries)
      if (!this.entries.has(key)) listed.push({ ...copy(e), legacy: true });
    return listed;
  }

  async listLegacy(scope: string, filter?: IndexFilter): Promise<IndexEntry[]> {
    this.faults.check('listLegacy', filter ? [scope, filter] : [scope]);
    const buckets = filter ? new Set(filter.buckets) : undefined;
    return [...this.legacyEntries.values()]
      .filter((e) => scopeOfKey(e.key) === scope && (!buckets || buckets.has(indexBucket(e.key))))
      .map((e) => ({ ...copy(e), legacy: true }));
  }

  async put(entry: IndexEntry): Promise<void> {
    this.faults.check('put', [entry]);
    const { legacy: _legacy, ...stored } = entry;
    this.entries.set(entry.key, copy(stored));
    this.legacyEntries.delete(entry.key);
  }

  async delete(key: string): Promise<void> {
    this.faults.check('delete', [key]);
    this.entries.delete(key);
    this.legacyEntries.delete(key);
  }

  /** Stores an entry in the layout from before buckets existed (an index written by an older release). */
  putLegacy(entry: IndexEntry): this {
    this.legacyEntries.set(entry.key, copy(entry));
    return this;
  }

  /** Loses every entry (a deleted parameter path, a new account). */
  wipe(): void {
    this.entries.clear();
    this.legacyEntries.clear();
  }
}

function copy(entry: IndexEntry): IndexEntry {
  return structuredClone(entry);
}
