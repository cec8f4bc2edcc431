import { describe, expect, it } from 'vitest';
import { schemaToColumns, tryColumns } from '../../../../asset-types/src/columns/index.ts';
import { failureOf, fixture, typesOf } from './support.ts';

const WELL_KNOWN_IMPORTS = ['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers']
  .map((file) => `import "google/protobuf/${file}.proto";`)
  .join('\n');

/** A proto3 file whose first message `M` has one field declared as `field` (without number). */
function protoField(field: string, extra = ''): string {
  return `syntax = "proto3";\npackage t;\n${WELL_KNOWN_IMPORTS}\nmessage M {\n  ${field} = 1;\n}\n${extra}`;
}

describe('Protobuf schemas to columns', () => {
  it.each([
    ['int32', 'int'],
    ['sint32', 'int'],
    ['sfixed32', 'int'],
    ['int64', 'bigint'],
    ['sint64', 'bigint'],
    ['sfixed64', 'bigint'],
    ['uint32', 'bigint'],
    ['fixed32', 'bigint'],
    ['uint64', 'decimal(20,0)'],
    ['fixed64', 'decimal(20,0)'],
    ['float', 'float'],
    ['double', 'double'],
    ['bool', 'boolean'],
    ['string', 'string'],
    ['bytes', 'binary'],
    ['repeated string', 'array<string>'],
    ['repeated uint64', 'array<decimal(20,0)>'],
    ['map<string, int32>', 'map<string,int>'],
    ['map<int64, bool>', 'map<bigint,boolean>'],
    ['map<uint64, bytes>', 'map<decimal(20,0),binary>'],
    ['map<string, N>', 'map<string,struct<x:string>>'],
    ['E', 'string'],
    ['repeated E', 'array<string>'],
    ['N', 'struct<x:string>'],
    ['repeated N', 'array<struct<x:string>>'],
    ['optional int32', 'int'],
  ])('maps %s to %s', (declaration, expected) => {
    // Prepare
    const definition = protoField(`${declaration} f`, 'message N { string x = 1; }\nenum E { A = 0; }');

    // Act
    const columns = schemaToColumns('PROTOBUF', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['f', expected]]);
  });

  it.each([
    ['google.protobuf.Timestamp', 'timestamp'],
    ['google.protobuf.Duration', 'string'],
    ['google.protobuf.FieldMask', 'string'],
    ['google.protobuf.Struct', 'string'],
    ['google.protobuf.Value', 'string'],
    ['google.protobuf.ListValue', 'string'],
    ['google.protobuf.DoubleValue', 'double'],
    ['google.protobuf.FloatValue', 'float'],
    ['google.protobuf.Int64Value', 'bigint'],
    ['google.protobuf.UInt64Value', 'decimal(20,0)'],
    ['google.protobuf.Int32Value', 'int'],
    ['google.protobuf.UInt32Value', 'bigint'],
    ['google.protobuf.BoolValue', 'boolean'],
    ['google.protobuf.StringValue', 'string'],
    ['google.protobuf.BytesValue', 'binary'],
    ['google.protobuf.Any', 'struct<type_url:string,value:binary>'],
    ['google.protobuf.Empty', 'struct<>'],
    ['repeated google.protobuf.Timestamp', 'array<timestamp>'],
    ['map<string, google.protobuf.Int32Value>', 'map<string,int>'],
  ])('maps well-known type %s to %s without files on disk', (declaration, expected) => {
    // Prepare
    const definition = protoField(`${declaration} f`);

    // Act
    const columns = schemaToColumns('PROTOBUF', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['f', expected]]);
  });

  it('maps every construct of the order fixture with comments as descriptions', () => {
    // Prepare
    const definition = fixture('order.proto');

    // Act
    const result = tryColumns('PROTOBUF', definition);

    // Assess
    if (!result.ok) throw result.error;
    expect(result.columns).toEqual([
      { columnName: 'order_id', dataType: 'string', description: 'Order identifier' },
      { columnName: 'placed_at', dataType: 'timestamp', description: 'When the order was placed' },
      { columnName: 'status', dataType: 'string' },
      { columnName: 'customer', dataType: 'struct<id:bigint,email:string>' },
      { columnName: 'lines', dataType: 'array<struct<sku:string,quantity:int,price_micros:decimal(20,0)>>' },
      { columnName: 'attributes', dataType: 'map<string,string>' },
      { columnName: 'coupon', dataType: 'string', description: 'Coupon code, if any' },
      { columnName: 'card_token', dataType: 'string' },
      { columnName: 'iban', dataType: 'string' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('makes oneof members ordinary fields of nested structs too', () => {
    // Prepare
    const definition = protoField('N n', 'message N { oneof v { string s = 1; int64 i = 2; } bool b = 3; }');

    // Act
    const columns = schemaToColumns('PROTOBUF', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['n', 'struct<s:string,i:bigint,b:boolean>']]);
  });

  it.each([
    ['the first top-level message by default', undefined, [['a', 'string']]],
    ['a message by full name', 'p.q.Second', [['b', 'int']]],
    ['a message by simple name', 'Second', [['b', 'int']]],
    ['a nested message by full name', 'p.q.First.Inner', [['c', 'boolean']]],
    ['a message by name with a leading dot', '.p.q.Second', [['b', 'int']]],
  ])('selects %s', (_label, messageName, expected) => {
    // Prepare
    const definition = `syntax = "proto3"; package p.q;
      message First { string a = 1; message Inner { bool c = 1; } }
      message Second { int32 b = 1; }`;

    // Act
    const columns = schemaToColumns('PROTOBUF', definition, messageName === undefined ? {} : { messageName });

    // Assess
    expect(typesOf(columns)).toEqual(expected);
  });

  it('does not pick an imported well-known type as the first message', () => {
    // Prepare
    const definition = `syntax = "proto3"; import "google/protobuf/timestamp.proto"; message Event { google.protobuf.Timestamp at = 1; }`;

    // Act
    const columns = schemaToColumns('PROTOBUF', definition);

    // Assess
    expect(typesOf(columns)).toEqual([['at', 'timestamp']]);
  });

  it.each([
    [
      'direct recursion',
      'message Node { string v = 1; Node next = 2; }',
      [
        ['v', 'string'],
        ['next', 'string'],
      ],
      'next: recursive reference to message Node rendered as string',
    ],
    [
      'repeated recursion',
      'message Node { repeated Node kids = 1; }',
      [['kids', 'array<string>']],
      'kids[]: recursive reference to message Node rendered as string',
    ],
    [
      'mutual recursion',
      'message A { B b = 1; } message B { A a = 1; int32 n = 2; }',
      [['b', 'struct<a:string,n:int>']],
      'b.a: recursive reference to message A rendered as string',
    ],
    [
      'recursion through a map',
      'message T { map<string, T> kids = 1; }',
      [['kids', 'map<string,string>']],
      'kids{}: recursive reference to message T rendered as string',
    ],
  ])('cuts %s', (_label, body, expected, warning) => {
    // Act
    const result = tryColumns('PROTOBUF', `syntax = "proto3"; ${body}`);

    // Assess
    if (!result.ok) throw result.error;
    expect(typesOf(result.columns)).toEqual(expected);
    expect(result.warnings).toEqual([warning]);
  });

  it('parses proto2 with groups, required and defaults', () => {
    // Prepare
    const definition = `syntax = "proto2";
      message Legacy {
        required int32 id = 1;
        optional string name = 2 [default = "x"];
        repeated group Item = 3 { optional string sku = 4; }
      }`;

    // Act
    const columns = schemaToColumns('PROTOBUF', definition);

    // Assess
    expect(typesOf(columns)).toEqual([
      ['id', 'int'],
      ['name', 'string'],
      ['item', 'array<struct<sku:string>>'],
    ]);
  });

  it('takes block, triple-slash and trailing comments as descriptions', () => {
    // Prepare
    const definition = `syntax = "proto3";
      message M {
        /** Block comment */
        string a = 1;
        /// Triple slash
        string b = 2;
        string c = 3; // Trailing
        string d = 4;
      }`;

    // Act
    const columns = schemaToColumns('PROTOBUF', definition);

    // Assess
    expect(columns.map((column) => column.description)).toEqual([
      'Block comment',
      'Triple slash',
      'Trailing',
      undefined,
    ]);
  });

  it('keeps constructor as a plain name and reports the __proto__ fields protobufjs drops', () => {
    // Prepare
    const definition = [
      'syntax = "proto3";',
      'message M { string __proto__ = 1; N constructor = 2; }',
      'message N { int32 __proto__ = 1; int32 prototype = 2; }',
    ].join('\n');

    // Act
    const result = tryColumns('PROTOBUF', definition);

    // Assess
    if (!result.ok) throw result.error;
    expect(typesOf(result.columns)).toEqual([['constructor', 'struct<prototype:int>']]);
    expect(result.warnings).toEqual([
      'line 2: a declaration named __proto__ is ignored by the Protobuf parser and has no column',
      'line 3: a declaration named __proto__ is ignored by the Protobuf parser and has no column',
    ]);
  });

  it.each([
    ['a syntax error', 'syntax = "proto3";\nmessage M {\n  string a = 1\n}', "illegal token '}'", 'line 4'],
    [
      'an unknown type',
      'syntax = "proto3"; message M { Missing a = 1; }',
      "no such Type or Enum 'Missing'",
      undefined,
    ],
    [
      'a type from an unavailable import',
      'syntax = "proto3"; import "other.proto"; message M { other.T a = 1; }',
      'imports not available: other.proto',
      undefined,
    ],
    ['no message', 'syntax = "proto3"; enum E { A = 0; }', 'the file declares no message', undefined],
    [
      'an unknown message name',
      'syntax = "proto3"; message M { int32 a = 1; }',
      'message "Nope" not found',
      undefined,
    ],
    [
      'an ambiguous message name',
      'syntax = "proto3"; message A { message X {} } message B { message X {} }',
      'is ambiguous: A.X, B.X',
      undefined,
    ],
    [
      'duplicate field numbers',
      'syntax = "proto3"; message M { int32 a = 1; int32 b = 1; }',
      'duplicate id 1',
      undefined,
    ],
    ['an empty file', '', 'the file declares no message', undefined],
  ])('reports %s as a SchemaParseError', (label, definition, reason, location) => {
    // Prepare
    const messageName = label.includes('message name')
      ? label.includes('ambiguous')
        ? 'X'
        : 'Nope'
      : undefined;

    // Act
    const error = failureOf('PROTOBUF', definition, messageName === undefined ? {} : { messageName });

    // Assess
    expect(error.format).toBe('PROTOBUF');
    expect(error.reason).toContain(reason);
    expect(error.location).toBe(location);
  });

  it('keeps an unused unavailable import as a warning', () => {
    // Act
    const result = tryColumns(
      'PROTOBUF',
      'syntax = "proto3"; import "other.proto"; message M { int32 a = 1; }',
    );

    // Assess
    if (!result.ok) throw result.error;
    expect(typesOf(result.columns)).toEqual([['a', 'int']]);
    expect(result.warnings).toEqual([
      'import "other.proto" is not a bundled well-known type file; its types are unavailable',
    ]);
  });
});
