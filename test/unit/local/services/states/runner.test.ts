import { expect, it, describe as suite } from 'vitest';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import type { CallerIdentity } from '../../../../../local/src/cloud/types.ts';
import {
  ACCOUNT,
  createMachine,
  type FakeService,
  fakeLambda,
  history,
  type Invocation,
  newCloud,
  OTHER_ACCOUNT,
  runToEnd,
} from './support.ts';

const invoke = (name: string, extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: name, 'Payload.$': '$' },
  ...extra,
});

/** A fake `datazone` service (a real SDK model) recording calls to GetAsset. */
function fakeDataZone(calls: { input: Record<string, unknown>; caller: CallerIdentity }[]) {
  const service: FakeService = {
    signingName: 'datazone',
    initialState: () => ({}),
    validationError: (message) => new AwsError('ValidationException', message),
    operations: {
      GetAsset: (input: Record<string, unknown>, { caller }) => {
        calls.push({ input, caller });
        if (input.identifier === 'missing')
          throw new AwsError('ResourceNotFoundException', 'Asset not found', {}, 404);
        return {
          id: input.identifier,
          name: 'orders',
          domainId: input.domainIdentifier,
          createdAt: new Date(0),
        };
      },
    },
  };
  return service;
}

suite('states runner', () => {
  it('runs Pass, Choice, Map, Parallel and Succeed states', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'flow', {
      StartAt: 'Decide',
      States: {
        Decide: {
          Type: 'Choice',
          Choices: [{ Variable: '$.kind', StringEquals: 'many', Next: 'Each' }],
          Default: 'Done',
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Double',
            States: { Double: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($, $)' }, End: true } },
          },
          ResultPath: '$.doubled',
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'L', States: { L: { Type: 'Pass', Result: 'left', End: true } } },
            { StartAt: 'R', States: { R: { Type: 'Pass', Result: 'right', End: true } } },
          ],
          ResultPath: '$.branches',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const out = await runToEnd(cloud, arn, { kind: 'many', items: [1, 2] });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output as string)).toEqual({
      kind: 'many',
      items: [1, 2],
      doubled: [{ v: 2 }, { v: 4 }],
      branches: ['left', 'right'],
    });
    const types = (await history(cloud, out.executionArn as string)).map((e) => e.type);
    expect(types).toContain('MapIterationStarted');
    expect(types).toContain('MapIterationSucceeded');
    expect(types).toContain('ParallelStateSucceeded');
    expect(types).toContain('ChoiceStateExited');
    const other = await runToEnd(cloud, arn, { kind: 'one' });
    expect(JSON.parse(other.output as string)).toEqual({ kind: 'one' });
  });

  it('invokes local Lambda functions with lambda:invoke and plain function ARNs', async () => {
    const invocations: Invocation[] = [];
    const cloud = newCloud([
      fakeLambda(
        { add: (p) => ({ sum: (p as { a: number; b: number }).a + (p as { b: number }).b }) },
        invocations,
      ),
    ]);
    const arn = await createMachine(cloud, 'lambda', {
      StartAt: 'Add',
      States: {
        Add: {
          ...invoke('add'),
          ResultSelector: { 'sum.$': '$.Payload.sum', 'code.$': '$.StatusCode' },
          ResultPath: '$.r',
          Next: 'Direct',
        },
        Direct: {
          Type: 'Task',
          Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:add`,
          Parameters: { a: 10, 'b.$': '$.r.sum' },
          End: true,
        },
      },
    });
    const out = await runToEnd(cloud, arn, { a: 1, b: 2 });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output as string)).toEqual({ sum: 13 });
    expect(invocations.map((i) => i.payload)).toEqual([
      { a: 1, b: 2 },
      { a: 10, b: 3 },
    ]);
    expect(invocations[0]?.caller).toMatchObject({
      account: ACCOUNT,
      principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/StatesRole/StepFunctions`,
    });
    const types = (await history(cloud, out.executionArn as string)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('turns a function error into a task failure named by errorType that Catch matches', async () => {
    const cloud = newCloud([
      fakeLambda({
        grant: () => {
          const error = new Error('cluster is serverless');
          error.name = 'UnsupportedClusterTypeError';
          throw error;
        },
      }),
    ]);
    const arn = await createMachine(cloud, 'catch', {
      StartAt: 'Grant',
      States: {
        Grant: {
          ...invoke('grant'),
          Catch: [{ ErrorEquals: ['UnsupportedClusterTypeError'], ResultPath: '$.error', Next: 'Report' }],
          End: true,
        },
        Report: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
      },
    });
    const out = await runToEnd(cloud, arn, {});
    expect(out.status).toBe('FAILED');
    expect(out.error).toBe('UnsupportedClusterTypeError');
    expect(JSON.parse(out.cause as string)).toMatchObject({
      errorType: 'UnsupportedClusterTypeError',
      errorMessage: 'cluster is serverless',
    });
    const events = await history(cloud, out.executionArn as string);
    expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({
      error: 'UnsupportedClusterTypeError',
    });
    expect(events.map((e) => e.type)).toContain('FailStateEntered');
  });

  it('retries a failing task and catches States.TaskFailed; a Fail state without cause leaves it out', async () => {
    let calls = 0;
    const cloud = newCloud([
      fakeLambda({
        flaky: () => {
          calls += 1;
          if (calls < 3) throw Object.assign(new Error('busy'), { name: 'TransientError' });
          return { ok: true };
        },
        broken: () => {
          throw new Error('always');
        },
      }),
    ]);
    const retry = await createMachine(cloud, 'retry', {
      StartAt: 'Flaky',
      States: {
        Flaky: {
          ...invoke('flaky'),
          Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 2, MaxAttempts: 3 }],
          OutputPath: '$.Payload',
          End: true,
        },
      },
    });
    const started = Date.now();
    const ok = await runToEnd(cloud, retry);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.parse(ok.output as string)).toEqual({ ok: true });
    expect(calls).toBe(3);
    const scheduled = (await history(cloud, ok.executionArn as string)).filter(
      (e) => e.type === 'TaskScheduled',
    );
    expect(scheduled).toHaveLength(3);

    const caught = await createMachine(cloud, 'caught', {
      StartAt: 'Broken',
      States: {
        Broken: {
          ...invoke('broken'),
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Stop' }],
          End: true,
        },
        Stop: { Type: 'Fail', Error: 'GrantFailed' },
      },
    });
    const failed = await runToEnd(cloud, caught);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'GrantFailed' });
    expect(failed.cause).toBeUndefined();
  });

  it('answers the unknown function as Lambda.ResourceNotFoundException', async () => {
    const cloud = newCloud([fakeLambda({})]);
    const arn = await createMachine(cloud, 'nofn', {
      StartAt: 'X',
      States: { X: { ...invoke('nope'), End: true } },
    });
    const out = await runToEnd(cloud, arn);
    expect(out).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });

  it('calls aws-sdk integrations on local services with SDK member names and PascalCase results', async () => {
    const calls: { input: Record<string, unknown>; caller: CallerIdentity }[] = [];
    const cloud = newCloud([fakeDataZone(calls)]);
    const arn = await createMachine(cloud, 'sdk', {
      StartAt: 'Get',
      States: {
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:datazone:getAsset',
          Parameters: { DomainIdentifier: 'dzd_1', 'Identifier.$': '$.asset', Unknown: 'dropped' },
          Credentials: { 'RoleArn.$': '$.role' },
          ResultSelector: { 'id.$': '$.Id', 'name.$': '$.Name', 'created.$': '$.CreatedAt' },
          Catch: [
            { ErrorEquals: ['DataZone.ResourceNotFoundException'], ResultPath: '$.error', Next: 'Missing' },
          ],
          End: true,
        },
        Missing: { Type: 'Pass', Result: 'missing', End: true },
      },
    });
    const role = `arn:aws:iam::${OTHER_ACCOUNT}:role/CallbackRole`;
    const out = await runToEnd(cloud, arn, { asset: 'a1', role });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output as string)).toEqual({
      id: 'a1',
      name: 'orders',
      created: '1970-01-01T00:00:00.000Z',
    });
    expect(calls[0]?.input).toEqual({ domainIdentifier: 'dzd_1', identifier: 'a1' });
    expect(calls[0]?.caller).toMatchObject({
      account: OTHER_ACCOUNT,
      principalArn: expect.stringContaining('CallbackRole'),
    });
    const scheduled = (await history(cloud, out.executionArn as string)).find(
      (e) => e.type === 'TaskScheduled',
    );
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'aws-sdk:datazone',
      resource: 'getAsset',
      taskCredentials: { roleArn: role },
    });
    const missing = await runToEnd(cloud, arn, { asset: 'missing', role });
    expect(JSON.parse(missing.output as string)).toBe('missing');
    const noRole = await runToEnd(cloud, arn, { asset: 'a1' });
    expect(noRole).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('runs nested executions with states:startExecution (request, .sync:2 and a failing child)', async () => {
    const cloud = newCloud();
    const child = await createMachine(cloud, 'child', {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }],
          Default: 'Ok',
        },
        Ok: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true },
        Boom: { Type: 'Fail', Error: 'ChildFailed', Cause: 'child said no' },
      },
    });
    const parent = await createMachine(cloud, 'parent', {
      StartAt: 'Fire',
      States: {
        Fire: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution',
          Parameters: { StateMachineArn: child, Input: { n: 1, fail: false } },
          ResultSelector: { 'arn.$': '$.ExecutionArn' },
          ResultPath: '$.fired',
          Next: 'Wait',
        },
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: child, 'Input.$': '$.childInput' },
          ResultSelector: { 'output.$': '$.Output', 'status.$': '$.Status' },
          ResultPath: '$.child',
          End: true,
        },
      },
    });
    const ok = await runToEnd(cloud, parent, { childInput: { n: 21, fail: false } });
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.parse(ok.output as string).child).toEqual({ output: { doubled: 42 }, status: 'SUCCEEDED' });
    const failed = await runToEnd(cloud, parent, { childInput: { n: 1, fail: true } });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(failed.cause as string)).toMatchObject({ Status: 'FAILED', Error: 'ChildFailed' });
  });

  it('puts events with events:putEvents', async () => {
    const entries: unknown[] = [];
    const events: FakeService = {
      signingName: 'events',
      initialState: () => ({}),
      validationError: (message) => new AwsError('ValidationException', message),
      operations: {
        PutEvents: (input: { Entries: unknown[] }) => {
          entries.push(...input.Entries);
          return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e${i}` })) };
        },
      },
    };
    const cloud = newCloud([events]);
    const arn = await createMachine(cloud, 'put', {
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: { Entries: [{ Source: 'streamgov', DetailType: 'Grant Done', 'Detail.$': '$' }] },
          End: true,
        },
      },
    });
    const out = await runToEnd(cloud, arn, { grant: 'g1' });
    expect(JSON.parse(out.output as string)).toEqual({ Entries: [{ EventId: 'e0' }], FailedEntryCount: 0 });
    expect(entries).toEqual([{ Source: 'streamgov', DetailType: 'Grant Done', Detail: '{"grant":"g1"}' }]);
  });

  it('times out the whole execution with the top-level TimeoutSeconds', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'slow', {
      TimeoutSeconds: 1,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    });
    const out = await runToEnd(cloud, arn);
    expect(out).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect((await history(cloud, out.executionArn as string)).at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('fails with States.Runtime on a path that points nowhere, uncaught by States.ALL', async () => {
    const cloud = newCloud([fakeLambda({ f: () => ({}) })]);
    const arn = await createMachine(cloud, 'path', {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f', 'Payload.$': '$.missing' },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      },
    });
    const out = await runToEnd(cloud, arn, {});
    expect(out).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
