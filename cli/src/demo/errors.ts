import { StreamgovError } from '../../../common/src/errors.ts';

/** A step of the demo failed; `step` names it and `cause` says why. */
export class DemoStepError extends StreamgovError {
  override readonly name: string = 'DemoStepError';
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(
      `step "${step}" failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      {
        cause,
        context: { step },
      },
    );
  }
}

/** Something the demo waits for did not happen before its deadline. */
export class DemoTimeoutError extends StreamgovError {
  override readonly name: string = 'DemoTimeoutError';
}

/** The local cloud or the deployed app did something other than the story expects. */
export class DemoExpectationError extends StreamgovError {
  override readonly name: string = 'DemoExpectationError';
}
