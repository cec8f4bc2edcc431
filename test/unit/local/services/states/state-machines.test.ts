import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  caller,
  createMachine,
  newCloud,
  OTHER_ACCOUNT,
  REGION,
  ROLE,
  rejection,
  sfn,
} from './support.ts';

const PASS = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

describe('states state machines', () => {
  it('creates, describes and lists a state machine', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'orders', PASS);
    expect(arn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`);
    const described = await sfn(cloud, 'DescribeStateMachine', { stateMachineArn: arn });
    expect(described).toMatchObject({
      stateMachineArn: arn,
      name: 'orders',
      status: 'ACTIVE',
      definition: JSON.stringify(PASS),
      roleArn: ROLE,
      type: 'STANDARD',
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    });
    expect(described.creationDate).toBeInstanceOf(Date);
    const listed = await sfn<{ stateMachines: { name: string }[] }>(cloud, 'ListStateMachines', {});
    expect(listed.stateMachines.map((m) => m.name)).toEqual(['orders']);
  });

  it('is idempotent on name, definition and type and answers StateMachineAlreadyExists otherwise', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'orders', PASS);
    expect(await createMachine(cloud, 'orders', PASS)).toBe(arn);
    const other = { StartAt: 'B', States: { B: { Type: 'Succeed' } } };
    expect((await rejection(createMachine(cloud, 'orders', other))).code).toBe('StateMachineAlreadyExists');
    expect((await rejection(createMachine(cloud, 'orders', PASS, 'EXPRESS'))).code).toBe(
      'StateMachineAlreadyExists',
    );
  });

  it('throws InvalidDefinition with the validator messages', async () => {
    const cloud = newCloud();
    const bad = await rejection(
      createMachine(cloud, 'bad', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }),
    );
    expect(bad.code).toBe('InvalidDefinition');
    expect(bad.message).toContain('MISSING_TRANSITION_TARGET');
    const notJson = await rejection(
      sfn(cloud, 'CreateStateMachine', { name: 'x', definition: '{nope', roleArn: ROLE }),
    );
    expect(notJson.code).toBe('InvalidDefinition');
    const jsonata = await rejection(createMachine(cloud, 'j', { QueryLanguage: 'JSONata', ...PASS }));
    expect(jsonata.message).toContain('JSONata');
  });

  it('throws InvalidDefinition naming a Task state whose resource cannot be served, nested ones included', async () => {
    const cloud = newCloud();
    const nested = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Send',
            States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
          },
          End: true,
        },
      },
    };
    const error = await rejection(createMachine(cloud, 'nested', nested));
    expect(error.code).toBe('InvalidDefinition');
    expect(error.message).toContain("Task state 'Send'");
    expect(error.message).toContain('arn:aws:states:::sqs:sendMessage');
    const unknownAction = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:datazone:noSuchAction', End: true } },
    };
    expect((await rejection(createMachine(cloud, 'unknown', unknownAction))).message).toContain(
      'noSuchAction',
    );
  });

  it('throws InvalidName, InvalidArn and ValidationException', async () => {
    const cloud = newCloud();
    expect((await rejection(createMachine(cloud, 'has space', PASS))).code).toBe('InvalidName');
    expect((await rejection(createMachine(cloud, 'a/b', PASS))).code).toBe('InvalidName');
    expect((await rejection(createMachine(cloud, 'ctl\u0001', PASS))).code).toBe('InvalidName');
    const badRole = await rejection(
      sfn(cloud, 'CreateStateMachine', {
        name: 'r',
        definition: JSON.stringify(PASS),
        roleArn: 'not-a-role',
      }),
    );
    expect(badRole.code).toBe('InvalidArn');
    const missing = await rejection(sfn(cloud, 'CreateStateMachine', { name: 'm', roleArn: ROLE }));
    expect(missing.code).toBe('ValidationException');
    expect(missing.message).toContain("'definition'");
    const wrongType = await rejection(
      sfn(cloud, 'CreateStateMachine', {
        name: 't',
        definition: JSON.stringify(PASS),
        roleArn: ROLE,
        type: 'FAST',
      }),
    );
    expect(wrongType.code).toBe('ValidationException');
    const publish = await rejection(
      sfn(cloud, 'CreateStateMachine', {
        name: 'p',
        definition: JSON.stringify(PASS),
        roleArn: ROLE,
        publish: true,
      }),
    );
    expect(publish.code).toBe('ValidationException');
  });

  it('answers InvalidArn and StateMachineDoesNotExist on describe', async () => {
    const cloud = newCloud();
    expect((await rejection(sfn(cloud, 'DescribeStateMachine', { stateMachineArn: 'nope' }))).code).toBe(
      'InvalidArn',
    );
    const execArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:sm:e1`;
    const wrongType = await rejection(sfn(cloud, 'DescribeStateMachine', { stateMachineArn: execArn }));
    expect(wrongType.code).toBe('InvalidArn');
    expect(wrongType.message).toContain('execution');
    const missing = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:missing`;
    expect((await rejection(sfn(cloud, 'DescribeStateMachine', { stateMachineArn: missing }))).code).toBe(
      'StateMachineDoesNotExist',
    );
  });

  it('pages ListStateMachines with opaque tokens and rejects foreign tokens', async () => {
    const cloud = newCloud();
    for (const name of ['a', 'b', 'c']) await createMachine(cloud, name, PASS);
    const first = await sfn<{ stateMachines: { name: string }[]; nextToken?: string }>(
      cloud,
      'ListStateMachines',
      {
        maxResults: 2,
      },
    );
    expect(first.stateMachines).toHaveLength(2);
    expect(first.nextToken).toBeDefined();
    const second = await sfn<{ stateMachines: { name: string }[]; nextToken?: string }>(
      cloud,
      'ListStateMachines',
      {
        maxResults: 2,
        nextToken: first.nextToken,
      },
    );
    expect(second.stateMachines).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect([...first.stateMachines, ...second.stateMachines].map((m) => m.name).sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect((await rejection(sfn(cloud, 'ListStateMachines', { nextToken: 'garbage' }))).code).toBe(
      'InvalidToken',
    );
    expect((await rejection(sfn(cloud, 'ListStateMachines', { maxResults: 1001 }))).code).toBe(
      'ValidationException',
    );
  });

  it('deletes a state machine (and succeeds for one that does not exist)', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'gone', PASS);
    expect(await sfn(cloud, 'DeleteStateMachine', { stateMachineArn: arn })).toEqual({});
    expect((await rejection(sfn(cloud, 'DescribeStateMachine', { stateMachineArn: arn }))).code).toBe(
      'StateMachineDoesNotExist',
    );
    expect(await sfn(cloud, 'DeleteStateMachine', { stateMachineArn: arn })).toEqual({});
    expect((await rejection(sfn(cloud, 'DeleteStateMachine', { stateMachineArn: 'x' }))).code).toBe(
      'InvalidArn',
    );
  });

  it('aborts running executions when their state machine is deleted', async () => {
    const cloud = newCloud();
    const arn = await createMachine(cloud, 'waits', {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const { executionArn } = await sfn<{ executionArn: string }>(cloud, 'StartExecution', {
      stateMachineArn: arn,
    });
    await sfn(cloud, 'DeleteStateMachine', { stateMachineArn: arn });
    await cloud.settle();
    const described = await sfn(cloud, 'DescribeExecution', { executionArn });
    expect(described.status).toBe('ABORTED');
  });

  it('registers object definitions for another account with RegisterStateMachine (in-process only)', async () => {
    const cloud = newCloud();
    const out = await cloud.call<{ stateMachineArn: string }>(
      'states',
      'RegisterStateMachine',
      { name: 'deployed', definition: PASS, roleArn: ROLE, account: OTHER_ACCOUNT },
      caller(cloud),
    );
    expect(out.stateMachineArn).toBe(`arn:aws:states:${REGION}:${OTHER_ACCOUNT}:stateMachine:deployed`);
    const described = await sfn(
      cloud,
      'DescribeStateMachine',
      { stateMachineArn: out.stateMachineArn },
      OTHER_ACCOUNT,
    );
    expect(described.definition).toBe(JSON.stringify(PASS));
    // Re-registering replaces the definition (a redeployment).
    const next = { StartAt: 'B', States: { B: { Type: 'Succeed' } } };
    await cloud.call(
      'states',
      'RegisterStateMachine',
      { name: 'deployed', definition: next, roleArn: ROLE, account: OTHER_ACCOUNT },
      caller(cloud),
    );
    const again = await sfn(
      cloud,
      'DescribeStateMachine',
      { stateMachineArn: out.stateMachineArn },
      OTHER_ACCOUNT,
    );
    expect(again.definition).toBe(JSON.stringify(next));
    await expect(
      cloud.dispatch('states', 'RegisterStateMachine', {}, caller(cloud), 'r', { wire: true }),
    ).rejects.toMatchObject({
      code: 'NotImplementedException',
    });
  });
});
