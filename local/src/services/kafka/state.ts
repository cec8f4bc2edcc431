import type { ClusterType, ProvisionedRequest, ServerlessRequest } from '@aws-sdk/client-kafka';

/** A Kafka topic of a cluster. `configs` holds the topic's configuration overrides by key. */
export interface TopicRecord {
  readonly name: string;
  partitionCount: number;
  readonly replicationFactor: number;
  configs: Record<string, string>;
}

/** The resource-based policy of a cluster and its opaque version (optimistic concurrency). */
export interface ClusterPolicyRecord {
  readonly policy: string;
  readonly version: string;
}

/** An MSK cluster (provisioned or serverless) with its topics and cluster policy. */
export interface ClusterRecord {
  readonly arn: string;
  readonly name: string;
  /** The cluster UUID with its `-N` suffix, as in the cluster and topic ARNs. */
  readonly uuid: string;
  readonly type: ClusterType;
  readonly creationTime: string;
  /** The cluster version (not the policy version). */
  readonly currentVersion: string;
  readonly tags: Record<string, string>;
  readonly provisioned?: ProvisionedRequest;
  readonly serverless?: ServerlessRequest;
  readonly topics: Record<string, TopicRecord>;
  policy?: ClusterPolicyRecord;
}

/** MSK state of one account and region (plain JSON): clusters by ARN. */
export interface KafkaState {
  readonly clusters: Record<string, ClusterRecord>;
}

/** Fresh MSK state for one account and region: no clusters. */
export function initialKafkaState(): KafkaState {
  return { clusters: {} };
}
