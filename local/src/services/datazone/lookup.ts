import type { CallContext } from '../../cloud/types.ts';
import { notFound } from './errors.ts';
import type {
  AssetRecord,
  DataZoneState,
  DomainRecord,
  EnvironmentRecord,
  GrantRecord,
  ListingRecord,
  ProjectRecord,
  SubscriptionRecord,
  SubscriptionRequestRecord,
  SubscriptionTargetRecord,
} from './state.ts';

/** The context every DataZone operation receives. */
export type Ctx = CallContext<DataZoneState>;

/** The current time as stored in state (ISO-8601). */
export function nowIso(ctx: Ctx): string {
  return ctx.cloud.now().toISOString();
}

/** A stored ISO timestamp as the `Date` the SDK shapes carry. */
export function toDate(iso: string): Date;
export function toDate(iso: string | undefined): Date | undefined;
export function toDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}

/**
 * A timestamp input as an ISO string: the wire layer decodes a `Date`; in-process callers may pass an
 * ISO string or epoch milliseconds. Undefined for a missing or unparseable value.
 */
export function isoOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Looks a record up by key without reaching into `Object.prototype`. */
export function own<T>(records: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(records, key) ? records[key] : undefined;
}

/** @throws ResourceNotFoundException when the domain does not exist in the caller's account and Region. */
export function requireDomain(ctx: Ctx, domainId: string): DomainRecord {
  const domain = own(ctx.state.domains, domainId);
  if (!domain) throw notFound(`Domain ${domainId} not found.`);
  return domain;
}

/** @throws ResourceNotFoundException when the project is not in the domain. */
export function requireProject(domain: DomainRecord, projectId: string): ProjectRecord {
  const project = own(domain.projects, projectId);
  if (!project) throw notFound(`Project ${projectId} not found in domain ${domain.id}.`);
  return project;
}

/** @throws ResourceNotFoundException when the environment is not in the domain. */
export function requireEnvironment(domain: DomainRecord, environmentId: string): EnvironmentRecord {
  const environment = own(domain.environments, environmentId);
  if (!environment) throw notFound(`Environment ${environmentId} not found in domain ${domain.id}.`);
  return environment;
}

/** @throws ResourceNotFoundException when the asset is not in the domain. */
export function requireAsset(domain: DomainRecord, assetId: string): AssetRecord {
  const asset = own(domain.assets, assetId);
  if (!asset) throw notFound(`Asset ${assetId} not found in domain ${domain.id}.`);
  return asset;
}

/** @throws ResourceNotFoundException when the listing is not in the domain. */
export function requireListing(domain: DomainRecord, listingId: string): ListingRecord {
  const listing = own(domain.listings, listingId);
  if (!listing) throw notFound(`Listing ${listingId} not found in domain ${domain.id}.`);
  return listing;
}

/** @throws ResourceNotFoundException when the target is not a target of the environment. */
export function requireSubscriptionTarget(
  domain: DomainRecord,
  environmentId: string,
  targetId: string,
): SubscriptionTargetRecord {
  const target = own(domain.subscriptionTargets, targetId);
  if (!target || target.environmentId !== environmentId) {
    throw notFound(`Subscription target ${targetId} not found in environment ${environmentId}.`);
  }
  return target;
}

/** @throws ResourceNotFoundException when the subscription request is not in the domain. */
export function requireSubscriptionRequest(
  domain: DomainRecord,
  requestId: string,
): SubscriptionRequestRecord {
  const request = own(domain.subscriptionRequests, requestId);
  if (!request) throw notFound(`Subscription request ${requestId} not found in domain ${domain.id}.`);
  return request;
}

/** @throws ResourceNotFoundException when the subscription is not in the domain. */
export function requireSubscription(domain: DomainRecord, subscriptionId: string): SubscriptionRecord {
  const subscription = own(domain.subscriptions, subscriptionId);
  if (!subscription) throw notFound(`Subscription ${subscriptionId} not found in domain ${domain.id}.`);
  return subscription;
}

/** @throws ResourceNotFoundException when the subscription grant is not in the domain. */
export function requireGrant(domain: DomainRecord, grantId: string): GrantRecord {
  const grant = own(domain.grants, grantId);
  if (!grant) throw notFound(`Subscription grant ${grantId} not found in domain ${domain.id}.`);
  return grant;
}

/** Sorts records by creation time (ISO strings sort chronologically), then creation order. */
export function byCreation<T extends { readonly createdAt: string; readonly seq: number }>(
  a: T,
  b: T,
): number {
  return a.createdAt === b.createdAt ? a.seq - b.seq : a.createdAt < b.createdAt ? -1 : 1;
}

/**
 * Orders records for the List operations' `sortBy` (CREATED_AT default, or UPDATED_AT) and
 * `sortOrder` (ASCENDING default).
 */
export function sortRecords<
  T extends { readonly createdAt: string; readonly seq: number; readonly updatedAt?: string },
>(records: readonly T[], sortBy: string | undefined, sortOrder: string | undefined): T[] {
  const key = (r: T) => (sortBy === 'UPDATED_AT' ? (r.updatedAt ?? r.createdAt) : r.createdAt);
  const sorted = [...records].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? a.seq - b.seq : ka < kb ? -1 : 1;
  });
  return sortOrder === 'DESCENDING' ? sorted.reverse() : sorted;
}

/** A List filter: an absent filter value matches everything, a given one only equal values. */
export function matchesFilter(want: string | undefined, have: string | undefined): boolean {
  return want === undefined || want === have;
}
