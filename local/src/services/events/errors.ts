/** EventBridge error answers, as AWS words them. */
import { AwsError, validationException } from '../../cloud/errors.ts';

export { validationException as validationError };

/** A NextToken this service did not issue. */
export function invalidNextToken(): AwsError {
  return validationException('The NextToken provided is not valid.');
}

export function ruleNotFound(name: string, bus: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
}

export function busNotFound(bus: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Event bus ${bus} does not exist.`);
}

export function invalidEventPattern(reason: string): AwsError {
  return new AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}

export function limitExceeded(): AwsError {
  return new AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
}
