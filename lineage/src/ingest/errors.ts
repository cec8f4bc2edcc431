import { LineageError } from '../errors.ts';

/** A dead letter does not fit into an SQS message even with its event compressed. */
export class DeadLetterTooLargeError extends LineageError {
  override readonly name: string = 'DeadLetterTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`The dead letter is ${bytes} bytes with its event compressed; SQS takes at most ${limit}`, {
      context: { bytes, limit },
    });
  }
}

/** A message of the dead-letter queue is not a dead letter streamgov wrote. */
export class InvalidDeadLetterError extends LineageError {
  override readonly name: string = 'InvalidDeadLetterError';
}
