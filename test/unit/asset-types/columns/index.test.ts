import { describe, expect, it } from 'vitest';
import {
  convertSchema,
  DATA_FORMATS,
  type DataFormat,
  SchemaParseError,
  schemaToColumns,
  tryColumns,
} from '../../../../asset-types/src/columns/index.ts';

const MINIMAL: Readonly<Record<DataFormat, string>> = {
  AVRO: '{"type":"record","name":"R","fields":[{"name":"id","type":"long","doc":"Identifier"}]}',
  JSON: '{"type":"object","properties":{"id":{"type":"integer","description":"Identifier"}}}',
  PROTOBUF: 'syntax = "proto3"; message R { int64 id = 1; // Identifier\n}',
};

describe('schemaToColumns dispatcher', () => {
  it.each(DATA_FORMATS)('converts a minimal %s schema to the same column', (format) => {
    // Act
    const columns = schemaToColumns(format, MINIMAL[format]);

    // Assess
    expect(columns).toEqual([{ columnName: 'id', dataType: 'bigint', description: 'Identifier' }]);
  });

  it.each(DATA_FORMATS)('returns a %s failure as a value from tryColumns', (format) => {
    // Act
    const result = tryColumns(format, '{{{ not a schema');

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(SchemaParseError);
    expect(result.error.name).toBe('SchemaParseError');
    expect(result.error.format).toBe(format);
    expect(result.error.message).toContain(`Invalid ${format} schema`);
    expect(result.error.context).toMatchObject({ format });
  });

  it.each(DATA_FORMATS)('throws SchemaParseError from schemaToColumns for a broken %s schema', (format) => {
    // Act
    const act = (): unknown => schemaToColumns(format, '{{{ not a schema');

    // Assess
    expect(act).toThrow(SchemaParseError);
  });

  it('rejects an unsupported data format', () => {
    // Act
    const result = tryColumns('XML' as DataFormat, '<a/>');

    // Assess
    expect(!result.ok && result.error.reason).toBe('unsupported data format "XML"');
  });

  it('rejects a definition that is not a string', () => {
    // Act
    const result = tryColumns('AVRO', undefined as unknown as string);

    // Assess
    expect(!result.ok && result.error.reason).toBe('the definition is not a string');
  });

  it('returns warnings with the columns', () => {
    // Act
    const conversion = convertSchema('JSON', '{"properties":{"me":{"$ref":"#"}}}');

    // Assess
    expect(conversion).toEqual({
      columns: [{ columnName: 'me', dataType: 'string' }],
      warnings: ['me: recursive $ref "#" rendered as string'],
    });
  });

  it('escapes control characters and caps the length of error locations', () => {
    // Act
    const error = new SchemaParseError('JSON', 'bad', `a\u0001${'b'.repeat(1_000)}`);

    // Assess
    expect(error.location?.startsWith('a\\u0001b')).toBe(true);
    expect(error.location?.length).toBeLessThanOrEqual(301);
    expect(error.message).toBe(`Invalid JSON schema at ${error.location}: bad`);
  });
});
