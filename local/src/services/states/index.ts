import type { ServiceDefinition } from '../../cloud/types.ts';
import { validationException } from './errors.ts';
import {
  describeExecution,
  getExecutionHistory,
  listExecutions,
  startExecution,
  stopExecution,
} from './operations/executions.ts';
import {
  createStateMachine,
  deleteStateMachine,
  describeStateMachine,
  listStateMachines,
  registerStateMachine,
} from './operations/state-machines.ts';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './operations/tasks.ts';
import type { RunnerOptions } from './runner.ts';
import { initialStatesState, type StatesState } from './state.ts';

export type { RegisterStateMachineInput } from './operations/state-machines.ts';
export type { RunnerOptions } from './runner.ts';
export type { StatesState } from './state.ts';

/**
 * AWS Step Functions (signing name `states`, awsJson1_0) whose executions run the ASL in
 * aws-local-stepfunctions. Task states call the other local services in-process (`lambda` Invoke,
 * `aws-sdk:*` integrations, nested `states:startExecution`, `events:putEvents`); `.waitForTaskToken`
 * tasks wait for SendTaskSuccess / SendTaskFailure. Executions run asynchronously and are tracked by the
 * cloud, so `cloud.settle()` waits for them. An execution that was RUNNING when the cloud was restarted
 * from persisted state is FAILED with `States.Runtime` ("local cloud restarted") when next read.
 *
 * The internal `RegisterStateMachine` operation registers a definition given as an object, for another
 * account, with retry overrides (the local deployment's way in).
 *
 * @example
 * const cloud = new LocalCloud({ services: [createStatesService({ retryIntervalOverrides: { '*': 0 } })] });
 */
export function createStatesService(options: RunnerOptions = {}): ServiceDefinition<StatesState> {
  return {
    signingName: 'states',
    initialState: initialStatesState,
    validationError: validationException,
    operations: {
      CreateStateMachine: createStateMachine,
      DescribeStateMachine: describeStateMachine,
      ListStateMachines: listStateMachines,
      DeleteStateMachine: deleteStateMachine,
      StartExecution: startExecution(options),
      DescribeExecution: describeExecution,
      ListExecutions: listExecutions,
      StopExecution: stopExecution,
      GetExecutionHistory: getExecutionHistory,
      SendTaskSuccess: sendTaskSuccess,
      SendTaskFailure: sendTaskFailure,
      SendTaskHeartbeat: sendTaskHeartbeat,
    },
    internal: { RegisterStateMachine: registerStateMachine },
  };
}

/** The Step Functions service with default runner options (ASL retry intervals as written). */
export const statesService: ServiceDefinition<StatesState> = createStatesService();
