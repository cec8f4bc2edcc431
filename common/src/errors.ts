/** Context carried by every streamgov error: identifiers a person needs to act on it. */
export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Root of every streamgov error. `name` equals the class name (Step Functions matches `ErrorEquals` on
 * it), `cause` keeps the underlying error, `context` the identifiers involved.
 */
export class StreamgovError extends Error {
  override readonly name: string = 'StreamgovError';
  readonly context: ErrorContext;

  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** One or more configuration keys are missing or invalid; `problems` lists every one of them. */
export class ConfigError extends StreamgovError {
  override readonly name: string = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** A value (an ARN, a name, an event field) is malformed; names the field and the value. */
export class InvalidInputError extends StreamgovError {
  override readonly name: string = 'InvalidInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid ${field} ${JSON.stringify(value)}: ${reason}`, { context: { field } });
  }
}

/** An AWS call failed in a way the caller may retry (throttling, 5xx, version conflicts). */
export class TransientAwsError extends StreamgovError {
  override readonly name: string = 'TransientAwsError';
}

/** An AWS call failed for a reason a retry does not fix (access denied, validation, not found). */
export class AwsCallError extends StreamgovError {
  override readonly name: string = 'AwsCallError';
}

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'TooManyUpdates',
]);

/** True for errors AWS answers under load or on its side (throttling, 5xx). */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (THROTTLING_NAMES.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && (status === 429 || status >= 500);
}

/**
 * Translates an SDK error into a named streamgov error: `TransientAwsError` for throttling and 5xx,
 * `AwsCallError` otherwise. The original is kept as `cause`; its name is in the message.
 */
export function translateAwsError(
  error: unknown,
  action: string,
  context: ErrorContext = {},
): StreamgovError {
  if (error instanceof StreamgovError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  const text = `${action} failed: ${name}: ${message}`;
  return isTransientAwsError(error)
    ? new TransientAwsError(text, { cause: error, context })
    : new AwsCallError(text, { cause: error, context });
}
