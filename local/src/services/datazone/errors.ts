import { AwsError } from '../../cloud/errors.ts';

/** DataZone's ValidationException (400). */
export { validationException as validationError } from '../../cloud/errors.ts';

/** DataZone's ResourceNotFoundException (404). */
export function notFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message);
}

/** DataZone's ConflictException (409). */
export function conflict(message: string): AwsError {
  return new AwsError('ConflictException', message);
}
