/**
 * The grant workflow contract: state names, payload shapes and error names, in one place. infra builds
 * the state machines from it; handlers produce and consume these shapes; Step Functions matches
 * `ErrorEquals` on the error names (the `name` a Node.js Lambda function throws). No CDK import here.
 */
import type { TopicGrant } from './grants.ts';

/** What a subscription grant event asks for. */
export type GrantAction = 'GRANT' | 'REVOKE';

/** Which side of a grant an environment workflow changes. */
export type GrantSide = 'producer' | 'consumer';

/** DataZone's per-asset grant statuses the workflow reports (UpdateSubscriptionGrantStatus). */
export const GRANT_STATUS = {
  GRANT: { inProgress: 'GRANT_IN_PROGRESS', done: 'GRANTED', failed: 'GRANT_FAILED' },
  REVOKE: { inProgress: 'REVOKE_IN_PROGRESS', done: 'REVOKED', failed: 'REVOKE_FAILED' },
} as const satisfies Record<GrantAction, Record<'inProgress' | 'done' | 'failed', string>>;

/** Everything the environment workflows need to apply one grant or revoke, collected centrally. */
export interface GrantRequest {
  readonly domainId: string;
  readonly action: GrantAction;
  /** The grant with its topic, cluster, schemas, consumer account and principals (validated). */
  readonly grant: TopicGrant;
  readonly clusterType: 'PROVISIONED' | 'SERVERLESS';
  /** The account and Region of the cluster (from its ARN). */
  readonly producerAccount: string;
  readonly region: string;
  /** The consumer is in another account than the cluster: the cluster policy must change too. */
  readonly crossAccount: boolean;
}

/** Input of the central state machine: the DataZone event as EventBridge delivers it. */
export type CentralInput = Record<string, unknown>;

/** Output of the CollectMetadata task (the central state's `$.request`). */
export interface CollectedGrant {
  readonly request: GrantRequest;
  /** `<environment-state-machine-arn>` per side that has to act, and the role the central machine assumes. */
  readonly targets: {
    readonly producer?: EnvironmentTarget;
    readonly consumer: EnvironmentTarget;
  };
}

/** Where an environment workflow runs and how the central workflow reaches it. */
export interface EnvironmentTarget {
  readonly account: string;
  readonly stateMachineArn: string;
  /** Role in the environment account that the central state machine assumes to start the execution. */
  readonly invokeRoleArn: string;
}

/** Input of an environment state machine (started by the central one with `.waitForTaskToken`). */
export interface EnvironmentInput {
  readonly request: GrantRequest;
  readonly side: GrantSide;
  readonly taskToken: string;
  /** Role in the central account that the environment state machine assumes to send the task result. */
  readonly callbackRoleArn: string;
}

/** Result of an environment workflow, sent back with SendTaskSuccess. */
export interface ApplyResult {
  readonly side: GrantSide;
  readonly action: GrantAction;
  /** Policies written (names or ARNs) and whether anything changed. */
  readonly changed: boolean;
  readonly policies: readonly string[];
}

/** State names: frozen API (renaming one is a breaking change for running executions and alarms). */
export const CENTRAL_STATES = {
  collect: 'CollectMetadata',
  needsProducer: 'NeedsProducerSide',
  producer: 'ApplyProducerSide',
  consumer: 'ApplyConsumerSide',
  reportSuccess: 'ReportSuccess',
  reportFailure: 'ReportFailure',
  failed: 'GrantFailed',
  succeeded: 'GrantSucceeded',
} as const;

export const ENVIRONMENT_STATES = {
  apply: 'ApplyGrant',
  sendSuccess: 'SendSuccess',
  sendFailure: 'SendFailure',
  failed: 'ApplyFailed',
} as const;

/**
 * Error names thrown by the handlers, matched by Retry and Catch. Transient ones are retried by the state
 * machine; the others fail the grant at once with a cause a person can act on.
 */
export const GRANT_ERRORS = {
  /** Malformed event, unknown asset type, injection attempt: nothing was touched. */
  invalidRequest: 'InvalidGrantRequestError',
  /** Cross-account access to a serverless cluster: MSK Serverless has no cluster policy. */
  unsupportedCluster: 'UnsupportedClusterError',
  /** A role cannot hold more grants within IAM's quotas (PolicyCapacityError). */
  capacity: 'PolicyCapacityError',
  /** A role, cluster or subscription target streamgov may not manage (missing opt-in tag or path). */
  notManaged: 'NotManagedError',
  /** Throttling, 5xx, cluster policy version conflicts: worth a retry. */
  transient: 'TransientAwsError',
} as const;

/** Retries of transient errors inside each Lambda task state. */
export const TRANSIENT_RETRY = { intervalSeconds: 2, maxAttempts: 5, backoffRate: 2 } as const;

/** How long the central workflow waits for an environment workflow before failing the grant. */
export const ENVIRONMENT_TIMEOUT_SECONDS = 300;
