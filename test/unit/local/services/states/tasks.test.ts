import { expect, it, describe as suite } from 'vitest';
import type { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import {
  createMachine,
  describe,
  eventually,
  fakeLambda,
  history,
  type Invocation,
  newCloud,
  rejection,
  sfn,
} from './support.ts';

function callbackMachine(extra: object = {}, catches: object[] = []) {
  return {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token', 'request.$': '$' } },
        ...extra,
        ...(catches.length > 0 ? { Catch: catches } : {}),
        End: true,
      },
      ...(catches.length > 0 ? { Handled: { Type: 'Pass', End: true } } : {}),
    },
  };
}

async function startWaiting(cloud: LocalCloud, invocations: Invocation[], definition: object, name = 'cb') {
  const arn = await createMachine(cloud, name, definition);
  const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
    stateMachineArn: arn,
    input: '{"grant":"g1"}',
  });
  const token = await eventually(
    () => (invocations.at(-1)?.payload as { token?: string } | undefined)?.token,
  );
  return { executionArn, token };
}

function setup() {
  const invocations: Invocation[] = [];
  const cloud = newCloud([fakeLambda({ ask: () => ({ accepted: true }) }, invocations)]);
  return { cloud, invocations };
}

suite('states task tokens', () => {
  it('waits for SendTaskSuccess and uses its output as the task result', async () => {
    const { cloud, invocations } = setup();
    const { executionArn, token } = await startWaiting(cloud, invocations, callbackMachine());
    expect(invocations[0]?.payload).toEqual({ token, request: { grant: 'g1' } });
    expect((await describe(cloud, executionArn)).status).toBe('RUNNING');
    expect(await sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: '{"granted":true}' })).toEqual({});
    await cloud.settle();
    const done = await describe(cloud, executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"granted":true}' });
    const types = (await history(cloud, executionArn)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    // Tokens are single-use.
    const reused = await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: '{}' }));
    expect(reused.code).toBe('TaskTimedOut');
    expect((await rejection(sfn(cloud, 'SendTaskFailure', { taskToken: token }))).code).toBe('TaskTimedOut');
    expect((await rejection(sfn(cloud, 'SendTaskHeartbeat', { taskToken: token }))).code).toBe(
      'TaskTimedOut',
    );
  });

  it('fails the task with SendTaskFailure error and cause, which Catch matches by name', async () => {
    const { cloud, invocations } = setup();
    const definition = callbackMachine({}, [
      { ErrorEquals: ['GrantRejected'], ResultPath: '$.error', Next: 'Handled' },
    ]);
    const { executionArn, token } = await startWaiting(cloud, invocations, definition);
    await sfn(cloud, 'SendTaskFailure', {
      taskToken: token,
      error: 'GrantRejected',
      cause: 'policy too large',
    });
    await cloud.settle();
    const done = await describe(cloud, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({
      grant: 'g1',
      error: { Error: 'GrantRejected', Cause: 'policy too large' },
    });
    const failed = (await history(cloud, executionArn)).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'GrantRejected',
      cause: 'policy too large',
    });
  });

  it('answers InvalidToken, InvalidOutput and ValidationException', async () => {
    const { cloud, invocations } = setup();
    const { executionArn, token } = await startWaiting(cloud, invocations, callbackMachine());
    expect(
      (await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: 'garbage', output: '{}' }))).code,
    ).toBe('InvalidToken');
    const unknown = `AQ${'x'.repeat(40)}`;
    expect((await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: unknown, output: '{}' }))).code).toBe(
      'InvalidToken',
    );
    expect(
      (await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: 'not json' }))).code,
    ).toBe('InvalidOutput');
    expect((await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: token }))).code).toBe(
      'ValidationException',
    );
    expect(
      (await rejection(sfn(cloud, 'SendTaskFailure', { taskToken: token, error: 'e'.repeat(257) }))).code,
    ).toBe('ValidationException');
    // The token is still usable after the rejected calls.
    await sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: '"ok"' });
    await cloud.settle();
    expect((await describe(cloud, executionArn)).output).toBe('"ok"');
  });

  it('times out a task after TimeoutSeconds with States.Timeout, which States.TaskFailed does not catch', async () => {
    const { cloud, invocations } = setup();
    const definition = callbackMachine({ TimeoutSeconds: 1 }, [
      { ErrorEquals: ['States.TaskFailed'], Next: 'Handled' },
    ]);
    const { executionArn, token } = await startWaiting(cloud, invocations, definition);
    await cloud.settle();
    expect(await describe(cloud, executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const timedOut = (await history(cloud, executionArn)).find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({ error: 'States.Timeout' });
    expect((await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: '{}' }))).code).toBe(
      'TaskTimedOut',
    );
  });

  it('keeps a task alive with heartbeats and times it out without them', async () => {
    const { cloud, invocations } = setup();
    const definition = callbackMachine({ HeartbeatSeconds: 1 }, [
      { ErrorEquals: ['States.Timeout'], Next: 'Handled' },
    ]);
    const { executionArn, token } = await startWaiting(cloud, invocations, definition);
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await sfn(cloud, 'SendTaskHeartbeat', { taskToken: token })).toEqual({});
    }
    expect((await describe(cloud, executionArn)).status).toBe('RUNNING');
    await cloud.settle();
    const done = await describe(cloud, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect((await history(cloud, executionArn)).some((e) => e.type === 'TaskTimedOut')).toBe(true);
  });

  it('evaluates TimeoutSecondsPath and HeartbeatSecondsPath from the input', async () => {
    const { cloud, invocations } = setup();
    const arn = await createMachine(cloud, 'paths', {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSecondsPath: '$.timeout',
          End: true,
        },
      },
    });
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      input: '{"timeout":1}',
    });
    await eventually(() => invocations[0]);
    expect(invocations[0]?.payload).toEqual({ token: expect.stringMatching(/^AQ/) });
    await cloud.settle();
    expect(await describe(cloud, executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('closes the tokens of a stopped execution', async () => {
    const { cloud, invocations } = setup();
    const { executionArn, token } = await startWaiting(cloud, invocations, callbackMachine());
    await sfn(cloud, 'StopExecution', { executionArn });
    await cloud.settle();
    expect((await rejection(sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: '{}' }))).code).toBe(
      'TaskTimedOut',
    );
  });

  it('gives each Map iteration its own token', async () => {
    const { cloud, invocations } = setup();
    const arn = await createMachine(cloud, 'map', {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Ask',
            States: {
              Ask: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token', 'item.$': '$' } },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      input: '[1,2,3]',
    });
    await eventually(() => (invocations.length === 3 ? true : undefined));
    const tokens = invocations.map((i) => i.payload as { token: string; item: number });
    expect(new Set(tokens.map((t) => t.token)).size).toBe(3);
    for (const { token, item } of tokens) {
      await sfn(cloud, 'SendTaskSuccess', { taskToken: token, output: JSON.stringify(item * 10) });
    }
    await cloud.settle();
    expect((await describe(cloud, executionArn)).output).toBe('[10,20,30]');
  });

  it('answers aws-sdk sfn:sendTaskSuccess from another execution (nested callback)', async () => {
    const cloud = newCloud();
    const child = await createMachine(cloud, 'callback', {
      StartAt: 'Reply',
      States: {
        Reply: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
          Parameters: { 'TaskToken.$': '$.TaskToken', 'Output.$': 'States.JsonToString($.result)' },
          End: true,
        },
      },
    });
    const parent = await createMachine(cloud, 'central', {
      StartAt: 'Delegate',
      States: {
        Delegate: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken',
          Parameters: {
            StateMachineArn: child,
            'Input.$':
              'States.JsonToString(States.JsonMerge($, States.StringToJson(States.Format(\'\\{"TaskToken":"{}"\\}\', $$.Task.Token)), false))',
          },
          End: true,
        },
      },
    });
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: parent,
      input: '{"result":{"granted":true}}',
    });
    await cloud.settle();
    expect(await describe(cloud, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"granted":true}',
    });
  });
});
