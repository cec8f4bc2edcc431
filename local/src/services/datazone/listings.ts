import type {
  CreateListingChangeSetInput,
  CreateListingChangeSetOutput,
  GetListingInput,
  GetListingOutput,
  SubscribedListing,
} from '@aws-sdk/client-datazone';
import { required, str, validated } from '../../cloud/validate.ts';
import { latestRevision, listingOf } from './assets.ts';
import { conflict, notFound } from './errors.ts';
import { idempotency } from './idempotency.ts';
import { newResourceId, userIdOf } from './ids.ts';
import { type Ctx, nowIso, own, requireAsset, requireDomain, requireListing, toDate } from './lookup.ts';
import { clientToken, domainIdentifier, requiredId, revision } from './rules.ts';
import {
  type AssetRecord,
  type AssetRevisionRecord,
  type DomainRecord,
  type ListingRecord,
  type ListingRevisionRecord,
  nextSeq,
} from './state.ts';

/** Listing names are at most 64 characters (shape ListingName), asset names up to 256. */
const LISTING_NAME_MAX = 64;

/** The latest revision of a listing. */
export function latestListingRevision(listing: ListingRecord): ListingRevisionRecord {
  const latest = listing.revisions.at(-1);
  if (!latest) throw new Error(`listing ${listing.id} has no revision`);
  return latest;
}

/** One revision of a listing, or the latest when `listingRevision` is undefined. */
export function listingRevisionOf(
  listing: ListingRecord,
  listingRevision: string | undefined,
): ListingRevisionRecord {
  if (listingRevision === undefined) return latestListingRevision(listing);
  const found = listing.revisions.find((r) => r.listingRevision === listingRevision);
  if (!found) throw notFound(`Revision ${listingRevision} of listing ${listing.id} not found.`);
  return found;
}

/** `item.assetListing.forms`: a JSON object keyed by form name whose values are the forms' contents. */
function listingForms(rev: AssetRevisionRecord): string {
  return JSON.stringify(
    Object.fromEntries(rev.forms.map((f) => [f.formName, JSON.parse(f.content) as unknown])),
  );
}

function snapshot(
  ctx: Ctx,
  asset: AssetRecord,
  rev: AssetRevisionRecord,
  listingRevision: string,
): ListingRevisionRecord {
  return {
    listingRevision,
    assetRevision: rev.revision,
    assetType: asset.typeIdentifier,
    name: rev.name.slice(0, LISTING_NAME_MAX),
    description: rev.description,
    forms: listingForms(rev),
    glossaryTerms: rev.glossaryTerms ?? [],
    createdBy: userIdOf(ctx.caller),
    createdAt: nowIso(ctx),
  };
}

function publish(ctx: Ctx, domain: DomainRecord, asset: AssetRecord, entityRevision: string | undefined) {
  const latest = latestRevision(asset);
  if (entityRevision !== undefined && entityRevision !== latest.revision) {
    if (!asset.revisions.some((r) => r.revision === entityRevision)) {
      throw notFound(`Revision ${entityRevision} of asset ${asset.id} not found.`);
    }
    throw conflict(`Only the latest revision (${latest.revision}) of asset ${asset.id} can be published.`);
  }
  const now = nowIso(ctx);
  const user = userIdOf(ctx.caller);
  const listing = listingOf(domain, asset.id);
  if (!listing) {
    const created: ListingRecord = {
      id: newResourceId(ctx.cloud),
      assetId: asset.id,
      owningProjectId: asset.owningProjectId,
      status: 'ACTIVE',
      revisions: [snapshot(ctx, asset, latest, '1')],
      createdBy: user,
      createdAt: now,
      updatedBy: user,
      updatedAt: now,
      seq: nextSeq(ctx.state),
    };
    domain.listings[created.id] = created;
    return created;
  }
  const current = latestListingRevision(listing);
  if (current.assetRevision !== latest.revision) {
    listing.revisions.push(snapshot(ctx, asset, latest, String(Number(current.listingRevision) + 1)));
  }
  listing.status = 'ACTIVE';
  listing.updatedAt = now;
  listing.updatedBy = user;
  return listing;
}

function unpublish(ctx: Ctx, domain: DomainRecord, asset: AssetRecord): ListingRecord {
  const listing = listingOf(domain, asset.id);
  if (!listing) throw notFound(`Asset ${asset.id} has no listing to unpublish.`);
  listing.status = 'INACTIVE';
  listing.updatedAt = nowIso(ctx);
  listing.updatedBy = userIdOf(ctx.caller);
  return listing;
}

/**
 * CreateListingChangeSet. PUBLISH lists the latest asset revision (ACTIVE at once): the listing id is
 * stable per asset and its revision grows each time a new asset revision is published; publishing the
 * already listed revision again changes nothing (or reactivates an INACTIVE listing). UNPUBLISH makes
 * the listing INACTIVE. Data products are not modelled, so a DATA_PRODUCT entity is never found.
 */
export const createListingChangeSet = validated(
  {
    domainIdentifier,
    entityIdentifier: requiredId,
    entityType: required(str({ enum: ['ASSET', 'DATA_PRODUCT'] })),
    entityRevision: revision,
    action: required(str({ enum: ['PUBLISH', 'UNPUBLISH'] })),
    clientToken,
  },
  (input: CreateListingChangeSetInput, ctx: Ctx): CreateListingChangeSetOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const token = idempotency(ctx.state, 'CreateListingChangeSet', domain.id, input.clientToken, input);
    const previous = token.previous;
    if (previous?.listingId !== undefined && previous.listingRevision !== undefined && previous.status) {
      return {
        listingId: previous.listingId,
        listingRevision: previous.listingRevision,
        status: previous.status as CreateListingChangeSetOutput['status'],
      };
    }
    const entityId = input.entityIdentifier ?? '';
    if (input.entityType === 'DATA_PRODUCT') throw notFound(`Data product ${entityId} not found.`);
    const asset = requireAsset(domain, entityId);
    const listing =
      input.action === 'PUBLISH'
        ? publish(ctx, domain, asset, input.entityRevision)
        : unpublish(ctx, domain, asset);
    const output = {
      listingId: listing.id,
      listingRevision: latestListingRevision(listing).listingRevision,
      status: listing.status,
    };
    token.remember(output);
    return output;
  },
);

/** GetListing: the latest listing revision, or `listingRevision`; INACTIVE listings are still readable. */
export const getListing = validated(
  { domainIdentifier, identifier: requiredId, listingRevision: revision },
  (input: GetListingInput, ctx: Ctx): GetListingOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const listing = requireListing(domain, input.identifier ?? '');
    const rev = listingRevisionOf(listing, input.listingRevision);
    return {
      domainId: domain.id,
      id: listing.id,
      listingRevision: rev.listingRevision,
      createdAt: toDate(listing.createdAt),
      updatedAt: toDate(listing.updatedAt),
      createdBy: listing.createdBy,
      updatedBy: listing.updatedBy,
      item: {
        assetListing: {
          assetId: listing.assetId,
          assetRevision: rev.assetRevision,
          assetType: rev.assetType,
          createdAt: toDate(rev.createdAt),
          forms: rev.forms,
          glossaryTerms: rev.glossaryTerms.map((name) => ({ name })),
          owningProjectId: listing.owningProjectId,
        },
      },
      name: rev.name,
      description: rev.description,
      status: listing.status,
    };
  },
);

/** A listing revision as subscription requests and subscriptions show it. */
export function subscribedListing(
  domain: DomainRecord,
  listingId: string,
  listingRevision: string,
): SubscribedListing {
  const listing = own(domain.listings, listingId);
  const rev = listing?.revisions.find((r) => r.listingRevision === listingRevision);
  const project = listing && own(domain.projects, listing.owningProjectId);
  return {
    id: listingId,
    revision: listingRevision,
    name: rev?.name ?? listingId,
    description: rev?.description ?? '',
    item: {
      assetListing: {
        entityId: listing?.assetId,
        entityRevision: rev?.assetRevision,
        entityType: rev?.assetType,
        forms: rev?.forms,
        glossaryTerms: rev?.glossaryTerms.map((name) => ({ name })),
      },
    },
    ownerProjectId: listing?.owningProjectId ?? '',
    ownerProjectName: project?.name,
  };
}
