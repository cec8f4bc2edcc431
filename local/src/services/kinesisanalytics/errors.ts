/** Kinesis Analytics V2 error answers. */
import { AwsError } from '../../cloud/errors.ts';

export function invalidArgument(message: string): AwsError {
  return new AwsError('InvalidArgumentException', message);
}

export function applicationNotFound(name: string, arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Application ${name} not found: ${arn}`);
}

export function resourceInUse(message: string): AwsError {
  return new AwsError('ResourceInUseException', message);
}

export function concurrentModification(message: string): AwsError {
  return new AwsError('ConcurrentModificationException', message);
}

export function invalidConfiguration(message: string): AwsError {
  return new AwsError('InvalidApplicationConfigurationException', message);
}

export function unsupported(message: string): AwsError {
  return new AwsError('UnsupportedOperationException', message);
}
