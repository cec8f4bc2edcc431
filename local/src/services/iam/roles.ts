import type {
  CreateRoleRequest,
  CreateRoleResponse,
  DeleteRoleRequest,
  GetRoleRequest,
  GetRoleResponse,
  ListRoleTagsRequest,
  ListRoleTagsResponse,
  Role,
  TagRoleRequest,
  UntagRoleRequest,
} from '@aws-sdk/client-iam';
import type { CallContext } from '../../cloud/types.ts';
import { num, required, str, validated } from '../../cloud/validate.ts';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchRole } from './errors.ts';
import { uniqueId } from './ids.ts';
import { markerPage } from './paging.ts';
import { checkPolicyDocument, policySize } from './policy-document.ts';
import { ARN, MARKER, POLICY_DOCUMENT, ROLE_NAME, ROLE_PATH, TAG_KEYS, TAGS } from './rules.ts';
import { type IamState, nameKey, type StoredRole } from './state.ts';
import { checkDistinctKeys, mergeTags } from './tags.ts';

/** Role trust policy length (IAM quotas page: 2,048 characters by default). */
const TRUST_POLICY_MAX = 2048;
const DEFAULT_SESSION_SECONDS = 3600;
const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy\/.+$/u;

/** The role named `roleName`, compared without regard to case. @throws NoSuchEntity */
export function findRole(state: IamState, roleName: string): StoredRole {
  const role = state.roles[nameKey(roleName)];
  if (!role) throw noSuchRole(roleName);
  return role;
}

/** The SDK `Role` shape; IAM returns the trust policy URL-encoded. */
function toRole(role: StoredRole): Role {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: encodeURIComponent(role.AssumeRolePolicyDocument),
    ...(role.Description !== undefined ? { Description: role.Description } : {}),
    MaxSessionDuration: role.MaxSessionDuration,
    ...(role.PermissionsBoundaryArn
      ? {
          PermissionsBoundary: {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: role.PermissionsBoundaryArn,
          },
        }
      : {}),
    ...(role.Tags.length > 0 ? { Tags: role.Tags } : {}),
    RoleLastUsed: {},
  };
}

/** CreateRole: the trust policy must be a valid policy naming a principal. */
export const createRole = validated(
  {
    Path: ROLE_PATH,
    RoleName: ROLE_NAME,
    AssumeRolePolicyDocument: POLICY_DOCUMENT,
    Description: str({ max: 1000 }),
    MaxSessionDuration: num({ min: 3600, max: 43200 }),
    PermissionsBoundary: ARN,
    Tags: TAGS,
  },
  (input: CreateRoleRequest, ctx: CallContext<IamState>): CreateRoleResponse => {
    const roleName = input.RoleName ?? '';
    if (ctx.state.roles[nameKey(roleName)])
      throw entityAlreadyExists(`Role with name ${roleName} already exists.`);
    const document = input.AssumeRolePolicyDocument ?? '';
    checkPolicyDocument(document, 'trust');
    if (policySize(document) > TRUST_POLICY_MAX) {
      throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`);
    }
    if (input.PermissionsBoundary !== undefined && !POLICY_ARN.test(input.PermissionsBoundary)) {
      throw invalidInput(`ARN ${input.PermissionsBoundary} is not valid.`);
    }
    checkDistinctKeys(input.Tags ?? []);
    const path = input.Path ?? '/';
    const role: StoredRole = {
      RoleName: roleName,
      RoleId: uniqueId('AROA', ctx.cloud.newId()),
      Path: path,
      Arn: `arn:aws:iam::${ctx.caller.account}:role${path}${roleName}`,
      CreateDate: ctx.cloud.now().toISOString(),
      AssumeRolePolicyDocument: document,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      MaxSessionDuration: input.MaxSessionDuration ?? DEFAULT_SESSION_SECONDS,
      ...(input.PermissionsBoundary !== undefined
        ? { PermissionsBoundaryArn: input.PermissionsBoundary }
        : {}),
      Tags: (input.Tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
      InlinePolicies: {},
      AttachedPolicies: [],
    };
    ctx.state.roles[nameKey(roleName)] = role;
    return { Role: toRole(role) };
  },
);

export const getRole = validated(
  { RoleName: ROLE_NAME },
  (input: GetRoleRequest, ctx: CallContext<IamState>): GetRoleResponse => ({
    Role: toRole(findRole(ctx.state, input.RoleName ?? '')),
  }),
);

/** DeleteRole: refused while the role has inline or attached policies. */
export const deleteRole = validated(
  { RoleName: ROLE_NAME },
  (input: DeleteRoleRequest, ctx: CallContext<IamState>): object => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    if (Object.keys(role.InlinePolicies).length > 0) {
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    }
    if (role.AttachedPolicies.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    delete ctx.state.roles[nameKey(role.RoleName)];
    return {};
  },
);

export const tagRole = validated(
  { RoleName: ROLE_NAME, Tags: required(TAGS) },
  (input: TagRoleRequest, ctx: CallContext<IamState>): object => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    role.Tags = mergeTags(role.Tags, input.Tags ?? [], 'Role');
    return {};
  },
);

export const untagRole = validated(
  { RoleName: ROLE_NAME, TagKeys: required(TAG_KEYS) },
  (input: UntagRoleRequest, ctx: CallContext<IamState>): object => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const removed = new Set((input.TagKeys ?? []).map((key) => key.toLowerCase()));
    role.Tags = role.Tags.filter((tag) => !removed.has((tag.Key ?? '').toLowerCase()));
    return {};
  },
);

/** ListRoleTags: tags by key, MaxItems (default 100) per page with Marker. */
export const listRoleTags = validated(
  { RoleName: ROLE_NAME, Marker: MARKER, MaxItems: num({ min: 1, max: 1000 }) },
  (input: ListRoleTagsRequest, ctx: CallContext<IamState>): ListRoleTagsResponse => {
    const role = findRole(ctx.state, input.RoleName ?? '');
    const tags = [...role.Tags].sort((a, b) => ((a.Key ?? '') < (b.Key ?? '') ? -1 : 1));
    const page = markerPage(tags, (tag) => tag.Key ?? '', input.Marker, input.MaxItems);
    return {
      Tags: page.items,
      IsTruncated: page.IsTruncated,
      ...(page.Marker ? { Marker: page.Marker } : {}),
    };
  },
);
