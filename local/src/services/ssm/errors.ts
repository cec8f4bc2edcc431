import { AwsError } from '../../cloud/errors.ts';

/** An SSM client error: awsJson answers every one of them with HTTP 400. */
export function ssmError(code: string, message: string): AwsError {
  return new AwsError(code, message, {}, 400);
}

/** SSM's validation error (HTTP 400). */
export function validationException(message: string): AwsError {
  return ssmError('ValidationException', message);
}

export function parameterNotFound(name: string): AwsError {
  return ssmError('ParameterNotFound', `Parameter ${name} not found.`);
}

export function parameterAlreadyExists(): AwsError {
  return ssmError(
    'ParameterAlreadyExists',
    'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
  );
}

export function invalidNextToken(): AwsError {
  return ssmError('InvalidNextToken', 'The specified token is not valid.');
}

export function invalidFilterKey(message: string): AwsError {
  return ssmError('InvalidFilterKey', message);
}

export function invalidFilterOption(message: string): AwsError {
  return ssmError('InvalidFilterOption', message);
}

export function invalidFilterValue(message: string): AwsError {
  return ssmError('InvalidFilterValue', message);
}
