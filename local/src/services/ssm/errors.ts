import { AwsError } from '../../cloud/errors.ts';

/** SSM's validation error (HTTP 400). */
export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export function parameterNotFound(name: string): AwsError {
  return new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
}

export function parameterAlreadyExists(): AwsError {
  return new AwsError(
    'ParameterAlreadyExists',
    'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
  );
}

export function invalidNextToken(): AwsError {
  return new AwsError('InvalidNextToken', 'The specified token is not valid.');
}

export function invalidFilterKey(message: string): AwsError {
  return new AwsError('InvalidFilterKey', message);
}

export function invalidFilterOption(message: string): AwsError {
  return new AwsError('InvalidFilterOption', message);
}

export function invalidFilterValue(message: string): AwsError {
  return new AwsError('InvalidFilterValue', message);
}
