import { Metrics } from '@aws-lambda-powertools/metrics';
import { ClientFactory } from '../../common/src/clients.ts';
import { runtimeRegion } from '../../common/src/config.ts';
import { createLogger } from '../../common/src/logger.ts';
import { METRICS_NAMESPACE } from '../../common/src/metrics.ts';
import { systemClock } from '../../common/src/rate-limiter.ts';
import { syncSettingsFromEnvironment } from './config.ts';
import { createSyncHandler } from './sync-handler.ts';
import { createSyncPorts } from './wiring.ts';

const log = createLogger('datasource-lambda');
const settings = syncSettingsFromEnvironment();

/**
 * The catalog sync function (see createSyncHandler): a schedule, a Glue schema change, a manual
 * `{ "deep"?, "force"? }` event or one partition `{ "partition": { "index", "count" } }` runs one sync;
 * a partial failure throws after the run's metrics are published.
 */
export const handler = createSyncHandler({
  settings,
  ports: createSyncPorts({ factory: new ClientFactory({ region: runtimeRegion() }), settings, log }),
  log,
  clock: systemClock,
  metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'catalog-sync' }),
});
