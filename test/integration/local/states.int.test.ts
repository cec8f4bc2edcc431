import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  paginateListExecutions,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatesService } from '../../../local/src/services/states/index.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/StatesRole`;

let cloud: TestCloud;
let sfn: SFNClient;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [createStatesService({ retryIntervalOverrides: { '*': 0 } })] });
  sfn = cloud.clients().sfn();
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

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

async function createMachine(name: string, definition: object): Promise<string> {
  const out = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return out.stateMachineArn as string;
}

/** Waits for the execution's task to submit (the callback machine waits for its token). */
async function tokenOf(executionArn: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    if (scheduled)
      return JSON.parse(scheduled.taskScheduledEventDetails?.parameters ?? '{}').Entries[0].Detail.token;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('task was never scheduled');
}

const CALLBACK = {
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sfn:describeStateMachine.waitForTaskToken',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        Entries: [{ Detail: { 'token.$': '$$.Task.Token' } }],
      },
      End: true,
    },
  },
};

describe('states over HTTP', () => {
  it('creates, describes and lists state machines with Date timestamps', async () => {
    const arn = await createMachine('int-pass', { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    expect(arn).toBe(`arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:int-pass`);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: 'int-pass', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    expect(described.creationDate).toBeInstanceOf(Date);
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toContain('int-pass');
  });

  it('answers InvalidDefinition, InvalidName, InvalidArn, StateMachineDoesNotExist and ValidationException', async () => {
    const invalid = await caught(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'bad',
          definition: '{"StartAt":"X","States":{}}',
          roleArn: ROLE,
        }),
      ),
    );
    expect(invalid).toBeInstanceOf(InvalidDefinition);
    expect(status(invalid)).toBe(400);
    const name = await caught(
      sfn.send(new CreateStateMachineCommand({ name: 'a b', definition: '{}', roleArn: ROLE })),
    );
    expect(name).toBeInstanceOf(InvalidName);
    const arn = await caught(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'nope' })));
    expect(arn).toBeInstanceOf(InvalidArn);
    expect(status(arn)).toBe(400);
    const missing = await caught(
      sfn.send(
        new DescribeStateMachineCommand({
          stateMachineArn: `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:none`,
        }),
      ),
    );
    expect(missing).toBeInstanceOf(StateMachineDoesNotExist);
    const validation = await caught(sfn.send(new ListStateMachinesCommand({ maxResults: 5000 })));
    expect(validation).toBeInstanceOf(ValidationException);
    expect(status(validation)).toBe(400);
  });

  it('runs an execution and reads its result, history and listing', async () => {
    const arn = await createMachine('int-echo', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Parameters: { 'echo.$': '$.v' }, End: true } },
    });
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'e1', input: '{"v":7}' }),
    );
    expect(started.startDate).toBeInstanceOf(Date);
    await cloud.cloud.settle();
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"echo":7}', name: 'e1' });
    expect(described.stopDate).toBeInstanceOf(Date);
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'e2', input: '{"v":8}' }));
    await cloud.cloud.settle();
    const names: string[] = [];
    for await (const page of paginateListExecutions({ client: sfn, pageSize: 1 }, { stateMachineArn: arn })) {
      expect(page.executions?.length).toBeLessThanOrEqual(1);
      names.push(...(page.executions ?? []).map((e) => e.name as string));
    }
    expect(names).toEqual(['e2', 'e1']);
    const badToken = await caught(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken: 'zzz' })),
    );
    expect(badToken).toBeInstanceOf(InvalidToken);
  });

  it('answers ExecutionAlreadyExists, InvalidExecutionInput and ExecutionDoesNotExist', async () => {
    const arn = await createMachine('int-dup', { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{}' }));
    await cloud.cloud.settle();
    const duplicate = await caught(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{}' })),
    );
    expect(duplicate).toBeInstanceOf(ExecutionAlreadyExists);
    expect(status(duplicate)).toBe(400);
    const input = await caught(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: 'nope' })));
    expect(input).toBeInstanceOf(InvalidExecutionInput);
    const missing = await caught(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:eu-west-1:${ACCOUNT}:execution:int-dup:x`,
        }),
      ),
    );
    expect(missing).toBeInstanceOf(ExecutionDoesNotExist);
    expect(status(missing)).toBe(400);
  });

  it('completes callback tasks with SendTaskSuccess and rejects reused and bad tokens', async () => {
    const arn = await createMachine('int-callback', CALLBACK);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const token = await tokenOf(executionArn as string);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    const badOutput = await caught(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{bad' })),
    );
    expect(badOutput).toBeInstanceOf(InvalidOutput);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"done":true}' }));
    await cloud.cloud.settle();
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
    const reused = await caught(sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'X' })));
    expect(reused).toBeInstanceOf(TaskTimedOut);
    expect(status(reused)).toBe(400);
    const invalid = await caught(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    );
    expect(invalid).toBeInstanceOf(InvalidToken);
  });

  it('fails callback tasks with SendTaskFailure and stops executions', async () => {
    const arn = await createMachine('int-fail', CALLBACK);
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const token = await tokenOf(first.executionArn as string);
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Denied', cause: 'no' }));
    await cloud.cloud.settle();
    const failed = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Denied', cause: 'no' });
    const second = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    await tokenOf(second.executionArn as string);
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: second.executionArn, cause: 'test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    await cloud.cloud.settle();
    const aborted = await sfn.send(new DescribeExecutionCommand({ executionArn: second.executionArn }));
    expect(aborted.status).toBe('ABORTED');
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    const gone = await caught(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
    expect(gone).toBeInstanceOf(StateMachineDoesNotExist);
  });
});
