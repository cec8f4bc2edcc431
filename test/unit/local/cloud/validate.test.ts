import { describe, expect, it } from 'vitest';
import {
  anchored,
  bool,
  list,
  map,
  num,
  required,
  str,
  struct,
  union,
  validateInput,
} from '../../../../local/src/cloud/validate.ts';

const toError = (message: string) => new Error(message);

function problems(rules: Parameters<typeof validateInput>[0], input: unknown): string {
  try {
    validateInput(rules, input, toError);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('validateInput', () => {
  const rules = {
    name: required(str({ min: 1, max: 5, pattern: anchored('[a-z]+') })),
    status: str({ enum: ['ENABLED', 'DISABLED'] }),
    maxResults: num({ min: 1, max: 50 }),
    flag: bool(),
    tags: list(str({ max: 3 }), { max: 2 }),
    attrs: map({ value: num() }),
    nested: struct({ id: required(str()) }),
    choice: union({ a: str(), b: str() }),
  };

  it('accepts valid input', () => {
    expect(
      problems(rules, {
        name: 'abc',
        status: 'ENABLED',
        maxResults: 50,
        flag: true,
        tags: ['x'],
        attrs: { k: 1 },
        nested: { id: 'i' },
        choice: { a: 'x' },
      }),
    ).toBe('');
  });

  it('reports every violation at once, naming the member path and the value', () => {
    const message = problems(rules, {
      name: 'ABCDEFG',
      status: 'ON',
      maxResults: 500,
      flag: 'true',
      tags: ['toolong', 'b', 'c'],
      attrs: { k: 'x' },
      nested: {},
      choice: { a: 'x', b: 'y' },
    });
    expect(message).toMatch(/^8 validation errors detected: /);
    expect(message).toContain(
      "Value 'ABCDEFG' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    expect(message).toContain(
      "Value 'ON' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]",
    );
    expect(message).toContain(
      "Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
    expect(message).toContain("at 'flag' failed to satisfy constraint: Member must be a boolean");
    expect(message).toContain(
      "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
    expect(message).toContain("at 'attrs.k' failed to satisfy constraint: Member must be a number");
    expect(message).toContain(
      "Value null at 'nested.id' failed to satisfy constraint: Member must not be null",
    );
    expect(message).toContain(
      "at 'choice' failed to satisfy constraint: Member must have exactly one member set",
    );
  });

  it('checks patterns against the whole value', () => {
    expect(problems(rules, { name: 'ab1' })).toContain('Member must satisfy regular expression pattern');
  });

  it('reports a missing required member', () => {
    expect(problems(rules, {})).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('checks list members with 1-based indexes', () => {
    expect(problems({ l: list(str({ max: 1 })) }, { l: ['a', 'bb'] })).toContain("at 'l.2'");
  });
});
