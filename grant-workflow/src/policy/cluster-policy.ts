import { createHash } from 'node:crypto';
import { parseMskClusterArn } from '../../../common/src/arns.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { grantGroupArn, parseTopicGrant, type TopicGrant } from '../grants.ts';
import { PolicyCapacityError, PolicyConflictError } from './errors.ts';
import {
  iamSize,
  isStreamgovStatement,
  POLICY_VERSION,
  type PolicyDocument,
  type PolicyStatement,
  STREAMGOV_SID_PREFIX,
} from './policy-document.ts';

/**
 * What a consumer needs on the producer's cluster to read a topic with IAM access control (MSK guide,
 * "Semantics of IAM authorization policy actions and resources"): Connect and DescribeCluster on the
 * cluster; DescribeTopic and ReadData on the topic (ReadData needs Connect, DescribeTopic, AlterGroup);
 * DescribeGroup and AlterGroup (joining a group) on its consumer groups. Sorted.
 */
export const CLUSTER_READ_ACTIONS: readonly string[] = [
  'kafka-cluster:AlterGroup',
  'kafka-cluster:Connect',
  'kafka-cluster:DescribeCluster',
  'kafka-cluster:DescribeGroup',
  'kafka-cluster:DescribeTopic',
  'kafka-cluster:ReadData',
];

/**
 * Control-plane actions a consumer account needs to create a multi-VPC (managed VPC) connection to the
 * cluster and find its brokers. Added only when {@link ClusterPolicyOptions.managedVpcConnectivity} is
 * true — always as a list (the reference implementation wrote a boolean here). Sorted.
 */
export const MANAGED_VPC_ACTIONS: readonly string[] = [
  'kafka:CreateVpcConnection',
  'kafka:DescribeCluster',
  'kafka:DescribeClusterV2',
  'kafka:GetBootstrapBrokers',
];

/** Options of {@link renderClusterPolicy}. */
export interface ClusterPolicyOptions {
  /** Whether consumers reach the cluster through MSK multi-VPC private connectivity. A real boolean. */
  readonly managedVpcConnectivity: boolean;
  /**
   * Largest document (in {@link iamSize} characters) to render; a larger one throws PolicyCapacityError.
   * @default no check: AWS documents no size limit for MSK cluster policies (resource policies elsewhere
   * commonly allow 20,480; the local cloud enforces that).
   */
  readonly maxPolicyChars?: number;
}

/** Length of the principal-set hash in a Sid: 12 hex digits (48 bits). */
const SID_HASH_LENGTH = 12;

/**
 * The Sid of the statement that grants one principal set: `Streamgov` + the first 12 hex digits of the
 * SHA-256 of the sorted, de-duplicated role ARNs. Stable across runs and grant order.
 * @param principals - Role ARNs, any order.
 * @returns The Sid.
 */
export function clusterStatementSid(principals: readonly string[]): string {
  const key = [...new Set(principals)].sort().join('\n');
  return `${STREAMGOV_SID_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, SID_HASH_LENGTH)}`;
}

/**
 * Renders an MSK cluster policy from the desired state: the cross-account grants on one cluster. Every
 * streamgov statement of `current` (an Allow whose Sid starts with `Streamgov`) is dropped and the
 * statements for `grants` are rendered anew; every other statement is kept as it was, in its order.
 *
 * Streamgov statements group the grants by identical principal set: Principal `{AWS: [sorted role ARNs]}`,
 * Action {@link CLUSTER_READ_ACTIONS} (+ {@link MANAGED_VPC_ACTIONS}), Resource the cluster ARN and the
 * sorted, de-duplicated topic and group ARNs of those grants; Sid {@link clusterStatementSid}. They follow
 * the foreign statements, sorted by Sid.
 *
 * A foreign statement with a `Streamgov…` Sid that streamgov does not own (a Deny) is kept; if its Sid
 * equals one streamgov needs, rendering fails rather than writing duplicate Sids.
 *
 * @param current - The policy in force, or undefined when the cluster has none.
 * @param grants - All active cross-account grants on this cluster (the whole desired state, not a delta).
 * @param options - See {@link ClusterPolicyOptions}.
 * @returns The new document, or undefined when it would have no statement (the caller deletes the policy).
 * @throws InvalidInputError for a malformed grant, grants on different clusters, a same-account grant or
 *   a non-boolean `managedVpcConnectivity`.
 * @throws PolicyConflictError when a statement streamgov does not own uses a Sid streamgov needs.
 * @throws PolicyCapacityError when the document exceeds `maxPolicyChars`.
 * @example
 * const next = renderClusterPolicy(current, grantsOnCluster, { managedVpcConnectivity: false });
 * if (next === undefined) await store.delete(clusterArn, version);
 * else await store.put(clusterArn, serializePolicy(next), version);
 */
export function renderClusterPolicy(
  current: PolicyDocument | undefined,
  grants: readonly TopicGrant[],
  options: ClusterPolicyOptions,
): PolicyDocument | undefined {
  if (typeof options.managedVpcConnectivity !== 'boolean') {
    throw new InvalidInputError(
      'managedVpcConnectivity',
      options.managedVpcConnectivity,
      'must be a boolean',
    );
  }
  const checked = grants.map((grant, index) => parseTopicGrant(grant, `grants[${index}]`));
  const clusterArn = checked[0]?.clusterArn;
  const source = clusterArn === undefined ? 'cluster policy' : `cluster policy of ${clusterArn}`;
  const byPrincipals = new Map<string, { principals: string[]; resources: Set<string> }>();
  for (const [index, grant] of checked.entries()) {
    if (grant.clusterArn !== clusterArn) {
      throw new InvalidInputError(
        `grants[${index}].clusterArn`,
        grant.clusterArn,
        `is not the cluster ${clusterArn}`,
      );
    }
    if (grant.consumerAccount === parseMskClusterArn(grant.clusterArn).account) {
      throw new InvalidInputError(
        `grants[${index}].consumerAccount`,
        grant.consumerAccount,
        'is the cluster account: a same-account grant needs no cluster policy statement',
      );
    }
    const principals = [...new Set(grant.principals)].sort();
    const sid = clusterStatementSid(principals);
    const entry = byPrincipals.get(sid) ?? { principals, resources: new Set([grant.clusterArn]) };
    entry.resources.add(grant.topicArn);
    entry.resources.add(grantGroupArn(grant));
    byPrincipals.set(sid, entry);
  }
  const actions = options.managedVpcConnectivity
    ? [...CLUSTER_READ_ACTIONS, ...MANAGED_VPC_ACTIONS]
    : [...CLUSTER_READ_ACTIONS];
  const foreign = (current?.Statement ?? []).filter((statement) => !isStreamgovStatement(statement));
  const ours: PolicyStatement[] = [...byPrincipals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sid, { principals, resources }]) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { AWS: principals },
      Action: actions,
      Resource: [...resources].sort(),
    }));
  const foreignSids = new Set(foreign.map((statement) => statement.Sid));
  const clash = ours.find((statement) => foreignSids.has(statement.Sid));
  if (clash?.Sid !== undefined) throw new PolicyConflictError(source, clash.Sid);
  const statements = [...foreign, ...ours];
  if (statements.length === 0) return undefined;
  const document: PolicyDocument = {
    Version: current?.Version ?? POLICY_VERSION,
    ...(current?.Id === undefined ? {} : { Id: current.Id }),
    Statement: statements,
  };
  const size = iamSize(document);
  if (options.maxPolicyChars !== undefined && size > options.maxPolicyChars) {
    throw new PolicyCapacityError(
      `The ${source}`,
      size,
      options.maxPolicyChars,
      `It has ${byPrincipals.size} streamgov statements (one per principal set) and ${foreign.length} foreign ones. ` +
        'Subscribe fewer distinct principal sets to topics of this cluster (one subscription target per consumer environment ' +
        'shares one statement), or remove foreign statements.',
    );
  }
  return document;
}
