/**
 * Shared types of the schema-to-columns conversion: the column shape of DataZone's
 * `RelationalTableFormType`, the Glue Schema Registry data formats, options and limits.
 *
 * @module
 */
import type { SchemaParseError } from './schema-parse-error.ts';

/** Data formats of the AWS Glue Schema Registry (`DataFormat` of `GetSchemaVersion`). */
export type DataFormat = 'AVRO' | 'JSON' | 'PROTOBUF';

/** The data formats this module converts, in a stable order. */
export const DATA_FORMATS: readonly DataFormat[] = ['AVRO', 'JSON', 'PROTOBUF'];

/** One column of a DataZone `RelationalTableFormType` form. */
export interface Column {
  /** Top-level field name, verbatim (never quoted). */
  readonly columnName: string;
  /** Glue/Hive type string: `int`, `struct<a:int,b:string>`, `array<…>`, `map<string,…>`, `decimal(p,s)`. */
  readonly dataType: string;
  /** The field's documentation from the schema (Avro `doc`, JSON Schema `description`/`title`, Protobuf comment). */
  readonly description?: string;
}

/**
 * Guards against hostile or degenerate schemas. Exceeding one of them makes the conversion fail with a
 * {@link SchemaParseError} naming the field path, never loop or exhaust memory.
 */
export interface ColumnLimits {
  /** Longest schema definition accepted, in UTF-16 code units. */
  readonly maxDefinitionLength: number;
  /** Deepest type nesting (struct/array/map/union levels below a column). */
  readonly maxDepth: number;
  /** Longest type string of one column, in characters. */
  readonly maxTypeLength: number;
  /** Most top-level columns. */
  readonly maxColumns: number;
  /** Most fields in one struct, and most branches in one union. */
  readonly maxFields: number;
  /** Longest column or struct field name. */
  readonly maxNameLength: number;
  /** Most schema nodes visited in one conversion (bounds work on heavily shared or combined definitions). */
  readonly maxNodes: number;
  /**
   * Protobuf only: most `=` declarations (fields, options) in one `{ … }` block, checked with the tokenizer
   * before parsing, because protobufjs' parse time grows quadratically with a message's field count.
   */
  readonly maxProtobufBlockDeclarations: number;
}

/** Default {@link ColumnLimits}; see `README.md` for the reasoning behind each value. */
export const DEFAULT_LIMITS: ColumnLimits = Object.freeze({
  maxDefinitionLength: 262_144,
  maxDepth: 32,
  maxTypeLength: 65_536,
  maxColumns: 5_000,
  maxFields: 5_000,
  maxNameLength: 255,
  maxNodes: 200_000,
  maxProtobufBlockDeclarations: 1_000,
});

/** Options of {@link schemaToColumns}. */
export interface ColumnOptions {
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<ColumnLimits>;
  /**
   * Protobuf only: the message whose fields become the columns, by full name (`pkg.Outer.Inner`) or simple
   * name. Default: the first top-level message declared in the file.
   */
  readonly messageName?: string;
}

/** Columns of a schema that converted, with notes on lossy mappings (recursion cut, unresolved references). */
export interface ColumnsOk {
  readonly ok: true;
  readonly columns: readonly Column[];
  /** Human-readable notes, each naming the field path; empty when the mapping was exact. */
  readonly warnings: readonly string[];
}

/** A schema that did not parse or exceeded a limit. */
export interface ColumnsFailed {
  readonly ok: false;
  readonly error: SchemaParseError;
}

/** Result of the non-throwing `tryColumns`: what the sync records on the asset. */
export type ColumnsResult = ColumnsOk | ColumnsFailed;

/** Columns plus warnings, as produced by each format's converter. */
export interface Conversion {
  readonly columns: Column[];
  readonly warnings: string[];
}
