/**
 * Plans a catalog sync: which topic assets to create, revise, leave alone or delete. Pure.
 */

import { canonicalJson } from '../../asset-types/src/forms.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import { DeleteGuardError } from './errors.ts';
import type { AssetDraft, IndexEntry } from './ports.ts';

export type SchemaStamps = NonNullable<IndexEntry['schemaStamps']>;

/** One topic as it should be in the catalog. */
export interface DesiredAsset {
  /** The index key (see {@link indexKey}). */
  readonly key: string;
  readonly topic: string;
  /** Fingerprint of the content the asset should have (see fingerprint.ts). */
  readonly fingerprint: string;
  /** The content to write; may be absent only when the fingerprint equals the indexed one. */
  readonly draft?: AssetDraft;
  /** What to record in the index entry. */
  readonly schemaStamps?: SchemaStamps;
}

export interface PlanInput {
  readonly desired: readonly DesiredAsset[];
  readonly index: readonly IndexEntry[];
  /**
   * Scopes (clusters, see {@link scopeOfKey}) whose listings were complete in this run. Index entries of
   * any other scope (a failed or partial listing, a source no longer configured) are never deleted.
   */
  readonly completeScopes: ReadonlySet<string>;
  /** Keys that exist but could not be built in this run (failed items): neither written nor deleted. */
  readonly protectedKeys?: ReadonlySet<string>;
  /** A scoped run: only these keys are planned, nothing else is touched. */
  readonly onlyKeys?: ReadonlySet<string>;
  /**
   * Scopes whose listing yielded at least one topic, for the guard's "empty listing" check.
   * @default the scopes of `desired` (a partitioned run passes its whole listing's, since one partition
   *   may hold none of a cluster's topics)
   */
  readonly populatedScopes?: ReadonlySet<string>;
  /** Largest share (0..1) of the indexed assets one run may delete. */
  readonly maxDeleteShare: number;
  /** Delete even when the guard would refuse. */
  readonly force: boolean;
}

export type PlannedAction =
  | {
      readonly kind: 'create';
      readonly key: string;
      readonly topic: string;
      readonly draft: AssetDraft;
      readonly fingerprint: string;
      readonly schemaStamps?: SchemaStamps;
    }
  | {
      readonly kind: 'update';
      readonly key: string;
      readonly topic: string;
      readonly assetId: string;
      readonly draft: AssetDraft;
      readonly fingerprint: string;
      readonly previousFingerprint: string;
      readonly schemaStamps?: SchemaStamps;
    }
  | {
      readonly kind: 'unchanged';
      readonly key: string;
      readonly topic: string;
      readonly assetId: string;
      readonly fingerprint: string;
      readonly schemaStamps?: SchemaStamps;
      /**
       * The content is the same but the schema stamps moved on, or the entry is in the legacy layout:
       * rewrite the index entry only.
       */
      readonly restamp: boolean;
    }
  | { readonly kind: 'delete'; readonly key: string; readonly topic: string; readonly assetId: string };

/** Why deletes were refused (or would have been, when forced). */
export interface DeleteGuardReport {
  readonly refused: boolean;
  readonly forced: boolean;
  readonly deletes: number;
  readonly indexed: number;
  readonly maxDeleteShare: number;
  /** Complete scopes whose listing yielded no topic at all while the index holds assets for them. */
  readonly emptyScopes: readonly string[];
  readonly reason: string;
}

export interface AssetSyncPlan {
  /** Ordered: creates, updates, unchanged, deletes; by key within each kind. */
  readonly actions: readonly PlannedAction[];
  /** Present when the guard tripped: refused (no delete in `actions`) or overridden by `force`. */
  readonly deleteGuard?: DeleteGuardReport;
  /** Indexed keys that look gone but whose scope's listing was not complete: kept. */
  readonly heldBack: readonly string[];
}

/**
 * The index key of a topic: `<account>/<region>/<clusterName>/<clusterUuid>/<topic>`, namespaced so that
 * several clusters and registries never collide.
 */
export function indexKey(cluster: ClusterIdentity, topic: string): string {
  return `${clusterScope(cluster)}/${topic}`;
}

/** The parts of an MSK cluster ARN that namespace the index. */
export interface ClusterIdentity {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly clusterUuid: string;
}

/** The scope of a cluster's index keys: `<account>/<region>/<clusterName>/<clusterUuid>`. */
export function clusterScope(cluster: ClusterIdentity): string {
  return `${cluster.account}/${cluster.region}/${cluster.clusterName}/${cluster.clusterUuid}`;
}

/** The scope (cluster) of an index key: the key without its last segment. */
export function scopeOfKey(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/** The topic of an index key: its last segment. */
export function topicOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function sameStamps(a: SchemaStamps | undefined, b: SchemaStamps | undefined): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}

function guard(input: PlanInput, deletes: readonly IndexEntry[]): DeleteGuardReport | undefined {
  if (deletes.length === 0) return undefined;
  const indexed = input.index.length;
  const share = deletes.length / indexed;
  const tooMany = share > input.maxDeleteShare;
  const emptyScopes: string[] = [];
  if (!input.onlyKeys) {
    const desiredScopes = input.populatedScopes ?? new Set(input.desired.map((d) => scopeOfKey(d.key)));
    const deleteScopes = new Set(deletes.map((e) => scopeOfKey(e.key)));
    for (const scope of [...deleteScopes].sort()) if (!desiredScopes.has(scope)) emptyScopes.push(scope);
  }
  if (!tooMany && emptyScopes.length === 0) return undefined;
  const reasons = [
    ...(tooMany
      ? [
          `${deletes.length} of ${indexed} indexed assets (${(share * 100).toFixed(1)}%) would be deleted, more than maxDeleteShare ${input.maxDeleteShare}`,
        ]
      : []),
    ...(emptyScopes.length > 0 ? [`the listing of ${emptyScopes.join(', ')} yielded no topic at all`] : []),
  ];
  return {
    refused: !input.force,
    forced: input.force,
    deletes: deletes.length,
    indexed,
    maxDeleteShare: input.maxDeleteShare,
    emptyScopes,
    reason: reasons.join('; '),
  };
}

/**
 * Plans a sync: a desired topic without index entry → create; with an entry of another fingerprint →
 * update (exactly one revision); with the same fingerprint → unchanged; an index entry without desired
 * topic → delete, but only when its scope's listing was complete, the key is not protected, it is in the
 * scope of a scoped run, and the delete guard allows it. An unchanged entry in the legacy index layout is
 * rewritten (restamp), so that any run moves the index into its buckets.
 *
 * A partitioned run plans with its partition's desired assets and index entries only: its deletes never
 * touch another partition, and the guard's share is the share of the partition's indexed assets.
 *
 * The guard refuses every delete (and reports why) when the deletes exceed `maxDeleteShare` of the indexed
 * assets, or when a complete listing yielded no topic at all for a cluster the index holds assets of;
 * `force` overrides it (the report says so).
 *
 * @throws InvalidInputError when two desired assets share a key or a write lacks its draft.
 */
export function planAssetSync(input: PlanInput): AssetSyncPlan {
  const inScope = (key: string) => !input.onlyKeys || input.onlyKeys.has(key);
  const protectedKeys = input.protectedKeys ?? new Set<string>();
  const entries = new Map(input.index.map((e) => [e.key, e]));
  const desired = new Map<string, DesiredAsset>();
  for (const d of input.desired) {
    if (desired.has(d.key)) throw new InvalidInputError('desired.key', d.key, 'appears twice in one plan');
    if (inScope(d.key) && !protectedKeys.has(d.key)) desired.set(d.key, d);
  }
  const creates: PlannedAction[] = [];
  const updates: PlannedAction[] = [];
  const unchanged: PlannedAction[] = [];
  for (const d of [...desired.values()].sort(byKey)) {
    const entry = entries.get(d.key);
    const stamps = d.schemaStamps ? { schemaStamps: d.schemaStamps } : {};
    if (entry && entry.fingerprint === d.fingerprint) {
      unchanged.push({
        kind: 'unchanged',
        key: d.key,
        topic: d.topic,
        assetId: entry.assetId,
        fingerprint: d.fingerprint,
        ...stamps,
        restamp: entry.legacy === true || !sameStamps(entry.schemaStamps, d.schemaStamps),
      });
      continue;
    }
    if (!d.draft) throw new InvalidInputError('desired.draft', d.key, 'is required when the content changed');
    if (entry) {
      updates.push({
        kind: 'update',
        key: d.key,
        topic: d.topic,
        assetId: entry.assetId,
        draft: d.draft,
        fingerprint: d.fingerprint,
        previousFingerprint: entry.fingerprint,
        ...stamps,
      });
    } else {
      creates.push({
        kind: 'create',
        key: d.key,
        topic: d.topic,
        draft: d.draft,
        fingerprint: d.fingerprint,
        ...stamps,
      });
    }
  }
  const gone = input.index
    .filter((e) => inScope(e.key) && !desired.has(e.key) && !protectedKeys.has(e.key))
    .sort(byKey);
  const heldBack = gone.filter((e) => !input.completeScopes.has(scopeOfKey(e.key))).map((e) => e.key);
  const deletable = gone.filter((e) => input.completeScopes.has(scopeOfKey(e.key)));
  const deleteGuard = guard(input, deletable);
  const deletes: PlannedAction[] = deleteGuard?.refused
    ? []
    : deletable.map((e) => ({ kind: 'delete', key: e.key, topic: topicOfKey(e.key), assetId: e.assetId }));
  return {
    actions: [...creates, ...updates, ...unchanged, ...deletes],
    ...(deleteGuard ? { deleteGuard } : {}),
    heldBack,
  };
}

/** The error a refused delete guard stands for (the use case reports it as the cause of its failure). */
export function deleteGuardError(report: DeleteGuardReport): DeleteGuardError {
  return new DeleteGuardError(
    `Refused to delete ${report.deletes} of ${report.indexed} assets: ${report.reason}. Nothing was deleted; run with force to delete anyway.`,
    { context: { deletes: report.deletes, indexed: report.indexed, maxDeleteShare: report.maxDeleteShare } },
  );
}
