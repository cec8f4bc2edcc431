import { describe, expect, it } from 'vitest';
import { schemaToColumns, tryColumns } from '../../../../asset-types/src/columns/index.ts';
import { failureOf, fixture, typesOf } from './support.ts';

/** A JSON Schema object with one property `p` of schema `schema`, as text. */
function jsonProperty(schema: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'object', properties: { p: schema }, ...extra });
}

describe('JSON Schemas to columns', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'string', format: 'date' }, 'date'],
    [{ type: 'string', format: 'date-time' }, 'timestamp'],
    [{ type: 'string', format: 'email' }, 'string'],
    [{ type: 'string', contentEncoding: 'base64' }, 'binary'],
    [{ type: 'integer' }, 'bigint'],
    [{ type: 'number' }, 'double'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: 'null' }, 'string'],
    [{}, 'string'],
    [true, 'string'],
    [{ type: ['integer', 'null'] }, 'bigint'],
    [{ type: ['null', 'string'], format: 'date' }, 'date'],
    [{ type: ['integer', 'number'] }, 'double'],
    [{ type: ['string', 'integer'] }, 'string'],
    [{ type: 'array', items: { type: 'integer' } }, 'array<bigint>'],
    [{ type: 'array' }, 'array<string>'],
    [{ type: 'array', items: [{ type: 'integer' }, { type: 'number' }] }, 'array<double>'],
    [{ type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'string' } }, 'array<string>'],
    [{ items: { type: 'boolean' } }, 'array<boolean>'],
    [
      { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } } },
      'struct<a:bigint,b:string>',
    ],
    [{ properties: { a: { type: 'boolean' } } }, 'struct<a:boolean>'],
    [{ type: 'object', properties: {} }, 'struct<>'],
    [{ type: 'object' }, 'string'],
    [{ type: 'object', additionalProperties: true }, 'string'],
    [{ type: 'object', additionalProperties: { type: 'integer' } }, 'map<string,bigint>'],
    [
      { type: 'object', patternProperties: { '^x': { type: 'integer' }, '^y': { type: 'number' } } },
      'map<string,double>',
    ],
    [
      { type: 'object', properties: { 'a b': { type: 'string' }, 'c`d': { type: 'string' } } },
      'struct<`a b`:string,`c``d`:string>',
    ],
    [{ enum: ['a', 'b'] }, 'string'],
    [{ enum: [1, 2, null] }, 'bigint'],
    [{ enum: [1, 2.5] }, 'double'],
    [{ enum: [true, false] }, 'boolean'],
    [{ enum: ['a', 1] }, 'string'],
    [{ const: 3 }, 'bigint'],
    [{ const: { a: 1 } }, 'string'],
    [{ type: 'string', enum: ['1', '2'] }, 'string'],
    [{ oneOf: [{ type: 'null' }, { type: 'integer' }] }, 'bigint'],
    [{ anyOf: [{ type: 'integer' }, { type: 'number' }] }, 'double'],
    [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, 'string'],
    [
      {
        oneOf: [
          { type: 'object', properties: { a: { type: 'integer' } } },
          { type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } } },
        ],
      },
      'struct<a:double,b:string>',
    ],
    [{ oneOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { type: 'string' }] }, 'string'],
    [
      {
        anyOf: [
          { type: 'array', items: { type: 'integer' } },
          { type: 'array', items: { type: 'string' } },
        ],
      },
      'array<string>',
    ],
    [
      {
        type: 'object',
        properties: { a: { type: 'integer' }, b: { type: 'integer' } },
        oneOf: [{ required: ['a'] }, { required: ['b'] }],
      },
      'struct<a:bigint,b:bigint>',
    ],
    [
      {
        allOf: [
          { properties: { a: { type: 'integer' } } },
          { properties: { b: { type: 'string' } } },
          { required: ['a'] },
        ],
      },
      'struct<a:bigint,b:string>',
    ],
    [{ allOf: [{ type: 'integer' }, { minimum: 0 }] }, 'bigint'],
  ])('maps %j to %s', (schema, expected) => {
    // Prepare
    const definition = jsonProperty(schema);

    // Act
    const columns = schemaToColumns('JSON', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['p', expected]]);
  });

  it.each([
    ['$defs', { p: { $ref: '#/$defs/T' } }, { $defs: { T: { type: 'integer' } } }, 'bigint'],
    [
      'definitions',
      { p: { $ref: '#/definitions/T' } },
      { definitions: { T: { type: 'boolean' } } },
      'boolean',
    ],
    ['a nested pointer', { p: { $ref: '#/properties/q' }, q: { type: 'number' } }, {}, 'double'],
    [
      'an escaped pointer',
      { p: { $ref: '#/$defs/a~1b%20c' } },
      { $defs: { 'a/b c': { type: 'integer' } } },
      'bigint',
    ],
    [
      'a chain of references',
      { p: { $ref: '#/$defs/A' } },
      {
        $defs: {
          A: { $ref: '#/$defs/B' },
          B: { type: 'array', items: { $ref: '#/$defs/C' } },
          C: { type: 'string' },
        },
      },
      'array<string>',
    ],
    [
      'a reference with sibling keywords',
      { p: { $ref: '#/$defs/A', properties: { extra: { type: 'boolean' } } } },
      { $defs: { A: { type: 'object', properties: { a: { type: 'integer' } } } } },
      'struct<a:bigint,extra:boolean>',
    ],
  ])('resolves $ref through %s', (_label, properties, extra, expected) => {
    // Prepare
    const definition = JSON.stringify({ type: 'object', properties, ...extra });

    // Act
    const columns = schemaToColumns('JSON', definition);

    // Assess
    expect(columns[0]).toEqual({ columnName: 'p', dataType: expected });
  });

  it.each([
    ['a remote reference', 'https://example.com/other.json', 'is not a local JSON pointer'],
    ['an anchor reference', '#node', 'is not a local JSON pointer'],
    ['a dangling pointer', '#/$defs/Missing', 'is not a local JSON pointer'],
  ])('types %s as string with a warning', (_label, ref, warning) => {
    // Prepare
    const definition = jsonProperty({ $ref: ref });

    // Act
    const result = tryColumns('JSON', definition);

    // Assess
    if (!result.ok) throw result.error;
    expect(typesOf(result.columns)).toEqual([['p', 'string']]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(warning);
  });

  it.each([
    [
      'a self-referencing definition',
      {
        type: 'object',
        properties: { tree: { $ref: '#/$defs/Node' } },
        $defs: {
          Node: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              kids: { type: 'array', items: { $ref: '#/$defs/Node' } },
            },
          },
        },
      },
      'struct<name:string,kids:array<string>>',
      'tree.kids[]: recursive $ref "#/$defs/Node" rendered as string',
    ],
    [
      'a reference to the root',
      { type: 'object', properties: { parent: { $ref: '#' } } },
      'string',
      'parent: recursive $ref "#" rendered as string',
    ],
    [
      'mutual recursion',
      {
        type: 'object',
        properties: { a: { $ref: '#/$defs/A' } },
        $defs: {
          A: { type: 'object', properties: { b: { $ref: '#/$defs/B' } } },
          B: { type: 'object', properties: { a: { $ref: '#/$defs/A' } } },
        },
      },
      'struct<b:struct<a:string>>',
      'a.b.a: recursive $ref "#/$defs/A" rendered as string',
    ],
  ])('cuts %s', (_label, schema, expected, warning) => {
    // Act
    const result = tryColumns('JSON', JSON.stringify(schema));

    // Assess
    if (!result.ok) throw result.error;
    expect(result.columns[0]?.dataType).toBe(expected);
    expect(result.warnings).toEqual([warning]);
  });

  it('maps every construct of the order fixture with descriptions', () => {
    // Prepare
    const definition = fixture('order.schema.json');

    // Act
    const result = tryColumns('JSON', definition);

    // Assess
    if (!result.ok) throw result.error;
    expect(result.columns).toEqual([
      { columnName: 'orderId', dataType: 'string', description: 'Order identifier' },
      { columnName: 'placedAt', dataType: 'timestamp', description: 'When the order was placed' },
      { columnName: 'total', dataType: 'double' },
      { columnName: 'status', dataType: 'string' },
      {
        columnName: 'customer',
        dataType: 'struct<id:bigint,email:string,address:struct<street:string,zip:string>>',
        description: 'Who ordered',
      },
      { columnName: 'lines', dataType: 'array<struct<sku:string,quantity:bigint,price:double>>' },
      { columnName: 'attributes', dataType: 'map<string,string>' },
      { columnName: 'deliveryDate', dataType: 'date' },
      { columnName: 'parent', dataType: 'string', description: 'Order' },
    ]);
    expect(result.warnings).toEqual(['parent: recursive $ref "#" rendered as string']);
  });

  it('takes descriptions from description, then title, then the $ref target', () => {
    // Prepare
    const definition = JSON.stringify({
      type: 'object',
      properties: {
        a: { type: 'string', description: 'described', title: 'titled' },
        b: { type: 'string', title: 'titled' },
        c: { $ref: '#/$defs/C' },
        d: { type: 'string', description: '' },
      },
      $defs: { C: { type: 'string', description: 'from the definition' } },
    });

    // Act
    const columns = schemaToColumns('JSON', definition);

    // Assess
    expect(columns.map((column) => column.description)).toEqual([
      'described',
      'titled',
      'from the definition',
      undefined,
    ]);
  });

  it.each([
    [
      'a top-level $ref',
      { $ref: '#/$defs/R', $defs: { R: { type: 'object', properties: { a: { type: 'integer' } } } } },
      [['a', 'bigint']],
    ],
    [
      'a top-level allOf',
      { allOf: [{ properties: { a: { type: 'integer' } } }, { properties: { b: { type: 'string' } } }] },
      [
        ['a', 'bigint'],
        ['b', 'string'],
      ],
    ],
    ['a top-level array', { type: 'array', items: { type: 'integer' } }, [['value', 'array<bigint>']]],
    ['a top-level string', { type: 'string', description: 'text' }, [['value', 'string']]],
    [
      'a top-level map',
      { type: 'object', additionalProperties: { type: 'integer' } },
      [['value', 'map<string,bigint>']],
    ],
    ['an empty schema', {}, [['value', 'string']]],
    ['a boolean schema', true, [['value', 'string']]],
    ['an object without properties', { type: 'object', properties: {} }, []],
  ])('handles %s', (_label, schema, expected) => {
    // Act
    const columns = schemaToColumns('JSON', JSON.stringify(schema));

    // Assess
    expect(typesOf(columns)).toEqual(expected);
  });

  it.each([
    ['draft-07', 'http://json-schema.org/draft-07/schema#'],
    ['draft-06', 'http://json-schema.org/draft-06/schema#'],
    ['2019-09', 'https://json-schema.org/draft/2019-09/schema'],
    ['2020-12', 'https://json-schema.org/draft/2020-12/schema'],
    ['draft-04 (not meta-validated)', 'http://json-schema.org/draft-04/schema#'],
    ['an unknown dialect', 'https://example.com/my-dialect'],
  ])('accepts a %s schema', (_label, uri) => {
    // Prepare
    const definition = JSON.stringify({
      $schema: uri,
      type: 'object',
      properties: { a: { type: 'integer' } },
    });

    // Act
    const columns = schemaToColumns('JSON', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['a', 'bigint']]);
  });

  it('keeps __proto__, constructor and prototype as plain property names', () => {
    // Prepare
    const definition =
      '{"type":"object","properties":{"__proto__":{"type":"object","properties":{"polluted":{"type":"boolean"}}},' +
      '"constructor":{"type":"integer"},"prototype":{"type":"string"}}}';

    // Act
    const columns = schemaToColumns('JSON', definition);

    // Assess
    expect(typesOf(columns)).toEqual([
      ['__proto__', 'struct<polluted:boolean>'],
      ['constructor', 'bigint'],
      ['prototype', 'string'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['malformed JSON', '{"type": "object", "properties": {"a": }}', 'malformed JSON', 'line 1, column 40'],
    ['a truncated document', '{"type": "object",\n "properties": {', 'malformed JSON', 'line 2, column 17'],
    ['a top-level number', '42', 'a schema must be an object or a boolean', '/'],
    ['an unknown type (meta-schema)', '{"type": "strng"}', 'not a valid JSON Schema', '/type'],
    [
      'properties that are not an object (meta-schema)',
      '{"properties": []}',
      'not a valid JSON Schema',
      '/properties',
    ],
    [
      'required that is not an array (meta-schema)',
      '{"required": "a"}',
      'not a valid JSON Schema',
      '/required',
    ],
    [
      'an unknown type in draft-04',
      '{"$schema":"http://json-schema.org/draft-04/schema#","type":"strng"}',
      'unknown type "strng"',
      '/type',
    ],
    [
      'a non-string $ref in draft-04',
      '{"$schema":"http://json-schema.org/draft-04/schema#","$ref":5}',
      '$ref must be a string',
      '/$ref',
    ],
    [
      'oneOf that is not an array in draft-04',
      '{"$schema":"http://json-schema.org/draft-04/schema#","oneOf":{}}',
      'oneOf must be an array',
      '/oneOf',
    ],
    ['an empty property name', '{"properties": {"": {"type": "string"}}}', 'empty field name', '""'],
    [
      'a control character in a name',
      '{"properties": {"a\\u0007b": {"type": "string"}}}',
      'control character U+0007',
      'a\\u0007b',
    ],
    [
      'an unpaired surrogate in a name',
      '{"properties": {"x": {"properties": {"a\\ud800": {}}}}}',
      'unpaired UTF-16 surrogate',
      'x.a\ud800',
    ],
  ])('reports %s as a SchemaParseError', (_label, definition, reason, location) => {
    // Act
    const error = failureOf('JSON', definition);

    // Assess
    expect(error.format).toBe('JSON');
    expect(error.reason).toContain(reason);
    expect(error.location).toBe(location);
  });
});
