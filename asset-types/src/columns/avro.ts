/**
 * Avro schema → columns. The definition is parsed with `JSON.parse`, checked for depth, then parsed and
 * validated by `avsc` (`Type.forSchema`), which resolves named type references and namespaces; the
 * resulting `avsc` type graph is walked to Glue/Hive types.
 *
 * | Avro | Glue/Hive type |
 * | --- | --- |
 * | `null` (alone) | `string` |
 * | `boolean`, `int`, `float`, `double`, `string` | same name |
 * | `long` | `bigint` |
 * | `bytes`, `fixed` | `binary` |
 * | `enum` | `string` |
 * | `record` / `error` | `struct<field:type,…>` |
 * | `array` | `array<items>` |
 * | `map` | `map<string,values>` |
 * | `["null", T]` | `T` (the column is nullable; the description stays the `doc`) |
 * | union of several non-null types | `uniontype<A,B,…>` (Hive), `null` branches dropped |
 * | `decimal` on `bytes`/`fixed` | `decimal(p,s)`; precision above 38 keeps the underlying `binary` |
 * | `date` | `date` |
 * | `time-millis` / `time-micros` | `int` / `bigint` (Hive has no time type) |
 * | `timestamp-*`, `local-timestamp-*` (millis, micros, nanos) | `timestamp` |
 * | `uuid` | `string` |
 * | other or invalid logical types (`duration`, `big-decimal`, …) | the underlying type |
 * | recursive reference to an enclosing record | `string`, with a warning |
 *
 * Top level: a record's fields are the columns (a `["null", record]` union counts as the record); any
 * other schema is one column named `value`.
 *
 * @module
 */
import avsc from 'avsc';
import { isJsonObject } from '../../../common/src/json.ts';
import {
  childPath,
  type Fail,
  type HiveField,
  type HiveType,
  HiveTypeBuilder,
  MAX_DECIMAL_PRECISION,
  primitive,
} from './hive-types.ts';
import { checkJsonDepth, parseJsonText } from './json-text.ts';
import { errorMessage, SchemaParseError } from './schema-parse-error.ts';
import type { ColumnLimits, Conversion } from './types.ts';

/** JSON nesting allowed per type level (record → fields → field → type). */
const JSON_LEVELS_PER_TYPE = 4;

const TIMESTAMP_LOGICAL_TYPES = new Set([
  'timestamp-millis',
  'timestamp-micros',
  'timestamp-nanos',
  'local-timestamp-millis',
  'local-timestamp-micros',
  'local-timestamp-nanos',
]);

/** Underlying Avro type names each supported logical type may annotate (per the Avro 1.12 specification). */
const LOGICAL_UNDERLYING: Readonly<Record<string, readonly string[]>> = {
  decimal: ['bytes', 'fixed'],
  date: ['int'],
  'time-millis': ['int'],
  'time-micros': ['long'],
  uuid: ['string', 'fixed'],
  ...Object.fromEntries([...TIMESTAMP_LOGICAL_TYPES].map((name) => [name, ['long']])),
};

/** Largest decimal precision a fixed of `size` bytes holds: floor(log10(2^(8·size−1) − 1)). */
function maxFixedPrecision(size: number): number {
  return Math.floor(Math.log10(2) * (8 * size - 1));
}

function integerAttribute(attrs: Record<string, unknown>, key: string): number | undefined {
  const value = attrs[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/**
 * An `avsc` logical type that only records its name and parameters. Its constructor throws when the
 * annotation is invalid for the underlying type, which makes `avsc` fall back to the underlying type as
 * the Avro specification requires.
 */
class RecordedLogicalType extends avsc.types.LogicalType {
  readonly logicalName: string;
  readonly precision: number;
  readonly scale: number;

  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts);
    const attrs: Record<string, unknown> = isJsonObject(schema) ? schema : {};
    this.logicalName = typeof attrs.logicalType === 'string' ? attrs.logicalType : '';
    const allowed = LOGICAL_UNDERLYING[this.logicalName] ?? [];
    const underlying = this.underlyingType;
    if (!allowed.includes(underlying.typeName)) throw new Error('logical type does not fit its type');
    if (this.logicalName === 'uuid' && underlying instanceof avsc.types.FixedType && underlying.size !== 16) {
      throw new Error('uuid needs fixed(16)');
    }
    this.precision = integerAttribute(attrs, 'precision') ?? 0;
    this.scale = attrs.scale === undefined ? 0 : (integerAttribute(attrs, 'scale') ?? -1);
    if (this.logicalName === 'decimal') {
      const limit =
        underlying instanceof avsc.types.FixedType
          ? maxFixedPrecision(underlying.size)
          : Number.POSITIVE_INFINITY;
      if (this.precision < 1 || this.precision > limit || this.scale < 0 || this.scale > this.precision) {
        throw new Error('invalid decimal precision or scale');
      }
    }
  }

  protected override _fromValue(value: unknown): unknown {
    return value;
  }

  protected override _toValue(value: unknown): unknown {
    return value;
  }
}

const LOGICAL_TYPES = Object.fromEntries(
  Object.keys(LOGICAL_UNDERLYING).map((name) => [name, RecordedLogicalType]),
);

/** Documentation attached to an `avsc` field or named type (`doc`), when it is a non-empty string. */
function docOf(node: object): string | undefined {
  const doc: unknown = Reflect.get(node, 'doc');
  return typeof doc === 'string' && doc !== '' ? doc : undefined;
}

/** Branches of a union other than `null`, or `undefined` when `type` is not a union. */
function nonNullBranches(type: avsc.Type): avsc.Type[] | undefined {
  if (type instanceof avsc.types.WrappedUnionType || type instanceof avsc.types.UnwrappedUnionType) {
    return type.types.filter((branch) => branch.typeName !== 'null');
  }
  return undefined;
}

class AvroWalker {
  readonly warnings: string[] = [];
  readonly #enclosing: avsc.Type[] = [];

  constructor(readonly builder: HiveTypeBuilder) {}

  toHive(type: avsc.Type, path: string, depth: number): HiveType {
    this.builder.visit(path, depth);
    if (type instanceof RecordedLogicalType) return this.#logical(type, path, depth);
    if (type instanceof avsc.types.RecordType) return this.#record(type, path, depth);
    if (type instanceof avsc.types.ArrayType) {
      return this.builder.array(this.toHive(type.itemsType, `${path}[]`, depth + 1), path);
    }
    if (type instanceof avsc.types.MapType) {
      const values = this.toHive(type.valuesType as avsc.Type, `${path}{}`, depth + 1);
      return this.builder.map(primitive('string'), values, path);
    }
    const branches = nonNullBranches(type);
    if (branches !== undefined) {
      const [only] = branches;
      if (only === undefined) return primitive('string');
      if (branches.length === 1) return this.toHive(only, path, depth);
      return this.builder.union(
        branches.map((branch) => this.toHive(branch, path, depth + 1)),
        path,
      );
    }
    return this.#simple(type);
  }

  /** Fields of a record as struct fields, each with its `doc`. */
  fields(type: avsc.types.RecordType, path: string, depth: number): HiveField[] {
    this.#enclosing.push(type);
    try {
      return type.fields.map((field) => {
        const fieldPath = childPath(path, field.name);
        const description = docOf(field);
        const hive = this.toHive(field.type, fieldPath, depth);
        return description === undefined
          ? { name: field.name, type: hive }
          : { name: field.name, type: hive, description };
      });
    } finally {
      this.#enclosing.pop();
    }
  }

  #record(type: avsc.types.RecordType, path: string, depth: number): HiveType {
    if (this.#enclosing.includes(type)) {
      this.warnings.push(`${path}: recursive reference to record ${type.name ?? ''} rendered as string`);
      return primitive('string');
    }
    return this.builder.struct(this.fields(type, path, depth + 1), path);
  }

  #logical(type: RecordedLogicalType, path: string, depth: number): HiveType {
    const name = type.logicalName;
    if (name === 'decimal') {
      if (type.precision <= MAX_DECIMAL_PRECISION) return this.builder.decimal(type.precision, type.scale);
      this.warnings.push(
        `${path}: decimal(${type.precision},${type.scale}) exceeds Hive's precision 38, kept as binary`,
      );
      return this.toHive(type.underlyingType, path, depth);
    }
    if (name === 'date') return primitive('date');
    if (name === 'uuid') return primitive('string');
    if (TIMESTAMP_LOGICAL_TYPES.has(name)) return primitive('timestamp');
    return this.toHive(type.underlyingType, path, depth);
  }

  #simple(type: avsc.Type): HiveType {
    switch (type.typeName) {
      case 'boolean':
        return primitive('boolean');
      case 'int':
        return primitive('int');
      case 'long':
        return primitive('bigint');
      case 'float':
        return primitive('float');
      case 'double':
        return primitive('double');
      case 'bytes':
      case 'fixed':
        return primitive('binary');
      default:
        // string, enum, null (alone)
        return primitive('string');
    }
  }
}

/** Parses an Avro schema definition and maps it to columns (see the module table). */
export function avroToColumns(definition: string, limits: ColumnLimits): Conversion {
  const fail: Fail = (path, reason) => {
    throw new SchemaParseError('AVRO', reason, path === '' ? undefined : path);
  };
  const json = parseJsonText('AVRO', definition);
  checkJsonDepth('AVRO', json, limits.maxDepth * JSON_LEVELS_PER_TYPE);
  let root: avsc.Type;
  try {
    root = avsc.Type.forSchema(json as avsc.Schema, {
      wrapUnions: true,
      logicalTypes: LOGICAL_TYPES,
      registry: {},
    });
  } catch (error) {
    throw new SchemaParseError('AVRO', errorMessage(error), undefined, error);
  }
  const walker = new AvroWalker(new HiveTypeBuilder(limits, fail));
  const branches = nonNullBranches(root);
  const top = branches?.length === 1 && branches[0] !== undefined ? branches[0] : root;
  if (top instanceof avsc.types.RecordType) {
    if (top.fields.length > limits.maxColumns) fail('', `more than ${limits.maxColumns} top-level fields`);
    const fields = walker.fields(top, '', 1);
    for (const field of fields) walker.builder.checkName(field.name, field.name);
    return {
      columns: fields.map((field) => ({
        columnName: field.name,
        dataType: field.type.text,
        ...(field.description === undefined ? {} : { description: field.description }),
      })),
      warnings: walker.warnings,
    };
  }
  const description = docOf(top);
  const type = walker.toHive(root, 'value', 1);
  return {
    columns: [
      { columnName: 'value', dataType: type.text, ...(description === undefined ? {} : { description }) },
    ],
    warnings: walker.warnings,
  };
}
