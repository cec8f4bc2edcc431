import type { ServiceDefinition } from '../../cloud/types.ts';
import { validationError } from './errors.ts';
import { deleteRolePolicy, getRolePolicy, listRolePolicies, putRolePolicy } from './inline-policies.ts';
import {
  attachRolePolicy,
  createPolicy,
  createPolicyVersion,
  deletePolicy,
  deletePolicyVersion,
  detachRolePolicy,
  getPolicy,
  getPolicyVersion,
  listAttachedRolePolicies,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from './managed-policies.ts';
import { createRole, deleteRole, getRole, listRoleTags, tagRole, untagRole } from './roles.ts';
import { type IamState, initialIamState } from './state.ts';

export type { IamState } from './state.ts';

/**
 * IAM (awsQuery, signing name `iam`): roles, their inline policies and customer managed policies,
 * with IAM's size and attachment quotas. Global: one state per account.
 */
export const iamService: ServiceDefinition<IamState> = {
  signingName: 'iam',
  scope: 'global',
  initialState: initialIamState,
  validationError,
  operations: {
    CreateRole: createRole,
    GetRole: getRole,
    DeleteRole: deleteRole,
    TagRole: tagRole,
    UntagRole: untagRole,
    ListRoleTags: listRoleTags,
    PutRolePolicy: putRolePolicy,
    GetRolePolicy: getRolePolicy,
    DeleteRolePolicy: deleteRolePolicy,
    ListRolePolicies: listRolePolicies,
    CreatePolicy: createPolicy,
    GetPolicy: getPolicy,
    GetPolicyVersion: getPolicyVersion,
    CreatePolicyVersion: createPolicyVersion,
    DeletePolicyVersion: deletePolicyVersion,
    ListPolicyVersions: listPolicyVersions,
    SetDefaultPolicyVersion: setDefaultPolicyVersion,
    DeletePolicy: deletePolicy,
    AttachRolePolicy: attachRolePolicy,
    DetachRolePolicy: detachRolePolicy,
    ListAttachedRolePolicies: listAttachedRolePolicies,
  },
};
