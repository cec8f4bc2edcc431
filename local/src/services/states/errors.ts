import { AwsError } from '../../cloud/errors.ts';

/** Step Functions' validation error: `ValidationException`, HTTP 400. */
export { validationException } from '../../cloud/errors.ts';

export function invalidArn(arn: string, reason?: string): AwsError {
  return new AwsError('InvalidArn', reason ? `Invalid Arn: '${reason}'` : `Invalid Arn: '${arn}'`);
}

export function invalidName(name: string): AwsError {
  return new AwsError('InvalidName', `Invalid Name: '${name}'`);
}

export function invalidDefinition(problems: readonly string[]): AwsError {
  return new AwsError('InvalidDefinition', `Invalid State Machine Definition: '${problems.join(', ')}'`);
}

export function stateMachineDoesNotExist(arn: string): AwsError {
  return new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

export function stateMachineAlreadyExists(arn: string): AwsError {
  return new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
}

export function stateMachineDeleting(arn: string): AwsError {
  return new AwsError('StateMachineDeleting', `State Machine is being deleted: '${arn}'`);
}

export function executionDoesNotExist(arn: string): AwsError {
  return new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}

export function executionAlreadyExists(arn: string): AwsError {
  return new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
}

export function invalidExecutionInput(detail: string): AwsError {
  return new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`);
}

export function invalidOutput(detail: string): AwsError {
  return new AwsError('InvalidOutput', `Invalid Output: '${detail}'`);
}

/** A malformed or unknown task token, or an invalid pagination token. */
export function invalidToken(detail: string): AwsError {
  return new AwsError('InvalidToken', `Invalid Token: '${detail}'`);
}

/** The task of a token was already closed (succeeded, failed, timed out or its execution ended). */
export function taskTimedOut(): AwsError {
  return new AwsError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
}

export function stateMachineTypeNotSupported(arn: string): AwsError {
  return new AwsError(
    'StateMachineTypeNotSupported',
    `This operation is not supported by this type of state machine: '${arn}'`,
  );
}

/** A JSON parse failure's message, as Step Functions quotes it in its errors. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
