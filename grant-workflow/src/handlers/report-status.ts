import type { Log } from '../../../common/src/logger.ts';
import type { GrantCatalog } from '../collect-grant.ts';
import type { CentralSettings } from '../config.ts';
import { InvalidGrantRequestError } from '../errors.ts';
import { type ReportedStatus, reportStatus } from '../report-status.ts';

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
}

/** The ReportSuccess / ReportFailure task (one function; the payload says which). */
export function createReportStatusHandler(
  deps: ReportStatusDeps,
): (event: ReportStatusEvent) => Promise<ReportedStatus> {
  return async (event) => {
    const outcome = event?.outcome;
    if (outcome !== 'success' && outcome !== 'failure') {
      throw new InvalidGrantRequestError(
        `Invalid report payload: outcome ${JSON.stringify(outcome)} (success or failure)`,
      );
    }
    return reportStatus({ ...deps, outcome, state: event.state });
  };
}
