import { ClientFactory } from '../../../common/src/clients.ts';
import { runtimeRegion } from '../../../common/src/config.ts';
import { createLogger } from '../../../common/src/logger.ts';
import { PowertoolsMetricsRecorder } from '../../../common/src/metrics.ts';
import { ingestSettingsFromEnvironment } from '../ingest/config.ts';
import { createIngestPorts } from '../ingest/wiring.ts';
import { INGEST_METRICS } from '../metrics.ts';
import { createIngestHandler } from './ingest-handler.ts';

const log = createLogger('lineage', { function: 'ingest' });
const settings = ingestSettingsFromEnvironment();

/**
 * The OpenLineage ingest function behind its Function URL (IAM auth): `POST /api/v1/lineage` (one
 * event) and `POST /api/v1/lineage/batch` (an array), forwarded to DataZone, dead-lettered to SQS when
 * DataZone does not take them. See docs/lineage.md "Ingest endpoint". Each request's counts are
 * published as INGEST_METRICS (EMF).
 */
export const handler = createIngestHandler({
  settings,
  ports: createIngestPorts({ factory: new ClientFactory({ region: runtimeRegion() }), settings, log }),
  log,
  metrics: new PowertoolsMetricsRecorder({ service: INGEST_METRICS.service }),
});
