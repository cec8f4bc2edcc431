/**
 * Glue/Hive type strings, built as a small tree whose rendered text is computed once per node and checked
 * against the {@link ColumnLimits} as it is built, so that a hostile schema fails fast instead of
 * producing a multi-megabyte string.
 *
 * Rendering: `struct<a:int,b:string>`, `array<T>`, `map<K,V>`, `uniontype<A,B>`, `decimal(p,s)`; struct
 * field names that are not plain identifiers (`[A-Za-z_][A-Za-z0-9_]*`) are quoted with backticks, a
 * backtick inside a name doubled (`` `odd``name` ``).
 *
 * @module
 */
import type { ColumnLimits } from './types.ts';

/** Hive primitive type names used by the mappings. */
export type PrimitiveName =
  | 'boolean'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'float'
  | 'double'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp';

/** A field of a struct type; `description` is carried for top-level columns and not rendered. */
export interface HiveField {
  readonly name: string;
  readonly type: HiveType;
  readonly description?: string;
}

/** A Glue/Hive type with its rendered text. */
export type HiveType =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName; readonly text: string }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number; readonly text: string }
  | { readonly kind: 'array'; readonly items: HiveType; readonly text: string }
  | { readonly kind: 'map'; readonly key: HiveType; readonly value: HiveType; readonly text: string }
  | { readonly kind: 'struct'; readonly fields: readonly HiveField[]; readonly text: string }
  | { readonly kind: 'union'; readonly branches: readonly HiveType[]; readonly text: string };

/** Largest precision of a Hive/Glue `decimal`. */
export const MAX_DECIMAL_PRECISION = 38;

const PRIMITIVES: ReadonlyMap<PrimitiveName, HiveType> = new Map(
  (
    [
      'boolean',
      'tinyint',
      'smallint',
      'int',
      'bigint',
      'float',
      'double',
      'string',
      'binary',
      'date',
      'timestamp',
    ] as const
  ).map((name) => [name, Object.freeze({ kind: 'primitive', name, text: name })]),
);

/** The primitive type `name` (shared, frozen instances). */
export function primitive(name: PrimitiveName): HiveType {
  const type = PRIMITIVES.get(name);
  if (type === undefined) throw new TypeError(`unknown primitive ${name}`);
  return type;
}

function isPlainIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    const digit = c >= 48 && c <= 57;
    if (!(letter || (digit && i > 0))) return false;
  }
  return true;
}

/** A struct field name as it appears inside a type string: verbatim, or backticked when it must be. */
export function quoteFieldName(name: string): string {
  return isPlainIdentifier(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

/**
 * Why `name` cannot be a column or struct field name, or `undefined` when it can: empty, longer than
 * `maxLength`, containing control characters (C0, DEL, C1) or unpaired UTF-16 surrogates.
 */
export function nameProblem(name: string, maxLength: number): string | undefined {
  if (name.length === 0) return 'empty field name';
  if (name.length > maxLength) return `field name longer than ${maxLength} characters`;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return `field name contains control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = name.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'field name contains an unpaired UTF-16 surrogate';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'field name contains an unpaired UTF-16 surrogate';
  }
  return undefined;
}

/** Appends a segment to a field path: `a` + `b` is `a.b`; suffixes `[]` (array items) and `{}` (map values) attach. */
export function childPath(path: string, segment: string): string {
  if (segment === '') return path === '' ? '""' : `${path}.""`;
  if (path === '') return segment;
  return segment === '[]' || segment === '{}' ? `${path}${segment}` : `${path}.${segment}`;
}

/** Reports a limit or validity failure at a field path; never returns. */
export type Fail = (path: string, reason: string) => never;

/**
 * Builds {@link HiveType}s under a conversion's {@link ColumnLimits}: every composite type's text is
 * checked against `maxTypeLength`, struct and union widths against `maxFields`, field names with
 * {@link nameProblem}, and each visited schema node is counted against `maxNodes`.
 */
export class HiveTypeBuilder {
  #nodes = 0;

  constructor(
    readonly limits: ColumnLimits,
    private readonly fail: Fail,
  ) {}

  /** Counts one visited schema node at `path` and checks the nesting `depth` of the type being built. */
  visit(path: string, depth: number): void {
    this.#nodes++;
    if (this.#nodes > this.limits.maxNodes) {
      this.fail(path, `schema too complex: more than ${this.limits.maxNodes} schema nodes visited`);
    }
    if (depth > this.limits.maxDepth) {
      this.fail(path, `types nested deeper than ${this.limits.maxDepth} levels`);
    }
  }

  /** Fails unless `name` is usable as a column or field name. */
  checkName(name: string, path: string): void {
    const problem = nameProblem(name, this.limits.maxNameLength);
    if (problem !== undefined) this.fail(path, problem);
  }

  /** `decimal(p,s)`; callers check `1 <= p <= 38` and `0 <= s <= p`. */
  decimal(precision: number, scale: number): HiveType {
    return { kind: 'decimal', precision, scale, text: `decimal(${precision},${scale})` };
  }

  /** `array<items>`. */
  array(items: HiveType, path: string): HiveType {
    return { kind: 'array', items, text: this.#checked(`array<${items.text}>`, path) };
  }

  /** `map<key,value>`. */
  map(key: HiveType, value: HiveType, path: string): HiveType {
    return { kind: 'map', key, value, text: this.#checked(`map<${key.text},${value.text}>`, path) };
  }

  /**
   * `struct<name:type,…>`, possibly empty (`struct<>`); names are checked, quoted when needed. The root
   * struct (`path` `''`) holds the columns: its width is checked against `maxColumns` instead of
   * `maxFields`, and its text (the concatenation of every column) is rendered only on demand and is not
   * held to `maxTypeLength`, which applies per column.
   */
  struct(fields: readonly HiveField[], path: string): HiveType {
    const root = path === '';
    const maxWidth = root ? this.limits.maxColumns : this.limits.maxFields;
    if (fields.length > maxWidth) {
      this.fail(
        path,
        root ? `more than ${maxWidth} top-level fields` : `struct with more than ${maxWidth} fields`,
      );
    }
    for (const field of fields) this.checkName(field.name, childPath(path, field.name));
    const render = (): string =>
      `struct<${fields.map((field) => `${quoteFieldName(field.name)}:${field.type.text}`).join(',')}>`;
    if (root) {
      let text: string | undefined;
      return {
        kind: 'struct',
        fields,
        get text(): string {
          text ??= render();
          return text;
        },
      };
    }
    let length = 8;
    for (const field of fields) {
      length += quoteFieldName(field.name).length + field.type.text.length + 2;
      if (length > this.limits.maxTypeLength) this.#tooLong(path);
    }
    return { kind: 'struct', fields, text: render() };
  }

  /** Hive `uniontype<A,B,…>`. */
  union(branches: readonly HiveType[], path: string): HiveType {
    if (branches.length > this.limits.maxFields) {
      this.fail(path, `union with more than ${this.limits.maxFields} branches`);
    }
    const text = `uniontype<${branches.map((branch) => branch.text).join(',')}>`;
    return { kind: 'union', branches, text: this.#checked(text, path) };
  }

  #checked(text: string, path: string): string {
    if (text.length > this.limits.maxTypeLength) this.#tooLong(path);
    return text;
  }

  #tooLong(path: string): never {
    return this.fail(path, `type string longer than ${this.limits.maxTypeLength} characters`);
  }
}

const BIGINT_RANK = 4;
const NUMERIC_RANK: Partial<Record<PrimitiveName, number>> = {
  tinyint: 1,
  smallint: 2,
  int: 3,
  bigint: BIGINT_RANK,
  float: 5,
  double: 6,
};

/**
 * The narrowest type that holds values of both `a` and `b`, for schema constructs whose branches must
 * share one column type (JSON Schema `oneOf`/`anyOf`/`allOf`, `type: [..]`): equal types stay; integer
 * types widen to the wider integer, any mix with floating point to `double`; structs merge field-wise
 * (fields in order of first appearance, common fields merged recursively); arrays merge their items,
 * maps their keys and values; anything else becomes `string`.
 */
export function mergeTypes(a: HiveType, b: HiveType, builder: HiveTypeBuilder, path: string): HiveType {
  if (a === b) return a;
  if (a.kind === 'struct' && b.kind === 'struct') return mergeStructs(a.fields, b.fields, builder, path);
  if (a.text === b.text) return a;
  if (a.kind === 'primitive' && b.kind === 'primitive') {
    const ra = NUMERIC_RANK[a.name];
    const rb = NUMERIC_RANK[b.name];
    if (ra !== undefined && rb !== undefined) {
      if (ra <= BIGINT_RANK && rb <= BIGINT_RANK) return ra >= rb ? a : b;
      return primitive('double');
    }
    return primitive('string');
  }
  if (a.kind === 'array' && b.kind === 'array') {
    return builder.array(mergeTypes(a.items, b.items, builder, `${path}[]`), path);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const key = mergeTypes(a.key, b.key, builder, path);
    return builder.map(key, mergeTypes(a.value, b.value, builder, `${path}{}`), path);
  }
  return primitive('string');
}

function mergeStructs(
  a: readonly HiveField[],
  b: readonly HiveField[],
  builder: HiveTypeBuilder,
  path: string,
): HiveType {
  const merged = new Map<string, HiveField>();
  for (const field of [...a, ...b]) {
    const seen = merged.get(field.name);
    if (seen === undefined) {
      merged.set(field.name, field);
    } else {
      const type = mergeTypes(seen.type, field.type, builder, childPath(path, field.name));
      const description = seen.description ?? field.description;
      merged.set(
        field.name,
        description === undefined ? { name: seen.name, type } : { name: seen.name, type, description },
      );
    }
  }
  return builder.struct([...merged.values()], path);
}
