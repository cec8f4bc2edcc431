import type { ServiceDefinition } from '../../cloud/types.ts';
import { bootstrapOperations } from './bootstrap.ts';
import { type ClusterPolicyOptions, clusterPolicyOperations } from './cluster-policy.ts';
import { clusterOperations } from './clusters.ts';
import { kafkaValidationError } from './errors.ts';
import { initialKafkaState, type KafkaState } from './state.ts';
import { topicOperations } from './topics.ts';

export {
  DEFAULT_MAX_CLUSTER_POLICY_CHARS,
  DUPLICATE_SID_MESSAGE,
  STALE_POLICY_VERSION_MESSAGE,
} from './cluster-policy.ts';
export type { KafkaState } from './state.ts';

/** Settings of the local MSK service. */
export interface KafkaServiceOptions {
  /**
   * Largest cluster policy PutClusterPolicy accepts, in characters (AWS documents none).
   * @default 20480
   */
  readonly maxClusterPolicyChars?: number;
}

/**
 * Amazon MSK (signing name `kafka`, restJson1): provisioned and serverless clusters, bootstrap
 * brokers, topics and cluster policies with optimistic version checks.
 */
export function createKafkaService(options: KafkaServiceOptions = {}): ServiceDefinition<KafkaState> {
  const policyOptions: ClusterPolicyOptions =
    options.maxClusterPolicyChars !== undefined ? { maxPolicyChars: options.maxClusterPolicyChars } : {};
  return {
    signingName: 'kafka',
    initialState: initialKafkaState,
    validationError: kafkaValidationError,
    operations: {
      ...clusterOperations,
      ...bootstrapOperations,
      ...topicOperations,
      ...clusterPolicyOperations(policyOptions),
    },
  };
}

/** The local MSK service with default settings. */
export const kafkaService: ServiceDefinition<KafkaState> = createKafkaService();
