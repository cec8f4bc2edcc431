import { Metrics } from '@aws-lambda-powertools/metrics';
import { ClientFactory } from '../../common/src/clients.ts';
import { runtimeRegion } from '../../common/src/config.ts';
import { createLogger } from '../../common/src/logger.ts';
import { systemClock } from '../../common/src/rate-limiter.ts';
import { syncSettingsFromEnvironment } from './config.ts';
import { PartialSyncError } from './errors.ts';
import { parseSyncEvent, triggerOptions } from './glue-events.ts';
import { recordSyncMetrics } from './metrics.ts';
import type { SyncSummary } from './summary.ts';
import { syncCatalog } from './sync-assets.ts';
import { createSyncPorts } from './wiring.ts';

const log = createLogger('datasource-lambda');
const metrics = new Metrics({ namespace: 'streamgov', serviceName: 'catalog-sync' });
const settings = syncSettingsFromEnvironment();
const ports = createSyncPorts({ factory: new ClientFactory({ region: runtimeRegion() }), settings, log });

/**
 * The catalog sync function: a schedule, a Glue schema change (CloudTrail via EventBridge) or a manual
 * `{ "deep"?, "force"? }` event runs one sync. A partial failure throws (so retries, the dead-letter
 * queue and the alarm see it) after the metrics of the run are published.
 */
export async function handler(event: unknown): Promise<SyncSummary> {
  const trigger = parseSyncEvent(event);
  log.info('catalog sync started', { trigger: trigger.kind, domainId: settings.domainId });
  try {
    const summary = await syncCatalog({
      settings,
      ports,
      log,
      clock: systemClock,
      options: triggerOptions(trigger),
    });
    log.info('catalog sync finished', { summary });
    recordSyncMetrics(metrics, summary);
    return summary;
  } catch (error) {
    if (error instanceof PartialSyncError) recordSyncMetrics(metrics, error.summary);
    log.error('catalog sync failed', { error });
    throw error;
  }
}
