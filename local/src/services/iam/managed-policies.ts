import type {
  AttachedPolicy,
  AttachRolePolicyRequest,
  CreatePolicyRequest,
  CreatePolicyResponse,
  CreatePolicyVersionRequest,
  CreatePolicyVersionResponse,
  DeletePolicyRequest,
  DeletePolicyVersionRequest,
  DetachRolePolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
  ListPolicyVersionsRequest,
  ListPolicyVersionsResponse,
  Policy,
  PolicyVersion,
  SetDefaultPolicyVersionRequest,
} from '@aws-sdk/client-iam';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, bool, num, required, str, validated } from '../../cloud/validate.ts';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from './errors.ts';
import { uniqueId } from './ids.ts';
import { markerPage } from './paging.ts';
import { checkPolicyDocument, policySize } from './policy-document.ts';
import { findRole } from './roles.ts';
import { ARN, MARKER, POLICY_DOCUMENT, POLICY_NAME, POLICY_PATH, ROLE_NAME, TAGS } from './rules.ts';
import type { IamState, StoredPolicy, StoredPolicyVersion } from './state.ts';
import { checkDistinctKeys } from './tags.ts';

/** Managed policy size (IAM quotas page: 6,144 characters, white space not counted). */
export const MANAGED_POLICY_QUOTA = 6_144;
/** Managed policies attached to one role (IAM quotas page: default 10). */
export const ATTACHED_POLICIES_PER_ROLE = 10;
/** Versions one managed policy may have (IAM quotas page: 5). */
export const VERSIONS_PER_POLICY = 5;
const VERSION_ID = required(str({ pattern: anchored('v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?') }));
const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy(\/.*)?\/[^/]+$/u;

/** The customer managed policy with this ARN (AWS managed policies do not exist here). */
function findPolicy(state: IamState, arn: string): StoredPolicy {
  if (!POLICY_ARN.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  const policy = state.policies[arn];
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

function attachmentCount(state: IamState, arn: string): number {
  return Object.values(state.roles).filter((role) => role.AttachedPolicies.includes(arn)).length;
}

function toPolicy(state: IamState, policy: StoredPolicy): Policy {
  return {
    PolicyName: policy.PolicyName,
    PolicyId: policy.PolicyId,
    Arn: policy.Arn,
    Path: policy.Path,
    DefaultVersionId: policy.DefaultVersionId,
    AttachmentCount: attachmentCount(state, policy.Arn),
    PermissionsBoundaryUsageCount: Object.values(state.roles).filter(
      (r) => r.PermissionsBoundaryArn === policy.Arn,
    ).length,
    IsAttachable: true,
    ...(policy.Description !== undefined ? { Description: policy.Description } : {}),
    CreateDate: new Date(policy.CreateDate),
    UpdateDate: new Date(policy.UpdateDate),
    ...(policy.Tags.length > 0 ? { Tags: policy.Tags } : {}),
  };
}

function checkManagedDocument(document: string): void {
  checkPolicyDocument(document, 'identity');
  if (policySize(document) > MANAGED_POLICY_QUOTA) {
    throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_QUOTA}`);
  }
}

function findVersion(policy: StoredPolicy, versionId: string): StoredPolicyVersion {
  const version = policy.Versions.find((v) => v.VersionId === versionId);
  if (!version) {
    throw noSuchEntity(`Policy ${policy.Arn} version ${versionId} does not exist or is not attachable.`);
  }
  return version;
}

function toVersion(policy: StoredPolicy, version: StoredPolicyVersion, withDocument: boolean): PolicyVersion {
  return {
    ...(withDocument ? { Document: encodeURIComponent(version.Document) } : {}),
    VersionId: version.VersionId,
    IsDefaultVersion: version.VersionId === policy.DefaultVersionId,
    CreateDate: new Date(version.CreateDate),
  };
}

/** CreatePolicy: a customer managed policy with version v1; at most 6,144 characters without white space. */
export const createPolicy = validated(
  {
    PolicyName: POLICY_NAME,
    Path: POLICY_PATH,
    PolicyDocument: POLICY_DOCUMENT,
    Description: str({ max: 1000 }),
    Tags: TAGS,
  },
  (input: CreatePolicyRequest, ctx: CallContext<IamState>): CreatePolicyResponse => {
    const name = input.PolicyName ?? '';
    const lower = name.toLowerCase();
    if (Object.values(ctx.state.policies).some((p) => p.PolicyName.toLowerCase() === lower)) {
      throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    const document = input.PolicyDocument ?? '';
    checkManagedDocument(document);
    checkDistinctKeys(input.Tags ?? []);
    const path = input.Path ?? '/';
    const now = ctx.cloud.now().toISOString();
    const policy: StoredPolicy = {
      PolicyName: name,
      PolicyId: uniqueId('ANPA', ctx.cloud.newId()),
      Arn: `arn:aws:iam::${ctx.caller.account}:policy${path}${name}`,
      Path: path,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      CreateDate: now,
      UpdateDate: now,
      Versions: [{ VersionId: 'v1', Document: document, CreateDate: now }],
      DefaultVersionId: 'v1',
      NextVersion: 2,
      Tags: (input.Tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
    };
    ctx.state.policies[policy.Arn] = policy;
    return { Policy: toPolicy(ctx.state, policy) };
  },
);

export const getPolicy = validated(
  { PolicyArn: required(ARN) },
  (input: GetPolicyRequest, ctx: CallContext<IamState>): GetPolicyResponse => ({
    Policy: toPolicy(ctx.state, findPolicy(ctx.state, input.PolicyArn ?? '')),
  }),
);

/** GetPolicyVersion: one version with its document URL-encoded, as IAM sends it. */
export const getPolicyVersion = validated(
  { PolicyArn: required(ARN), VersionId: VERSION_ID },
  (input: GetPolicyVersionRequest, ctx: CallContext<IamState>): GetPolicyVersionResponse => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    return { PolicyVersion: toVersion(policy, findVersion(policy, input.VersionId ?? ''), true) };
  },
);

/**
 * CreatePolicyVersion: a new version `v<n>` (numbers are never reused), the default one when
 * `SetAsDefault` is true. A policy holds at most five versions: the sixth is refused with LimitExceeded
 * until one is deleted (DeletePolicyVersion).
 */
export const createPolicyVersion = validated(
  { PolicyArn: required(ARN), PolicyDocument: POLICY_DOCUMENT, SetAsDefault: bool() },
  (input: CreatePolicyVersionRequest, ctx: CallContext<IamState>): CreatePolicyVersionResponse => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    const document = input.PolicyDocument ?? '';
    checkManagedDocument(document);
    if (policy.Versions.length >= VERSIONS_PER_POLICY) {
      throw limitExceeded(
        `A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const now = ctx.cloud.now().toISOString();
    const version: StoredPolicyVersion = {
      VersionId: `v${policy.NextVersion}`,
      Document: document,
      CreateDate: now,
    };
    policy.Versions.push(version);
    policy.NextVersion += 1;
    if (input.SetAsDefault === true) {
      policy.DefaultVersionId = version.VersionId;
      policy.UpdateDate = now;
    }
    return { PolicyVersion: toVersion(policy, version, false) };
  },
);

/** DeletePolicyVersion: any version but the default one (DeleteConflict). */
export const deletePolicyVersion = validated(
  { PolicyArn: required(ARN), VersionId: VERSION_ID },
  (input: DeletePolicyVersionRequest, ctx: CallContext<IamState>): object => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    const version = findVersion(policy, input.VersionId ?? '');
    if (version.VersionId === policy.DefaultVersionId) {
      throw deleteConflict('Cannot delete the default version of a policy.');
    }
    policy.Versions = policy.Versions.filter((v) => v !== version);
    return {};
  },
);

/** SetDefaultPolicyVersion: makes an existing version the one in force. */
export const setDefaultPolicyVersion = validated(
  { PolicyArn: required(ARN), VersionId: VERSION_ID },
  (input: SetDefaultPolicyVersionRequest, ctx: CallContext<IamState>): object => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    policy.DefaultVersionId = findVersion(policy, input.VersionId ?? '').VersionId;
    policy.UpdateDate = ctx.cloud.now().toISOString();
    return {};
  },
);

/**
 * ListPolicyVersions: every version without its document, newest first, MaxItems (default 100) with
 * Marker. (The order is not documented; callers should not rely on it.)
 */
export const listPolicyVersions = validated(
  { PolicyArn: required(ARN), Marker: MARKER, MaxItems: num({ min: 1, max: 1000 }) },
  (input: ListPolicyVersionsRequest, ctx: CallContext<IamState>): ListPolicyVersionsResponse => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    const number = (v: StoredPolicyVersion) => Number.parseInt(v.VersionId.slice(1), 10);
    const newestFirst = [...policy.Versions].sort((a, b) => number(b) - number(a));
    // Keys sort like the list: descending numbers as zero-padded complements.
    const key = (v: StoredPolicyVersion) => String(1e9 - number(v)).padStart(10, '0');
    const page = markerPage(newestFirst, key, input.Marker, input.MaxItems);
    return {
      Versions: page.items.map((v) => toVersion(policy, v, false)),
      IsTruncated: page.IsTruncated,
      ...(page.Marker ? { Marker: page.Marker } : {}),
    };
  },
);

/** DeletePolicy: refused while the policy is attached to a role or has versions besides the default. */
export const deletePolicy = validated(
  { PolicyArn: required(ARN) },
  (input: DeletePolicyRequest, ctx: CallContext<IamState>): object => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    if (attachmentCount(ctx.state, policy.Arn) > 0)
      throw deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.Versions.length > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    delete ctx.state.policies[policy.Arn];
    return {};
  },
);

/** AttachRolePolicy: idempotent; at most 10 managed policies per role. */
export const attachRolePolicy = validated(
  { RoleName: ROLE_NAME, PolicyArn: required(ARN) },
  (input: AttachRolePolicyRequest, ctx: CallContext<IamState>): object => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    if (role.AttachedPolicies.includes(policy.Arn)) return {};
    if (role.AttachedPolicies.length >= ATTACHED_POLICIES_PER_ROLE) {
      throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${ATTACHED_POLICIES_PER_ROLE}`);
    }
    role.AttachedPolicies.push(policy.Arn);
    return {};
  },
);

export const detachRolePolicy = validated(
  { RoleName: ROLE_NAME, PolicyArn: required(ARN) },
  (input: DetachRolePolicyRequest, ctx: CallContext<IamState>): object => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const arn = input.PolicyArn ?? '';
    if (!POLICY_ARN.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
    if (!role.AttachedPolicies.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    role.AttachedPolicies = role.AttachedPolicies.filter((attached) => attached !== arn);
    return {};
  },
);

/** ListAttachedRolePolicies: by policy name, optional PathPrefix, MaxItems (default 100) with Marker. */
export const listAttachedRolePolicies = validated(
  { RoleName: ROLE_NAME, PathPrefix: POLICY_PATH, Marker: MARKER, MaxItems: num({ min: 1, max: 1000 }) },
  (input: ListAttachedRolePoliciesRequest, ctx: CallContext<IamState>): ListAttachedRolePoliciesResponse => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const prefix = input.PathPrefix ?? '/';
    const attached: AttachedPolicy[] = role.AttachedPolicies.map((arn) => ctx.state.policies[arn])
      .filter((policy): policy is StoredPolicy => policy?.Path.startsWith(prefix) === true)
      .map((policy) => ({ PolicyName: policy.PolicyName, PolicyArn: policy.Arn }))
      .sort((a, b) => (`${a.PolicyName}` < `${b.PolicyName}` ? -1 : 1));
    const page = markerPage(
      attached,
      (policy) => `${policy.PolicyName}\u0000${policy.PolicyArn}`,
      input.Marker,
      input.MaxItems,
    );
    return {
      AttachedPolicies: page.items,
      IsTruncated: page.IsTruncated,
      ...(page.Marker ? { Marker: page.Marker } : {}),
    };
  },
);
