/**
 * Schema definitions from the AWS Glue Schema Registry → DataZone `RelationalTableFormType` columns.
 *
 * `schemaToColumns` throws {@link SchemaParseError}; `tryColumns` never throws and returns the error as a
 * value, which the sync records on the asset (a schema that does not parse still yields an asset). The
 * per-format mapping rules are in `README.md` and in the TSDoc of `avro.ts`, `json-schema.ts` and
 * `protobuf.ts`.
 *
 * @module
 */
import { avroToColumns } from './avro.ts';
import { jsonSchemaToColumns } from './json-schema.ts';
import { protobufToColumns } from './protobuf.ts';
import { errorMessage, SchemaParseError } from './schema-parse-error.ts';
import {
  type Column,
  type ColumnLimits,
  type ColumnOptions,
  type ColumnsResult,
  type Conversion,
  type DataFormat,
  DEFAULT_LIMITS,
} from './types.ts';

export { quoteFieldName } from './hive-types.ts';
export { SchemaParseError } from './schema-parse-error.ts';
export {
  type Column,
  type ColumnLimits,
  type ColumnOptions,
  type ColumnsFailed,
  type ColumnsOk,
  type ColumnsResult,
  type Conversion,
  DATA_FORMATS,
  type DataFormat,
  DEFAULT_LIMITS,
} from './types.ts';

function limitsOf(options: ColumnOptions): ColumnLimits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

/**
 * Converts a schema definition to columns and notes on lossy mappings.
 *
 * @param format - the Glue Schema Registry data format of `definition`.
 * @param definition - the schema text (`SchemaDefinition` of `GetSchemaVersion`).
 * @param options - limits, and the Protobuf message to use.
 * @returns the columns, one per top-level field (or one `value` column), and warnings.
 * @throws SchemaParseError when the definition does not parse, is invalid, or exceeds a limit.
 */
export function convertSchema(
  format: DataFormat,
  definition: string,
  options: ColumnOptions = {},
): Conversion {
  const limits = limitsOf(options);
  if (typeof definition !== 'string') throw new SchemaParseError(format, 'the definition is not a string');
  if (definition.length > limits.maxDefinitionLength) {
    throw new SchemaParseError(format, `definition longer than ${limits.maxDefinitionLength} characters`);
  }
  switch (format) {
    case 'AVRO':
      return avroToColumns(definition, limits);
    case 'JSON':
      return jsonSchemaToColumns(definition, limits);
    case 'PROTOBUF':
      return protobufToColumns(definition, limits, options.messageName);
    default:
      throw new SchemaParseError(format, `unsupported data format ${JSON.stringify(format)}`);
  }
}

/**
 * Converts a schema definition to columns.
 *
 * @example
 * ```ts
 * schemaToColumns('AVRO', '{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}');
 * // [{ columnName: 'a', dataType: 'bigint' }]
 * ```
 * @throws SchemaParseError when the definition does not parse, is invalid, or exceeds a limit.
 */
export function schemaToColumns(
  format: DataFormat,
  definition: string,
  options: ColumnOptions = {},
): Column[] {
  return convertSchema(format, definition, options).columns;
}

/**
 * Like {@link schemaToColumns} but never throws: any failure, including an unexpected one inside a
 * parser, comes back as `{ ok: false, error }` with a {@link SchemaParseError}.
 */
export function tryColumns(
  format: DataFormat,
  definition: string,
  options: ColumnOptions = {},
): ColumnsResult {
  try {
    const { columns, warnings } = convertSchema(format, definition, options);
    return { ok: true, columns, warnings };
  } catch (error) {
    if (error instanceof SchemaParseError) return { ok: false, error };
    return { ok: false, error: new SchemaParseError(format, errorMessage(error), undefined, error) };
  }
}
