import { describe, expect, it } from 'vitest';
import { decideEventOrder } from '../../../grant-workflow/src/event-order.ts';

describe('decideEventOrder', () => {
  it.each([
    ['GRANT_PENDING', undefined],
    ['GRANT_IN_PROGRESS', 'APPROVED'],
    ['GRANTED', 'APPROVED'],
    ['GRANT_FAILED', undefined],
  ])('applies a GRANT whose asset is %s (subscription %s)', (assetStatus, subscriptionStatus) => {
    expect(
      decideEventOrder({
        action: 'GRANT',
        assetStatus,
        ...(subscriptionStatus ? { subscriptionStatus } : {}),
      }),
    ).toEqual({ proceed: true });
  });

  it.each([
    ['REVOKE_PENDING', undefined, 'asset status REVOKE_PENDING'],
    ['REVOKE_IN_PROGRESS', 'APPROVED', 'revoke was requested'],
    ['REVOKED', 'REVOKED', 'asset status REVOKED'],
    ['REVOKE_FAILED', undefined, 'asset status REVOKE_FAILED'],
    ['GRANT_PENDING', 'REVOKED', 'subscription is REVOKED'],
    ['GRANT_PENDING', 'CANCELLED', 'subscription is CANCELLED'],
    ['GRANT_PENDING', 'absent', 'no longer exists'],
  ])('skips a GRANT whose asset is %s (subscription %s)', (assetStatus, subscriptionStatus, reason) => {
    const decision = decideEventOrder({
      action: 'GRANT',
      assetStatus,
      ...(subscriptionStatus ? { subscriptionStatus } : {}),
    });
    expect(decision).toEqual({ proceed: false, reason: expect.stringContaining(reason) });
  });

  it.each(['REVOKE_PENDING', 'REVOKED', 'GRANT_FAILED', 'GRANT_IN_PROGRESS', 'GRANTED'])(
    'applies a REVOKE whatever the asset status (%s): revoking only narrows access',
    (assetStatus) => {
      expect(decideEventOrder({ action: 'REVOKE', assetStatus, subscriptionStatus: 'REVOKED' })).toEqual({
        proceed: true,
      });
    },
  );
});
