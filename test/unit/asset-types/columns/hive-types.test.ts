import { describe, expect, it } from 'vitest';
import {
  childPath,
  type HiveType,
  HiveTypeBuilder,
  mergeTypes,
  nameProblem,
  primitive,
  quoteFieldName,
} from '../../../../asset-types/src/columns/hive-types.ts';
import { jsonSyntaxErrorOffset, lineColumn } from '../../../../asset-types/src/columns/json-text.ts';
import { DEFAULT_LIMITS } from '../../../../asset-types/src/columns/types.ts';

function builder(limits = DEFAULT_LIMITS): HiveTypeBuilder {
  return new HiveTypeBuilder(limits, (path, reason) => {
    throw new Error(`${path}: ${reason}`);
  });
}

describe('Hive type strings', () => {
  it.each([
    ['plain', 'plain'],
    ['_under_score9', '_under_score9'],
    ['9lives', '`9lives`'],
    ['with space', '`with space`'],
    ['dash-ed', '`dash-ed`'],
    ['a:b', '`a:b`'],
    ['a<b>', '`a<b>`'],
    ['back`tick', '`back``tick`'],
    ['ünïcode', '`ünïcode`'],
    ['__proto__', '__proto__'],
  ])('quotes field name %j as %s', (name, expected) => {
    // Act
    const quoted = quoteFieldName(name);

    // Assess
    expect(quoted).toBe(expected);
  });

  it.each([
    ['ok', undefined],
    ['', 'empty field name'],
    ['a\u0000b', 'field name contains control character U+0000'],
    ['tab\there', 'field name contains control character U+0009'],
    ['del\u007f', 'field name contains control character U+007F'],
    ['c1\u0085', 'field name contains control character U+0085'],
    ['lone\ud800', 'field name contains an unpaired UTF-16 surrogate'],
    ['\udc00lone', 'field name contains an unpaired UTF-16 surrogate'],
    ['emoji😀', undefined],
    ['x'.repeat(256), 'field name longer than 255 characters'],
  ])('judges name %j: %s', (name, expected) => {
    // Act
    const problem = nameProblem(name, 255);

    // Assess
    expect(problem).toBe(expected);
  });

  it('renders nested composite types', () => {
    // Prepare
    const b = builder();
    const inner = b.struct([{ name: 'x y', type: b.decimal(10, 2) }], 'p.q');

    // Act
    const type = b.map(primitive('string'), b.array(inner, 'p[]'), 'p');

    // Assess
    expect(type.text).toBe('map<string,array<struct<`x y`:decimal(10,2)>>>');
  });

  it.each([
    ['equal types', primitive('int'), primitive('int'), 'int'],
    ['int and bigint', primitive('int'), primitive('bigint'), 'bigint'],
    ['bigint and double', primitive('bigint'), primitive('double'), 'double'],
    ['float and int', primitive('float'), primitive('int'), 'double'],
    ['string and int', primitive('string'), primitive('int'), 'string'],
    ['date and timestamp', primitive('date'), primitive('timestamp'), 'string'],
  ])('merges %s', (_label, a, b, expected) => {
    // Act
    const merged = mergeTypes(a, b, builder(), 'p');

    // Assess
    expect(merged.text).toBe(expected);
  });

  it('merges structs field-wise, arrays item-wise and maps value-wise', () => {
    // Prepare
    const b = builder();
    const s1 = b.struct([{ name: 'a', type: primitive('int'), description: 'first' }], 's');
    const s2 = b.struct(
      [
        { name: 'a', type: primitive('double'), description: 'second' },
        { name: 'b', type: primitive('string') },
      ],
      's',
    );
    const m1: HiveType = b.map(primitive('string'), b.array(s1, 'm'), 'm');
    const m2: HiveType = b.map(primitive('string'), b.array(s2, 'm'), 'm');

    // Act
    const merged = mergeTypes(m1, m2, b, 'm');

    // Assess
    expect(merged.text).toBe('map<string,array<struct<a:double,b:string>>>');
    const structs = mergeTypes(s1, s2, b, 's');
    expect(structs.kind === 'struct' && structs.fields[0]?.description).toBe('first');
  });

  it.each([
    [
      'a long struct',
      (b: HiveTypeBuilder) =>
        b.struct(
          [{ name: 'a', type: b.struct([{ name: 'x'.repeat(20), type: primitive('string') }], 'p.a') }],
          'p',
        ),
    ],
    [
      'a long array',
      (b: HiveTypeBuilder) =>
        b.array(b.array(b.array(b.array(b.array(primitive('timestamp'), 'p'), 'p'), 'p'), 'p'), 'p'),
    ],
    [
      'a wide struct',
      (b: HiveTypeBuilder) =>
        b.struct(
          [1, 2, 3, 4].map((n) => ({ name: `f${n}`, type: primitive('int') })),
          'p',
        ),
    ],
    ['a deep visit', (b: HiveTypeBuilder) => b.visit('p', 4)],
  ])('enforces limits on %s', (_label, build) => {
    // Prepare
    const b = builder({ ...DEFAULT_LIMITS, maxTypeLength: 40, maxFields: 3, maxDepth: 3 });

    // Act
    const act = (): unknown => build(b);

    // Assess
    expect(act).toThrow(/^p: /);
  });

  it('renders the root struct lazily and holds it to maxColumns instead of maxTypeLength', () => {
    // Prepare
    const b = builder({ ...DEFAULT_LIMITS, maxTypeLength: 20, maxColumns: 3 });
    const fields = ['a', 'b', 'c'].map((name) => ({ name, type: b.array(primitive('string'), name) }));

    // Act
    const root = b.struct(fields, '');

    // Assess
    expect(root.text).toBe('struct<a:array<string>,b:array<string>,c:array<string>>');
    expect(() => b.struct([...fields, ...fields], '')).toThrow('more than 3 top-level fields');
  });

  it.each([
    ['', 'a', 'a'],
    ['a', 'b', 'a.b'],
    ['a', '[]', 'a[]'],
    ['a', '{}', 'a{}'],
    ['a', '', 'a.""'],
    ['', '', '""'],
  ])('joins path %j and %j', (path, segment, expected) => {
    // Act
    const joined = childPath(path, segment);

    // Assess
    expect(joined).toBe(expected);
  });
});

describe('JSON text locations', () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1', 7],
    ['', 0],
    ['[1,2,]', 5],
    ['{"a":1,}', 7],
    ['01', 1],
    ['1.', 2],
    ['"\\x"', 2],
    ['{"a" 1}', 5],
    ['tru', 0],
    ['[1] x', 4],
    ['"a\nb"', 2],
    ['"\\u12G4"', 5],
    ['{"a":1}', undefined],
    [' [ {}, [], "s", -1.5e-3, true, false, null ] ', undefined],
  ])('finds the syntax error in %j at %s', (text, expected) => {
    // Act
    const offset = jsonSyntaxErrorOffset(text);

    // Assess
    expect(offset).toBe(expected);
  });

  it('counts lines and columns from 1', () => {
    // Act
    const location = lineColumn('ab\ncd\nef', 7);

    // Assess
    expect(location).toBe('line 3, column 2');
  });
});
