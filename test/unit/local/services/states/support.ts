import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import type { CallerIdentity, ServiceDefinition } from '../../../../../local/src/cloud/types.ts';
import { createStatesService } from '../../../../../local/src/services/states/index.ts';
import type { RunnerOptions } from '../../../../../local/src/services/states/runner.ts';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'eu-west-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/StatesRole`;

/** A stateless fake service registered next to Step Functions in a test cloud. */
export type FakeService = ServiceDefinition<Record<string, never>>;

/** A recorded Invoke of the fake Lambda service. */
export interface Invocation {
  readonly functionName: string;
  readonly payload: unknown;
  readonly caller: CallerIdentity;
}

/**
 * A fake `lambda` service with an Invoke operation: each function is a JS function of the payload; a
 * thrown error becomes a FunctionError payload like the Node.js runtime's.
 */
export function fakeLambda(
  functions: Record<string, (payload: unknown) => unknown>,
  invocations: Invocation[] = [],
) {
  const service: ServiceDefinition<Record<string, never>> = {
    signingName: 'lambda',
    initialState: () => ({}),
    validationError: (message) => new AwsError('InvalidParameterValueException', message),
    operations: {
      Invoke: async (input: { FunctionName: string; Payload?: Uint8Array }, { caller }) => {
        const name = input.FunctionName.split(':').at(-1) as string;
        const fn = functions[name];
        if (!fn)
          throw new AwsError(
            'ResourceNotFoundException',
            `Function not found: ${input.FunctionName}`,
            {},
            404,
          );
        const payload = JSON.parse(new TextDecoder().decode(input.Payload ?? new Uint8Array()));
        invocations.push({ functionName: input.FunctionName, payload, caller });
        const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
        try {
          return { StatusCode: 200, Payload: encode(await fn(payload)), ExecutedVersion: '$LATEST' };
        } catch (error) {
          const e = error as Error;
          return {
            StatusCode: 200,
            FunctionError: 'Unhandled',
            Payload: encode({ errorType: e.name, errorMessage: e.message, trace: [] }),
          };
        }
      },
    },
  };
  return service;
}

/** A LocalCloud with Step Functions (retries without waiting by default) and the given fakes. */
export function newCloud(
  services: FakeService[] = [],
  { runner = { retryIntervalOverrides: { '*': 0 } }, now }: { runner?: RunnerOptions; now?: () => Date } = {},
) {
  return new LocalCloud({
    services: [createStatesService(runner), ...services],
    defaultAccount: ACCOUNT,
    defaultRegion: REGION,
    ...(now ? { now } : {}),
  });
}

export function caller(cloud: LocalCloud, account = ACCOUNT): CallerIdentity {
  return cloud.rootCaller(account, REGION);
}

export function sfn<T = Record<string, unknown>>(
  cloud: LocalCloud,
  operation: string,
  input: object,
  account = ACCOUNT,
) {
  return cloud.call<T>('states', operation, input, caller(cloud, account));
}

export async function createMachine(cloud: LocalCloud, name: string, definition: object, type?: string) {
  const out = await sfn<{ stateMachineArn: string }>(cloud, 'CreateStateMachine', {
    name,
    definition: JSON.stringify(definition),
    roleArn: ROLE,
    ...(type ? { type } : {}),
  });
  return out.stateMachineArn;
}

/** Starts an execution, waits for every tracked run to end and describes it. */
export async function runToEnd(
  cloud: LocalCloud,
  stateMachineArn: string,
  input: unknown = {},
  name?: string,
) {
  const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
    stateMachineArn,
    input: JSON.stringify(input),
    ...(name ? { name } : {}),
  });
  await cloud.settle();
  return describe(cloud, executionArn);
}

export function describe(cloud: LocalCloud, executionArn: string) {
  return sfn<DescribeExecutionOutput>(cloud, 'DescribeExecution', { executionArn });
}

export async function history(cloud: LocalCloud, executionArn: string): Promise<HistoryEvent[]> {
  const out = await sfn<{ events: HistoryEvent[] }>(cloud, 'GetExecutionHistory', {
    executionArn,
    maxResults: 1000,
  });
  return out.events;
}

/** Polls (on real timers) until `check` returns a value. */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Expects `promise` to reject with an AwsError of `code`; returns it. */
export async function rejection(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
