import { isJsonObject } from '../../../../common/src/json.ts';
import './polyfill.ts';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { invalidDefinition } from './errors.ts';
import { hasSdkOperation, operationName, type SdkIntegration, sdkIntegration } from './sdk-integrations.ts';
import type { RetryIntervalOverrides } from './state.ts';

/** How a Task state's `Resource` is served locally. */
export type TaskBinding =
  | { readonly kind: 'lambda-invoke'; readonly wait: boolean }
  | { readonly kind: 'lambda-function'; readonly functionArn: string }
  | {
      readonly kind: 'aws-sdk';
      readonly integration: SdkIntegration;
      readonly service: string;
      readonly operation: string;
      readonly wait: boolean;
    }
  | { readonly kind: 'start-execution'; readonly mode: 'request' | 'sync' | 'sync2' | 'wait' }
  | { readonly kind: 'put-events'; readonly wait: boolean };

/** A Task state of a definition (top level or nested in Map/Parallel) and its binding. */
export interface TaskPlan {
  readonly stateName: string;
  readonly resource: string;
  readonly binding: TaskBinding;
  /** Step Functions' history names: `resourceType` `lambda`, `aws-sdk:datazone`…, `resource` `invoke`… */
  readonly resourceType: string;
  readonly resourceName: string;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** Static `Credentials.RoleArn`; a `RoleArn.$` path is evaluated per run (see WRAPPED). */
  readonly roleArn?: string;
  /** Whether the runner wrapped Parameters to evaluate paths the library ignores. */
  readonly wrapped: boolean;
}

/** A validated definition ready to run. */
export interface CompiledDefinition {
  /** The definition as the runner executes it (timeouts and credentials handled by the runner). */
  readonly runnable: StateMachineDefinition;
  readonly tasks: ReadonlyMap<string, TaskPlan>;
  /** State types by name (Map and Parallel children included). */
  readonly stateTypes: ReadonlyMap<string, string>;
  readonly failStates: ReadonlyMap<string, { readonly hasError: boolean; readonly hasCause: boolean }>;
  readonly retryStates: readonly string[];
}

/** Keys of the wrapper the runner puts around `Parameters` when a Task has paths the library ignores. */
export const WRAPPED = {
  parameters: 'streamgov:parameters',
  roleArn: 'streamgov:roleArn',
  timeoutSeconds: 'streamgov:timeoutSeconds',
  heartbeatSeconds: 'streamgov:heartbeatSeconds',
} as const;

/**
 * Longest timer Node.js supports (2^31-1 ms, about 24.8 days). Step Functions has no Task timeout by
 * default, but the library applies 60 s unless told otherwise; the runner enforces Task timeouts itself
 * and gives the library this value.
 */
export const MAX_TIMER_SECONDS = 2_147_483;

type Json = Record<string, unknown>;

function bind(stateName: string, resource: string): Omit<TaskPlan, 'stateName' | 'resource' | 'wrapped'> {
  const unsupported = () =>
    invalidDefinition([
      `UNSUPPORTED_RESOURCE: Task state '${stateName}' has resource '${resource}', which the streamgov local cloud cannot run`,
    ]);
  const lambdaArn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/u;
  if (lambdaArn.test(resource)) {
    return {
      binding: { kind: 'lambda-function', functionArn: resource },
      resourceType: 'lambda',
      resourceName: resource,
    };
  }
  const match = /^arn:aws[a-z-]*:states:::(.+)$/u.exec(resource);
  if (!match?.[1]) throw unsupported();
  const target = match[1];
  const [integrationPart = '', suffix] = target.split('.', 2) as [string, string | undefined];
  const wait = suffix === 'waitForTaskToken';
  const rest = suffix === undefined ? '' : `.${suffix}`;
  const lastColon = integrationPart.lastIndexOf(':');
  const resourceType = integrationPart.slice(0, lastColon);
  const resourceName = `${integrationPart.slice(lastColon + 1)}${rest}`;
  const named = { resourceType, resourceName };
  if (integrationPart === 'lambda:invoke' && (suffix === undefined || wait)) {
    return { binding: { kind: 'lambda-invoke', wait }, ...named };
  }
  if (integrationPart === 'events:putEvents' && (suffix === undefined || wait)) {
    return { binding: { kind: 'put-events', wait }, ...named };
  }
  if (integrationPart === 'states:startExecution') {
    const modes: Record<string, 'request' | 'sync' | 'sync2' | 'wait'> = {
      '': 'request',
      '.sync': 'sync',
      '.sync:2': 'sync2',
      '.waitForTaskToken': 'wait',
    };
    const mode = modes[rest];
    if (mode) return { binding: { kind: 'start-execution', mode }, ...named };
    throw unsupported();
  }
  const sdk = /^aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$/u.exec(integrationPart);
  if (sdk?.[1] && sdk[2] && (suffix === undefined || wait)) {
    const integration = sdkIntegration(sdk[1]);
    const operation = operationName(sdk[2]);
    if (integration && hasSdkOperation(integration.signingName, operation)) {
      return { binding: { kind: 'aws-sdk', integration, service: sdk[1], operation, wait }, ...named };
    }
  }
  throw unsupported();
}

interface Walk {
  readonly tasks: Map<string, TaskPlan>;
  readonly stateTypes: Map<string, string>;
  readonly failStates: Map<string, { hasError: boolean; hasCause: boolean }>;
  readonly retryStates: string[];
  readonly problems: string[];
}

function planTask(name: string, state: Json, walk: Walk): Json {
  const resource = String(state.Resource);
  const credentials = isJsonObject(state.Credentials) ? state.Credentials : undefined;
  const rolePath = typeof credentials?.['RoleArn.$'] === 'string' ? credentials['RoleArn.$'] : undefined;
  const timeoutPath = typeof state.TimeoutSecondsPath === 'string' ? state.TimeoutSecondsPath : undefined;
  const heartbeatPath =
    typeof state.HeartbeatSecondsPath === 'string' ? state.HeartbeatSecondsPath : undefined;
  const wrapped = Boolean(rolePath || timeoutPath || heartbeatPath);
  const bound = bind(name, resource);
  walk.tasks.set(name, {
    stateName: name,
    resource,
    ...bound,
    ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
    ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
    ...(typeof credentials?.RoleArn === 'string' ? { roleArn: credentials.RoleArn } : {}),
    wrapped,
  });
  const { TimeoutSecondsPath: _t, HeartbeatSecondsPath: _h, Credentials: _c, ...rest } = state;
  const runnable: Json = { ...rest, TimeoutSeconds: MAX_TIMER_SECONDS };
  if (wrapped) {
    const parameters =
      'Parameters' in state
        ? { [WRAPPED.parameters]: state.Parameters }
        : { [`${WRAPPED.parameters}.$`]: '$' };
    runnable.Parameters = {
      ...parameters,
      ...(rolePath ? { [`${WRAPPED.roleArn}.$`]: rolePath } : {}),
      ...(timeoutPath ? { [`${WRAPPED.timeoutSeconds}.$`]: timeoutPath } : {}),
      ...(heartbeatPath ? { [`${WRAPPED.heartbeatSeconds}.$`]: heartbeatPath } : {}),
    };
  }
  return runnable;
}

function walkMachine(machine: Json, walk: Walk): Json {
  const states = isJsonObject(machine.States) ? machine.States : {};
  const runnableStates: Json = {};
  for (const [name, raw] of Object.entries(states)) {
    if (!isJsonObject(raw)) continue;
    if (walk.stateTypes.has(name))
      walk.problems.push(`DUPLICATE_STATE_NAME: State name '${name}' is used twice`);
    walk.stateTypes.set(name, String(raw.Type));
    if (Array.isArray(raw.Retry) && raw.Retry.length > 0) walk.retryStates.push(name);
    let state: Json = raw;
    switch (raw.Type) {
      case 'Task':
        state = planTask(name, raw, walk);
        break;
      case 'Map': {
        const key = isJsonObject(raw.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
        if (isJsonObject(raw[key])) state = { ...raw, [key]: walkMachine(raw[key] as Json, walk) };
        break;
      }
      case 'Parallel':
        if (Array.isArray(raw.Branches)) {
          state = {
            ...raw,
            Branches: raw.Branches.map((b: unknown) => (isJsonObject(b) ? walkMachine(b, walk) : b)),
          };
        }
        break;
      case 'Fail':
        walk.failStates.set(name, {
          hasError: 'Error' in raw || 'ErrorPath' in raw,
          hasCause: 'Cause' in raw || 'CausePath' in raw,
        });
        break;
    }
    runnableStates[name] = state;
  }
  return { ...machine, States: runnableStates };
}

function mentionsJsonata(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(mentionsJsonata);
  if (!isJsonObject(value)) return false;
  return value.QueryLanguage === 'JSONata' || Object.values(value).some(mentionsJsonata);
}

/**
 * Parses and validates an ASL definition with the library's validator (asl-validator, ARN and path checks
 * on), then binds every Task state, Map and Parallel children included, to a local handler.
 *
 * @throws AwsError `InvalidDefinition` listing the validator's messages, or naming a Task state whose
 *   resource the local cloud cannot serve.
 */
export function compileDefinition(definition: string | object): CompiledDefinition {
  let parsed: unknown = definition;
  if (typeof definition === 'string') {
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw invalidDefinition([
        `INVALID_JSON_DESCRIPTION: ${error instanceof Error ? error.message : error}`,
      ]);
    }
  }
  if (!isJsonObject(parsed))
    throw invalidDefinition(['SCHEMA_VALIDATION_FAILED: the definition must be a JSON object']);
  try {
    new StateMachine(parsed as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const problems = text
      .replace(/^State machine definition is invalid, see error\(s\) below:\s*/u, '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    throw invalidDefinition(problems);
  }
  if (mentionsJsonata(parsed)) {
    throw invalidDefinition([
      'UNSUPPORTED_FEATURE: the JSONata query language is not supported by the local runner',
    ]);
  }
  const walk: Walk = {
    tasks: new Map(),
    stateTypes: new Map(),
    failStates: new Map(),
    retryStates: [],
    problems: [],
  };
  const runnable = walkMachine(parsed, walk);
  if (walk.problems.length > 0) throw invalidDefinition(walk.problems);
  if (typeof runnable.TimeoutSeconds === 'number' && runnable.TimeoutSeconds > MAX_TIMER_SECONDS) {
    runnable.TimeoutSeconds = MAX_TIMER_SECONDS;
  }
  return {
    runnable: runnable as unknown as StateMachineDefinition,
    tasks: walk.tasks,
    stateTypes: walk.stateTypes,
    failStates: walk.failStates,
    retryStates: walk.retryStates,
  };
}

/** Per-state retry waits for the library: explicit names win, `*` fills in every state that has a Retry. */
export function expandRetryOverrides(
  compiled: CompiledDefinition,
  ...layers: (RetryIntervalOverrides | undefined)[]
): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const layer of layers) {
    if (!layer) continue;
    const wildcard = layer['*'];
    if (wildcard !== undefined) {
      for (const name of compiled.retryStates)
        out[name] = typeof wildcard === 'number' ? wildcard : [...wildcard];
    }
    for (const [name, value] of Object.entries(layer)) {
      if (name !== '*') out[name] = typeof value === 'number' ? value : [...value];
    }
  }
  return out;
}
