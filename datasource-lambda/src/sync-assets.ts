/**
 * The catalog sync use case: keeps every configured source's topics in step with DataZone assets.
 */

import { randomUUID } from 'node:crypto';
import { topicAssetType } from '../../asset-types/src/definition.ts';
import { InvalidInputError, isTransientAwsError, TransientAwsError } from '../../common/src/errors.ts';
import type { Log } from '../../common/src/logger.ts';
import { type Clock, TokenBucket } from '../../common/src/rate-limiter.ts';
import { retryWithJitter } from '../../common/src/retry.ts';
import { applyPlan } from './apply-plan.ts';
import { collectDesired, type Retrying } from './collect-desired.ts';
import type { CatalogSource, SyncSettings } from './config.ts';
import { countCalls } from './count-calls.ts';
import { PartialSyncError } from './errors.ts';
import type { SchemaRef } from './glue-events.ts';
import { checkPartition, type Partition, partitionBuckets } from './partition.ts';
import { deleteGuardError, planAssetSync } from './plan-asset-sync.ts';
import type { SourcePorts, SyncPorts } from './ports.ts';
import { planItems, type SyncSummary, summaryLine } from './summary.ts';

export interface SyncOptions {
  /** Plan only: no DataZone or index write; the summary carries the plan. */
  readonly dryRun?: boolean;
  /** Delete even when the delete guard would refuse. */
  readonly force?: boolean;
  /** Re-read every schema whatever its stamp says, and check that unchanged assets still hold their content. */
  readonly deep?: boolean;
  /** Sync only the topics these schemas describe (a schema change event); nothing else is touched. */
  readonly only?: readonly SchemaRef[];
  /**
   * Sync one partition of the topics (see partition.ts): every source is listed as usual, but only the
   * partition's topics are read, built and written, and only its index buckets are read, so deletes and
   * the delete guard concern the partition alone. `count` 1 is an unpartitioned run. Not combinable
   * with `only`.
   */
  readonly partition?: Partition;
}

/** How calls are retried: attempts and full-jitter exponential backoff. */
export interface SyncRetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Throttling answers come in bursts; the backoff starts near the SDK's throttling base (1 s). */
export const DEFAULT_RETRY: SyncRetryPolicy = { attempts: 6, baseMs: 500, maxMs: 20_000 };

export interface SyncCatalogParams {
  readonly settings: SyncSettings;
  readonly ports: SyncPorts;
  readonly log: Log;
  /** Time for the rate limiter, backoff and duration. */
  readonly clock: Clock;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
  /** @default Math.random (backoff jitter) */
  readonly random?: () => number;
  /** @default DEFAULT_RETRY */
  readonly retry?: SyncRetryPolicy;
  readonly options?: SyncOptions;
}

/** True for errors worth another attempt: throttling, 5xx, and what adapters translated to TransientAwsError. */
export function isRetryableSyncError(error: unknown): boolean {
  return error instanceof TransientAwsError || isTransientAwsError(error);
}

/**
 * Runs one catalog sync:
 * 1. verifies that the asset type exists (AssetTypeMissingError otherwise, before anything is read);
 * 2. reads the index, then per source resolves the cluster and lists topics and schemas (a failed listing
 *    makes the source incomplete: nothing of its cluster is deleted, and the run fails at the end);
 * 3. builds each topic's draft and fingerprint, reading a schema only when its stamp changed (or `deep`, or
 *    an event names it);
 * 4. plans create / update / unchanged / delete with the delete guard;
 * 5. applies the plan with bounded concurrency, DataZone writes paced by a token bucket at
 *    `settings.dataZoneWriteRate`, transient errors retried with jitter.
 *
 * With `options.partition`, steps 2–5 cover the partition's topics and index buckets only; entries
 * still in the index layout from before buckets existed are read per listed cluster (`listLegacy`) and
 * moved into their buckets like any run moves them.
 *
 * @returns the summary when every item and every source succeeded.
 * @throws AssetTypeMissingError when the asset type or its forms are missing from the domain.
 * @throws PartialSyncError (with the summary) when any item or source failed, or the delete guard refused
 *   (its cause is then the DeleteGuardError); everything that could be applied was applied.
 * @throws the index's error when the index cannot be read (nothing was written).
 * @throws InvalidInputError when `options.partition` is malformed or combined with `only`.
 */
export async function syncCatalog(params: SyncCatalogParams): Promise<SyncSummary> {
  const { settings, log, clock } = params;
  const options = params.options ?? {};
  const partition = options.partition ? checkPartition(options.partition, 'options.partition') : undefined;
  if (partition && options.only) {
    throw new InvalidInputError('options.partition', partition, 'cannot be combined with options.only');
  }
  const partitioned = partition !== undefined && partition.count > 1;
  const filter = partition && partitioned ? { buckets: partitionBuckets(partition) } : undefined;
  const started = clock.now();
  const runId = (params.newId ?? randomUUID)();
  const apiCalls: Record<string, number> = {};
  const forSource = (source: CatalogSource): SourcePorts => {
    const ports = params.ports.forSource(source);
    return {
      clusters: countCalls(ports.clusters, 'clusters', apiCalls),
      registry: countCalls(ports.registry, 'registry', apiCalls),
    };
  };
  const catalog = countCalls(params.ports.catalog, 'catalog', apiCalls);
  const index = countCalls(params.ports.index, 'index', apiCalls);
  const policy = params.retry ?? DEFAULT_RETRY;
  const retrying: Retrying = (fn) =>
    retryWithJitter(fn, {
      ...policy,
      isRetryable: isRetryableSyncError,
      sleep: (ms) => clock.sleep(ms),
      ...(params.random ? { random: params.random } : {}),
    });
  const definition = topicAssetType(settings.assetTypeNames);

  await retrying(() => catalog.verifyAssetType());
  const entries = await retrying(() => (filter ? index.list(filter) : index.list()));
  const collected = await collectDesired({
    sources: settings.sources,
    index: new Map(entries.map((e) => [e.key, e])),
    ...(partition && filter
      ? { partition, moreEntries: (scope: string) => index.listLegacy(scope, filter) }
      : {}),
    definition,
    forSource,
    concurrency: settings.concurrency,
    retrying,
    deep: options.deep ?? false,
    ...(options.only ? { only: options.only } : {}),
    log,
  });
  const plan = planAssetSync({
    desired: collected.desired,
    index: [...collected.index.values()],
    ...(partitioned ? { populatedScopes: collected.populatedScopes } : {}),
    completeScopes: collected.completeScopes,
    protectedKeys: collected.protectedKeys,
    ...(collected.onlyKeys ? { onlyKeys: collected.onlyKeys } : {}),
    maxDeleteShare: settings.maxDeleteShare,
    force: options.force ?? false,
  });
  if (plan.deleteGuard) log.warn('delete guard', { ...plan.deleteGuard });

  const dryRun = options.dryRun ?? false;
  const counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, adopted: 0 };
  const failed = [...collected.failed];
  if (dryRun) {
    for (const action of plan.actions) {
      const kind =
        action.kind === 'create'
          ? 'created'
          : action.kind === 'update'
            ? 'updated'
            : action.kind === 'delete'
              ? 'deleted'
              : 'unchanged';
      counts[kind] += 1;
    }
  } else {
    const applied = await applyPlan({
      actions: plan.actions,
      desired: new Map(collected.desired.map((d) => [d.key, d])),
      catalog,
      index,
      definition,
      concurrency: settings.concurrency,
      retrying,
      writes: new TokenBucket({ ratePerSecond: settings.dataZoneWriteRate, clock }),
      autoPublish: settings.autoPublish,
      verify: options.deep ?? false,
      runId,
      log,
    });
    Object.assign(counts, applied.counts);
    failed.push(...applied.failed);
  }

  const summary: SyncSummary = {
    runId,
    dryRun,
    ...(partition ? { partition } : {}),
    ...counts,
    failed,
    parseErrors: collected.parseErrors,
    unmatchedSchemas: collected.unmatchedSchemas,
    warnings: collected.warnings,
    sources: collected.sources,
    heldBack: plan.heldBack,
    ...(plan.deleteGuard ? { deleteGuard: plan.deleteGuard } : {}),
    apiCalls,
    durationMs: clock.now() - started,
    ...(dryRun ? { plan: planItems(plan.actions) } : {}),
  };
  const line = summaryLine(summary);
  const refused = plan.deleteGuard?.refused === true;
  if (failed.length > 0 || refused) {
    log.error('catalog sync incomplete', { runId, summary: line });
    throw new PartialSyncError(`Catalog sync ${runId} incomplete: ${line}`, summary, {
      ...(refused && plan.deleteGuard ? { cause: deleteGuardError(plan.deleteGuard) } : {}),
      context: { runId },
    });
  }
  log.info('catalog sync finished', { runId, summary: line, durationMs: summary.durationMs });
  return summary;
}
