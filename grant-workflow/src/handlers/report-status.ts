import type { Log } from '../../../common/src/logger.ts';
import { type MetricsRecorder, noMetrics } from '../../../common/src/metrics.ts';
import type { GrantCatalog } from '../collect-grant.ts';
import type { CentralSettings } from '../config.ts';
import { InvalidGrantRequestError } from '../errors.ts';
import { recordReported } from '../metrics.ts';
import { compensationOf, type ReportedStatus, reportStatus } from '../report-status.ts';

/** Payload of the ReportSuccess and ReportFailure tasks: the outcome and the whole central state. */
export interface ReportStatusEvent {
  readonly outcome: 'success' | 'failure';
  readonly state: unknown;
}

/** What the report function is built from. */
export interface ReportStatusDeps {
  readonly settings: CentralSettings;
  readonly catalog: GrantCatalog;
  readonly log: Log;
  readonly timeoutSeconds?: number;
  /** Where reported statuses and compensations are counted (GRANT_CENTRAL_METRICS). @default no metrics */
  readonly metrics?: MetricsRecorder;
}

/**
 * The ReportSuccess / ReportFailure task (one function; the payload says which). Each status DataZone
 * took is counted with the compensation it reports (GRANT_CENTRAL_METRICS), flushed before it returns
 * or throws.
 */
export function createReportStatusHandler(
  deps: ReportStatusDeps,
): (event: ReportStatusEvent) => Promise<ReportedStatus> {
  const { metrics = noMetrics, ...rest } = deps;
  return async (event) => {
    try {
      const outcome = event?.outcome;
      if (outcome !== 'success' && outcome !== 'failure') {
        throw new InvalidGrantRequestError(
          `Invalid report payload: outcome ${JSON.stringify(outcome)} (success or failure)`,
        );
      }
      const reported = await reportStatus({ ...rest, outcome, state: event.state });
      const state = event.state as Record<string, unknown>;
      recordReported(metrics, reported.status, outcome === 'failure' ? compensationOf(state) : undefined);
      return reported;
    } finally {
      metrics.flush();
    }
  };
}
