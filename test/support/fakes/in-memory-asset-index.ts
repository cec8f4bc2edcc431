import type { AssetIndex, IndexEntry } from '../../../datasource-lambda/src/ports.ts';
import { Faults } from './faults.ts';

export type AssetIndexMethod = 'list' | 'put' | 'delete';

/** An in-memory {@link AssetIndex} with call counts and faults. */
export class InMemoryAssetIndex implements AssetIndex {
  readonly faults = new Faults<AssetIndexMethod>();
  readonly entries = new Map<string, IndexEntry>();

  async list(): Promise<IndexEntry[]> {
    this.faults.check('list', []);
    return [...this.entries.values()].map((e) => structuredClone(e));
  }

  async put(entry: IndexEntry): Promise<void> {
    this.faults.check('put', [entry]);
    this.entries.set(entry.key, structuredClone(entry));
  }

  async delete(key: string): Promise<void> {
    this.faults.check('delete', [key]);
    this.entries.delete(key);
  }

  /** Loses every entry (a deleted parameter path, a new account). */
  wipe(): void {
    this.entries.clear();
  }
}
