import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { expect, it, describe as suite } from 'vitest';
import {
  ACCOUNT,
  createMachine,
  describe,
  history,
  newCloud,
  REGION,
  rejection,
  runToEnd,
  sfn,
} from './support.ts';

const PASS = {
  StartAt: 'A',
  States: { A: { Type: 'Pass', Parameters: { 'echo.$': '$.value' }, End: true } },
};
const WAIT = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };

suite('states executions', () => {
  it('starts an execution asynchronously and describes it once it ends', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'echo', PASS);
    const started = await sfn<{ executionArn: string; startDate: Date }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      name: 'run-1',
      input: '{"value":42}',
    });
    expect(started.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:echo:run-1`);
    expect(started.startDate).toBeInstanceOf(Date);
    await cloud.settle();
    const described = await describe(cloud, started.executionArn);
    expect(described).toMatchObject({
      executionArn: started.executionArn,
      stateMachineArn: arn,
      name: 'run-1',
      status: 'SUCCEEDED',
      input: '{"value":42}',
      output: '{"echo":42}',
    });
    expect(described.stopDate).toBeInstanceOf(Date);
    const metadata = await sfn(cloud, 'DescribeExecution', {
      executionArn: started.executionArn,
      includedData: 'METADATA_ONLY',
    });
    expect(metadata.input).toBeUndefined();
    expect(metadata.output).toBeUndefined();
  });

  it('generates a name and defaults the input to {}', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'p', { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
    });
    await cloud.settle();
    const described = await describe(cloud, executionArn);
    expect(described.name).toMatch(/^[0-9a-f-]{36}$/);
    expect(described.input).toBe('{}');
    expect(described.output).toBe('{}');
  });

  it('returns the running execution for the same name and input, ExecutionAlreadyExists otherwise', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'slow', WAIT);
    const first = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      name: 'n',
      input: '{"a":1}',
    });
    const again = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      name: 'n',
      input: '{"a":1}',
    });
    expect(again.executionArn).toBe(first.executionArn);
    const differentInput = await rejection(
      sfn(cloud, 'StartExecution', { stateMachineArn: arn, name: 'n', input: '{"a":2}' }),
    );
    expect(differentInput.code).toBe('ExecutionAlreadyExists');
    await sfn(cloud, 'StopExecution', { executionArn: first.executionArn });
    await cloud.settle();
    const closed = await rejection(
      sfn(cloud, 'StartExecution', { stateMachineArn: arn, name: 'n', input: '{"a":1}' }),
    );
    expect(closed.code).toBe('ExecutionAlreadyExists');
  });

  it('does not deduplicate EXPRESS executions and does not list them', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'fast', PASS, 'EXPRESS');
    const a = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      name: 'x',
      input: '{"value":1}',
    });
    const b = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
      name: 'x',
      input: '{"value":1}',
    });
    expect(a.executionArn).toMatch(new RegExp(`^arn:aws:states:${REGION}:${ACCOUNT}:express:fast:x:`));
    expect(b.executionArn).not.toBe(a.executionArn);
    await cloud.settle();
    expect((await rejection(sfn(cloud, 'ListExecutions', { stateMachineArn: arn }))).code).toBe(
      'StateMachineTypeNotSupported',
    );
    expect((await rejection(describe(cloud, a.executionArn))).code).toBe('InvalidArn');
  });

  it('rejects bad names, inputs and ARNs', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'e', PASS);
    expect((await rejection(sfn(cloud, 'StartExecution', { stateMachineArn: arn, name: 'a b' }))).code).toBe(
      'InvalidName',
    );
    expect(
      (await rejection(sfn(cloud, 'StartExecution', { stateMachineArn: arn, name: 'a'.repeat(81) }))).code,
    ).toBe('ValidationException');
    const input = await rejection(sfn(cloud, 'StartExecution', { stateMachineArn: arn, input: '{not json' }));
    expect(input.code).toBe('InvalidExecutionInput');
    expect((await rejection(sfn(cloud, 'StartExecution', { stateMachineArn: 'arn:nope' }))).code).toBe(
      'InvalidArn',
    );
    const missing = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:missing`;
    expect((await rejection(sfn(cloud, 'StartExecution', { stateMachineArn: missing }))).code).toBe(
      'StateMachineDoesNotExist',
    );
    expect((await rejection(sfn(cloud, 'StartExecution', {}))).code).toBe('ValidationException');
    const execution = `arn:aws:states:${REGION}:${ACCOUNT}:execution:e:none`;
    expect((await rejection(describe(cloud, execution))).code).toBe('ExecutionDoesNotExist');
    expect((await rejection(describe(cloud, arn))).code).toBe('InvalidArn');
    expect((await rejection(sfn(cloud, 'StopExecution', { executionArn: execution }))).code).toBe(
      'ExecutionDoesNotExist',
    );
    expect((await rejection(sfn(cloud, 'GetExecutionHistory', { executionArn: execution }))).code).toBe(
      'ExecutionDoesNotExist',
    );
  });

  it('lists executions newest first with a status filter and two pages', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const tick = () => {
      clock += 1000;
      return new Date(clock);
    };
    const cloud = newCloud([], { now: tick });
    const arn = await createMachine(cloud, 'many', PASS);
    for (const name of ['e1', 'e2', 'e3']) await runToEnd(cloud, arn, { value: name }, name);
    const waiting = await createMachine(cloud, 'waiting', WAIT);
    await sfn(cloud, 'StartExecution', { stateMachineArn: waiting, name: 'w' });
    const page1 = await sfn<{ executions: { name: string }[]; nextToken?: string }>(cloud, 'ListExecutions', {
      stateMachineArn: arn,
      maxResults: 2,
    });
    expect(page1.executions.map((e) => e.name)).toEqual(['e3', 'e2']);
    const page2 = await sfn<{ executions: { name: string }[]; nextToken?: string }>(cloud, 'ListExecutions', {
      stateMachineArn: arn,
      maxResults: 2,
      nextToken: page1.nextToken,
    });
    expect(page2.executions.map((e) => e.name)).toEqual(['e1']);
    expect(page2.nextToken).toBeUndefined();
    const running = await sfn<{ executions: { name: string; status: string }[] }>(cloud, 'ListExecutions', {
      stateMachineArn: waiting,
      statusFilter: 'RUNNING',
    });
    expect(running.executions).toMatchObject([{ name: 'w', status: 'RUNNING' }]);
    const succeeded = await sfn<{ executions: unknown[] }>(cloud, 'ListExecutions', {
      stateMachineArn: waiting,
      statusFilter: 'SUCCEEDED',
    });
    expect(succeeded.executions).toEqual([]);
    const foreign = await rejection(
      sfn(cloud, 'ListExecutions', { stateMachineArn: waiting, nextToken: page1.nextToken }),
    );
    expect(foreign.code).toBe('InvalidToken');
    expect((await rejection(sfn(cloud, 'ListExecutions', {}))).code).toBe('ValidationException');
    expect(
      (await rejection(sfn(cloud, 'ListExecutions', { stateMachineArn: arn, statusFilter: 'DONE' }))).code,
    ).toBe('ValidationException');
    await sfn(cloud, 'StopExecution', {
      executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:waiting:w`,
    });
    await cloud.settle();
  });

  it('stops a running execution with an error and cause', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'stop', WAIT);
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
    });
    const stopped = await sfn<{ stopDate: Date }>(cloud, 'StopExecution', {
      executionArn,
      error: 'Manual',
      cause: 'operator',
    });
    expect(stopped.stopDate).toBeInstanceOf(Date);
    await cloud.settle();
    expect(await describe(cloud, executionArn)).toMatchObject({
      status: 'ABORTED',
      error: 'Manual',
      cause: 'operator',
    });
    const events = await history(cloud, executionArn);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Manual', cause: 'operator' },
    });
    // Stopping an ended execution changes nothing.
    const again = await sfn<{ stopDate: Date }>(cloud, 'StopExecution', { executionArn });
    expect(again.stopDate.getTime()).toBe(stopped.stopDate.getTime());
  });

  it('fails executions left RUNNING by a restart when they are next read', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'restart', WAIT);
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
    });
    const persisted = JSON.parse(JSON.stringify(cloud.dump()));
    await sfn(cloud, 'StopExecution', { executionArn });
    await cloud.settle();
    const restarted = newCloud();
    restarted.load(persisted);
    expect(await describe(restarted, executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'local cloud restarted',
    });
    expect((await history(restarted, executionArn)).at(-1)?.type).toBe('ExecutionFailed');
  });

  it('pages the history forwards and in reverse, and can leave out execution data', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'h', PASS);
    const done = await runToEnd(cloud, arn, { value: 1 });
    const executionArn = done.executionArn as string;
    const all = await history(cloud, executionArn);
    expect(all.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(all.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(all[0]?.timestamp).toBeInstanceOf(Date);
    const page1 = await sfn<{ events: HistoryEvent[]; nextToken?: string }>(cloud, 'GetExecutionHistory', {
      executionArn,
      maxResults: 3,
      reverseOrder: true,
    });
    expect(page1.events.map((e) => e.id)).toEqual([4, 3, 2]);
    const page2 = await sfn<{ events: HistoryEvent[]; nextToken?: string }>(cloud, 'GetExecutionHistory', {
      executionArn,
      maxResults: 3,
      reverseOrder: true,
      nextToken: page1.nextToken,
    });
    expect(page2.events.map((e) => e.id)).toEqual([1]);
    expect(page2.nextToken).toBeUndefined();
    const wrongDirection = await rejection(
      sfn(cloud, 'GetExecutionHistory', { executionArn, maxResults: 3, nextToken: page1.nextToken }),
    );
    expect(wrongDirection.code).toBe('InvalidToken');
    const lean = await sfn<{ events: HistoryEvent[] }>(cloud, 'GetExecutionHistory', {
      executionArn,
      includeExecutionData: false,
    });
    expect(lean.events[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(lean.events[0]?.executionStartedEventDetails?.roleArn).toBeDefined();
  });
});
