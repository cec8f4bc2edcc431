import { describe, expect, it } from 'vitest';
import { orderStacks, parseEnvironment } from '../../../../local/src/deploy/assembly.ts';
import { LocalDeployError } from '../../../../local/src/deploy/errors.ts';

describe('parseEnvironment', () => {
  it('reads the account and Region of aws://<account>/<region>', () => {
    expect(parseEnvironment('S', 'aws://111111111111/eu-west-1')).toEqual({
      account: '111111111111',
      region: 'eu-west-1',
    });
  });

  it('refuses an environment-agnostic stack, naming it and the value', () => {
    expect(() => parseEnvironment('Central', 'aws://unknown-account/unknown-region')).toThrow(
      LocalDeployError,
    );
    expect(() => parseEnvironment('Central', 'aws://unknown-account/unknown-region')).toThrow(
      'stack Central: environment "aws://unknown-account/unknown-region" is not aws://<account>/<region>',
    );
  });
});

describe('orderStacks', () => {
  it('puts every stack after the stacks it depends on, keeping the order otherwise', () => {
    // Act
    const ordered = orderStacks([
      { id: 'A', dependsOn: ['C'] },
      { id: 'B', dependsOn: [] },
      { id: 'C', dependsOn: ['B'] },
    ]);

    // Assess
    expect(ordered.map((s) => s.id)).toEqual(['B', 'C', 'A']);
  });

  it('refuses a cycle, naming it', () => {
    expect(() =>
      orderStacks([
        { id: 'A', dependsOn: ['B'] },
        { id: 'B', dependsOn: ['A'] },
      ]),
    ).toThrow('stacks depend on each other in a cycle: A -> B -> A');
  });
});
