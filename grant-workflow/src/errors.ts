import { type ErrorContext, StreamgovError } from '../../common/src/errors.ts';

/**
 * Root of the grant workflow's errors. The names Step Functions matches (`GRANT_ERRORS` in contract.ts)
 * are the `name`s of the subclasses below, of `PolicyCapacityError` (policy/errors.ts) and of
 * `TransientAwsError` (common/src/errors.ts).
 */
export class GrantWorkflowError extends StreamgovError {
  override readonly name: string = 'GrantWorkflowError';
}

/**
 * The request cannot be applied as given: a malformed grant, a name or ARN that would inject into a
 * policy, a principal role that does not exist. Nothing was touched. `GRANT_ERRORS.invalidRequest`.
 */
export class InvalidGrantRequestError extends GrantWorkflowError {
  override readonly name: string = 'InvalidGrantRequestError';
}

/**
 * Cross-account access to an MSK Serverless cluster: serverless clusters have no cluster resource
 * policy, so there is nothing streamgov could write. Nothing was touched. `GRANT_ERRORS.unsupportedCluster`.
 */
export class UnsupportedClusterError extends GrantWorkflowError {
  override readonly name: string = 'UnsupportedClusterError';
  constructor(
    readonly clusterArn: string,
    readonly consumerAccount: string,
  ) {
    super(
      `MSK Serverless has no cluster resource policy; cross-account access to ${clusterArn} needs a provisioned ` +
        `cluster, a consumer environment in the cluster's own account, or connectivity set up outside streamgov ` +
        `(for example PrivateLink to the cluster and an IAM role in the cluster's account that principals of ` +
        `account ${consumerAccount} assume). The subscription cannot be fulfilled as requested.`,
      { context: { clusterArn, consumerAccount } },
    );
  }
}

/**
 * A role (or other target) streamgov may not manage: it lacks the opt-in tag and is not under a managed
 * path. Nothing was touched. `GRANT_ERRORS.notManaged`.
 */
export class NotManagedError extends GrantWorkflowError {
  override readonly name: string = 'NotManagedError';
  constructor(
    readonly target: string,
    remedy: string,
  ) {
    super(`${target} is not managed by streamgov: ${remedy}`, { context: { target } });
  }
}

/**
 * PutClusterPolicy answered that `currentVersion` is not current: someone wrote the cluster policy
 * since it was read. The use case re-reads and retries; it never leaves the workflow under this name.
 */
export class VersionConflictError extends GrantWorkflowError {
  override readonly name: string = 'VersionConflictError';
  constructor(
    readonly clusterArn: string,
    options: { cause?: unknown } = {},
  ) {
    super(`The cluster policy of ${clusterArn} changed since it was read`, {
      ...options,
      context: { clusterArn },
    });
  }
}

/**
 * An IAM write met a concurrent change of the same role's streamgov policies (a managed policy created,
 * deleted or given a version by another workflow in between). The use case re-reads and retries; it
 * never leaves the workflow under this name.
 */
export class ConcurrentPolicyChangeError extends GrantWorkflowError {
  override readonly name: string = 'ConcurrentPolicyChangeError';
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options);
  }
}

/**
 * Ledger parameters hold values that are not grant records. Nothing is skipped (a skipped record would
 * silently drop or keep access); fix or delete the named parameters, then retry.
 */
export class CorruptLedgerRecordError extends GrantWorkflowError {
  override readonly name: string = 'CorruptLedgerRecordError';
  constructor(readonly problems: readonly { readonly parameter: string; readonly reason: string }[]) {
    super(
      `${problems.length} grant ledger parameter(s) are not valid grant records: ${problems
        .map((p) => `${p.parameter} (${p.reason})`)
        .join('; ')}. Delete or fix them, then retry the grant (reconcile rebuilds missing records).`,
      { context: { parameters: problems.map((p) => p.parameter).join(',') } },
    );
  }
}
