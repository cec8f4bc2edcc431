import { ClientFactory } from '../../../common/src/clients.ts';
import { runtimeRegion } from '../../../common/src/config.ts';
import { createLogger } from '../../../common/src/logger.ts';
import { PowertoolsMetricsRecorder } from '../../../common/src/metrics.ts';
import { flinkLifecycleSettingsFromEnvironment } from '../flink/config.ts';
import { createFlinkLifecyclePorts } from '../flink/wiring.ts';
import { FLINK_LINEAGE_METRICS } from '../metrics.ts';
import { createFlinkLifecycleHandler } from './flink-lifecycle.ts';

const log = createLogger('lineage', { function: 'flink-lifecycle' });
const settings = flinkLifecycleSettingsFromEnvironment();

/**
 * The Flink lifecycle emitter function (see createFlinkLifecycleHandler), invoked by the EventBridge
 * rule of FlinkLineageEmitter with Managed Service for Apache Flink CloudTrail events; publishes
 * FLINK_LINEAGE_METRICS (EMF).
 */
export const handler = createFlinkLifecycleHandler(
  createFlinkLifecyclePorts({ factory: new ClientFactory({ region: runtimeRegion() }), settings, log }),
  new PowertoolsMetricsRecorder({ service: FLINK_LINEAGE_METRICS.service }),
);
