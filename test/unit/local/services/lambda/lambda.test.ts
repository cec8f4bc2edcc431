import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import {
  type LambdaState,
  type LocalHandler,
  type LocalLambdaContext,
  lambdaService,
  registerLocalFunction,
} from '../../../../../local/src/services/lambda/index.ts';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const REGION = 'eu-west-1';
const ARN = (name: string, account = ACCOUNT) => `arn:aws:lambda:${REGION}:${account}:function:${name}`;

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload));

interface InvokeOutput {
  StatusCode: number;
  FunctionError?: string;
  ExecutedVersion?: string;
  Payload?: Uint8Array;
}

function setup() {
  const cloud = new LocalCloud({ services: [lambdaService], defaultAccount: ACCOUNT, defaultRegion: REGION });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  const call = <T = Record<string, unknown>>(operation: string, input: object, as = caller) =>
    cloud.call<T>('lambda', operation, input, as);
  const register = (name: string, handler: LocalHandler, extra: object = {}, account = ACCOUNT) =>
    registerLocalFunction(cloud, account, REGION, { FunctionName: name, ...extra }, handler);
  return { cloud, call, register, state: () => cloud.stateOf<LambdaState>('lambda', ACCOUNT, REGION) };
}

class GrantFailedError extends Error {
  override readonly name = 'GrantFailedError';
}

describe('lambda functions', () => {
  it('registers a function and answers its configuration by name, ARN and partial ARN', async () => {
    // Prepare
    const { call, register } = setup();
    // Act
    const registered = await register('fn-1', async () => 1, {
      Handler: 'src/handler.main',
      Timeout: 30,
      MemorySize: 256,
      Environment: { Variables: { DOMAIN_ID: 'dzd_1' } },
    });
    const byName = await call('GetFunctionConfiguration', { FunctionName: 'fn-1' });
    const byArn = await call('GetFunction', { FunctionName: `${ARN('fn-1')}:$LATEST` });
    const byPartial = await call('GetFunctionConfiguration', { FunctionName: `${ACCOUNT}:function:fn-1` });
    // Assess
    expect(registered).toMatchObject({
      FunctionName: 'fn-1',
      FunctionArn: ARN('fn-1'),
      Handler: 'src/handler.main',
      Runtime: 'nodejs20.x',
      Timeout: 30,
      MemorySize: 256,
      Version: '$LATEST',
      State: 'Active',
      Environment: { Variables: { DOMAIN_ID: 'dzd_1' } },
    });
    expect(registered.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(byName).toEqual(registered);
    expect(byArn).toEqual({ Configuration: registered, Code: { RepositoryType: 'S3' } });
    expect(byPartial).toEqual(registered);
  });

  it('uses Lambda defaults for timeout, memory and handler', async () => {
    const { register } = setup();
    const registered = await register('fn', async () => 1);
    expect(registered).toMatchObject({
      Timeout: 3,
      MemorySize: 128,
      Handler: 'index.handler',
      Description: '',
    });
  });

  it('lists functions in pages', async () => {
    // Prepare
    const { call, register } = setup();
    for (const name of ['c', 'a', 'b']) await register(name, async () => 1);
    // Act
    const first = await call<{ Functions: { FunctionName: string }[]; NextMarker?: string }>(
      'ListFunctions',
      { MaxItems: 2 },
    );
    const second = await call<{ Functions: { FunctionName: string }[]; NextMarker?: string }>(
      'ListFunctions',
      {
        MaxItems: 2,
        Marker: first.NextMarker,
      },
    );
    // Assess
    expect(first.Functions.map((f) => f.FunctionName)).toEqual(['a', 'b']);
    expect(second.Functions.map((f) => f.FunctionName)).toEqual(['c']);
    expect(second.NextMarker).toBeUndefined();
  });

  it('throws InvalidParameterValueException for a bad marker, name or registration', async () => {
    const { call, register } = setup();
    await expect(call('ListFunctions', { Marker: 'nope' })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
    });
    await expect(call('ListFunctions', { MaxItems: 0 })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
    });
    await expect(call('GetFunction', { FunctionName: 'bad name' })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: expect.stringMatching(/FunctionName/),
    });
    await expect(register('fn', async () => 1, { Timeout: 901 })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
    });
    await expect(
      register('fn', async () => 1, { Environment: { Variables: { AWS_REGION: 'x' } } }),
    ).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: expect.stringMatching(/reserved keys.*AWS_REGION/),
    });
    await expect(
      register('fn', async () => 1, { Environment: { Variables: { BIG: 'x'.repeat(5000) } } }),
    ).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: expect.stringMatching(/4KB/),
    });
  });

  it('throws ResourceNotFoundException for an unknown function', async () => {
    const { call } = setup();
    for (const operation of ['GetFunction', 'GetFunctionConfiguration', 'Invoke']) {
      await expect(call(operation, { FunctionName: 'nope' })).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
        message: `Function not found: ${ARN('nope')}`,
        fields: { Type: 'User' },
      });
    }
  });
});

describe('lambda Invoke', () => {
  it('runs the handler synchronously with the event and the Node.js context', async () => {
    // Prepare
    const { call, register } = setup();
    let seen: { event: unknown; context: LocalLambdaContext } | undefined;
    await register('echo', async (event, context) => {
      seen = { event, context };
      return { echoed: event, remaining: context.getRemainingTimeInMillis() };
    });
    // Act
    const out = await call<InvokeOutput>('Invoke', {
      FunctionName: 'echo',
      Payload: encode({ a: 1 }),
      Qualifier: '$LATEST',
    });
    // Assess
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    const payload = decode(out.Payload);
    expect(payload.echoed).toEqual({ a: 1 });
    expect(payload.remaining).toBeGreaterThan(2_000);
    expect(payload.remaining).toBeLessThanOrEqual(3_000);
    expect(seen?.context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: `${ARN('echo')}:$LATEST`,
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/echo',
    });
    expect(seen?.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen?.context.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('passes {} for an empty payload and answers null for an undefined result', async () => {
    const { call, register } = setup();
    let seen: unknown;
    await register('void', async (event) => {
      seen = event;
    });
    const out = await call<InvokeOutput>('Invoke', { FunctionName: 'void' });
    expect(seen).toEqual({});
    expect(new TextDecoder().decode(out.Payload)).toBe('null');
  });

  it('applies the function environment during the call and restores it afterwards', async () => {
    // Prepare
    const { call, register } = setup();
    delete process.env.STREAMGOV_TEST_VAR;
    await register(
      'env',
      async () => ({
        var: process.env.STREAMGOV_TEST_VAR,
        region: process.env.AWS_REGION,
        name: process.env.AWS_LAMBDA_FUNCTION_NAME,
      }),
      { Environment: { Variables: { STREAMGOV_TEST_VAR: 'inside' } } },
    );
    const regionBefore = process.env.AWS_REGION;
    // Act
    const out = await call<InvokeOutput>('Invoke', { FunctionName: 'env' });
    // Assess
    expect(decode(out.Payload)).toEqual({ var: 'inside', region: REGION, name: 'env' });
    expect(process.env.STREAMGOV_TEST_VAR).toBeUndefined();
    expect(process.env.AWS_REGION).toBe(regionBefore);
  });

  it('answers FunctionError Unhandled with the Node.js runtime error payload when the handler throws', async () => {
    // Prepare
    const { call, register } = setup();
    await register('fails', async () => {
      throw new GrantFailedError('cluster policy conflict');
    });
    await register('throws-string', () => {
      throw 'plain';
    });
    // Act
    const out = await call<InvokeOutput>('Invoke', { FunctionName: 'fails' });
    const plain = await call<InvokeOutput>('Invoke', { FunctionName: 'throws-string' });
    // Assess
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const payload = decode(out.Payload);
    expect(payload).toMatchObject({ errorType: 'GrantFailedError', errorMessage: 'cluster policy conflict' });
    expect(payload.trace[0]).toBe('GrantFailedError: cluster policy conflict');
    expect(decode(plain.Payload)).toEqual({ errorType: 'string', errorMessage: 'plain', trace: [] });
  });

  it('times out like Lambda after the configured Timeout', async () => {
    // Prepare
    const { call, register } = setup();
    await register('slow', () => new Promise((resolve) => setTimeout(resolve, 2_500)), { Timeout: 1 });
    // Act
    const out = await call<InvokeOutput>('Invoke', { FunctionName: 'slow' });
    // Assess
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(
        /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/,
      ),
    });
  });

  it('runs Event invocations asynchronously and records their failures', async () => {
    // Prepare
    const { cloud, call, register, state } = setup();
    const seen: unknown[] = [];
    await register('ok', async (event) => {
      seen.push(event);
    });
    await register('bad', async () => {
      throw new TypeError('boom');
    });
    // Act
    const ok = await call<InvokeOutput>('Invoke', {
      FunctionName: 'ok',
      InvocationType: 'Event',
      Payload: encode({ n: 1 }),
    });
    const bad = await call<InvokeOutput>('Invoke', {
      FunctionName: ARN('bad'),
      InvocationType: 'Event',
      Payload: encode({ n: 2 }),
    });
    await cloud.settle();
    // Assess
    expect(ok).toEqual({ StatusCode: 202 });
    expect(bad).toEqual({ StatusCode: 202 });
    expect(seen).toEqual([{ n: 1 }]);
    expect(state().asyncFailures).toEqual([
      {
        time: expect.any(String),
        functionArn: ARN('bad'),
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        payload: '{"n":2}',
        errorType: 'TypeError',
        errorMessage: 'boom',
      },
    ]);
  });

  it('answers 204 for DryRun without running the handler', async () => {
    const { call, register } = setup();
    let ran = false;
    await register('dry', async () => {
      ran = true;
    });
    expect(await call('Invoke', { FunctionName: 'dry', InvocationType: 'DryRun' })).toEqual({
      StatusCode: 204,
    });
    expect(ran).toBe(false);
  });

  it('throws InvalidRequestContentException for a payload that is not JSON', async () => {
    const { call, register } = setup();
    await register('fn', async () => 1);
    await expect(
      call('Invoke', { FunctionName: 'fn', Payload: new TextEncoder().encode('not json') }),
    ).rejects.toMatchObject({
      code: 'InvalidRequestContentException',
      message: expect.stringMatching(
        /^Could not parse request body into json: Could not parse payload into json/,
      ),
    });
  });

  it('throws RequestTooLargeException above the payload quotas', async () => {
    const { call, register } = setup();
    await register('fn', async () => 1);
    const big = encode({ x: 'x'.repeat(1_100_000) });
    await expect(
      call('Invoke', { FunctionName: 'fn', InvocationType: 'Event', Payload: big }),
    ).rejects.toMatchObject({
      code: 'RequestTooLargeException',
    });
    await expect(call('Invoke', { FunctionName: 'fn', Payload: big })).resolves.toMatchObject({
      StatusCode: 200,
    });
  });

  it('answers Runtime.HandlerNotFound for a function whose handler is not bound', async () => {
    const { call } = setup();
    await call('RegisterFunction', { FunctionName: 'unbound', Handler: 'index.main' });
    const out = await call<InvokeOutput>('Invoke', { FunctionName: 'unbound' });
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toEqual({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.main is undefined or not exported',
      trace: [],
    });
  });

  it('invokes a function of another account by ARN', async () => {
    const { call, register } = setup();
    await register('remote', async () => 'from-other', {}, OTHER);
    const out = await call<InvokeOutput>('Invoke', { FunctionName: ARN('remote', OTHER) });
    expect(decode(out.Payload)).toBe('from-other');
  });

  it('replaces the handler when a function is registered again', async () => {
    const { call, register } = setup();
    await register('fn', async () => 'first');
    await register('fn', async () => 'second');
    const out = await call<InvokeOutput>('Invoke', { FunctionName: 'fn' });
    expect(decode(out.Payload)).toBe('second');
  });
});
