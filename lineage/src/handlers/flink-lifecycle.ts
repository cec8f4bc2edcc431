import { type MetricsRecorder, noMetrics } from '../../../common/src/metrics.ts';
import { FlinkLineageConventionError } from '../flink/errors.ts';
import {
  type FlinkLifecycleOutcome,
  type FlinkLifecyclePorts,
  reportFlinkLifecycle,
} from '../flink/report-lifecycle.ts';
import { countingTransport, FLINK_LINEAGE_METRICS } from '../metrics.ts';

/**
 * The Flink lifecycle function's handler: one EventBridge event (a Managed Service for Apache Flink
 * CloudTrail record) → its lineage in DataZone. Returns what became of the event; throws on every
 * failure (malformed event, convention error, AWS or DataZone error) so that Lambda's retries and the
 * dead-letter queue see it. Records FLINK_LINEAGE_METRICS (events posted by type, ignored calls,
 * convention errors) and flushes them before it returns or throws.
 * @param metrics - Where the metrics go. @default no metrics
 * @throws the errors of reportFlinkLifecycle.
 */
export function createFlinkLifecycleHandler(
  ports: FlinkLifecyclePorts,
  metrics: MetricsRecorder = noMetrics,
): (event: unknown) => Promise<FlinkLifecycleOutcome> {
  const { names } = FLINK_LINEAGE_METRICS;
  const counted: FlinkLifecyclePorts = { ...ports, transport: countingTransport(ports.transport, metrics) };
  return async (event) => {
    try {
      const outcome = await reportFlinkLifecycle(event, counted);
      if (outcome.kind === 'ignored') metrics.count(names.ignored);
      return outcome;
    } catch (error) {
      if (error instanceof FlinkLineageConventionError) metrics.count(names.conventionErrors);
      ports.log.error('Flink lifecycle event failed', { error });
      throw error;
    } finally {
      metrics.flush();
    }
  };
}
