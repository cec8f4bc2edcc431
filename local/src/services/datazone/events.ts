/**
 * The EventBridge events DataZone puts on the default bus of the domain's account (source
 * `aws.datazone`), in the detail shapes of aws-api-facts.md §3.5.
 */
import { userIdOf } from './ids.ts';
import { type Ctx, own } from './lookup.ts';
import type { DomainRecord, GrantAssetRecord, GrantRecord, SubscriptionRequestRecord } from './state.ts';

/** Detail types of the DataZone events emitted here. */
export const GRANT_REQUESTED = 'Subscription Grant Requested';
export const GRANT_REVOKE_REQUESTED = 'Subscription Grant Revoke Requested';
export const GRANT_COMPLETED = 'Subscription Grant Completed';
export const GRANT_FAILED = 'Subscription Grant Failed';
export const GRANT_REVOKE_COMPLETED = 'Subscription Grant Revoke Completed';
export const GRANT_REVOKE_FAILED = 'Subscription Grant Revoke Failed';
export const REQUEST_CREATED = 'Subscription Request Created';
export const REQUEST_ACCEPTED = 'Subscription Request Accepted';
export const REQUEST_REJECTED = 'Subscription Request Rejected';
export const SUBSCRIPTION_REVOKED = 'Subscription Revoked';

function emit(ctx: Ctx, detailType: string, detail: Record<string, unknown>): void {
  ctx.cloud.emitEvent({
    'detail-type': detailType,
    source: 'aws.datazone',
    account: ctx.caller.account,
    region: ctx.caller.region,
    resources: [],
    detail,
  });
}

/**
 * One grant event per asset of the grant: `metadata.id` is the grant id, `data.asset.typeName` the
 * asset type name (the field EventBridge rules filter on), `data.status` the asset's grant status.
 */
export function emitGrantEvent(
  ctx: Ctx,
  domain: DomainRecord,
  grant: GrantRecord,
  asset: GrantAssetRecord,
  detailType: string,
): void {
  const environment = own(domain.environments, grant.environmentId);
  const target = own(domain.subscriptionTargets, grant.subscriptionTargetId);
  const listingRevision = own(domain.listings, grant.listingId)?.revisions.find(
    (r) => r.listingRevision === grant.listingRevision,
  );
  const projectId = environment?.projectId ?? '';
  const data: Record<string, unknown> = {
    asset: {
      id: asset.assetId,
      listingId: grant.listingId,
      listingVersion: grant.listingRevision,
      typeName: listingRevision?.assetType ?? '',
    },
    projectId,
    status: asset.status,
    subscriptionTarget: {
      id: grant.subscriptionTargetId,
      environmentId: grant.environmentId,
      typeName: target?.type ?? '',
    },
  };
  if (asset.failureCause) data.failureCause = { ...asset.failureCause };
  emit(ctx, detailType, {
    metadata: {
      domain: domain.id,
      id: grant.id,
      typeName: 'SubscriptionGrantEntityType',
      user: 'SYSTEM',
      version: '1',
      owningProjectId: projectId,
      awsAccountId: ctx.caller.account,
    },
    data,
  });
}

/** Subscription request events, in the shape of AWS's "Subscription Request Created" sample. */
export function emitSubscriptionRequestEvent(
  ctx: Ctx,
  domain: DomainRecord,
  request: SubscriptionRequestRecord,
  detailType: string,
  clientToken?: string,
): void {
  const listing = own(domain.listings, request.listingId);
  emit(ctx, detailType, {
    metadata: {
      domain: domain.id,
      user: userIdOf(ctx.caller),
      id: request.id,
      version: '1',
      typeName: 'SubscriptionRequestEntityType',
      owningProjectId: request.principalProjectId,
      awsAccountId: ctx.caller.account,
      ...(clientToken === undefined ? {} : { clientToken }),
    },
    data: {
      autoApproved: false,
      requesterId: request.createdBy,
      status: request.status,
      subscribedListings: [
        {
          id: request.listingId,
          ownerProjectId: listing?.owningProjectId ?? '',
          version: request.listingRevision,
        },
      ],
      subscribedPrincipals: [{ id: request.principalProjectId, type: 'PROJECT' }],
    },
  });
}

/** "Subscription Revoked", in the same metadata/data layout. */
export function emitSubscriptionEvent(
  ctx: Ctx,
  domain: DomainRecord,
  subscription: {
    id: string;
    principalProjectId: string;
    listingId: string;
    listingRevision: string;
    status: string;
  },
  detailType: string,
): void {
  emit(ctx, detailType, {
    metadata: {
      domain: domain.id,
      user: userIdOf(ctx.caller),
      id: subscription.id,
      version: '1',
      typeName: 'SubscriptionEntityType',
      owningProjectId: subscription.principalProjectId,
      awsAccountId: ctx.caller.account,
    },
    data: {
      status: subscription.status,
      subscribedListing: { id: subscription.listingId, version: subscription.listingRevision },
      subscribedPrincipal: { id: subscription.principalProjectId, type: 'PROJECT' },
    },
  });
}
