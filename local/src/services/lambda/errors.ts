/** Lambda error answers, as AWS words them (Lambda errors carry `Type: 'User'` for caller faults). */
import { AwsError } from '../../cloud/errors.ts';

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, { Type: 'User' });
}

export function functionNotFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, { Type: 'User' });
}

export function invalidRequestContent(reason: string): AwsError {
  return new AwsError(
    'InvalidRequestContentException',
    `Could not parse request body into json: Could not parse payload into json: ${reason}`,
    { Type: 'User' },
  );
}

export function requestTooLarge(limit: number, operation: string): AwsError {
  return new AwsError(
    'RequestTooLargeException',
    `Request must be smaller than ${limit} bytes for the ${operation} operation`,
    { Type: 'User' },
  );
}
