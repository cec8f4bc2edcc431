import { AwsError } from '../../cloud/errors.ts';

/** IAM's validation error (awsQuery code ValidationError, HTTP 400). */
export { queryValidationError as validationError } from '../../cloud/errors.ts';

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntity', message, {}, 404);
}

export function noSuchRole(roleName: string): AwsError {
  return noSuchEntity(`The role with name ${roleName} cannot be found.`);
}

export function entityAlreadyExists(message: string): AwsError {
  return new AwsError('EntityAlreadyExists', message, {}, 409);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceeded', message, {}, 409);
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflict', message, {}, 409);
}

export function malformedPolicyDocument(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, {}, 400);
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', message, {}, 400);
}
