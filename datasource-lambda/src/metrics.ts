import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncSummary } from './summary.ts';

export { METRICS_NAMESPACE } from '../../common/src/metrics.ts';

/** Metrics of the catalog sync (namespace METRICS_NAMESPACE, service `catalog-sync`), one set per run. */
export const CATALOG_SYNC_METRICS = {
  service: 'catalog-sync',
  names: {
    created: 'AssetsCreated',
    updated: 'AssetsUpdated',
    unchanged: 'AssetsUnchanged',
    deleted: 'AssetsDeleted',
    adopted: 'AssetsAdopted',
    failed: 'ItemsFailed',
    parseErrors: 'SchemaParseErrors',
    duration: 'SyncDuration',
  },
} as const;

/** Records one run's counts as CloudWatch metrics (CATALOG_SYNC_METRICS) and publishes them. */
export function recordSyncMetrics(metrics: Metrics, summary: SyncSummary): void {
  const { names } = CATALOG_SYNC_METRICS;
  const counts: Record<string, number> = {
    [names.created]: summary.created,
    [names.updated]: summary.updated,
    [names.unchanged]: summary.unchanged,
    [names.deleted]: summary.deleted,
    [names.adopted]: summary.adopted,
    [names.failed]: summary.failed.length,
    [names.parseErrors]: summary.parseErrors.length,
  };
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
  metrics.addMetric(names.duration, MetricUnit.Milliseconds, summary.durationMs);
  metrics.publishStoredMetrics();
}
