import { describe, expect, it } from 'vitest';
import { DemoTimeoutError } from '../../../../cli/src/demo/errors.ts';
import { renderStatements, statementsFor } from '../../../../cli/src/demo/policies.ts';
import { waitFor } from '../../../../cli/src/demo/wait.ts';
import type { PolicyStatement } from '../../../../grant-workflow/src/policy/policy-document.ts';

const TOPIC = 'arn:aws:kafka:eu-west-1:222222222222:topic/c/u/orders';
const STATEMENTS: PolicyStatement[] = [
  { Sid: 'Topic', Effect: 'Allow', Action: ['kafka-cluster:ReadData'], Resource: [TOPIC] },
  {
    Sid: 'Group',
    Effect: 'Allow',
    Action: 'kafka-cluster:AlterGroup',
    Resource: 'arn:aws:kafka:eu-west-1:222222222222:group/c/u/*',
  },
  {
    Effect: 'Allow',
    Principal: { AWS: ['arn:aws:iam::333333333333:role/r'] },
    Action: ['kafka-cluster:Connect'],
    Resource: TOPIC,
  },
];

describe('statementsFor', () => {
  it('keeps the statements that name the topic as a resource', () => {
    expect(statementsFor(STATEMENTS, TOPIC).map((s) => s.Sid)).toEqual(['Topic', undefined]);
    expect(statementsFor(STATEMENTS, `${TOPIC}-other`)).toEqual([]);
  });
});

describe('renderStatements', () => {
  it('renders Sid, effect and actions, then principals and resources, one per line', () => {
    expect(renderStatements(STATEMENTS)).toEqual([
      'Topic: Allow kafka-cluster:ReadData',
      `  on ${TOPIC}`,
      'Group: Allow kafka-cluster:AlterGroup',
      '  on arn:aws:kafka:eu-west-1:222222222222:group/c/u/*',
      '(no Sid): Allow kafka-cluster:Connect',
      '  principal arn:aws:iam::333333333333:role/r',
      `  on ${TOPIC}`,
    ]);
  });

  it('says (none) when there is no statement', () => {
    expect(renderStatements([])).toEqual(['(none)']);
  });
});

describe('waitFor', () => {
  it('settles before every check and resolves with the first defined result', async () => {
    // Prepare
    const events: string[] = [];
    let n = 0;
    // Act
    const result = await waitFor(
      async () => {
        events.push('check');
        n += 1;
        return n === 3 ? 'ready' : undefined;
      },
      { settle: async () => void events.push('settle'), deadlineMs: 10_000, what: 'x', pollMs: 0 },
    );
    // Assess
    expect(result).toBe('ready');
    expect(events).toEqual(['settle', 'check', 'settle', 'check', 'settle', 'check']);
  });

  it('throws DemoTimeoutError naming what was awaited after the deadline', async () => {
    // Act
    const error = await waitFor(async () => undefined, {
      settle: async () => undefined,
      deadlineMs: 0,
      what: 'grant g1 to become GRANTED',
      pollMs: 0,
    }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DemoTimeoutError);
    expect((error as Error).message).toBe('grant g1 to become GRANTED did not happen within 0 s');
  });
});
