/**
 * The contract between the grant use case (apply-grant.ts) and its adapters. Adapters translate SDK
 * errors (TransientAwsError for throttling and 5xx, named errors otherwise) and paginate every list.
 */
import type { TopicGrant } from './grants.ts';
import type { ConsumerPolicies } from './policy/consumer-policy.ts';
import type { PolicyDocument } from './policy/policy-document.ts';

/** What a ledger record is about: a consumer role (by name) or a cluster (`<clusterName>.<clusterUuid>`). */
export type LedgerTargetKind = 'role' | 'cluster';

/** One active grant on one target, as the ledger holds it. */
export interface LedgerRecord {
  readonly grantId: string;
  readonly assetId: string;
  readonly grant: TopicGrant;
  /**
   * The stored text: two listings are the same desired state exactly when their records' `(grantId,
   * assetId, text)` are.
   */
  readonly text: string;
}

/**
 * The desired state per managed target: the active grants. Each record is written and deleted on its
 * own, so concurrent workflows never overwrite each other's records.
 */
export interface GrantLedger {
  /** Records the grant on the target; writes nothing when the same record is already there. */
  put(kind: LedgerTargetKind, targetKey: string, grant: TopicGrant): Promise<void>;
  /** Removes the record; false when there was none. */
  delete(kind: LedgerTargetKind, targetKey: string, grantId: string, assetId: string): Promise<boolean>;
  /** Every record of the target, sorted by `(grantId, assetId)`. */
  list(kind: LedgerTargetKind, targetKey: string): Promise<LedgerRecord[]>;
  /**
   * Advances the target's change counter; called after every put or delete (a duplicate's too).
   * @param note - Who advanced it and why (stored for people reading the ledger).
   * @returns The counter's new value: greater than any value it had before.
   */
  advance(kind: LedgerTargetKind, targetKey: string, note: string): Promise<number>;
  /** The target's change counter now; 0 when it never advanced. */
  counter(kind: LedgerTargetKind, targetKey: string): Promise<number>;
}

/** A role as the management guard sees it (GetRole). */
export interface RoleInfo {
  readonly roleName: string;
  readonly arn: string;
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A customer managed policy streamgov owns on a role (named `<prefix>-<n>`), attached to it. */
export interface OwnedManagedPolicy {
  readonly name: string;
  readonly arn: string;
  /** The default version's document (URL-decoded JSON text). */
  readonly document: string;
}

/** The IAM policies of a role, as read before rendering. */
export interface RolePolicies {
  /** Every inline policy (URL-decoded JSON text), streamgov's included. */
  readonly inline: readonly { readonly name: string; readonly document: string }[];
  /** Every attached managed policy, streamgov's included. */
  readonly attached: readonly { readonly name: string; readonly arn: string }[];
  /** Streamgov's attached managed policies (those of `attached` named `<managedPolicyPrefix>-<n>`). */
  readonly owned: readonly OwnedManagedPolicy[];
}

/** Which policies of a role are streamgov's. */
export interface OwnedPolicyNames {
  readonly inlinePolicyName: string;
  /** Managed policies named `<managedPolicyPrefix>-<n>` under the store's managed policy path. */
  readonly managedPolicyPrefix: string;
}

/** IAM access to consumer roles. */
export interface RolePolicyStore {
  /** @throws InvalidGrantRequestError when the role does not exist. */
  getRole(roleName: string): Promise<RoleInfo>;
  readPolicies(role: RoleInfo, names: OwnedPolicyNames): Promise<RolePolicies>;
  /**
   * Makes streamgov's policies of the role equal `desired` (written as rendered), given what
   * `readPolicies` returned: writes only documents that differ, orders writes so that access is never
   * narrower than both before and after, detaches and deletes streamgov managed policies no longer
   * needed.
   * @returns The names (inline) and ARNs (managed) written, attached, detached or deleted; empty when
   *   nothing differed.
   * @throws ConcurrentPolicyChangeError when another workflow changed the same policies in between.
   */
  writePolicies(role: RoleInfo, current: RolePolicies, desired: ConsumerPolicies): Promise<string[]>;
}

/** A cluster policy and its version (for optimistic concurrency). */
export interface ClusterPolicy {
  readonly document: PolicyDocument;
  readonly version: string;
}

/** MSK cluster policies in the producer account. */
export interface ClusterPolicyStore {
  clusterType(clusterArn: string): Promise<'PROVISIONED' | 'SERVERLESS'>;
  /** The policy in force, or undefined when the cluster has none. */
  get(clusterArn: string): Promise<ClusterPolicy | undefined>;
  /**
   * Writes the policy if it is still at `currentVersion` (undefined: if the cluster has none).
   * @returns The new version.
   * @throws VersionConflictError when the policy changed since it was read.
   */
  put(clusterArn: string, document: PolicyDocument, currentVersion: string | undefined): Promise<string>;
  /** Deletes the policy; nothing happens when there is none. */
  delete(clusterArn: string): Promise<void>;
}

/** The ports of one side of the environment workflow. */
export interface GrantPorts {
  readonly ledger: GrantLedger;
  /** Consumer side. */
  readonly roles?: RolePolicyStore;
  /** Producer side. */
  readonly clusters?: ClusterPolicyStore;
}
