import type {
  DeleteRolePolicyRequest,
  GetRolePolicyRequest,
  GetRolePolicyResponse,
  ListRolePoliciesRequest,
  ListRolePoliciesResponse,
  PutRolePolicyRequest,
} from '@aws-sdk/client-iam';
import type { CallContext } from '../../cloud/types.ts';
import { num, validated } from '../../cloud/validate.ts';
import { limitExceeded, noSuchEntity } from './errors.ts';
import { markerPage } from './paging.ts';
import { checkPolicyDocument, policySize } from './policy-document.ts';
import { findRole } from './roles.ts';
import { MARKER, POLICY_DOCUMENT, POLICY_NAME, ROLE_NAME } from './rules.ts';
import type { IamState } from './state.ts';

/** Aggregate size of all inline policies of one role (IAM quotas page), white space not counted. */
export const ROLE_INLINE_POLICY_QUOTA = 10_240;

/**
 * PutRolePolicy: creates or replaces an inline policy. The role's inline policies together, measured
 * without white space, must stay within 10,240 characters.
 */
export const putRolePolicy = validated(
  { RoleName: ROLE_NAME, PolicyName: POLICY_NAME, PolicyDocument: POLICY_DOCUMENT },
  (input: PutRolePolicyRequest, ctx: CallContext<IamState>): object => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const policyName = input.PolicyName ?? '';
    const document = input.PolicyDocument ?? '';
    checkPolicyDocument(document, 'identity');
    const others = Object.entries(role.InlinePolicies)
      .filter(([name]) => name !== policyName)
      .reduce((total, [, doc]) => total + policySize(doc), 0);
    if (others + policySize(document) > ROLE_INLINE_POLICY_QUOTA) {
      throw limitExceeded(
        `Maximum policy size of ${ROLE_INLINE_POLICY_QUOTA} bytes exceeded for role ${role.RoleName}`,
      );
    }
    role.InlinePolicies[policyName] = document;
    return {};
  },
);

function findInline(state: IamState, roleName: string, policyName: string): string {
  const role = findRole(state, roleName);
  const document = role.InlinePolicies[policyName];
  if (document === undefined) throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  return document;
}

/** GetRolePolicy: the document comes back URL-encoded, as IAM sends it. */
export const getRolePolicy = validated(
  { RoleName: ROLE_NAME, PolicyName: POLICY_NAME },
  (input: GetRolePolicyRequest, ctx: CallContext<IamState>): GetRolePolicyResponse => {
    const document = findInline(ctx.state, input.RoleName ?? '', input.PolicyName ?? '');
    const role = findRole(ctx.state, input.RoleName ?? '');
    return {
      RoleName: role.RoleName,
      PolicyName: input.PolicyName ?? '',
      PolicyDocument: encodeURIComponent(document),
    };
  },
);

export const deleteRolePolicy = validated(
  { RoleName: ROLE_NAME, PolicyName: POLICY_NAME },
  (input: DeleteRolePolicyRequest, ctx: CallContext<IamState>): object => {
    findInline(ctx.state, input.RoleName ?? '', input.PolicyName ?? '');
    delete findRole(ctx.state, input.RoleName ?? '').InlinePolicies[input.PolicyName ?? ''];
    return {};
  },
);

/** ListRolePolicies: inline policy names by name, MaxItems (default 100) per page with Marker. */
export const listRolePolicies = validated(
  { RoleName: ROLE_NAME, Marker: MARKER, MaxItems: num({ min: 1, max: 1000 }) },
  (input: ListRolePoliciesRequest, ctx: CallContext<IamState>): ListRolePoliciesResponse => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const names = Object.keys(role.InlinePolicies).sort();
    const page = markerPage(names, (name) => name, input.Marker, input.MaxItems);
    return {
      PolicyNames: page.items,
      IsTruncated: page.IsTruncated,
      ...(page.Marker ? { Marker: page.Marker } : {}),
    };
  },
);
