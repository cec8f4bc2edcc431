import { AwsError } from '../../cloud/errors.ts';

/** Glue's validation error: `InvalidInputException`, HTTP 400. */
export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', message);
}

/** A list token this list did not issue: `InvalidInputException`. */
export function invalidNextToken(token: string): AwsError {
  return invalidInput(`Invalid NextToken: ${token}`);
}

/** A registry, schema or schema version that does not exist: `EntityNotFoundException`, HTTP 400. */
export function entityNotFound(message: string): AwsError {
  return new AwsError('EntityNotFoundException', message);
}

/** A registry or schema name already taken: `AlreadyExistsException`, HTTP 400. */
export function alreadyExists(message: string): AwsError {
  return new AwsError('AlreadyExistsException', message);
}
