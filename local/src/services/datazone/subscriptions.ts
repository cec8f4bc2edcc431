import type {
  AcceptSubscriptionRequestInput,
  AcceptSubscriptionRequestOutput,
  CreateSubscriptionRequestInput,
  CreateSubscriptionRequestOutput,
  GetSubscriptionInput,
  GetSubscriptionOutput,
  ListSubscriptionRequestsInput,
  ListSubscriptionRequestsOutput,
  ListSubscriptionsInput,
  ListSubscriptionsOutput,
  RejectSubscriptionRequestInput,
  RejectSubscriptionRequestOutput,
  RevokeSubscriptionInput,
  RevokeSubscriptionOutput,
  SubscribedPrincipal,
  SubscriptionSummary,
} from '@aws-sdk/client-datazone';
import { anchored, any, bool, list, required, str, struct, validated } from '../../cloud/validate.ts';
import { formOutput } from './assets.ts';
import { conflict, notFound, validationError } from './errors.ts';
import {
  emitSubscriptionEvent,
  emitSubscriptionRequestEvent,
  REQUEST_ACCEPTED,
  REQUEST_CREATED,
  REQUEST_REJECTED,
  SUBSCRIPTION_REVOKED,
} from './events.ts';
import { requestGrant, requestRevoke, targetsFor } from './grants.ts';
import { idempotency } from './idempotency.ts';
import { newResourceId, userIdOf } from './ids.ts';
import { latestListingRevision, subscribedListing } from './listings.ts';
import {
  type Ctx,
  matchesFilter,
  nowIso,
  own,
  requireDomain,
  requireListing,
  requireProject,
  requireSubscription,
  requireSubscriptionRequest,
  sortRecords,
  toDate,
} from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  domainIdentifier,
  formInput,
  maxResults,
  nextToken,
  requiredId,
  resourceId,
  sortBy,
  sortOrder,
} from './rules.ts';
import {
  type DomainRecord,
  type FormRecord,
  nextSeq,
  type SubscriptionRecord,
  type SubscriptionRequestRecord,
} from './state.ts';

const PROFILE_ID = anchored(
  '([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}',
);
const IAM_PRINCIPAL_ARN = anchored('arn:aws[^:]*:iam::\\d{12}:(role|user)(/[\\w+=,.@-]*)*/[\\w+=,.@-]+');
const decisionComment = str({ min: 1, max: 4096 });

function principalOf(domain: DomainRecord, projectId: string): SubscribedPrincipal {
  return { project: { id: projectId, name: own(domain.projects, projectId)?.name } };
}

function requestOutput(
  domain: DomainRecord,
  request: SubscriptionRequestRecord,
): CreateSubscriptionRequestOutput {
  return {
    id: request.id,
    createdBy: request.createdBy,
    updatedBy: request.updatedBy,
    domainId: domain.id,
    status: request.status,
    createdAt: toDate(request.createdAt),
    updatedAt: toDate(request.updatedAt),
    requestReason: request.requestReason,
    subscribedPrincipals: [principalOf(domain, request.principalProjectId)],
    subscribedListings: [subscribedListing(domain, request.listingId, request.listingRevision)],
    reviewerId: request.reviewerId,
    decisionComment: request.decisionComment,
    existingSubscriptionId: request.existingSubscriptionId,
    metadataForms: request.metadataForms?.map(formOutput),
  };
}

function subscriptionOutput(domain: DomainRecord, subscription: SubscriptionRecord): SubscriptionSummary {
  return {
    id: subscription.id,
    createdBy: subscription.createdBy,
    updatedBy: subscription.updatedBy,
    domainId: domain.id,
    status: subscription.status,
    createdAt: toDate(subscription.createdAt),
    updatedAt: toDate(subscription.updatedAt),
    subscribedPrincipal: principalOf(domain, subscription.principalProjectId),
    subscribedListing: subscribedListing(domain, subscription.listingId, subscription.listingRevision),
    subscriptionRequestId: subscription.subscriptionRequestId,
    retainPermissions: subscription.retainPermissions,
  };
}

/**
 * CreateSubscriptionRequest: one project subscribing to one ACTIVE listing (its latest revision); the
 * request is PENDING. Only project principals are modelled (user, group and IAM principals need user
 * profiles). A second pending request, or a request for a listing the project is already subscribed
 * to, is a ConflictException.
 */
export const createSubscriptionRequest = validated(
  {
    domainIdentifier,
    subscribedPrincipals: required(
      list(
        struct(
          {
            project: struct({ identifier: resourceId() }),
            user: struct({ identifier: str({ pattern: PROFILE_ID }) }),
            group: struct({ identifier: str({ pattern: PROFILE_ID }) }),
            iam: struct({ identifier: str({ min: 1, max: 255, pattern: IAM_PRINCIPAL_ARN }) }),
          },
          { union: true },
        ),
        { min: 1, max: 1 },
      ),
    ),
    subscribedListings: required(list(struct({ identifier: requiredId }), { min: 1, max: 1 })),
    requestReason: required(str({ min: 1, max: 4096 })),
    clientToken: str(),
    metadataForms: list(formInput),
    assetPermissions: list(any()),
    assetScopes: list(any()),
  },
  (input: CreateSubscriptionRequestInput, ctx: Ctx): CreateSubscriptionRequestOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const token = idempotency(ctx.state, 'CreateSubscriptionRequest', domain.id, input.clientToken, input);
    const previous = own(domain.subscriptionRequests, token.previous?.requestId ?? '');
    if (previous) return requestOutput(domain, previous);
    const principal = input.subscribedPrincipals?.[0];
    if (!principal?.project) {
      throw validationError('Only project principals are supported for subscription requests.');
    }
    const project = requireProject(domain, principal.project.identifier ?? '');
    const listing = requireListing(domain, input.subscribedListings?.[0]?.identifier ?? '');
    if (listing.status !== 'ACTIVE') throw notFound(`Listing ${listing.id} is not active.`);
    const existing = Object.values(domain.subscriptions).find(
      (s) => s.status === 'APPROVED' && s.listingId === listing.id && s.principalProjectId === project.id,
    );
    if (existing) {
      throw conflict(
        `Project ${project.id} is already subscribed to listing ${listing.id} (${existing.id}).`,
      );
    }
    const pending = Object.values(domain.subscriptionRequests).find(
      (r) => r.status === 'PENDING' && r.listingId === listing.id && r.principalProjectId === project.id,
    );
    if (pending) {
      throw conflict(`Subscription request ${pending.id} for listing ${listing.id} is already pending.`);
    }
    const now = nowIso(ctx);
    const metadataForms = input.metadataForms?.map(
      (f): FormRecord => ({
        formName: f.formName ?? '',
        typeName: f.typeIdentifier ?? '',
        typeRevision: f.typeRevision ?? '',
        content: f.content ?? '{}',
      }),
    );
    const request: SubscriptionRequestRecord = {
      id: newResourceId(ctx.cloud),
      status: 'PENDING',
      requestReason: input.requestReason ?? '',
      principalProjectId: project.id,
      listingId: listing.id,
      listingRevision: latestListingRevision(listing).listingRevision,
      ...(metadataForms ? { metadataForms } : {}),
      createdBy: userIdOf(ctx.caller),
      createdAt: now,
      updatedAt: now,
      seq: nextSeq(ctx.state),
    };
    domain.subscriptionRequests[request.id] = request;
    token.remember({ requestId: request.id });
    emitSubscriptionRequestEvent(ctx, domain, request, REQUEST_CREATED, input.clientToken);
    return requestOutput(domain, request);
  },
);

function decide(
  ctx: Ctx,
  request: SubscriptionRequestRecord,
  status: 'ACCEPTED' | 'REJECTED',
  comment?: string,
) {
  if (request.status !== 'PENDING') {
    throw conflict(`Subscription request ${request.id} is ${request.status}, not PENDING.`);
  }
  request.status = status;
  request.reviewerId = userIdOf(ctx.caller);
  request.updatedBy = request.reviewerId;
  request.updatedAt = nowIso(ctx);
  if (comment !== undefined) request.decisionComment = comment;
}

/**
 * AcceptSubscriptionRequest: the request is ACCEPTED and an APPROVED subscription is created. As DataZone
 * does for subscription targets in AUTOMATIC mode, each ACTIVE environment of the subscribing project
 * with a target accepting the listing's asset type gets a grant (through its first such target), and
 * each grant emits "Subscription Grant Requested".
 */
export const acceptSubscriptionRequest = validated(
  {
    domainIdentifier,
    identifier: requiredId,
    decisionComment,
    assetScopes: list(any()),
    assetPermissions: list(any()),
  },
  (input: AcceptSubscriptionRequestInput, ctx: Ctx): AcceptSubscriptionRequestOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const request = requireSubscriptionRequest(domain, input.identifier ?? '');
    decide(ctx, request, 'ACCEPTED', input.decisionComment);
    const now = request.updatedAt;
    const subscription: SubscriptionRecord = {
      id: newResourceId(ctx.cloud),
      status: 'APPROVED',
      principalProjectId: request.principalProjectId,
      listingId: request.listingId,
      listingRevision: request.listingRevision,
      subscriptionRequestId: request.id,
      createdBy: request.reviewerId ?? userIdOf(ctx.caller),
      createdAt: now,
      updatedAt: now,
      seq: nextSeq(ctx.state),
    };
    domain.subscriptions[subscription.id] = subscription;
    emitSubscriptionRequestEvent(ctx, domain, request, REQUEST_ACCEPTED);
    const assetType = own(domain.listings, request.listingId)?.revisions.find(
      (r) => r.listingRevision === request.listingRevision,
    )?.assetType;
    const environments = sortRecords(
      Object.values(domain.environments).filter(
        (e) => e.projectId === request.principalProjectId && e.status === 'ACTIVE',
      ),
      undefined,
      undefined,
    );
    for (const environment of environments) {
      const target = targetsFor(domain, environment.id, assetType ?? '').find(
        (t) => t.subscriptionGrantCreationMode === 'AUTOMATIC',
      );
      if (!target) continue;
      requestGrant(ctx, domain, {
        environment,
        target,
        listingId: request.listingId,
        listingRevision: request.listingRevision,
        subscriptionId: subscription.id,
      });
    }
    return requestOutput(domain, request);
  },
);

/** RejectSubscriptionRequest: a PENDING request becomes REJECTED ("Subscription Request Rejected"). */
export const rejectSubscriptionRequest = validated(
  { domainIdentifier, identifier: requiredId, decisionComment },
  (input: RejectSubscriptionRequestInput, ctx: Ctx): RejectSubscriptionRequestOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const request = requireSubscriptionRequest(domain, input.identifier ?? '');
    decide(ctx, request, 'REJECTED', input.decisionComment);
    emitSubscriptionRequestEvent(ctx, domain, request, REQUEST_REJECTED);
    return requestOutput(domain, request);
  },
);

/** The owner of the listing a request or subscription is about (the approver project). */
function approverOf(domain: DomainRecord, listingId: string): string | undefined {
  return own(domain.listings, listingId)?.owningProjectId;
}

/** ListSubscriptionRequests; `owningProjectId` is the subscribing project, `approverProjectId` the listing's. */
export const listSubscriptionRequests = validated(
  {
    domainIdentifier,
    status: str({ enum: ['PENDING', 'ACCEPTED', 'REJECTED'] }),
    subscribedListingId: resourceId(),
    owningProjectId: resourceId(),
    approverProjectId: resourceId(),
    sortBy,
    sortOrder,
    maxResults,
    nextToken,
  },
  (input: ListSubscriptionRequestsInput, ctx: Ctx): ListSubscriptionRequestsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const requests = Object.values(domain.subscriptionRequests).filter(
      (r) =>
        matchesFilter(input.status, r.status) &&
        matchesFilter(input.subscribedListingId, r.listingId) &&
        matchesFilter(input.owningProjectId, r.principalProjectId) &&
        matchesFilter(input.approverProjectId, approverOf(domain, r.listingId)),
    );
    const page = paginate(
      sortRecords(requests, input.sortBy, input.sortOrder),
      input,
      'ListSubscriptionRequests',
    );
    const items = page.items.map((r) => {
      const { metadataForms: _forms, ...summary } = requestOutput(domain, r);
      return summary;
    });
    return { items, nextToken: page.nextToken };
  },
);

/** ListSubscriptions; `owningProjectId` is the subscribing project, `approverProjectId` the listing's. */
export const listSubscriptions = validated(
  {
    domainIdentifier,
    subscriptionRequestIdentifier: resourceId(),
    status: str({ enum: ['APPROVED', 'REVOKED', 'CANCELLED'] }),
    subscribedListingId: resourceId(),
    owningProjectId: resourceId(),
    approverProjectId: resourceId(),
    sortBy,
    sortOrder,
    maxResults,
    nextToken,
  },
  (input: ListSubscriptionsInput, ctx: Ctx): ListSubscriptionsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const subscriptions = Object.values(domain.subscriptions).filter(
      (s) =>
        matchesFilter(input.subscriptionRequestIdentifier, s.subscriptionRequestId) &&
        matchesFilter(input.status, s.status) &&
        matchesFilter(input.subscribedListingId, s.listingId) &&
        matchesFilter(input.owningProjectId, s.principalProjectId) &&
        matchesFilter(input.approverProjectId, approverOf(domain, s.listingId)),
    );
    const page = paginate(
      sortRecords(subscriptions, input.sortBy, input.sortOrder),
      input,
      'ListSubscriptions',
    );
    return { items: page.items.map((s) => subscriptionOutput(domain, s)), nextToken: page.nextToken };
  },
);

/** GetSubscription: one subscription with its status (ResourceNotFoundException when unknown). */
export const getSubscription = validated(
  { domainIdentifier, identifier: requiredId },
  (input: GetSubscriptionInput, ctx: Ctx): GetSubscriptionOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    return subscriptionOutput(
      domain,
      requireSubscription(domain, input.identifier ?? ''),
    ) as GetSubscriptionOutput;
  },
);

/**
 * RevokeSubscription: the subscription is REVOKED; unless `retainPermissions` is true, every grant made
 * for it goes REVOKE_PENDING with a "Subscription Grant Revoke Requested" event.
 */
export const revokeSubscription = validated(
  { domainIdentifier, identifier: requiredId, retainPermissions: bool() },
  (input: RevokeSubscriptionInput, ctx: Ctx): RevokeSubscriptionOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const subscription = requireSubscription(domain, input.identifier ?? '');
    if (subscription.status !== 'APPROVED') {
      throw conflict(`Subscription ${subscription.id} is ${subscription.status}, not APPROVED.`);
    }
    subscription.status = 'REVOKED';
    subscription.retainPermissions = input.retainPermissions ?? false;
    subscription.updatedAt = nowIso(ctx);
    subscription.updatedBy = userIdOf(ctx.caller);
    emitSubscriptionEvent(ctx, domain, subscription, SUBSCRIPTION_REVOKED);
    if (!subscription.retainPermissions) {
      const grants = sortRecords(
        Object.values(domain.grants).filter((g) => g.subscriptionId === subscription.id),
        undefined,
        undefined,
      );
      for (const grant of grants) requestRevoke(ctx, domain, grant);
    }
    return subscriptionOutput(domain, subscription);
  },
);
