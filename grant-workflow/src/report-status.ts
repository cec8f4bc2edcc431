import { isJsonObject } from '../../common/src/json.ts';
import type { Log } from '../../common/src/logger.ts';
import { type GrantCatalog, type GrantEvent, parseGrantEvent } from './collect-grant.ts';
import type { CentralSettings } from './config.ts';
import {
  type ApplyResult,
  CENTRAL_FIELDS,
  GRANT_ERRORS,
  GRANT_STATUS,
  type GrantAction,
  type GrantSide,
  isUserError,
} from './contract.ts';
import { InvalidGrantRequestError } from './errors.ts';

/** A failure as a Step Functions Catch records it (`resultPath: '$.error'`). */
export interface CaughtError {
  readonly Error?: string;
  readonly Cause?: string;
}

/** DataZone keeps failure causes short; longer messages are cut with an ellipsis. */
export const MAX_FAILURE_MESSAGE = 2_000;

/** The message inside a cause: Lambda's `{"errorType","errorMessage"}` JSON, nested once at most. */
function causeMessage(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed: unknown = JSON.parse(cause);
    if (isJsonObject(parsed) && typeof parsed.errorMessage === 'string') return parsed.errorMessage;
    if (typeof parsed === 'string') return causeMessage(parsed);
  } catch {
    // Not JSON: the cause is the message.
  }
  return cause;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * A failure cause a person can act on, from the error name and cause the state machine caught: what
 * went wrong (the handler's message) and what to do about it. Pure.
 * @param error - `$.error` of the central state.
 * @param where - The side (and account) whose workflow failed or did not answer, when known.
 * @param timeoutSeconds - How long the central workflow waits for an environment workflow.
 */
export function failureMessage(
  error: CaughtError | undefined,
  where: { side?: GrantSide; account?: string } = {},
  timeoutSeconds?: number,
): string {
  const name = error?.Error ?? 'UnknownError';
  const message = sentence(causeMessage(error?.Cause));
  const place = where.side
    ? `the ${where.side} side${where.account ? ` (account ${where.account})` : ''}`
    : '';
  let text: string;
  switch (name) {
    case GRANT_ERRORS.invalidRequest:
      text = `The grant request is invalid and nothing was changed: ${message} Fix the listing, the subscription target or the streamgov configuration, then request the grant again.`;
      break;
    case GRANT_ERRORS.unsupportedCluster:
    case GRANT_ERRORS.notManaged:
      text = `${message} Nothing was changed.`;
      break;
    case GRANT_ERRORS.capacity:
      text = `${message} Remove grants from the role, or subscribe with another role, then request the grant again.`;
      break;
    case GRANT_ERRORS.transient:
      text = `AWS kept failing while applying ${place || 'the grant'} after retries: ${message} Request the grant again; if it keeps failing, check the service health and quotas of that account.`;
      break;
    case 'States.Timeout':
      text = `The environment workflow of ${place || 'an environment account'} did not answer within ${timeoutSeconds ?? 'the configured'} seconds. Check its executions (streamgov grant environment state machine) and its callback role, then request the grant again.`;
      break;
    default:
      text = `Applying the grant failed on ${place || 'the central workflow'} with ${name}: ${message || 'no cause given.'} See the execution history of the streamgov grant workflow, fix the cause, then request the grant again.`;
  }
  return truncate(text);
}

function truncate(text: string, max = MAX_FAILURE_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What the compensation of a failed GRANT did, per side (from the central state). */
export interface CompensationOutcome {
  /** Sides whose applied access was taken back. */
  readonly compensated: readonly GrantSide[];
  /** Sides whose compensation failed, with the error caught. */
  readonly failed: readonly { readonly side: GrantSide; readonly error: CaughtError }[];
}

const SIDES = ['producer', 'consumer'] as const;

/**
 * The compensation recorded in a central state (`compensated.<side>`, `compensationErrors.<side>`).
 * Pure.
 * @param state - The central state.
 * @returns What was compensated, or undefined when no compensation ran.
 */
export function compensationOf(state: Record<string, unknown>): CompensationOutcome | undefined {
  const done = state[CENTRAL_FIELDS.compensated];
  const errors = state[CENTRAL_FIELDS.compensationErrors];
  const compensated = SIDES.filter((side) => isJsonObject(done) && done[side] !== undefined);
  const failed = SIDES.flatMap((side) => {
    const error = isJsonObject(errors) ? errors[side] : undefined;
    return isJsonObject(error) ? [{ side, error: error as CaughtError }] : [];
  });
  return compensated.length + failed.length === 0 ? undefined : { compensated, failed };
}

/**
 * The sentence appended to a failure cause about the compensation. Pure.
 * @param outcome - See {@link compensationOf}.
 */
export function compensationMessage(outcome: CompensationOutcome): string {
  const parts: string[] = [];
  if (outcome.compensated.length > 0) {
    parts.push(
      `streamgov took back what the grant had applied on the ${outcome.compensated.join(' and ')} side${outcome.compensated.length > 1 ? 's' : ''}, so none of its access remains in force.`,
    );
  }
  for (const { side, error } of outcome.failed) {
    parts.push(
      `Taking back what the grant may have applied on the ${side} side failed too (${error.Error ?? 'UnknownError'}: ${sentence(causeMessage(error.Cause))}) Its access may remain in force until \`streamgov reconcile --apply\` or the scheduled reconcile removes it.`,
    );
  }
  return parts.join(' ');
}

/**
 * How a failed execution ends: `'user'` when the request cannot be fulfilled as asked (a user error,
 * see USER_ERROR_NAMES, and no compensation failed): the execution succeeds; `'infrastructure'`
 * otherwise: the execution fails and its alarm fires. Pure.
 */
export function failureKind(
  error: CaughtError | undefined,
  compensation: CompensationOutcome | undefined,
): 'user' | 'infrastructure' {
  return isUserError(error?.Error) && (compensation?.failed.length ?? 0) === 0 ? 'user' : 'infrastructure';
}

/** The grant a central state is about: from the collected request, else from the event itself. */
interface Subject {
  readonly grantId: string;
  readonly assetId: string;
  readonly action: GrantAction;
}

function subjectOf(state: Record<string, unknown>, settings: CentralSettings): Subject {
  const request = state.request;
  if (isJsonObject(request) && isJsonObject(request.grant)) {
    const { grantId, assetId } = request.grant;
    const { action } = request;
    if (
      typeof grantId === 'string' &&
      typeof assetId === 'string' &&
      (action === 'GRANT' || action === 'REVOKE')
    ) {
      return { grantId, assetId, action };
    }
  }
  // CollectMetadata failed: the state is still the event (a malformed one has nothing to report to).
  const event: GrantEvent = parseGrantEvent(state, settings);
  return { grantId: event.grantId, assetId: event.assetId, action: event.action };
}

/** The side whose task failed: the first target without a result. */
function failedSide(state: Record<string, unknown>): { side?: GrantSide; account?: string } {
  const targets = isJsonObject(state.targets) ? state.targets : {};
  const results = isJsonObject(state.results) ? state.results : {};
  for (const side of ['producer', 'consumer'] as const) {
    const t = targets[side];
    if (isJsonObject(t) && results[side] === undefined) {
      return { side, ...(typeof t.account === 'string' ? { account: t.account } : {}) };
    }
  }
  return {};
}

/** Everything {@link reportStatus} needs. */
export interface ReportStatusParams {
  readonly outcome: 'success' | 'failure';
  /** The central state: the collected grant (with `results`) or the event, and `error` on failure. */
  readonly state: unknown;
  readonly settings: CentralSettings;
  readonly catalog: GrantCatalog;
  readonly log: Log;
  /** The environment timeout, for the message of a timed-out environment workflow. */
  readonly timeoutSeconds?: number;
}

/** What was reported. */
export interface ReportedStatus {
  readonly subscriptionGrantId: string;
  readonly assetId: string;
  readonly status: string;
  readonly failureCause?: string;
  readonly results?: Partial<Record<GrantSide, ApplyResult>>;
  /** Failures only: how the execution ends (see {@link failureKind}). */
  readonly failureKind?: 'user' | 'infrastructure';
}

/**
 * Reports the outcome to DataZone: GRANTED / REVOKED on success; GRANT_FAILED / REVOKE_FAILED with a
 * failure cause a person can act on (see {@link failureMessage}) on failure.
 * @throws InvalidGrantRequestError when the state names no grant (a malformed event: nothing to report
 *   to; the execution fails and its alarm fires).
 * @throws TransientAwsError / AwsCallError when DataZone does not take the status.
 */
export async function reportStatus(params: ReportStatusParams): Promise<ReportedStatus> {
  const { settings, catalog, log, outcome } = params;
  if (!isJsonObject(params.state)) {
    throw new InvalidGrantRequestError('The central state is not an object: there is no grant to report to');
  }
  const state = params.state;
  const subject = subjectOf(state, settings);
  const statuses = GRANT_STATUS[subject.action];
  const results = isJsonObject(state.results)
    ? (state.results as Partial<Record<GrantSide, ApplyResult>>)
    : undefined;
  if (outcome === 'success') {
    await catalog.updateAssetStatus(subject.grantId, subject.assetId, statuses.done);
    return {
      subscriptionGrantId: subject.grantId,
      assetId: subject.assetId,
      status: statuses.done,
      ...(results ? { results } : {}),
    };
  }
  const error = isJsonObject(state.error) ? (state.error as CaughtError) : undefined;
  const compensation = compensationOf(state);
  // The compensation's outcome must survive the length limit: the cause is cut before it, not it.
  const compensated = compensation
    ? truncate(compensationMessage(compensation), MAX_FAILURE_MESSAGE / 2)
    : '';
  const cause = failureMessage(error, failedSide(state), params.timeoutSeconds);
  const failureCause = compensated
    ? `${truncate(cause, MAX_FAILURE_MESSAGE - compensated.length - 1)} ${compensated}`
    : cause;
  const kind = failureKind(error, compensation);
  await catalog.updateAssetStatus(subject.grantId, subject.assetId, statuses.failed, failureCause);
  log.warn('Grant failed', {
    subscriptionGrantId: subject.grantId,
    assetId: subject.assetId,
    error: error?.Error,
    failureKind: kind,
    compensated: compensation?.compensated,
    compensationFailed: compensation?.failed.map((f) => f.side),
    failureCause,
  });
  return {
    subscriptionGrantId: subject.grantId,
    assetId: subject.assetId,
    status: statuses.failed,
    failureCause,
    failureKind: kind,
  };
}
