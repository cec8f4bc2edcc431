import type { Log } from '../../../common/src/logger.ts';
import type { Clock } from '../../../common/src/rate-limiter.ts';
import { applyGrant } from '../apply-grant.ts';
import type { ApplyResult, EnvironmentInput } from '../contract.ts';
import type { GrantPorts } from '../ports.ts';
import type { GrantSettings } from '../settings.ts';

/** Payload of the ApplyGrant task: the request and the side of the environment input. */
export type ApplyEvent = Pick<EnvironmentInput, 'request' | 'side'>;

/** What the apply function is built from. */
export interface ApplyDeps {
  /** The ports of the environment account (built once per cold start). */
  readonly ports: GrantPorts;
  readonly settings: GrantSettings;
  readonly log: Log;
  readonly clock: Clock;
  readonly random: () => number;
}

/** The environment's ApplyGrant task: applies one side of one grant or revoke (see applyGrant). */
export function createApplyHandler(deps: ApplyDeps): (event: ApplyEvent) => Promise<ApplyResult> {
  return (event) => applyGrant({ ...deps, request: event?.request, side: event?.side });
}
