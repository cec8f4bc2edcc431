/**
 * The write side of a sync: applies a plan to DataZone and the index, one outcome per action.
 */

import type { TopicAssetTypeDefinition } from '../../asset-types/src/definition.ts';
import type { Log } from '../../common/src/logger.ts';
import type { TokenBucket } from '../../common/src/rate-limiter.ts';
import { mapSettledWithConcurrency } from '../../common/src/retry.ts';
import type { Retrying } from './collect-desired.ts';
import { AssetConflictError, AssetNotFoundError, CatalogSyncError } from './errors.ts';
import { fingerprintAsset, sha256 } from './fingerprint.ts';
import type { DesiredAsset, PlannedAction, SchemaStamps } from './plan-asset-sync.ts';
import type { AssetCatalog, AssetDraft, AssetIndex, CatalogAsset } from './ports.ts';
import { describeError, type FailedItem } from './summary.ts';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'adopted';

export interface ApplyInput {
  readonly actions: readonly PlannedAction[];
  /** The desired assets by key (drafts for the deep check of unchanged assets). */
  readonly desired: ReadonlyMap<string, DesiredAsset>;
  readonly catalog: AssetCatalog;
  readonly index: AssetIndex;
  readonly definition: TopicAssetTypeDefinition;
  readonly concurrency: number;
  readonly retrying: Retrying;
  /** Paces DataZone writes. */
  readonly writes: TokenBucket;
  readonly autoPublish: boolean;
  /** Check that unchanged assets still exist and still hold the indexed content (GetAsset each). */
  readonly verify: boolean;
  readonly runId: string;
  readonly log: Log;
}

export interface ApplyResult {
  readonly counts: Record<Outcome, number>;
  readonly failed: FailedItem[];
}

/** What the sync needs to know to write one topic. */
interface Target {
  readonly key: string;
  readonly topic: string;
  readonly draft: AssetDraft;
  readonly fingerprint: string;
  readonly schemaStamps?: SchemaStamps;
}

/**
 * An idempotency token for one write: the same within a run (so a retried call is not duplicated), never
 * the same across runs (DataZone replays a remembered token's result even for an asset deleted since, and
 * content can return to an earlier fingerprint).
 */
export function clientToken(runId: string, operation: string, key: string, fingerprint: string): string {
  return sha256(`${runId}\n${operation}\n${key}\n${fingerprint}`).slice(0, 64);
}

/**
 * Applies the plan with bounded concurrency: creates (adopting on an externalIdentifier conflict), one
 * revision per update (adopting or re-creating when the indexed asset is gone), deletes (asset, then index
 * entry), optional publishing; the index entry is written only after the DataZone writes succeeded. Every
 * action settles; failures are returned, never thrown.
 */
export async function applyPlan(input: ApplyInput): Promise<ApplyResult> {
  const { catalog, index, retrying } = input;
  const write = <T>(fn: () => Promise<T>) => retrying(() => input.writes.run(fn));
  const token = (op: string, t: { key: string; fingerprint: string }) =>
    clientToken(input.runId, op, t.key, t.fingerprint);

  const record = async (t: Target, assetId: string, revision: string | undefined) => {
    if (input.autoPublish && revision !== undefined) await write(() => catalog.publish(assetId, revision));
    await retrying(() =>
      index.put({
        key: t.key,
        assetId,
        fingerprint: t.fingerprint,
        ...(t.schemaStamps ? { schemaStamps: t.schemaStamps } : {}),
      }),
    );
  };

  /** Takes an existing asset into the index, revising it only when its content differs. */
  const adopt = async (t: Target, found: CatalogAsset): Promise<Outcome> => {
    let revision = found.revision;
    if (fingerprintAsset(found, input.definition) !== t.fingerprint) {
      revision = (
        await write(() => catalog.createRevision(found.assetId, t.draft, token('adopt-revision', t)))
      ).revision;
    }
    await record(t, found.assetId, revision);
    return 'adopted';
  };

  const create = async (t: Target): Promise<Outcome> => {
    try {
      const created = await write(() => catalog.createAsset(t.draft, token('create', t)));
      await record(t, created.assetId, created.revision);
      return 'created';
    } catch (error) {
      if (!(error instanceof AssetConflictError)) throw error;
      const found = await retrying(() => catalog.findByExternalIdentifier(t.draft.externalIdentifier));
      if (!found) {
        throw new CatalogSyncError(
          `CreateAsset reported a conflict for ${t.draft.externalIdentifier} but no asset with it was found`,
          { cause: error, context: { key: t.key } },
        );
      }
      return adopt(t, found);
    }
  };

  const adoptOrCreate = async (t: Target): Promise<Outcome> => {
    const found = await retrying(() => catalog.findByExternalIdentifier(t.draft.externalIdentifier));
    return found ? adopt(t, found) : create(t);
  };

  const target = (action: { key: string; topic: string; fingerprint: string }, draft: AssetDraft): Target => {
    const desired = input.desired.get(action.key);
    return {
      key: action.key,
      topic: action.topic,
      draft,
      fingerprint: action.fingerprint,
      ...(desired?.schemaStamps ? { schemaStamps: desired.schemaStamps } : {}),
    };
  };

  const applyOne = async (action: PlannedAction): Promise<Outcome> => {
    switch (action.kind) {
      case 'create':
        return create(target(action, action.draft));
      case 'update': {
        const t = target(action, action.draft);
        try {
          const { revision } = await write(() =>
            catalog.createRevision(action.assetId, t.draft, token('revision', t)),
          );
          await record(t, action.assetId, revision);
          return 'updated';
        } catch (error) {
          if (!(error instanceof AssetNotFoundError)) throw error;
          input.log.warn('indexed asset is gone; adopting or re-creating', {
            key: action.key,
            assetId: action.assetId,
          });
          return adoptOrCreate(t);
        }
      }
      case 'unchanged': {
        const draft = input.desired.get(action.key)?.draft;
        if (input.verify && draft) {
          const t = target(action, draft);
          const asset = await retrying(() => catalog.getAsset(action.assetId));
          if (!asset) return adoptOrCreate(t);
          if (fingerprintAsset(asset, input.definition) !== action.fingerprint) {
            const { revision } = await write(() =>
              catalog.createRevision(action.assetId, draft, token('repair', t)),
            );
            await record(t, action.assetId, revision);
            return 'updated';
          }
        }
        if (action.restamp) {
          await retrying(() =>
            index.put({
              key: action.key,
              assetId: action.assetId,
              fingerprint: action.fingerprint,
              ...(action.schemaStamps ? { schemaStamps: action.schemaStamps } : {}),
            }),
          );
        }
        return 'unchanged';
      }
      case 'delete':
        await write(() => catalog.deleteAsset(action.assetId));
        await retrying(() => index.delete(action.key));
        return 'deleted';
    }
  };

  const counts: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, deleted: 0, adopted: 0 };
  const failed: FailedItem[] = [];
  const results = await mapSettledWithConcurrency(input.actions, input.concurrency, applyOne);
  results.forEach((result, i) => {
    const action = input.actions[i] as PlannedAction;
    if (result.status === 'fulfilled') counts[result.value] += 1;
    else {
      failed.push({ key: action.key, topic: action.topic, error: describeError(result.reason) });
      input.log.error('catalog write failed', { key: action.key, action: action.kind, error: result.reason });
    }
  });
  return { counts, failed };
}
