/**
 * Protobuf (`.proto` text, proto2 or proto3) → columns, parsed with protobufjs
 * (`parse(text, { keepCase: true, alternateCommentMode: true })`). Imports of the well-known types
 * (`google/protobuf/{any,duration,empty,field_mask,struct,timestamp,wrappers}.proto`) resolve from
 * protobufjs' bundled definitions, without files on disk; other imports are not available, and a type
 * used from one fails the conversion.
 *
 * The columns are the fields of the first top-level message declared in the file (what the Glue Schema
 * Registry serializers use by default), or of `messageName`.
 *
 * | Protobuf | Glue/Hive type |
 * | --- | --- |
 * | `int32`, `sint32`, `sfixed32` | `int` |
 * | `int64`, `sint64`, `sfixed64`, `uint32`, `fixed32` | `bigint` |
 * | `uint64`, `fixed64` | `decimal(20,0)` |
 * | `float`, `double`, `bool`, `string`, `bytes` | `float`, `double`, `boolean`, `string`, `binary` |
 * | enum | `string` |
 * | message (nested or not), group | `struct<…>` |
 * | `repeated T` | `array<T>` |
 * | `map<K,V>` | `map<K,V>` with K and V mapped as above |
 * | `oneof` members, proto3 `optional` | ordinary (nullable) fields of the enclosing struct |
 * | `google.protobuf.Timestamp` | `timestamp` |
 * | `google.protobuf.Duration`, `FieldMask` | `string` (their canonical JSON form) |
 * | wrappers (`StringValue`, `Int64Value`, …) | the wrapped scalar's type |
 * | `google.protobuf.Struct`, `Value`, `ListValue` | `string` (JSON text) |
 * | `google.protobuf.Any` | `struct<type_url:string,value:binary>` |
 * | `google.protobuf.Empty` | `struct<>` |
 * | recursive reference to an enclosing message | `string`, with a warning |
 *
 * Descriptions come from the field's comment (`/** … *\/`, `///` or `//`, leading or trailing).
 *
 * protobufjs ignores declarations named `__proto__` (prototype-pollution hardening); such a field has no
 * column, and the conversion reports a warning with its line.
 *
 * @module
 */
import protobuf from 'protobufjs';
import {
  childPath,
  type Fail,
  type HiveField,
  type HiveType,
  HiveTypeBuilder,
  type PrimitiveName,
  primitive,
} from './hive-types.ts';
import { errorMessage, SchemaParseError } from './schema-parse-error.ts';
import type { ColumnLimits, Conversion } from './types.ts';

const SCALARS: Readonly<Record<string, PrimitiveName | 'uint64'>> = {
  int32: 'int',
  sint32: 'int',
  sfixed32: 'int',
  int64: 'bigint',
  sint64: 'bigint',
  sfixed64: 'bigint',
  uint32: 'bigint',
  fixed32: 'bigint',
  uint64: 'uint64',
  fixed64: 'uint64',
  float: 'float',
  double: 'double',
  bool: 'boolean',
  string: 'string',
  bytes: 'binary',
};

const WELL_KNOWN: Readonly<Record<string, PrimitiveName | 'uint64' | 'any' | 'empty'>> = {
  '.google.protobuf.Timestamp': 'timestamp',
  '.google.protobuf.Duration': 'string',
  '.google.protobuf.FieldMask': 'string',
  '.google.protobuf.Struct': 'string',
  '.google.protobuf.Value': 'string',
  '.google.protobuf.ListValue': 'string',
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.Int64Value': 'bigint',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int',
  '.google.protobuf.UInt32Value': 'bigint',
  '.google.protobuf.BoolValue': 'boolean',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'binary',
  '.google.protobuf.Any': 'any',
  '.google.protobuf.Empty': 'empty',
};

/** The `(line N)` protobufjs puts in its syntax errors, as a location. */
function lineOf(message: string): string | undefined {
  const marker = 'line ';
  const at = message.lastIndexOf(marker);
  if (at < 0) return undefined;
  const line = Number.parseInt(message.slice(at + marker.length), 10);
  return Number.isSafeInteger(line) ? `line ${line}` : undefined;
}

/** Top-level messages in declaration order, descending into packages but not into messages. */
function topLevelMessages(namespace: protobuf.Namespace, out: protobuf.Type[] = []): protobuf.Type[] {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested);
    else if (nested instanceof protobuf.Namespace) topLevelMessages(nested, out);
  }
  return out;
}

/** Every message in the tree, nested ones included. */
function allMessages(
  namespace: protobuf.Namespace | protobuf.Type,
  out: protobuf.Type[] = [],
): protobuf.Type[] {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested);
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Namespace) allMessages(nested, out);
  }
  return out;
}

function commentOf(object: protobuf.ReflectionObject): string | undefined {
  const comment = object.comment?.trim();
  return comment === undefined || comment === '' ? undefined : comment;
}

class ProtobufWalker {
  readonly warnings: string[] = [];
  readonly #enclosing: protobuf.Type[] = [];

  constructor(readonly builder: HiveTypeBuilder) {}

  /** Fields of a message as struct fields, in declaration order, each with its comment. */
  fields(message: protobuf.Type, path: string, depth: number): HiveField[] {
    this.#enclosing.push(message);
    try {
      return message.fieldsArray
        .filter((field) => !field.name.startsWith('.'))
        .map((field) => {
          const fieldPath = childPath(path, field.name);
          this.builder.checkName(field.name, fieldPath);
          const type = this.#field(field, fieldPath, depth);
          const description = commentOf(field);
          return description === undefined
            ? { name: field.name, type }
            : { name: field.name, type, description };
        });
    } finally {
      this.#enclosing.pop();
    }
  }

  #field(field: protobuf.Field, path: string, depth: number): HiveType {
    this.builder.visit(path, depth);
    if (field instanceof protobuf.MapField) {
      const key = this.#scalar(field.keyType, path);
      const value = this.#element(field, `${path}{}`, depth + 1);
      return this.builder.map(key, value, path);
    }
    if (field.repeated) return this.builder.array(this.#element(field, `${path}[]`, depth + 1), path);
    return this.#element(field, path, depth);
  }

  #element(field: protobuf.FieldBase, path: string, depth: number): HiveType {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return this.#message(resolved, path, depth);
    if (resolved instanceof protobuf.Enum) return primitive('string');
    return this.#scalar(field.type, path);
  }

  #scalar(name: string, path: string): HiveType {
    const mapped = SCALARS[name];
    if (mapped === undefined) {
      throw new SchemaParseError('PROTOBUF', `unresolved type ${JSON.stringify(name)}`, path);
    }
    return mapped === 'uint64' ? this.builder.decimal(20, 0) : primitive(mapped);
  }

  message(message: protobuf.Type, path: string, depth: number): HiveType {
    return this.#message(message, path, depth);
  }

  #message(message: protobuf.Type, path: string, depth: number): HiveType {
    const known = WELL_KNOWN[message.fullName];
    if (known === 'any') {
      return this.builder.struct(
        [
          { name: 'type_url', type: primitive('string') },
          { name: 'value', type: primitive('binary') },
        ],
        path,
      );
    }
    if (known === 'empty') return this.builder.struct([], path);
    if (known === 'uint64') return this.builder.decimal(20, 0);
    if (known !== undefined) return primitive(known);
    if (this.#enclosing.includes(message)) {
      this.warnings.push(
        `${path}: recursive reference to message ${message.fullName.slice(1)} rendered as string`,
      );
      return primitive('string');
    }
    return this.builder.struct(this.fields(message, path, depth + 1), path);
  }
}

/** Name protobufjs drops silently (prototype-pollution hardening). */
const DROPPED_NAME = '__proto__';

/** Lines where `__proto__` appears as an identifier token (declarations protobufjs ignored). */
function droppedNameLines(definition: string): number[] {
  if (!definition.includes(DROPPED_NAME)) return [];
  const tokens = protobuf.tokenize(definition, false);
  const lines: number[] = [];
  for (let token = tokens.next(); token !== null; token = tokens.next()) {
    if (token === DROPPED_NAME) lines.push(tokens.line);
  }
  return lines;
}

/**
 * Fails when one `{ … }` block holds more than `max` `=` tokens (field and option declarations), before
 * protobufjs parses it in quadratic time. Tokenizer errors are left for the parser to report.
 */
function checkBlockSizes(definition: string, max: number): void {
  const counts: number[] = [0];
  try {
    const tokens = protobuf.tokenize(definition, false);
    for (let token = tokens.next(); token !== null; token = tokens.next()) {
      if (token === '{') counts.push(0);
      else if (token === '}' && counts.length > 1) counts.pop();
      else if (token === '=') {
        const count = (counts.pop() ?? 0) + 1;
        counts.push(count);
        if (count > max) {
          throw new SchemaParseError(
            'PROTOBUF',
            `more than ${max} declarations in one block`,
            `line ${tokens.line}`,
          );
        }
      }
    }
  } catch (error) {
    if (error instanceof SchemaParseError) throw error;
  }
}

/** Adds the bundled well-known type definitions for `imports`; returns the imports it could not provide. */
function addWellKnownImports(root: protobuf.Root, imports: readonly string[]): string[] {
  const missing: string[] = [];
  for (const file of imports) {
    const definition = protobuf.common.get(file);
    if (definition?.nested === undefined) missing.push(file);
    else root.addJSON(definition.nested);
  }
  return missing;
}

function selectMessage(
  root: protobuf.Root,
  first: protobuf.Type | undefined,
  messageName?: string,
): protobuf.Type {
  if (messageName === undefined) {
    if (first === undefined) throw new SchemaParseError('PROTOBUF', 'the file declares no message');
    return first;
  }
  const wanted = messageName.startsWith('.') ? messageName.slice(1) : messageName;
  const matches = allMessages(root).filter(
    (message) => message.fullName.slice(1) === wanted || (!wanted.includes('.') && message.name === wanted),
  );
  const exact = matches.find((message) => message.fullName.slice(1) === wanted);
  if (exact !== undefined) return exact;
  const [only, other] = matches;
  if (only === undefined)
    throw new SchemaParseError('PROTOBUF', `message ${JSON.stringify(messageName)} not found`);
  if (other !== undefined) {
    throw new SchemaParseError(
      'PROTOBUF',
      `message name ${JSON.stringify(messageName)} is ambiguous: ${matches.map((m) => m.fullName.slice(1)).join(', ')}`,
    );
  }
  return only;
}

/** Parses a `.proto` definition and maps one of its messages to columns (see the module table). */
export function protobufToColumns(
  definition: string,
  limits: ColumnLimits,
  messageName?: string,
): Conversion {
  const fail: Fail = (path, reason) => {
    throw new SchemaParseError('PROTOBUF', reason, path === '' ? undefined : path);
  };
  checkBlockSizes(definition, limits.maxProtobufBlockDeclarations);
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(definition, { keepCase: true, alternateCommentMode: true });
  } catch (error) {
    const message = errorMessage(error);
    throw new SchemaParseError('PROTOBUF', message, lineOf(message), error);
  }
  const root = parsed.root;
  const [first] = topLevelMessages(root);
  let missing: string[] = [];
  try {
    missing = addWellKnownImports(root, [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]);
    root.resolveAll();
  } catch (error) {
    const unavailable = missing.length === 0 ? '' : ` (imports not available: ${missing.join(', ')})`;
    throw new SchemaParseError('PROTOBUF', `${errorMessage(error)}${unavailable}`, undefined, error);
  }
  const warnings = missing.map(
    (file) =>
      `import ${JSON.stringify(file)} is not a bundled well-known type file; its types are unavailable`,
  );
  for (const line of droppedNameLines(definition)) {
    warnings.push(
      `line ${line}: a declaration named __proto__ is ignored by the Protobuf parser and has no column`,
    );
  }
  const message = selectMessage(root, first, messageName);
  const walker = new ProtobufWalker(new HiveTypeBuilder(limits, fail));
  const fieldCount = message.fieldsArray.length;
  if (fieldCount > limits.maxColumns) fail('', `more than ${limits.maxColumns} top-level fields`);
  if (WELL_KNOWN[message.fullName] !== undefined) {
    const type = walker.message(message, 'value', 1);
    return {
      columns: [{ columnName: 'value', dataType: type.text }],
      warnings: [...warnings, ...walker.warnings],
    };
  }
  const fields = walker.fields(message, '', 1);
  return {
    columns: fields.map((field) => ({
      columnName: field.name,
      dataType: field.type.text,
      ...(field.description === undefined ? {} : { description: field.description }),
    })),
    warnings: [...warnings, ...walker.warnings],
  };
}
