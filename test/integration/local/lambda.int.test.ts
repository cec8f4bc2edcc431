import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeCommand,
  type LambdaClient,
  paginateListFunctions,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LambdaState,
  lambdaService,
  registerLocalFunction,
} from '../../../local/src/services/lambda/index.ts';
import { startTestCloud, TEST_REGION, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
const ARN = (name: string) => `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:${name}`;
let cloud: TestCloud;
let lambda: LambdaClient;

class SyncFailedError extends Error {
  override readonly name = 'SyncFailedError';
}

beforeAll(async () => {
  cloud = await startTestCloud({ services: [lambdaService], defaultAccount: ACCOUNT });
  lambda = cloud.clients().lambda();
  const register = (name: string, handler: (event: unknown) => unknown, extra: object = {}) =>
    registerLocalFunction(cloud.cloud, ACCOUNT, TEST_REGION, { FunctionName: name, ...extra }, handler);
  await register('echo', async (event) => ({ echoed: event, variable: process.env.INT_VARIABLE }), {
    Environment: { Variables: { INT_VARIABLE: 'set' } },
    Timeout: 10,
  });
  await register('fails', async () => {
    throw new SyncFailedError('nothing to sync');
  });
  for (const name of ['list-a', 'list-b', 'list-c']) await register(name, async () => null);
});
afterAll(async () => {
  await cloud.close();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const decode = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload));

describe('lambda over HTTP', () => {
  it('invokes synchronously with a JSON payload', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: new TextEncoder().encode('{"a":1}') }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(decode(out.Payload)).toEqual({ echoed: { a: 1 }, variable: 'set' });
  });

  it('answers FunctionError Unhandled with the runtime error payload', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: ARN('fails') }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({
      errorType: 'SyncFailedError',
      errorMessage: 'nothing to sync',
    });
  });

  it('accepts an Event invocation with 202 and records its failure', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'fails', InvocationType: 'Event' }));
    await cloud.cloud.settle();
    expect(out.StatusCode).toBe(202);
    const state = cloud.cloud.stateOf<LambdaState>('lambda', ACCOUNT, TEST_REGION);
    expect(state.asyncFailures.at(-1)).toMatchObject({
      functionArn: ARN('fails'),
      errorType: 'SyncFailedError',
    });
  });

  it('gets a function and its configuration', async () => {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    const configuration = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: ARN('echo') }),
    );
    expect(fn.Configuration).toMatchObject({
      FunctionName: 'echo',
      FunctionArn: ARN('echo'),
      Timeout: 10,
      State: 'Active',
    });
    expect(configuration.Environment?.Variables).toEqual({ INT_VARIABLE: 'set' });
  });

  it('lists functions through the SDK paginator, two at a time', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
      pages++;
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ''));
    }
    expect(names).toEqual(['echo', 'fails', 'list-a', 'list-b', 'list-c']);
    expect(pages).toBe(3);
  });

  it('throws ResourceNotFoundException (404), InvalidRequestContentException and InvalidParameterValueException (400)', async () => {
    const missing = await caught(lambda.send(new InvokeCommand({ FunctionName: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((missing as Error).message).toBe(`Function not found: ${ARN('nope')}`);

    const content = await caught(
      lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: new TextEncoder().encode('not json') })),
    );
    expect(content).toBeInstanceOf(InvalidRequestContentException);
    expect((content as InvalidRequestContentException).$metadata.httpStatusCode).toBe(400);

    const invalid = await caught(lambda.send(new GetFunctionCommand({ FunctionName: 'bad name!' })));
    expect(invalid).toBeInstanceOf(InvalidParameterValueException);
    expect((invalid as InvalidParameterValueException).$metadata.httpStatusCode).toBe(400);
  });
});
