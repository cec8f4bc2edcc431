import type {
  AttachedPolicy,
  AttachRolePolicyRequest,
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  DetachRolePolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
  Policy,
} from '@aws-sdk/client-iam';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, num, required, str, validated } from '../../cloud/validate.ts';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from './errors.ts';
import { uniqueId } from './ids.ts';
import { markerPage } from './paging.ts';
import { checkPolicyDocument, policySize } from './policy-document.ts';
import { findRole } from './roles.ts';
import { ARN, MARKER, POLICY_DOCUMENT, POLICY_NAME, POLICY_PATH, ROLE_NAME, TAGS } from './rules.ts';
import type { IamState, StoredPolicy } from './state.ts';
import { checkDistinctKeys } from './tags.ts';

/** Managed policy size (IAM quotas page: 6,144 characters, white space not counted). */
export const MANAGED_POLICY_QUOTA = 6_144;
/** Managed policies attached to one role (IAM quotas page: default 10). */
export const ATTACHED_POLICIES_PER_ROLE = 10;
const VERSION_ID = 'v1';
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
    DefaultVersionId: VERSION_ID,
    AttachmentCount: attachmentCount(state, policy.Arn),
    PermissionsBoundaryUsageCount: Object.values(state.roles).filter(
      (r) => r.PermissionsBoundaryArn === policy.Arn,
    ).length,
    IsAttachable: true,
    ...(policy.Description !== undefined ? { Description: policy.Description } : {}),
    CreateDate: new Date(policy.CreateDate),
    UpdateDate: new Date(policy.CreateDate),
    ...(policy.Tags.length > 0 ? { Tags: policy.Tags } : {}),
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
    checkPolicyDocument(document, 'identity');
    if (policySize(document) > MANAGED_POLICY_QUOTA) {
      throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_QUOTA}`);
    }
    checkDistinctKeys(input.Tags ?? []);
    const path = input.Path ?? '/';
    const policy: StoredPolicy = {
      PolicyName: name,
      PolicyId: uniqueId('ANPA', ctx.cloud.newId()),
      Arn: `arn:aws:iam::${ctx.caller.account}:policy${path}${name}`,
      Path: path,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      CreateDate: ctx.cloud.now().toISOString(),
      Document: document,
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

/** GetPolicyVersion: the document URL-encoded, as IAM sends it. Only `v1` exists. */
export const getPolicyVersion = validated(
  {
    PolicyArn: required(ARN),
    VersionId: required(str({ pattern: anchored('v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?') })),
  },
  (input: GetPolicyVersionRequest, ctx: CallContext<IamState>): GetPolicyVersionResponse => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    if (input.VersionId !== VERSION_ID) {
      throw noSuchEntity(
        `Policy ${policy.Arn} version ${input.VersionId} does not exist or is not attachable.`,
      );
    }
    return {
      PolicyVersion: {
        Document: encodeURIComponent(policy.Document),
        VersionId: VERSION_ID,
        IsDefaultVersion: true,
        CreateDate: new Date(policy.CreateDate),
      },
    };
  },
);

/** DeletePolicy: refused while the policy is attached to a role. */
export const deletePolicy = validated(
  { PolicyArn: required(ARN) },
  (input: DeletePolicyRequest, ctx: CallContext<IamState>): object => {
    const policy = findPolicy(ctx.state, input.PolicyArn ?? '');
    if (attachmentCount(ctx.state, policy.Arn) > 0)
      throw deleteConflict('Cannot delete a policy attached to entities.');
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
