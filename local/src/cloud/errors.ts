/**
 * An error answered by a local service exactly as AWS answers it: the wire layer turns `code` into the
 * error shape the SDK maps to its exception class, `status` into the HTTP status (default: the status the
 * service model gives the shape, else 400), and `fields` into extra members of the error body.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, unknown>> = {},
    readonly status?: number,
  ) {
    super(message);
  }
}

/** `ValidationException` (the model's status, else 400): the validation error of JSON and REST services. */
export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** `ValidationError` (HTTP 400): the validation error of the awsQuery services (IAM, STS). */
export function queryValidationError(message: string): AwsError {
  return new AwsError('ValidationError', message, {}, 400);
}

/** The answer for an operation the local cloud does not implement: a 4xx, so the SDK does not retry. */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    'NotImplementedException',
    `${service}:${operation} is not implemented by the streamgov local cloud`,
    {},
    400,
  );
}
