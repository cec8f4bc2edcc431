import type { Log } from '../../../common/src/logger.ts';
import { type MetricsRecorder, noMetrics } from '../../../common/src/metrics.ts';
import type { Clock } from '../../../common/src/rate-limiter.ts';
import { applyGrant } from '../apply-grant.ts';
import type { ApplyResult, EnvironmentInput, GrantRequest } from '../contract.ts';
import { InvalidGrantRequestError } from '../errors.ts';
import { recordApplied } from '../metrics.ts';
import type { GrantPorts } from '../ports.ts';
import type { GrantSettings } from '../settings.ts';

/**
 * Payload of the ApplyGrant and UndoLateGrant tasks: the request and the side of the environment input,
 * and `undo` (take back a GRANT: apply it as a REVOKE; absent means false).
 */
export type ApplyEvent = Pick<EnvironmentInput, 'request' | 'side'> & { readonly undo?: boolean };

/** What the apply function is built from. */
export interface ApplyDeps {
  /** The ports of the environment account (built once per cold start). */
  readonly ports: GrantPorts;
  readonly settings: GrantSettings;
  readonly log: Log;
  readonly clock: Clock;
  readonly random: () => number;
  /** Where each applied side is counted (GRANT_ENVIRONMENT_METRICS). @default no metrics */
  readonly metrics?: MetricsRecorder;
}

/**
 * The request to apply: the request itself, or with `undo` the REVOKE of its GRANT (a compensation).
 * @throws InvalidGrantRequestError when `undo` is not a boolean, or asks to undo a REVOKE.
 */
export function requestToApply(event: ApplyEvent): GrantRequest {
  const undo = event?.undo ?? false;
  if (typeof undo !== 'boolean') {
    throw new InvalidGrantRequestError(`Invalid apply payload: undo ${JSON.stringify(undo)} (a boolean)`);
  }
  if (!undo) return event?.request;
  if (event.request?.action !== 'GRANT') {
    throw new InvalidGrantRequestError(
      `Invalid apply payload: undo of a ${JSON.stringify(event.request?.action)} request (only a GRANT is undone)`,
    );
  }
  return { ...event.request, action: 'REVOKE' };
}

/**
 * The environment's ApplyGrant task: applies one side of one grant or revoke (see applyGrant), counts
 * it (GRANT_ENVIRONMENT_METRICS) and flushes the metrics before it returns or throws.
 */
export function createApplyHandler(deps: ApplyDeps): (event: ApplyEvent) => Promise<ApplyResult> {
  const { metrics = noMetrics, ...rest } = deps;
  return async (event) => {
    try {
      const result = await applyGrant({ ...rest, request: requestToApply(event), side: event?.side });
      recordApplied(metrics, result.action, result.side, event?.undo === true);
      return result;
    } finally {
      metrics.flush();
    }
  };
}
