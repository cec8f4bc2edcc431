import type {
  DeleteClusterPolicyRequest,
  DeleteClusterPolicyResponse,
  GetClusterPolicyRequest,
  GetClusterPolicyResponse,
  PutClusterPolicyRequest,
  PutClusterPolicyResponse,
} from '@aws-sdk/client-kafka';
import type { CallContext } from '../../cloud/types.ts';
import { required, str, validated } from '../../cloud/validate.ts';
import { badRequest, notFound } from './errors.ts';
import { findCluster, opaqueVersion } from './lookup.ts';
import type { ClusterRecord, KafkaState } from './state.ts';

type Ctx = CallContext<KafkaState>;

/**
 * Largest cluster policy accepted, in characters. AWS documents no limit for MSK cluster policies;
 * 20,480 is the common limit of IAM resource-based policies.
 */
export const DEFAULT_MAX_CLUSTER_POLICY_CHARS = 20_480;

/** The message of a stale or missing `currentVersion` (matched by callers such as DSF's grant handler). */
export const STALE_POLICY_VERSION_MESSAGE = "The version of the cluster policy isn't current.";
/** The message of a policy whose statements repeat a `Sid`. */
export const DUPLICATE_SID_MESSAGE = 'The Statement Ids in the policy are not unique.';

/** Settings of the cluster-policy operations. */
export interface ClusterPolicyOptions {
  /** @default DEFAULT_MAX_CLUSTER_POLICY_CHARS */
  readonly maxPolicyChars?: number;
}

function requirePolicy(cluster: ClusterRecord) {
  if (!cluster.policy) throw notFound(`The cluster ${cluster.arn} has no cluster policy.`, 'clusterArn');
  return cluster.policy;
}

/**
 * Checks a policy document: JSON, an object with a `Statement` (object or list), unique statement
 * `Sid`s, at most `maxChars` characters.
 * @throws BadRequestException (`policy`) naming the problem.
 */
export function checkPolicyDocument(policy: string, maxChars: number): void {
  if (policy.length > maxChars) {
    throw badRequest(
      `The policy is ${policy.length} characters long; the maximum cluster policy size is ${maxChars} characters.`,
      'policy',
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch (error) {
    throw badRequest(
      `The policy is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      'policy',
    );
  }
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document) ||
    !('Statement' in document)
  ) {
    throw badRequest('The policy must be a JSON object with a Statement.', 'policy');
  }
  const statement: unknown = document.Statement;
  const statements: unknown[] = Array.isArray(statement) ? statement : [statement];
  const sids = statements
    .map((s) => (typeof s === 'object' && s !== null && 'Sid' in s ? s.Sid : undefined))
    .filter((sid) => sid !== undefined);
  if (new Set(sids).size !== sids.length) throw badRequest(DUPLICATE_SID_MESSAGE, 'policy');
}

/**
 * GetClusterPolicy, PutClusterPolicy and DeleteClusterPolicy. Put is optimistic: with a policy in
 * place `CurrentVersion` must equal its version (the MSK guide: "If you're updating the policy, the
 * currentVersion field is required"); without one, `CurrentVersion` must be absent. Each Put yields
 * a new opaque version.
 */
export function clusterPolicyOperations(options: ClusterPolicyOptions = {}) {
  const maxChars = options.maxPolicyChars ?? DEFAULT_MAX_CLUSTER_POLICY_CHARS;
  const getClusterPolicy = validated(
    { ClusterArn: required(str()) },
    (input: GetClusterPolicyRequest, ctx: Ctx): GetClusterPolicyResponse => {
      const policy = requirePolicy(findCluster(ctx.state, input.ClusterArn ?? ''));
      return { CurrentVersion: policy.version, Policy: policy.policy };
    },
  );
  const putClusterPolicy = validated(
    { ClusterArn: required(str()), CurrentVersion: str(), Policy: required(str()) },
    (input: PutClusterPolicyRequest, ctx: Ctx): PutClusterPolicyResponse => {
      const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
      const policy = input.Policy ?? '';
      checkPolicyDocument(policy, maxChars);
      if (input.CurrentVersion !== cluster.policy?.version) {
        throw badRequest(STALE_POLICY_VERSION_MESSAGE, 'currentVersion');
      }
      cluster.policy = { policy, version: opaqueVersion(ctx.cloud.newId()) };
      return { CurrentVersion: cluster.policy.version };
    },
  );
  const deleteClusterPolicy = validated(
    { ClusterArn: required(str()) },
    (input: DeleteClusterPolicyRequest, ctx: Ctx): DeleteClusterPolicyResponse => {
      const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
      requirePolicy(cluster);
      delete cluster.policy;
      return {};
    },
  );
  return {
    GetClusterPolicy: getClusterPolicy,
    PutClusterPolicy: putClusterPolicy,
    DeleteClusterPolicy: deleteClusterPolicy,
  };
}
