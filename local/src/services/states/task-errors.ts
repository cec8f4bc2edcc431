import './polyfill.ts';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * A task failure as Step Functions reports it: the library matches Retry/Catch on `name` (the Error) and
 * puts `message` in the Cause. Every such failure matches `States.TaskFailed`.
 */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** A `States.Runtime` error: neither retried nor caught, as in Step Functions. */
export class TaskRuntimeError extends Error {
  override readonly name = 'States.Runtime';
  get isRetryable(): boolean {
    return false;
  }
  get isCatchable(): boolean {
    return false;
  }
}

type TimeoutErrorClass = new () => Error;
let timeoutErrorClass: Promise<TimeoutErrorClass> | undefined;

/**
 * The library's own `States.Timeout` error class. It is not exported, yet `States.TaskFailed` must not
 * match a timeout and the library recognises one only by that class, so the class is taken from a 1 ms
 * probe run (once per process).
 */
export function statesTimeoutErrorClass(): Promise<TimeoutErrorClass> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: {
          Probe: { Type: 'Task', Resource: 'arn:aws:states:::probe', TimeoutSeconds: 0.001, End: true },
        },
      } as unknown as StateMachineDefinition,
      { validationOptions: { noValidate: true } },
    );
    const { result } = probe.run(null, {
      overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => undefined) } },
    });
    try {
      await result;
    } catch (error) {
      if (error instanceof ExecutionError && error.cause instanceof Error) {
        return error.cause.constructor as TimeoutErrorClass;
      }
    }
    throw new Error('aws-local-stepfunctions did not report States.Timeout from its probe run');
  })();
  return timeoutErrorClass;
}
