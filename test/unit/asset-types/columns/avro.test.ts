import { describe, expect, it } from 'vitest';
import { schemaToColumns, tryColumns } from '../../../../asset-types/src/columns/index.ts';
import { avroField, failureOf, fixture, typesOf } from './support.ts';

describe('Avro schemas to columns', () => {
  it.each([
    ['boolean', 'boolean'],
    ['int', 'int'],
    ['long', 'bigint'],
    ['float', 'float'],
    ['double', 'double'],
    ['string', 'string'],
    ['bytes', 'binary'],
    [{ type: 'fixed', name: 'F', size: 4 }, 'binary'],
    [{ type: 'enum', name: 'E', symbols: ['A', 'B'] }, 'string'],
    [{ type: 'array', items: 'long' }, 'array<bigint>'],
    [{ type: 'map', values: 'int' }, 'map<string,int>'],
    [{ type: 'map', values: { type: 'array', items: 'string' } }, 'map<string,array<string>>'],
    [['null', 'string'], 'string'],
    [['string', 'null'], 'string'],
    [['null', 'int', 'string'], 'uniontype<int,string>'],
    [['int', 'long', 'string'], 'uniontype<int,bigint,string>'],
    [['null'], 'string'],
    [{ type: 'record', name: 'In', fields: [{ name: 'a', type: 'int' }] }, 'struct<a:int>'],
    [{ type: 'record', name: 'Empty', fields: [] }, 'struct<>'],
    [
      {
        type: 'record',
        name: 'L1',
        fields: [
          {
            name: 'l2',
            type: { type: 'record', name: 'L2', fields: [{ name: 'l3', type: ['null', 'L1'] }] },
          },
        ],
      },
      'struct<l2:struct<l3:string>>',
    ],
  ])('maps %j to %s', (type, expected) => {
    // Prepare
    const definition = avroField(type);

    // Act
    const columns = schemaToColumns('AVRO', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['f', expected]]);
  });

  it.each([
    [{ type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }, 'decimal(10,2)'],
    [{ type: 'bytes', logicalType: 'decimal', precision: 10 }, 'decimal(10,0)'],
    [
      { type: 'fixed', name: 'D', size: 16, logicalType: 'decimal', precision: 38, scale: 9 },
      'decimal(38,9)',
    ],
    [{ type: 'int', logicalType: 'date' }, 'date'],
    [{ type: 'int', logicalType: 'time-millis' }, 'int'],
    [{ type: 'long', logicalType: 'time-micros' }, 'bigint'],
    [{ type: 'long', logicalType: 'timestamp-millis' }, 'timestamp'],
    [{ type: 'long', logicalType: 'timestamp-micros' }, 'timestamp'],
    [{ type: 'long', logicalType: 'timestamp-nanos' }, 'timestamp'],
    [{ type: 'long', logicalType: 'local-timestamp-millis' }, 'timestamp'],
    [{ type: 'long', logicalType: 'local-timestamp-micros' }, 'timestamp'],
    [{ type: 'string', logicalType: 'uuid' }, 'string'],
    [{ type: 'fixed', name: 'U', size: 16, logicalType: 'uuid' }, 'string'],
    [['null', { type: 'long', logicalType: 'timestamp-millis' }], 'timestamp'],
    [{ type: 'array', items: { type: 'int', logicalType: 'date' } }, 'array<date>'],
  ])('maps logical type %j to %s', (type, expected) => {
    // Prepare
    const definition = avroField(type);

    // Act
    const columns = schemaToColumns('AVRO', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['f', expected]]);
  });

  it.each([
    ['unknown logical type', { type: 'string', logicalType: 'email' }, 'string'],
    ['duration', { type: 'fixed', name: 'Dur', size: 12, logicalType: 'duration' }, 'binary'],
    ['decimal on a string', { type: 'string', logicalType: 'decimal', precision: 4 }, 'string'],
    [
      'decimal scale above precision',
      { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 5 },
      'binary',
    ],
    ['decimal without precision', { type: 'bytes', logicalType: 'decimal' }, 'binary'],
    [
      'decimal too precise for its fixed',
      { type: 'fixed', name: 'S', size: 2, logicalType: 'decimal', precision: 9 },
      'binary',
    ],
    ['decimal beyond Hive precision', { type: 'bytes', logicalType: 'decimal', precision: 50 }, 'binary'],
    ['date on a long', { type: 'long', logicalType: 'date' }, 'bigint'],
    ['timestamp on an int', { type: 'int', logicalType: 'timestamp-millis' }, 'int'],
    ['uuid on fixed(8)', { type: 'fixed', name: 'U8', size: 8, logicalType: 'uuid' }, 'binary'],
  ])('falls back to the underlying type for %s', (_label, type, expected) => {
    // Prepare
    const definition = avroField(type);

    // Act
    const columns = schemaToColumns('AVRO', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['f', expected]]);
  });

  it('maps every construct of the order fixture, resolving named references and cutting recursion', () => {
    // Prepare
    const definition = fixture('order.avsc');

    // Act
    const result = tryColumns('AVRO', definition);

    // Assess
    if (!result.ok) throw result.error;
    expect(typesOf(result.columns)).toEqual([
      ['order_id', 'string'],
      ['placed_at', 'timestamp'],
      ['total', 'decimal(12,2)'],
      ['status', 'string'],
      [
        'customer',
        'struct<id:bigint,email:string,address:struct<street:string,zip:string,geo:struct<lat:double,lon:double>>>',
      ],
      ['billing', 'struct<street:string,zip:string,geo:struct<lat:double,lon:double>>'],
      ['lines', 'array<struct<sku:string,quantity:int,price:decimal(18,4)>>'],
      ['attributes', 'map<string,string>'],
      ['checksum', 'binary'],
      ['delivery_date', 'date'],
      ['discount', 'uniontype<double,string>'],
      ['parent', 'string'],
    ]);
    expect(result.columns.map((column) => column.description)).toEqual([
      'Order identifier',
      'When the order was placed',
      undefined,
      undefined,
      undefined,
      'Billing address, if different',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'Order this one replaces',
    ]);
    expect(result.warnings).toEqual([
      'parent: recursive reference to record com.example.orders.Order rendered as string',
    ]);
  });

  it('resolves references across namespaces and to types defined in earlier fields', () => {
    // Prepare
    const definition = JSON.stringify({
      type: 'record',
      name: 'A',
      namespace: 'x.y',
      fields: [
        {
          name: 'b',
          type: { type: 'record', name: 'B', namespace: 'other', fields: [{ name: 'n', type: 'int' }] },
        },
        { name: 'again', type: 'other.B' },
        { name: 'list', type: { type: 'array', items: 'other.B' } },
      ],
    });

    // Act
    const columns = schemaToColumns('AVRO', definition);

    // Assess
    expect(typesOf(columns)).toEqual([
      ['b', 'struct<n:int>'],
      ['again', 'struct<n:int>'],
      ['list', 'array<struct<n:int>>'],
    ]);
  });

  it.each([
    ['a primitive', '"long"', [['value', 'bigint']]],
    ['an array', '{"type":"array","items":"string"}', [['value', 'array<string>']]],
    ['a union', '["null","int","string"]', [['value', 'uniontype<int,string>']]],
    ['an enum', '{"type":"enum","name":"E","symbols":["A"],"doc":"Kinds"}', [['value', 'string']]],
    [
      'a nullable record',
      '["null",{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}]',
      [['a', 'int']],
    ],
  ])('makes %s at top level one value column', (_label, definition, expected) => {
    // Act
    const columns = schemaToColumns('AVRO', definition);

    // Assess
    expect(typesOf(columns)).toEqual(expected);
  });

  it('keeps the doc of a named non-record top-level type as the value column description', () => {
    // Act
    const columns = schemaToColumns('AVRO', '{"type":"enum","name":"E","symbols":["A"],"doc":"Kinds"}');

    // Assess
    expect(columns).toEqual([{ columnName: 'value', dataType: 'string', description: 'Kinds' }]);
  });

  it('treats __proto__ and constructor as plain field names', () => {
    // Prepare
    const definition = JSON.stringify({
      type: 'record',
      name: 'R',
      fields: [
        { name: '__proto__', type: 'int', doc: 'proto' },
        {
          name: 'constructor',
          type: { type: 'record', name: 'C', fields: [{ name: '__proto__', type: 'string' }] },
        },
      ],
    });

    // Act
    const columns = schemaToColumns('AVRO', definition);

    // Assess
    expect(columns).toEqual([
      { columnName: '__proto__', dataType: 'int', description: 'proto' },
      { columnName: 'constructor', dataType: 'struct<__proto__:string>' },
    ]);
    expect(Object.getPrototypeOf(columns[0])).toBe(Object.prototype);
  });

  it.each([
    ['malformed JSON', '{"type": "record", "name": "R", "fields": [}', 'malformed JSON', 'line 1, column 44'],
    ['an undefined type name', avroField('Missing'), 'undefined type name: Missing', undefined],
    [
      'an invalid field name',
      '{"type":"record","name":"R","fields":[{"name":"a-b","type":"int"}]}',
      'invalid field name',
      undefined,
    ],
    [
      'duplicate fields',
      '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}',
      'duplicate field name',
      undefined,
    ],
    ['nested unions', avroField(['int', ['string']]), 'unions cannot be directly nested', undefined],
    ['a missing items', '{"type":"array"}', 'missing array items', undefined],
    ['an empty definition', '', 'malformed JSON', 'line 1, column 1'],
  ])('reports %s as a SchemaParseError', (_label, definition, reason, location) => {
    // Act
    const error = failureOf('AVRO', definition);

    // Assess
    expect(error.name).toBe('SchemaParseError');
    expect(error.format).toBe('AVRO');
    expect(error.reason).toContain(reason);
    expect(error.location).toBe(location);
    expect(error.message).toMatch(/^Invalid AVRO schema/);
  });

  it('locates a syntax error on a later line', () => {
    // Prepare
    const definition = '{\n  "type": "record",\n  "name": "R",\n  "fields": [,]\n}';

    // Act
    const error = failureOf('AVRO', definition);

    // Assess
    expect(error.location).toBe('line 4, column 14');
  });
});
