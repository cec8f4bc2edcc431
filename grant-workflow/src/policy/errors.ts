import { GrantWorkflowError } from '../errors.ts';

/** Root of the policy-rendering errors (a grant workflow error). */
export class PolicyError extends GrantWorkflowError {
  override readonly name: string = 'PolicyError';
}

/**
 * A policy document read from AWS (or given by a caller) is not a policy streamgov can safely rewrite:
 * not JSON, not an object, no statement list, a statement that is not an object, an unknown `Effect`.
 * `source` names where the document came from (for example `cluster policy of arn:…`).
 */
export class MalformedPolicyError extends PolicyError {
  override readonly name: string = 'MalformedPolicyError';
  constructor(
    readonly source: string,
    reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Malformed policy document (${source}): ${reason}`, { ...options, context: { source } });
  }
}

/**
 * The desired grants do not fit into the policy space available: for a consumer role the IAM quotas
 * (10,240 characters of inline policies in aggregate, 6,144 per managed policy, the free managed-policy
 * attachment slots), for a cluster policy the configured maximum. `target` names the role or policy.
 */
export class PolicyCapacityError extends PolicyError {
  override readonly name: string = 'PolicyCapacityError';
  constructor(
    readonly target: string,
    readonly neededChars: number,
    readonly availableChars: number,
    advice: string,
  ) {
    super(
      `${target} needs ${neededChars} policy characters for its streamgov grants but only ${availableChars} are available. ${advice}`,
      { context: { target, neededChars, availableChars } },
    );
  }
}

/**
 * A statement streamgov must not touch (a Deny, or any statement it does not own) already uses a Sid
 * that streamgov needs for one of its own statements; writing both would fail with a duplicate Sid.
 */
export class PolicyConflictError extends PolicyError {
  override readonly name: string = 'PolicyConflictError';
  constructor(
    readonly source: string,
    readonly sid: string,
  ) {
    super(
      `Policy ${source} has a statement with Sid ${sid} that streamgov does not own (only Allow statements ` +
        'with a Streamgov… Sid are streamgov\'s); rename that statement\'s Sid: the "Streamgov" prefix is reserved.',
      { context: { source, sid } },
    );
  }
}
