import type { Log } from '../../../common/src/logger.ts';
import { type MetricsRecorder, noMetrics } from '../../../common/src/metrics.ts';
import { collectGrant, type GrantCatalog } from '../collect-grant.ts';
import type { CentralSettings } from '../config.ts';
import type { CentralInput, CollectOutcome } from '../contract.ts';
import { GRANT_CENTRAL_METRICS } from '../metrics.ts';

/** What the CollectMetadata function is built from. */
export interface CollectMetadataDeps {
  readonly settings: CentralSettings;
  readonly catalog: GrantCatalog;
  readonly log: Log;
  /** Where skipped events are counted (GRANT_CENTRAL_METRICS). @default no metrics */
  readonly metrics?: MetricsRecorder;
}

/**
 * The CollectMetadata task: the DataZone event in, the collected grant out (see collectGrant). Errors
 * leave under their names (InvalidGrantRequestError, TransientAwsError…) for the state machine's Retry
 * and Catch. An out-of-date event skipped is counted (GRANT_CENTRAL_METRICS), flushed before it
 * returns or throws.
 */
export function createCollectMetadataHandler(
  deps: CollectMetadataDeps,
): (event: CentralInput) => Promise<CollectOutcome> {
  const { metrics = noMetrics, ...rest } = deps;
  return async (event) => {
    try {
      const outcome = await collectGrant({ event, ...rest });
      if ('skip' in outcome) metrics.count(GRANT_CENTRAL_METRICS.names.skipped);
      return outcome;
    } finally {
      metrics.flush();
    }
  };
}
