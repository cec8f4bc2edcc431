import {
  type FlinkLifecycleOutcome,
  type FlinkLifecyclePorts,
  reportFlinkLifecycle,
} from '../flink/report-lifecycle.ts';

/**
 * The Flink lifecycle function's handler: one EventBridge event (a Managed Service for Apache Flink
 * CloudTrail record) → its lineage in DataZone. Returns what became of the event; throws on every
 * failure (malformed event, convention error, AWS or DataZone error) so that Lambda's retries and the
 * dead-letter queue see it.
 * @throws the errors of reportFlinkLifecycle.
 */
export function createFlinkLifecycleHandler(
  ports: FlinkLifecyclePorts,
): (event: unknown) => Promise<FlinkLifecycleOutcome> {
  return async (event) => {
    try {
      return await reportFlinkLifecycle(event, ports);
    } catch (error) {
      ports.log.error('Flink lifecycle event failed', { error });
      throw error;
    }
  };
}
