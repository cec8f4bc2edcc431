import type {
  CreateSubscriptionGrantInput,
  CreateSubscriptionGrantOutput,
  DeleteSubscriptionGrantInput,
  DeleteSubscriptionGrantOutput,
  GetSubscriptionGrantInput,
  GetSubscriptionGrantOutput,
  ListSubscriptionGrantsInput,
  ListSubscriptionGrantsOutput,
  UpdateSubscriptionGrantStatusInput,
  UpdateSubscriptionGrantStatusOutput,
} from '@aws-sdk/client-datazone';
import { list, required, str, struct, validated } from '../../cloud/validate.ts';
import { conflict, notFound, validationError } from './errors.ts';
import {
  emitGrantEvent,
  GRANT_COMPLETED,
  GRANT_FAILED,
  GRANT_REQUESTED,
  GRANT_REVOKE_COMPLETED,
  GRANT_REVOKE_FAILED,
  GRANT_REVOKE_REQUESTED,
} from './events.ts';
import { idempotency } from './idempotency.ts';
import { newResourceId, userIdOf } from './ids.ts';
import { listingRevisionOf } from './listings.ts';
import {
  type Ctx,
  matchesFilter,
  nowIso,
  own,
  requireDomain,
  requireEnvironment,
  requireGrant,
  requireListing,
  requireSubscriptionTarget,
  sortRecords,
  toDate,
} from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  domainIdentifier,
  maxResults,
  nextToken,
  requiredId,
  resourceId,
  revision,
  sortBy,
  sortOrder,
} from './rules.ts';
import {
  type DomainRecord,
  type EnvironmentRecord,
  type GrantAssetRecord,
  type GrantAssetStatus,
  type GrantOverallStatus,
  type GrantRecord,
  nextSeq,
  type SubscriptionTargetRecord,
} from './state.ts';

const GRANT_ASSET_STATUSES: readonly GrantAssetStatus[] = [
  'GRANT_PENDING',
  'REVOKE_PENDING',
  'GRANT_IN_PROGRESS',
  'REVOKE_IN_PROGRESS',
  'GRANTED',
  'REVOKED',
  'GRANT_FAILED',
  'REVOKE_FAILED',
];

/** Events emitted when an asset of a grant reaches a terminal status. */
const TERMINAL_EVENTS: Partial<Record<GrantAssetStatus, string>> = {
  GRANTED: GRANT_COMPLETED,
  GRANT_FAILED: GRANT_FAILED,
  REVOKED: GRANT_REVOKE_COMPLETED,
  REVOKE_FAILED: GRANT_REVOKE_FAILED,
};

/**
 * The overall status from the assets' statuses: any asset in progress → IN_PROGRESS; else failures →
 * GRANT_FAILED, REVOKE_FAILED or both (GRANT_AND_REVOKE_FAILED); else all GRANTED or REVOKED →
 * COMPLETED; else (something pending) PENDING.
 */
export function rollUp(assets: readonly GrantAssetRecord[]): GrantOverallStatus {
  const has = (status: GrantAssetStatus) => assets.some((a) => a.status === status);
  if (has('GRANT_IN_PROGRESS') || has('REVOKE_IN_PROGRESS')) return 'IN_PROGRESS';
  if (has('GRANT_FAILED') && has('REVOKE_FAILED')) return 'GRANT_AND_REVOKE_FAILED';
  if (has('GRANT_FAILED')) return 'GRANT_FAILED';
  if (has('REVOKE_FAILED')) return 'REVOKE_FAILED';
  if (assets.every((a) => a.status === 'GRANTED' || a.status === 'REVOKED')) return 'COMPLETED';
  return 'PENDING';
}

function grantOutput(domain: DomainRecord, grant: GrantRecord): GetSubscriptionGrantOutput {
  return {
    id: grant.id,
    createdBy: grant.createdBy,
    updatedBy: grant.updatedBy,
    domainId: domain.id,
    createdAt: toDate(grant.createdAt),
    updatedAt: toDate(grant.updatedAt),
    environmentId: grant.environmentId,
    subscriptionTargetId: grant.subscriptionTargetId,
    grantedEntity: { listing: { id: grant.listingId, revision: grant.listingRevision } },
    status: grant.status,
    assets: grant.assets.map((a) => ({
      assetId: a.assetId,
      assetRevision: a.assetRevision,
      status: a.status,
      targetName: a.targetName,
      failureCause: a.failureCause ? { ...a.failureCause } : undefined,
      grantedTimestamp: toDate(a.grantedTimestamp),
      failureTimestamp: toDate(a.failureTimestamp),
    })),
    subscriptionId: grant.subscriptionId,
  };
}

/** The subscription targets of an environment that accept an asset type, oldest first. */
export function targetsFor(
  domain: DomainRecord,
  environmentId: string,
  assetType: string,
): SubscriptionTargetRecord[] {
  return sortRecords(
    Object.values(domain.subscriptionTargets).filter(
      (t) => t.environmentId === environmentId && t.applicableAssetTypes.includes(assetType),
    ),
    undefined,
    undefined,
  );
}

/** What a new grant is made of: the environment and target it is for and the listing revision it grants. */
export interface NewGrant {
  readonly environment: EnvironmentRecord;
  readonly target: SubscriptionTargetRecord;
  readonly listingId: string;
  readonly listingRevision: string;
  readonly subscriptionId?: string;
  readonly targetNames?: Readonly<Record<string, string>>;
}

/** Creates a grant of a listing revision's asset (GRANT_PENDING) and emits "Subscription Grant Requested". */
export function requestGrant(ctx: Ctx, domain: DomainRecord, spec: NewGrant): GrantRecord {
  const listing = requireListing(domain, spec.listingId);
  const rev = listingRevisionOf(listing, spec.listingRevision);
  const now = nowIso(ctx);
  const asset: GrantAssetRecord = {
    assetId: listing.assetId,
    assetRevision: rev.assetRevision,
    status: 'GRANT_PENDING',
    ...(spec.targetNames && Object.hasOwn(spec.targetNames, listing.assetId)
      ? { targetName: spec.targetNames[listing.assetId] }
      : {}),
  };
  const grant: GrantRecord = {
    id: newResourceId(ctx.cloud),
    environmentId: spec.environment.id,
    subscriptionTargetId: spec.target.id,
    listingId: listing.id,
    listingRevision: rev.listingRevision,
    subscriptionId: spec.subscriptionId,
    status: 'PENDING',
    assets: [asset],
    createdBy: userIdOf(ctx.caller),
    createdAt: now,
    updatedAt: now,
    seq: nextSeq(ctx.state),
  };
  domain.grants[grant.id] = grant;
  emitGrantEvent(ctx, domain, grant, asset, GRANT_REQUESTED);
  return grant;
}

/**
 * Asks for the revocation of a grant: every asset not already REVOKED goes REVOKE_PENDING with a
 * "Subscription Grant Revoke Requested" event. Returns whether anything was left to revoke.
 */
export function requestRevoke(ctx: Ctx, domain: DomainRecord, grant: GrantRecord): boolean {
  const pending = grant.assets.filter((a) => a.status !== 'REVOKED');
  for (const asset of pending) {
    asset.status = 'REVOKE_PENDING';
    delete asset.failureCause;
    delete asset.failureTimestamp;
  }
  if (pending.length === 0) return false;
  grant.status = rollUp(grant.assets);
  grant.updatedAt = nowIso(ctx);
  grant.updatedBy = userIdOf(ctx.caller);
  for (const asset of pending) emitGrantEvent(ctx, domain, grant, asset, GRANT_REVOKE_REQUESTED);
  return true;
}

/**
 * CreateSubscriptionGrant: grants a listing revision to an environment through one of its subscription
 * targets (`subscriptionTargetIdentifier`, else the first target accepting the listing's asset type).
 * A grant of the same listing to the same target that is not fully revoked is a ConflictException.
 */
export const createSubscriptionGrant = validated(
  {
    domainIdentifier,
    environmentIdentifier: requiredId,
    subscriptionTargetIdentifier: resourceId(),
    grantedEntity: required(
      struct({ listing: struct({ identifier: requiredId, revision: required(revision) }) }, { union: true }),
    ),
    assetTargetNames: list(struct({ assetId: requiredId, targetName: required(str()) })),
    clientToken: str(),
  },
  (input: CreateSubscriptionGrantInput, ctx: Ctx): CreateSubscriptionGrantOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const token = idempotency(ctx.state, 'CreateSubscriptionGrant', domain.id, input.clientToken, input);
    const previous = own(domain.grants, token.previous?.grantId ?? '');
    if (previous) return grantOutput(domain, previous);
    const environment = requireEnvironment(domain, input.environmentIdentifier ?? '');
    const listingInput = input.grantedEntity?.listing;
    const listing = requireListing(domain, listingInput?.identifier ?? '');
    const rev = listingRevisionOf(listing, listingInput?.revision ?? '');
    const target =
      input.subscriptionTargetIdentifier === undefined
        ? targetsFor(domain, environment.id, rev.assetType)[0]
        : requireSubscriptionTarget(domain, environment.id, input.subscriptionTargetIdentifier);
    if (!target) {
      throw validationError(
        `Environment ${environment.id} has no subscription target for asset type ${rev.assetType}.`,
      );
    }
    const live = Object.values(domain.grants).find(
      (g) =>
        g.subscriptionTargetId === target.id &&
        g.listingId === listing.id &&
        g.assets.some((a) => a.status !== 'REVOKED'),
    );
    if (live)
      throw conflict(
        `Subscription grant ${live.id} already grants listing ${listing.id} to target ${target.id}.`,
      );
    const subscription = Object.values(domain.subscriptions).find(
      (s) =>
        s.status === 'APPROVED' &&
        s.listingId === listing.id &&
        s.principalProjectId === environment.projectId,
    );
    const grant = requestGrant(ctx, domain, {
      environment,
      target,
      listingId: listing.id,
      listingRevision: rev.listingRevision,
      subscriptionId: subscription?.id,
      targetNames: Object.fromEntries(
        (input.assetTargetNames ?? []).map((t) => [t.assetId ?? '', t.targetName ?? '']),
      ),
    });
    token.remember({ grantId: grant.id });
    return grantOutput(domain, grant);
  },
);

/** GetSubscriptionGrant with its per-asset statuses. */
export const getSubscriptionGrant = validated(
  { domainIdentifier, identifier: requiredId },
  (input: GetSubscriptionGrantInput, ctx: Ctx): GetSubscriptionGrantOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    return grantOutput(domain, requireGrant(domain, input.identifier ?? ''));
  },
);

/**
 * DeleteSubscriptionGrant: starts the revocation (assets REVOKE_PENDING, "Subscription Grant Revoke
 * Requested") and returns the grant, which stays readable so that the fulfilment can report REVOKED or
 * REVOKE_FAILED. Deleting a grant whose assets are all REVOKED removes it.
 */
export const deleteSubscriptionGrant = validated(
  { domainIdentifier, identifier: requiredId },
  (input: DeleteSubscriptionGrantInput, ctx: Ctx): DeleteSubscriptionGrantOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const grant = requireGrant(domain, input.identifier ?? '');
    if (!requestRevoke(ctx, domain, grant)) delete domain.grants[grant.id];
    return grantOutput(domain, grant);
  },
);

/**
 * ListSubscriptionGrants with the model's filters; `owningProjectId` is the project of the grant's
 * environment.
 */
export const listSubscriptionGrants = validated(
  {
    domainIdentifier,
    environmentId: resourceId(),
    subscriptionTargetId: resourceId(),
    subscribedListingId: resourceId(),
    subscriptionId: resourceId(),
    owningProjectId: resourceId(),
    sortBy,
    sortOrder,
    maxResults,
    nextToken,
  },
  (input: ListSubscriptionGrantsInput, ctx: Ctx): ListSubscriptionGrantsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const grants = Object.values(domain.grants).filter(
      (g) =>
        matchesFilter(input.environmentId, g.environmentId) &&
        matchesFilter(input.subscriptionTargetId, g.subscriptionTargetId) &&
        matchesFilter(input.subscribedListingId, g.listingId) &&
        matchesFilter(input.subscriptionId, g.subscriptionId) &&
        matchesFilter(input.owningProjectId, own(domain.environments, g.environmentId)?.projectId),
    );
    const page = paginate(
      sortRecords(grants, input.sortBy, input.sortOrder),
      input,
      'ListSubscriptionGrants',
    );
    return { items: page.items.map((g) => grantOutput(domain, g)), nextToken: page.nextToken };
  },
);

/**
 * UpdateSubscriptionGrantStatus: sets one asset's status (with `failureCause` for failures, `targetName`,
 * and the granted or failure timestamp), rolls the overall status up, and emits the Completed / Failed /
 * Revoke Completed / Revoke Failed event when the asset reaches that status.
 */
export const updateSubscriptionGrantStatus = validated(
  {
    domainIdentifier,
    identifier: requiredId,
    assetIdentifier: requiredId,
    status: required(str({ enum: GRANT_ASSET_STATUSES })),
    failureCause: struct({ message: str() }),
    targetName: str(),
  },
  (input: UpdateSubscriptionGrantStatusInput, ctx: Ctx): UpdateSubscriptionGrantStatusOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const grant = requireGrant(domain, input.identifier ?? '');
    const asset = grant.assets.find((a) => a.assetId === input.assetIdentifier);
    if (!asset)
      throw notFound(`Asset ${input.assetIdentifier} is not part of subscription grant ${grant.id}.`);
    const status = input.status as GrantAssetStatus;
    const changed = asset.status !== status;
    const now = nowIso(ctx);
    asset.status = status;
    if (input.targetName !== undefined) asset.targetName = input.targetName;
    if (status === 'GRANT_FAILED' || status === 'REVOKE_FAILED') {
      asset.failureCause = { ...(input.failureCause ?? {}) };
      asset.failureTimestamp = now;
    } else {
      delete asset.failureCause;
      delete asset.failureTimestamp;
    }
    if (status === 'GRANTED') asset.grantedTimestamp = now;
    grant.status = rollUp(grant.assets);
    grant.updatedAt = now;
    grant.updatedBy = userIdOf(ctx.caller);
    const event = TERMINAL_EVENTS[status];
    if (changed && event) emitGrantEvent(ctx, domain, grant, asset, event);
    return grantOutput(domain, grant);
  },
);
