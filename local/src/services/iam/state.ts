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

/** One version of a customer managed policy. */
export interface StoredPolicyVersion {
  /** `v1`, `v2`, … (never reused after a version is deleted). */
  VersionId: string;
  Document: string;
  /** ISO-8601. */
  CreateDate: string;
}

/** A customer managed policy with its versions (at most five; one of them the default). */
export interface StoredPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  /** ISO-8601. */
  CreateDate: string;
  /** ISO-8601: when the default version last changed. */
  UpdateDate: string;
  /** Oldest first. */
  Versions: StoredPolicyVersion[];
  DefaultVersionId: string;
  /** Number of the next version to create (`v<NextVersion>`). */
  NextVersion: number;
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
