import { describe, expect, it } from 'vitest';
import { type DataFormat, tryColumns } from '../../../../asset-types/src/columns/index.ts';
import { avroField, failureOf } from './support.ts';

function nestedAvroArrays(levels: number): unknown {
  let type: unknown = 'int';
  for (let i = 0; i < levels; i++) type = { type: 'array', items: type };
  return type;
}

function nestedJsonObjects(levels: number): unknown {
  let schema: unknown = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { n: schema } };
  return schema;
}

/** The outermost message is declared first, as the conversion uses the first message. */
function nestedProtoMessages(levels: number): string {
  const messages = ['message M0 { string s = 1; }'];
  for (let i = 1; i <= levels; i++) messages.unshift(`message M${i} { M${i - 1} n = 1; }`);
  return `syntax = "proto3";\n${messages.join('\n')}`;
}

/** Named types that each hold two copies of the previous one: the expanded type doubles per level. */
function doublingAvro(levels: number): string {
  const types = [{ type: 'record', name: 'T0', fields: [{ name: 'x', type: 'string' }] }];
  for (let i = 1; i < levels; i++) {
    types.push({
      type: 'record',
      name: `T${i}`,
      fields: [{ name: 'a', type: `T${i - 1}` } as never, { name: 'b', type: `T${i - 1}` } as never],
    });
  }
  return JSON.stringify({
    type: 'record',
    name: 'Top',
    fields: [{ name: 'all', type: { type: 'array', items: types } }],
  });
}

describe('hostile schemas', () => {
  it.each<[string, DataFormat, string, string]>([
    ['Avro nested 40 levels', 'AVRO', avroField(nestedAvroArrays(40)), 'types nested deeper than 32 levels'],
    [
      'Avro JSON nested 100,000 levels',
      'AVRO',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      'JSON nested deeper than',
    ],
    [
      'JSON Schema nested 40 levels',
      'JSON',
      JSON.stringify(nestedJsonObjects(40)),
      'types nested deeper than 32 levels',
    ],
    [
      'JSON nested 20,000 levels',
      'JSON',
      `${'{"items":'.repeat(20_000)}{}${'}'.repeat(20_000)}`,
      'JSON nested deeper than',
    ],
    ['Protobuf nested 40 levels', 'PROTOBUF', nestedProtoMessages(40), 'types nested deeper than 32 levels'],
    [
      'Protobuf declarations nested 10,000 levels',
      'PROTOBUF',
      `syntax = "proto3";${'message A { '.repeat(10_000)}${'}'.repeat(10_000)}`,
      'max depth exceeded',
    ],
    ['Avro doubling named types', 'AVRO', doublingAvro(30), 'type string longer than 65536 characters'],
    [
      'JSON Schema doubling combinators',
      'JSON',
      JSON.stringify({
        $defs: Object.fromEntries(
          Array.from({ length: 40 }, (_, i) => [
            `d${i}`,
            i === 0
              ? { type: 'string' }
              : { allOf: [{ $ref: `#/$defs/d${i - 1}` }, { $ref: `#/$defs/d${i - 1}` }] },
          ]),
        ),
        $ref: '#/$defs/d39',
      }),
      'schema too complex',
    ],
    [
      'Protobuf doubling messages',
      'PROTOBUF',
      `syntax = "proto3"; ${Array.from({ length: 30 }, (_, i) =>
        i === 0 ? 'message D0 { string s = 1; }' : `message D${i} { D${i - 1} a = 1; D${i - 1} b = 2; }`,
      )
        .reverse()
        .join('\n')}`,
      'type string longer than 65536 characters',
    ],
    ['a 2 MB Avro definition', 'AVRO', ' '.repeat(2_000_000), 'definition longer than 262144 characters'],
    [
      'a Protobuf message with 6,000 fields before parsing it',
      'PROTOBUF',
      `syntax = "proto3";\nmessage Wide { ${Array.from({ length: 6_000 }, (_, i) => `int32 f${i} = ${i + 1};`).join(' ')} }`,
      'more than 1000 declarations in one block',
    ],
  ])('rejects %s quickly', (_label, format, definition, reason) => {
    // Prepare
    const started = performance.now();

    // Act
    const error = failureOf(format, definition);

    // Assess
    expect(error.reason).toContain(reason);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.message.length).toBeLessThan(1_000);
  });

  it.each<[DataFormat, string]>([
    [
      'AVRO',
      JSON.stringify({
        type: 'record',
        name: 'Wide',
        fields: Array.from({ length: 600 }, (_, i) => ({ name: `f${i}`, type: 'int' })),
      }),
    ],
    [
      'JSON',
      JSON.stringify({
        type: 'object',
        properties: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}`, { type: 'integer' }])),
      }),
    ],
    [
      'PROTOBUF',
      `syntax = "proto3"; message Wide { ${Array.from({ length: 600 }, (_, i) => `int32 f${i} = ${i + 1};`).join(' ')} }`,
    ],
  ])('rejects a %s schema with more top-level fields than maxColumns', (format, definition) => {
    // Act
    const error = failureOf(format, definition, { limits: { maxColumns: 500 } });

    // Assess
    expect(error.reason).toMatch(/more than 500 (top-level fields|properties)/);
  });

  it('accepts the same wide schema under a raised limit', () => {
    // Prepare
    const definition = JSON.stringify({
      type: 'record',
      name: 'Wide',
      fields: Array.from({ length: 6_000 }, (_, i) => ({ name: `f${i}`, type: 'int' })),
    });

    // Act
    const result = tryColumns('AVRO', definition, { limits: { maxColumns: 10_000 } });

    // Assess
    expect(result.ok && result.columns.length).toBe(6_000);
  });

  it('names the field path of a too-deep nested type', () => {
    // Prepare
    const definition = JSON.stringify({
      type: 'record',
      name: 'R',
      fields: [{ name: 'outer', type: { type: 'map', values: nestedAvroArrays(3) } }],
    });

    // Act
    const error = failureOf('AVRO', definition, { limits: { maxDepth: 2 } });

    // Assess
    expect(error.location).toBe('outer{}[]');
  });

  it('does not pollute Object.prototype with any format', () => {
    // Prepare
    const definitions: [DataFormat, string][] = [
      [
        'AVRO',
        '{"type":"record","name":"R","fields":[{"name":"__proto__","type":{"type":"record","name":"P","fields":[{"name":"polluted","type":"int"}]}}]}',
      ],
      [
        'JSON',
        '{"properties":{"__proto__":{"properties":{"polluted":{"type":"integer"}}}},"$defs":{"__proto__":{"polluted":true}}}',
      ],
      ['PROTOBUF', 'syntax = "proto3"; message M { P __proto__ = 1; } message P { int32 polluted = 1; }'],
    ];

    // Act
    const results = definitions.map(([format, definition]) => tryColumns(format, definition));

    // Assess
    expect(results.every((result) => result.ok)).toBe(true);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
