import { DerivedIndex } from '../../cloud/indexes.ts';
import type { AssetRecord, DomainRecord } from './state.ts';

type Assets = DomainRecord['assets'];

/**
 * The ids of a domain's assets by `externalIdentifier`, in creation order, derived from
 * `DomainRecord.assets` (not persisted).
 */
const indexes = new DerivedIndex<Assets, Map<string, string[]>>((assets) => {
  const byExternal = new Map<string, string[]>();
  for (const [id, asset] of Object.entries(assets)) add(byExternal, asset.externalIdentifier, id);
  return byExternal;
});

function add(byExternal: Map<string, string[]>, external: string | undefined, id: string): void {
  if (external === undefined) return;
  const ids = byExternal.get(external);
  if (ids) ids.push(id);
  else byExternal.set(external, [id]);
}

/** Keeps the index current after `asset` was added to `assets`. */
export function assetAdded(assets: Assets, asset: AssetRecord): void {
  const byExternal = indexes.peek(assets);
  if (byExternal) add(byExternal, asset.externalIdentifier, asset.id);
}

/** Keeps the index current after `asset` was removed from `assets`. */
export function assetRemoved(assets: Assets, asset: AssetRecord): void {
  const byExternal = indexes.peek(assets);
  const external = asset.externalIdentifier;
  const ids = external === undefined ? undefined : byExternal?.get(external);
  if (!byExternal || external === undefined || !ids) return;
  const rest = ids.filter((id) => id !== asset.id);
  if (rest.length > 0) byExternal.set(external, rest);
  else byExternal.delete(external);
}

/**
 * The asset of `assets` with this external identifier: the first one in `assets`' own order, as a scan
 * of `Object.values(assets)` finds it.
 */
export function assetByExternalIdentifier(assets: Assets, external: string): AssetRecord | undefined {
  const ids = indexes.of(assets).get(external) ?? [];
  const found = ids.flatMap((id) => {
    const asset = Object.hasOwn(assets, id) ? assets[id] : undefined;
    return asset?.externalIdentifier === external ? [asset] : [];
  });
  // DataZone keeps the identifier unique, so more than one happens only with state edited directly: then
  // the scan decides which one comes first.
  if (found.length > 1) return Object.values(assets).find((a) => a.externalIdentifier === external);
  return found[0];
}

/** Forgets the index of `assets` (for state edited other than through the service's operations). */
export function dropAssetIndex(assets: Assets): void {
  indexes.drop(assets);
}
