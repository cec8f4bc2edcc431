import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { AwsError } from '../../cloud/errors.ts';
import type { CallerIdentity } from '../../cloud/types.ts';
import { roleAccount } from './arns.ts';
import type { TaskPlan } from './definition.ts';
import { WRAPPED } from './definition.ts';
import { type ExecutionLocation, executionRecord, jsonText, recordEvent } from './history.ts';
import { statesRuntime } from './runtime.ts';
import { fromSdkOutput, toSdkInput } from './sdk-integrations.ts';
import { statesTimeoutErrorClass, TaskFailure, TaskRuntimeError } from './task-errors.ts';
import type { TokenBroker } from './tokens.ts';

/** What a Task handler needs to know about its run. */
export interface TaskEnvironment {
  readonly at: ExecutionLocation;
  readonly machineRoleArn: string;
  readonly tokens: TokenBroker;
}

interface TaskCall {
  readonly parameters: unknown;
  readonly roleArn?: string;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function positiveInteger(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TaskRuntimeError(`The value of ${field} must be a positive integer, got ${jsonText(value)}`);
  }
  return value;
}

function unwrap(plan: TaskPlan, input: unknown): TaskCall {
  if (!plan.wrapped) {
    return {
      parameters: input,
      ...(plan.roleArn ? { roleArn: plan.roleArn } : {}),
      ...(plan.timeoutSeconds ? { timeoutSeconds: plan.timeoutSeconds } : {}),
      ...(plan.heartbeatSeconds ? { heartbeatSeconds: plan.heartbeatSeconds } : {}),
    };
  }
  const wrapper = record(input);
  const roleArn = wrapper[WRAPPED.roleArn] ?? plan.roleArn;
  if (roleArn !== undefined && (typeof roleArn !== 'string' || !roleAccount(roleArn))) {
    throw new TaskRuntimeError(
      `The Credentials RoleArn of state '${plan.stateName}' is not a role ARN: ${jsonText(roleArn)}`,
    );
  }
  const timeoutSeconds =
    positiveInteger(wrapper[WRAPPED.timeoutSeconds], 'TimeoutSecondsPath') ?? plan.timeoutSeconds;
  const heartbeatSeconds =
    positiveInteger(wrapper[WRAPPED.heartbeatSeconds], 'HeartbeatSecondsPath') ?? plan.heartbeatSeconds;
  return {
    parameters: wrapper[WRAPPED.parameters],
    ...(roleArn ? { roleArn } : {}),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
    ...(heartbeatSeconds ? { heartbeatSeconds } : {}),
  };
}

/** The identity a task acts as: the Credentials role's account if given, else the state machine's. */
function taskCaller(env: TaskEnvironment, roleArn: string | undefined): CallerIdentity {
  const role = roleArn ?? env.machineRoleArn;
  const account = (roleArn && roleAccount(roleArn)) || env.at.account;
  const roleName = role.split('/').pop() || 'StepFunctions';
  return {
    account,
    region: env.at.region,
    accessKeyId: 'local-states',
    principalArn: `arn:aws:sts::${account}:assumed-role/${roleName}/StepFunctions`,
  };
}

/** `<Prefix>.<Code>Exception`, Step Functions' name for a service error in an integration. */
function serviceErrorName(prefix: string, code: string): string {
  return `${prefix}.${code.endsWith('Exception') ? code : `${code}Exception`}`;
}

function asTaskFailure(prefix: string, error: unknown): Error {
  if (error instanceof TaskFailure || error instanceof TaskRuntimeError) return error;
  if (error instanceof AwsError) {
    return new TaskFailure(
      serviceErrorName(prefix, error.code),
      `${error.message} (Service: ${prefix}, Error Code: ${error.code})`,
    );
  }
  return new TaskFailure('States.TaskFailed', error instanceof Error ? error.message : String(error));
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface InvokeOutput {
  readonly StatusCode?: number;
  readonly Payload?: Uint8Array;
  readonly FunctionError?: string;
  readonly ExecutedVersion?: string;
}

async function invokeLambda(
  env: TaskEnvironment,
  caller: CallerIdentity,
  functionName: unknown,
  payload: unknown,
  extra: Record<string, unknown> = {},
): Promise<{ output: InvokeOutput; payload: unknown }> {
  if (typeof functionName !== 'string')
    throw new TaskFailure('States.TaskFailed', 'FunctionName must be a string');
  let output: InvokeOutput;
  try {
    output = await env.at.cloud.call<InvokeOutput>(
      'lambda',
      'Invoke',
      {
        ...extra,
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(payload ?? {})),
      },
      caller,
    );
  } catch (error) {
    throw asTaskFailure('Lambda', error);
  }
  const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
  if (output.FunctionError) {
    const errorType = record(parseJson(text)).errorType;
    throw new TaskFailure(typeof errorType === 'string' ? errorType : output.FunctionError, text);
  }
  return { output, payload: parseJson(text) };
}

async function lambdaInvoke(
  env: TaskEnvironment,
  caller: CallerIdentity,
  parameters: unknown,
): Promise<unknown> {
  const { FunctionName, Payload, Qualifier, InvocationType, ClientContext } = record(parameters);
  const extra = {
    ...(Qualifier ? { Qualifier } : {}),
    ...(InvocationType ? { InvocationType } : {}),
    ...(ClientContext ? { ClientContext } : {}),
  };
  const { output, payload } = await invokeLambda(env, caller, FunctionName, Payload, extra);
  const statusCode = output.StatusCode ?? 200;
  return {
    ExecutedVersion: output.ExecutedVersion ?? '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { HttpStatusCode: statusCode },
    SdkResponseMetadata: { RequestId: env.at.cloud.newId() },
    StatusCode: statusCode,
  };
}

async function awsSdkCall(
  env: TaskEnvironment,
  caller: CallerIdentity,
  plan: Extract<TaskPlan['binding'], { kind: 'aws-sdk' }>,
  parameters: unknown,
): Promise<unknown> {
  const { signingName, errorPrefix } = plan.integration;
  try {
    const input = toSdkInput(signingName, plan.operation, parameters);
    const output = await env.at.cloud.call(signingName, plan.operation, input, caller);
    return fromSdkOutput(signingName, plan.operation, output);
  } catch (error) {
    throw asTaskFailure(errorPrefix, error);
  }
}

interface ChildExecution {
  readonly executionArn: string;
  readonly startDate: Date;
}

async function startChild(
  env: TaskEnvironment,
  caller: CallerIdentity,
  parameters: unknown,
): Promise<ChildExecution> {
  const { StateMachineArn, Input, Name } = record(parameters);
  const input = typeof Input === 'string' ? Input : JSON.stringify(Input ?? {});
  try {
    return await env.at.cloud.call<ChildExecution>(
      'states',
      'StartExecution',
      { stateMachineArn: StateMachineArn, input, ...(Name !== undefined ? { name: Name } : {}) },
      caller,
    );
  } catch (error) {
    throw asTaskFailure('StepFunctions', error);
  }
}

/** Waits for a child execution to end and answers as `states:startExecution.sync(:2)` does. */
async function childResult(caller: CallerIdentity, env: TaskEnvironment, child: string, v2: boolean) {
  const at: ExecutionLocation = {
    cloud: env.at.cloud,
    account: caller.account,
    region: caller.region,
    executionArn: child,
  };
  await new Promise<void>((resolve) => {
    if (executionRecord(at)?.status !== 'RUNNING') resolve();
    else statesRuntime(env.at.cloud).onEnd(child, resolve);
  });
  const done = executionRecord(at);
  if (!done) throw new TaskFailure('States.TaskFailed', `Execution ${child} no longer exists`);
  const data = (text: string | undefined) => (v2 && text !== undefined ? parseJson(text) : text);
  const description = {
    ExecutionArn: done.arn,
    Input: data(done.input),
    InputDetails: { Included: true },
    Name: done.name,
    ...(done.output !== undefined ? { Output: data(done.output), OutputDetails: { Included: true } } : {}),
    StartDate: done.startDate,
    StateMachineArn: done.stateMachineArn,
    Status: done.status,
    ...(done.stopDate !== undefined ? { StopDate: done.stopDate } : {}),
    ...(done.error !== undefined ? { Error: done.error } : {}),
    ...(done.cause !== undefined ? { Cause: done.cause } : {}),
  };
  if (done.status !== 'SUCCEEDED') throw new TaskFailure('States.TaskFailed', JSON.stringify(description));
  return description;
}

async function putEvents(
  env: TaskEnvironment,
  caller: CallerIdentity,
  parameters: unknown,
): Promise<unknown> {
  const entries = record(parameters).Entries;
  const Entries = (Array.isArray(entries) ? entries : []).map((entry) => {
    const { Detail, ...rest } = record(entry);
    return {
      ...rest,
      ...(Detail !== undefined
        ? { Detail: typeof Detail === 'string' ? Detail : JSON.stringify(Detail) }
        : {}),
    };
  });
  let output: { Entries?: unknown[]; FailedEntryCount?: number };
  try {
    output = await env.at.cloud.call('events', 'PutEvents', { Entries }, caller);
  } catch (error) {
    throw asTaskFailure('EventBridge', error);
  }
  if ((output.FailedEntryCount ?? 0) > 0)
    throw new TaskFailure('EventBridge.FailedEntry', JSON.stringify(output));
  return { Entries: output.Entries ?? [], FailedEntryCount: output.FailedEntryCount ?? 0 };
}

/** Runs the binding's call (the request part of a `.waitForTaskToken` task). */
async function callResource(
  env: TaskEnvironment,
  plan: TaskPlan,
  caller: CallerIdentity,
  parameters: unknown,
) {
  const { binding } = plan;
  switch (binding.kind) {
    case 'lambda-invoke':
      return lambdaInvoke(env, caller, parameters);
    case 'lambda-function':
      return (await invokeLambda(env, caller, binding.functionArn, parameters)).payload;
    case 'aws-sdk':
      return awsSdkCall(env, caller, binding, parameters);
    case 'put-events':
      return putEvents(env, caller, parameters);
    case 'start-execution': {
      const child = await startChild(env, caller, parameters);
      if (binding.mode === 'sync' || binding.mode === 'sync2') {
        return childResult(caller, env, child.executionArn, binding.mode === 'sync2');
      }
      return { ExecutionArn: child.executionArn, StartDate: child.startDate.toISOString() };
    }
  }
}

function waits(plan: TaskPlan): boolean {
  const { binding } = plan;
  return binding.kind === 'start-execution'
    ? binding.mode === 'wait'
    : binding.kind !== 'lambda-function' && binding.wait;
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Serves one Task state: records the task events, calls the bound resource as the task's identity,
 * waits for the task token when the resource says so, and enforces TimeoutSeconds / HeartbeatSeconds
 * (`States.Timeout`). Errors become task failures named as Step Functions names them.
 */
export async function runTask(env: TaskEnvironment, plan: TaskPlan, input: unknown): Promise<unknown> {
  // Lets the run's event log record `TaskStateEntered` before this task's own events.
  await nextMacrotask();
  const TimeoutError = await statesTimeoutErrorClass();
  const call = unwrap(plan, input);
  const caller = taskCaller(env, call.roleArn);
  const lambda = plan.binding.kind === 'lambda-function';
  const names = { resourceType: plan.resourceType, resource: plan.resourceName };
  const event = (type: string, key: string, details: Record<string, unknown>) =>
    recordEvent(env.at, (lambda ? `LambdaFunction${type}` : `Task${type}`) as HistoryEventType, key, details);
  const detailsKey = (type: string) =>
    lambda ? `lambdaFunction${type}EventDetails` : `task${type}EventDetails`;

  const claimed = waits(plan) ? env.tokens.claim(call.parameters) : [];
  if (lambda) {
    event('Scheduled', detailsKey('Scheduled'), {
      resource: plan.resource,
      input: jsonText(call.parameters),
      ...(call.timeoutSeconds ? { timeoutInSeconds: call.timeoutSeconds } : {}),
      ...(call.roleArn ? { taskCredentials: { roleArn: call.roleArn } } : {}),
    });
    event('Started', detailsKey('Started'), {});
  } else {
    event('Scheduled', detailsKey('Scheduled'), {
      ...names,
      region: env.at.region,
      parameters: jsonText(call.parameters),
      ...(call.timeoutSeconds ? { timeoutInSeconds: call.timeoutSeconds } : {}),
      ...(call.heartbeatSeconds ? { heartbeatInSeconds: call.heartbeatSeconds } : {}),
      ...(call.roleArn ? { taskCredentials: { roleArn: call.roleArn } } : {}),
    });
    event('Started', detailsKey('Started'), names);
  }
  const resourceNames = lambda ? {} : names;

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    if (call.timeoutSeconds) timer = setTimeout(() => reject(new TimeoutError()), call.timeoutSeconds * 1000);
  });
  const work = (async () => {
    if (waits(plan) && claimed.length === 0) {
      throw new TaskRuntimeError(
        `Task state '${plan.stateName}' waits for a task token, but its Parameters do not pass $$.Task.Token`,
      );
    }
    const submitted = await callResource(env, plan, caller, call.parameters);
    if (!waits(plan)) return submitted;
    event('Submitted', 'taskSubmittedEventDetails', { ...names, output: jsonText(submitted) });
    return env.tokens.wait(plan.stateName, claimed, call.heartbeatSeconds, () => new TimeoutError());
  })();
  try {
    const output = await Promise.race([work, timedOut]);
    event('Succeeded', detailsKey('Succeeded'), { ...resourceNames, output: jsonText(output) });
    return output;
  } catch (error) {
    if (error instanceof TimeoutError) {
      env.tokens.release(claimed);
      event('TimedOut', detailsKey('TimedOut'), { ...resourceNames, error: 'States.Timeout' });
      throw error;
    }
    const failure = asTaskFailure('States', error);
    event('Failed', detailsKey('Failed'), { ...resourceNames, error: failure.name, cause: failure.message });
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}
