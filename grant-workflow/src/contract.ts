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

/**
 * Output of the CollectMetadata task when the event is out of date (see `decideEventOrder`): the central
 * state machine ends at once (`CENTRAL_STATES.skipped`), touching nothing and reporting nothing.
 */
export interface SkippedGrant {
  readonly skip: {
    readonly subscriptionGrantId: string;
    readonly assetId: string;
    readonly action: GrantAction;
    /** Why the event is not applied (logged, and the execution's output). */
    readonly reason: string;
  };
}

/** What the CollectMetadata task returns: the grant to apply, or why the event is skipped. */
export type CollectOutcome = CollectedGrant | SkippedGrant;

/** Input of an environment state machine (started by the central one with `.waitForTaskToken`). */
export interface EnvironmentInput {
  readonly request: GrantRequest;
  readonly side: GrantSide;
  /**
   * Take back this GRANT request (apply it as a REVOKE): the central workflow's compensation after a
   * failed or timed-out grant. False for the request as it is.
   */
  readonly undo: boolean;
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

/**
 * Fields of the central state the failure branch writes (Catch and Task ResultPaths) and ReportFailure
 * reads: the error caught, each side's result, and the compensation's results and errors per side.
 */
export const CENTRAL_FIELDS = {
  error: 'error',
  results: 'results',
  compensated: 'compensated',
  compensationErrors: 'compensationErrors',
} as const;

/** State names: frozen API (renaming one is a breaking change for running executions and alarms). */
export const CENTRAL_STATES = {
  collect: 'CollectMetadata',
  /** Choice: the event is out of date (a grant after its revoke…) → `skipped`. */
  eventCurrent: 'EventIsCurrent',
  /** Succeed: nothing touched, nothing reported (see SkippedGrant). */
  skipped: 'EventSkipped',
  needsProducer: 'NeedsProducerSide',
  producer: 'ApplyProducerSide',
  consumer: 'ApplyConsumerSide',
  /** Choice after a failed producer side: compensate a GRANT it may have applied. */
  producerFailed: 'ProducerSideFailed',
  /** Choice after a failed consumer side: compensate what either side of a GRANT may have applied. */
  consumerFailed: 'ConsumerSideFailed',
  /** Choice after the consumer compensation: the producer side applied too. */
  producerApplied: 'ProducerSideApplied',
  /** Revokes what a failed GRANT may have applied on a side (an environment execution with `undo`). */
  compensateConsumer: 'CompensateConsumerSide',
  compensateProducer: 'CompensateProducerSide',
  reportSuccess: 'ReportSuccess',
  reportFailure: 'ReportFailure',
  /** Choice after ReportFailure: a user error ends `rejected`; anything else `failed`. */
  failureKind: 'FailureKind',
  /** Succeed: the request cannot be fulfilled as asked (a user error); DataZone shows why. */
  rejected: 'GrantRejected',
  /** Fail: streamgov or AWS broke (the failed-executions alarm). */
  failed: 'GrantFailed',
  succeeded: 'GrantSucceeded',
} as const;

export const ENVIRONMENT_STATES = {
  apply: 'ApplyGrant',
  sendSuccess: 'SendSuccess',
  sendFailure: 'SendFailure',
  /** Choice after SendFailure: a user error ends `refused`; anything else `failed`. */
  failureKind: 'FailureKind',
  refused: 'ApplyRefused',
  failed: 'ApplyFailed',
  /** Choice after a failed SendSuccess of a GRANT: nobody learnt of it, so it is taken back. */
  answerLost: 'AnswerLost',
  /** Applies the GRANT as a REVOKE (the central workflow timed out or never got the answer). */
  undoLateGrant: 'UndoLateGrant',
  /** Fail: the answer could not be sent (after an undo, when one was needed). */
  answerFailed: 'AnswerFailed',
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

/**
 * User errors: the request cannot be fulfilled as asked, and the failure cause in DataZone says what to
 * do. The workflow reports GRANT_FAILED / REVOKE_FAILED and its execution ends successfully, so that the
 * failed-executions alarms mean "streamgov or AWS broke", not "someone asked for something impossible".
 * Every other error (TransientAwsError after retries, `States.Timeout`, a failed compensation, an
 * unexpected error) fails the execution.
 */
export const USER_ERROR_NAMES: readonly string[] = [
  GRANT_ERRORS.invalidRequest,
  GRANT_ERRORS.unsupportedCluster,
  GRANT_ERRORS.notManaged,
  GRANT_ERRORS.capacity,
];

/**
 * Errors a side throws before it changes anything (its guard): a GRANT failing with one of them left
 * nothing on that side to compensate (and its revoke would fail the same way). A side failing with any
 * other error, `States.Timeout` included, may have applied the grant, so a failed GRANT revokes it.
 * (PolicyCapacityError is not here: the grant was recorded, and taken out again; the revoke is harmless.)
 */
export const UNTOUCHED_ERROR_NAMES: readonly string[] = [
  GRANT_ERRORS.invalidRequest,
  GRANT_ERRORS.unsupportedCluster,
  GRANT_ERRORS.notManaged,
];

/**
 * Whether an error name is a user error (see {@link USER_ERROR_NAMES}).
 * @param name - The `Error` a Catch recorded.
 */
export function isUserError(name: string | undefined): boolean {
  return name !== undefined && USER_ERROR_NAMES.includes(name);
}

/** Retries of transient errors inside each Lambda task state. */
export const TRANSIENT_RETRY = { intervalSeconds: 2, maxAttempts: 5, backoffRate: 2 } as const;

/** How long the central workflow waits for an environment workflow before failing the grant. */
export const ENVIRONMENT_TIMEOUT_SECONDS = 300;
