import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncSummary } from './summary.ts';

/** Records one run's counts as CloudWatch metrics (namespace streamgov, service catalog-sync). */
export function recordSyncMetrics(metrics: Metrics, summary: SyncSummary): void {
  const counts: Record<string, number> = {
    AssetsCreated: summary.created,
    AssetsUpdated: summary.updated,
    AssetsUnchanged: summary.unchanged,
    AssetsDeleted: summary.deleted,
    AssetsAdopted: summary.adopted,
    ItemsFailed: summary.failed.length,
    SchemaParseErrors: summary.parseErrors.length,
  };
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
  metrics.addMetric('SyncDuration', MetricUnit.Milliseconds, summary.durationMs);
  metrics.publishStoredMetrics();
}
