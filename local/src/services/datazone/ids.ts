import { createHash } from 'node:crypto';
import { hashedId, LOWER_ALNUM } from '../../cloud/ids.ts';
import type { CallerIdentity, CloudRuntime } from '../../cloud/types.ts';

/**
 * A DataZone resource id: 14 lowercase alphanumerics (`[a-z0-9]{14}`), as AWS issues for projects,
 * environments, assets, listings, subscriptions, grants and lineage events. Derived from the cloud's id
 * source so that a deterministic `newId` gives deterministic ids.
 */
export function newResourceId(cloud: CloudRuntime): string {
  return hashedId(cloud.newId(), LOWER_ALNUM, 14);
}

/** A domain id: `dzd_` followed by 14 lowercase alphanumerics. */
export function newDomainId(cloud: CloudRuntime): string {
  return `dzd_${newResourceId(cloud)}`;
}

/**
 * The DataZone user profile id of a caller (DataZone reports user profile ids, not ARNs, in `createdBy`
 * and in events): a stable UUID-shaped id derived from the principal ARN.
 */
export function userIdOf(caller: CallerIdentity): string {
  const hex = createHash('sha256').update(caller.principalArn).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
