import type { Tag } from '@aws-sdk/client-iam';

/** An IAM role. Plain JSON data; documents are stored as given (IAM returns them URL-encoded). */
export interface StoredRole {
  RoleName: string;
  RoleId: string;
  Path: string;
  Arn: string;
  /** ISO-8601. */
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundaryArn?: string;
  Tags: Tag[];
  /** Inline policies by name. */
  InlinePolicies: Record<string, string>;
  /** ARNs of attached managed policies, in attachment order. */
  AttachedPolicies: string[];
}

/** A customer managed policy with its single version `v1`. */
export interface StoredPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  /** ISO-8601. */
  CreateDate: string;
  Document: string;
  Tags: Tag[];
}

/** IAM of one account (IAM is global: no Region). Keys of `roles` are lower-cased names. */
export interface IamState {
  roles: Record<string, StoredRole>;
  policies: Record<string, StoredPolicy>;
}

export function initialIamState(): IamState {
  return { roles: {}, policies: {} };
}

/** IAM names are unique without regard to case ("PRODROLE" and "prodrole" are the same role). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
