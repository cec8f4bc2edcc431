/**
 * Out-of-order and stale grant events. EventBridge delivers at least once and in no guaranteed order, and
 * a workflow can be retried or replayed from the dead-letter queue long after the fact: a "Subscription
 * Grant Requested" event may arrive after the grant's revoke was requested, or after the subscription was
 * revoked or cancelled. Applying it then would re-grant access that must be gone. DataZone's current
 * statuses decide instead of the event alone. Pure.
 */
import type { GrantAction } from './contract.ts';

/** What DataZone says now about the grant asset and its subscription. */
export interface CurrentGrantState {
  readonly action: GrantAction;
  /** The asset's status on the grant (GetSubscriptionGrant `assets[].status`). */
  readonly assetStatus: string;
  /**
   * The subscription's status (GetSubscription `status`: APPROVED, REVOKED, CANCELLED); `'absent'` when
   * the subscription no longer exists; undefined when the grant names no subscription (a grant made
   * with CreateSubscriptionGrant directly).
   */
  readonly subscriptionStatus?: string;
}

/** Apply the event, or skip it (touch nothing, report nothing) for the reason given. */
export type EventDecision = { readonly proceed: true } | { readonly proceed: false; readonly reason: string };

const REVOKE_STATUSES = new Set(['REVOKE_PENDING', 'REVOKE_IN_PROGRESS', 'REVOKED', 'REVOKE_FAILED']);

/**
 * Decides whether a grant event is still current.
 *
 * - GRANT proceeds unless a revoke of the grant was requested since (asset status REVOKE_*), or its
 *   subscription is no longer APPROVED (revoked, cancelled, gone). GRANTED (a duplicate) and
 *   GRANT_FAILED (a retry) proceed: applying again gives the same result.
 * - REVOKE always proceeds, whatever the status: revoking only narrows access, and revoking what was
 *   never applied changes nothing (the ledger has no record). A REVOKE that finds GRANT_FAILED (a grant
 *   that failed after the revoke was requested) or GRANT_IN_PROGRESS / GRANTED (a grant workflow that
 *   overwrote REVOKE_PENDING while it ran) revokes too, so nothing it left lingers, and DataZone ends
 *   with REVOKED: the subscription's access is gone, as asked.
 *
 * @param state - See {@link CurrentGrantState}.
 * @returns The decision, with the reason of a skip.
 */
export function decideEventOrder(state: CurrentGrantState): EventDecision {
  if (state.action === 'REVOKE') return { proceed: true };
  if (REVOKE_STATUSES.has(state.assetStatus)) {
    return {
      proceed: false,
      reason: `the grant's revoke was requested after this grant event (asset status ${state.assetStatus})`,
    };
  }
  if (state.subscriptionStatus !== undefined && state.subscriptionStatus !== 'APPROVED') {
    return {
      proceed: false,
      reason:
        state.subscriptionStatus === 'absent'
          ? 'the subscription no longer exists'
          : `the subscription is ${state.subscriptionStatus}, not APPROVED`,
    };
  }
  return { proceed: true };
}
