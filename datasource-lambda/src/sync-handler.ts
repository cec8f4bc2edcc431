import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Log } from '../../common/src/logger.ts';
import type { Clock } from '../../common/src/rate-limiter.ts';
import type { SyncSettings } from './config.ts';
import { PartialSyncError } from './errors.ts';
import { parseSyncEvent, triggerOptions } from './glue-events.ts';
import { recordSyncMetrics } from './metrics.ts';
import type { SyncPorts } from './ports.ts';
import type { SyncSummary } from './summary.ts';
import { type SyncRetryPolicy, syncCatalog } from './sync-assets.ts';

/** What the sync function's handler is built from (once per cold start). */
export interface SyncHandlerDependencies {
  readonly settings: SyncSettings;
  readonly ports: SyncPorts;
  readonly log: Log;
  readonly clock: Clock;
  /**
   * Where each run's counts are published.
   * @default - no metrics
   */
  readonly metrics?: Metrics;
  /** @default DEFAULT_RETRY of sync-assets.ts */
  readonly retry?: SyncRetryPolicy;
}

/**
 * The catalog sync handler: a schedule, a Glue schema change (CloudTrail via EventBridge), a manual
 * `{ "deep"?, "force"? }` event or one partition `{ "partition": { "index", "count" } }` of the
 * partitioned state machine runs one sync. A partial failure throws (so retries, the dead-letter queue,
 * the state machine's Catch and the alarms see it) after the metrics of the run are published.
 *
 * @throws InvalidInputError for an event it does not recognise (naming the field).
 * @throws PartialSyncError and the other errors of `syncCatalog`.
 */
export function createSyncHandler(deps: SyncHandlerDependencies): (event: unknown) => Promise<SyncSummary> {
  const { settings, ports, log, clock, metrics } = deps;
  return async (event) => {
    const trigger = parseSyncEvent(event);
    const options = triggerOptions(trigger);
    log.info('catalog sync started', {
      trigger: trigger.kind,
      domainId: settings.domainId,
      ...(options.partition ? { partition: `${options.partition.index}/${options.partition.count}` } : {}),
    });
    try {
      const summary = await syncCatalog({
        settings,
        ports,
        log,
        clock,
        ...(deps.retry ? { retry: deps.retry } : {}),
        options,
      });
      if (metrics) recordSyncMetrics(metrics, summary);
      return summary;
    } catch (error) {
      if (metrics && error instanceof PartialSyncError) recordSyncMetrics(metrics, error.summary);
      log.error('catalog sync failed', { error });
      throw error;
    }
  };
}
