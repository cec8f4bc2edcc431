import './polyfill.ts';
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
} from 'aws-local-stepfunctions';
import type { CloudRuntime } from '../../cloud/types.ts';
import { type CompiledDefinition, compileDefinition, expandRetryOverrides } from './definition.ts';
import { appendEvent, type ExecutionLocation, executionRecord, jsonText, recordEvent } from './history.ts';
import { type RunningExecution, statesRuntime } from './runtime.ts';
import type { ExecutionRecord, RetryIntervalOverrides, StateMachineRecord, StatesState } from './state.ts';
import { runTask } from './task-handlers.ts';
import { TokenBroker } from './tokens.ts';

/** Options of the runner that tests and the local deployment set. */
export interface RunnerOptions {
  /**
   * Retry waits in milliseconds per state name (`*` = every state with a Retry), replacing the ASL
   * intervals, e.g. `{ '*': 0 }` so that CDK `LambdaInvoke`'s default Retry (2 s, backoff 2, 6 attempts)
   * does not slow tests down. A state machine's own overrides (RegisterStateMachine) win over these.
   */
  readonly retryIntervalOverrides?: RetryIntervalOverrides;
}

type EventLog = Awaited<ReturnType<ReturnType<StateMachine['run']>['eventLogs']['next']>>['value'];
type Outcome = Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>;

const compiledCache = new Map<string, CompiledDefinition>();

/** Compiles (and caches by text) a stored definition; it was validated when the state machine was created. */
export function compiledFor(definition: string): CompiledDefinition {
  let compiled = compiledCache.get(definition);
  if (!compiled) {
    compiled = compileDefinition(definition);
    compiledCache.set(definition, compiled);
  }
  return compiled;
}

/** Marks an execution ended: status, dates, final history event, and wakes `.sync` parents. */
export function closeExecution(cloud: CloudRuntime, at: ExecutionLocation, outcome: Outcome): void {
  const record = executionRecord(at);
  if (record?.status === 'RUNNING') {
    const now = cloud.now().getTime();
    record.status = outcome.status;
    record.stopDate = now;
    if (outcome.output !== undefined) record.output = outcome.output;
    if (outcome.error !== undefined) record.error = outcome.error;
    if (outcome.cause !== undefined) record.cause = outcome.cause;
    const details = {
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
    };
    switch (outcome.status) {
      case 'SUCCEEDED':
        appendEvent(record, now, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
          output: outcome.output,
          outputDetails: { truncated: false },
        });
        break;
      case 'TIMED_OUT':
        appendEvent(record, now, 'ExecutionTimedOut', 'executionTimedOutEventDetails', details);
        break;
      case 'ABORTED':
        appendEvent(record, now, 'ExecutionAborted', 'executionAbortedEventDetails', details);
        break;
      default:
        appendEvent(record, now, 'ExecutionFailed', 'executionFailedEventDetails', details);
    }
  }
  statesRuntime(cloud).ended(at.executionArn);
}

/** Translates the library's event log into Step Functions history events. */
class HistoryWriter {
  failedFailState: string | undefined;

  constructor(private readonly at: ExecutionLocation) {}

  write(event: EventLog): void {
    if (!event) return;
    const at = this.at;
    switch (event.type) {
      case 'StateEntered':
        recordEvent(at, `${event.state.type}StateEntered` as HistoryEventType, 'stateEnteredEventDetails', {
          name: event.state.name,
          input: jsonText(event.state.input),
          inputDetails: { truncated: false },
        });
        if (event.state.type === 'Parallel') recordEvent(at, 'ParallelStateStarted');
        return;
      case 'StateExited':
        if (event.state.type === 'Map') recordEvent(at, 'MapStateSucceeded');
        if (event.state.type === 'Parallel') recordEvent(at, 'ParallelStateSucceeded');
        recordEvent(at, `${event.state.type}StateExited` as HistoryEventType, 'stateExitedEventDetails', {
          name: event.state.name,
          output: jsonText(event.state.output),
          outputDetails: { truncated: false },
        });
        return;
      case 'StateCaught':
        recordEvent(at, `${event.state.type}StateExited` as HistoryEventType, 'stateExitedEventDetails', {
          name: event.state.name,
        });
        return;
      case 'StateFailed':
        if (event.state.type === 'Map') recordEvent(at, 'MapStateFailed');
        if (event.state.type === 'Parallel') recordEvent(at, 'ParallelStateFailed');
        if (event.state.type === 'Fail') this.failedFailState = event.state.name;
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
        recordEvent(at, event.type, key, { name: event.parentState.name, index: event.index });
        return;
      }
      default:
        return;
    }
  }
}

function outcomeOf(error: unknown, compiled: CompiledDefinition, failState: string | undefined): Outcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) {
    return {
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: 'The execution timed out (TimeoutSeconds)',
    };
  }
  if (error instanceof ExecutionError && error.cause instanceof Error) {
    const fail = failState ? compiled.failStates.get(failState) : undefined;
    return {
      status: 'FAILED',
      ...(!fail || fail.hasError ? { error: error.cause.name } : {}),
      ...(!fail || fail.hasCause ? { cause: error.cause.message } : {}),
    };
  }
  return {
    status: 'FAILED',
    error: 'States.Runtime',
    cause: error instanceof Error ? error.message : String(error),
  };
}

/** What `startRun` needs: the stored state machine and execution, plus service-level runner options. */
export interface StartRunRequest {
  readonly cloud: CloudRuntime;
  readonly machine: StateMachineRecord;
  readonly execution: ExecutionRecord;
  readonly options?: RunnerOptions;
}

/**
 * Runs an execution in the background with aws-local-stepfunctions: every Task state is bound to a local
 * handler, `$$.Task.Token` mints a fresh token per evaluation, history events are written to the
 * execution record as the run goes, and the run is tracked by the cloud (`settle()` waits for it).
 * The execution record must already exist (status RUNNING, ExecutionStarted recorded).
 */
export function startRun({ cloud, machine, execution, options }: StartRunRequest): void {
  const [, , , region = '', account = ''] = execution.arn.split(':');
  const at: ExecutionLocation = { cloud, account, region, executionArn: execution.arn };
  const compiled = compiledFor(machine.definition);
  const runtime = statesRuntime(cloud);
  const running: RunningExecution = { abort: () => undefined, tokens: new Set() };
  const tokens = new TokenBroker(at, running, runtime);
  const env = { at, machineRoleArn: machine.roleArn, tokens };
  const handlers: Record<string, (input: unknown) => Promise<never>> = {};
  for (const plan of compiled.tasks.values()) {
    handlers[plan.stateName] = (input) => runTask(env, plan, input) as Promise<never>;
  }
  const context = {
    Execution: {
      Id: execution.arn,
      Name: execution.name,
      RoleArn: machine.roleArn,
      StartTime: new Date(execution.startDate).toISOString(),
    },
    StateMachine: { Id: machine.arn, Name: machine.name },
    Task: {
      get Token() {
        return tokens.mint();
      },
    },
  };
  const runOptions: RunOptions = {
    overrides: {
      taskResourceLocalHandlers: handlers as NonNullable<
        RunOptions['overrides']
      >['taskResourceLocalHandlers'],
      retryIntervalOverrides: expandRetryOverrides(
        compiled,
        options?.retryIntervalOverrides,
        machine.retryIntervalOverrides,
      ),
    },
    context,
  };
  const stateMachine = new StateMachine(compiled.runnable, { validationOptions: { noValidate: true } });
  const run = stateMachine.run(JSON.parse(execution.input), runOptions);
  running.abort = run.abort;
  runtime.running.set(execution.arn, running);

  const history = new HistoryWriter(at);
  const drained = (async () => {
    for await (const event of run.eventLogs) history.write(event);
  })();
  cloud.track(
    (async () => {
      let outcome: Outcome;
      try {
        const output = await run.result;
        outcome = { status: 'SUCCEEDED', output: jsonText(output) };
      } catch (error) {
        await drained;
        outcome = outcomeOf(error, compiled, history.failedFailState);
      }
      await drained;
      closeExecution(cloud, at, outcome);
    })(),
  );
}

/**
 * Executions recorded RUNNING that this process does not run (the cloud was restarted from persisted
 * state) can no longer continue: they are failed with `States.Runtime` when next read.
 */
export function reconcileExecution(
  cloud: CloudRuntime,
  state: StatesState,
  arn: string,
): ExecutionRecord | undefined {
  const record = state.executions[arn];
  if (record?.status === 'RUNNING' && !statesRuntime(cloud).running.has(arn)) {
    const [, , , region = '', account = ''] = arn.split(':');
    closeExecution(
      cloud,
      { cloud, account, region, executionArn: arn },
      {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: 'local cloud restarted',
      },
    );
  }
  return record;
}
