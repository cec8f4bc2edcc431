/** EventBridge error answers, as AWS words them. */
import { AwsError } from '../../cloud/errors.ts';

export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
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
