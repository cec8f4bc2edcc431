/**
 * JSON Schema → columns. The definition is parsed with `JSON.parse` (a syntax error reports line and
 * column), checked for depth, validated against its dialect's meta-schema with Ajv (draft-07, 2019-09,
 * 2020-12), then walked.
 *
 * | JSON Schema | Glue/Hive type |
 * | --- | --- |
 * | `object` with `properties` | `struct<…>` of the properties (`required` does not change the type) |
 * | `object` with only `additionalProperties` / `patternProperties` schemas | `map<string,V>` |
 * | free-form `object` (no property schemas) | `string` (the JSON text) |
 * | `array` with `items` (tuple `items` / `prefixItems`: branches merged) | `array<T>`; no `items`: `array<string>` |
 * | `string` | `string`; `format: date` → `date`, `format: date-time` → `timestamp`, `contentEncoding: base64` → `binary` |
 * | `integer` / `number` / `boolean` | `bigint` / `double` / `boolean` |
 * | `type: [T, "null"]` | `T` |
 * | `null` alone, `{}`, `true`, no type information | `string` |
 * | `enum` / `const` without `type` | type of the values (strings `string`, integers `bigint`, numbers `double`, booleans `boolean`, mixed `string`) |
 * | `oneOf` / `anyOf` / several types | branches merged: `null` and unconstrained branches dropped, equal types kept, integer+number → `double`, objects merged field-wise, arrays item-wise, otherwise `string` |
 * | `allOf` (and keywords next to a combinator) | merged the same way (object branches become one struct) |
 * | `$ref` to `#`, `#/$defs/…`, `#/definitions/…`, any local JSON pointer | the target's type; sibling keywords merged |
 * | recursive `$ref` | `string`, with a warning |
 * | remote or anchor `$ref` | `string`, with a warning |
 *
 * Descriptions: `description`, else `title`, else those of a `$ref` target. `not`, `if`/`then`/`else` and
 * `dependentSchemas` do not contribute types.
 *
 * @module
 */

import { isJsonObject } from '../../../common/src/json.ts';
import {
  childPath,
  type Fail,
  type HiveField,
  type HiveType,
  HiveTypeBuilder,
  mergeTypes,
  primitive,
} from './hive-types.ts';
import { metaValidate } from './json-meta.ts';
import { checkJsonDepth, escapePointer, ownProperty, parseJsonText } from './json-text.ts';
import { SchemaParseError } from './schema-parse-error.ts';
import type { ColumnLimits, Conversion } from './types.ts';

/** JSON nesting allowed per type level (properties → name → schema, plus combinators). */
const JSON_LEVELS_PER_TYPE = 4;
/** Hops followed when looking for a description behind `$ref`s. */
const MAX_DESCRIPTION_HOPS = 8;

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** A resolved schema: a type, `'null'` (only null allowed), or `undefined` (unconstrained). */
type Resolved = HiveType | 'null' | undefined;

/** Where the walker is: JSON pointer (for keyword errors), field path (for limits), type nesting depth. */
interface At {
  readonly pointer: string;
  readonly path: string;
  readonly depth: number;
}

function asType(resolved: Resolved): HiveType {
  return resolved === undefined || resolved === 'null' ? primitive('string') : resolved;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

class JsonSchemaWalker {
  readonly warnings: string[] = [];
  readonly #refStack: string[] = [''];

  constructor(
    readonly root: unknown,
    readonly builder: HiveTypeBuilder,
    readonly fail: Fail,
  ) {}

  resolve(node: unknown, at: At): Resolved {
    this.builder.visit(at.path, at.depth);
    if (typeof node === 'boolean') return undefined;
    if (!isJsonObject(node)) return this.fail(at.pointer || '/', 'a schema must be an object or a boolean');
    const parts: Resolved[] = [];
    const ref = ownProperty(node, '$ref');
    if (ref !== undefined) parts.push(this.#ref(ref, at));
    parts.push(this.#ownType(node, at));
    const allOf = this.#branches(node, 'allOf', at);
    if (allOf !== undefined) parts.push(...allOf);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = this.#branches(node, keyword, at);
      if (branches !== undefined) parts.push(this.#combine(branches, at.path));
    }
    return this.#combine(parts, at.path);
  }

  /** Description of a schema: `description`, else `title`, else that of its `$ref` target. */
  describe(node: unknown): string | undefined {
    let current = node;
    for (let hop = 0; hop < MAX_DESCRIPTION_HOPS && isJsonObject(current); hop++) {
      const text =
        nonEmptyString(ownProperty(current, 'description')) ?? nonEmptyString(ownProperty(current, 'title'));
      if (text !== undefined) return text;
      const ref = ownProperty(current, '$ref');
      if (typeof ref !== 'string') return undefined;
      current = this.#target(ref)?.node;
    }
    return undefined;
  }

  /** Merges resolved parts: unconstrained parts dropped, `'null'` kept only when nothing else remains. */
  #combine(parts: readonly Resolved[], path: string): Resolved {
    let result: HiveType | undefined;
    let sawNull = false;
    for (const part of parts) {
      if (part === 'null') sawNull = true;
      else if (part !== undefined)
        result = result === undefined ? part : mergeTypes(result, part, this.builder, path);
    }
    return result ?? (sawNull ? 'null' : undefined);
  }

  #branches(node: Record<string, unknown>, keyword: string, at: At): Resolved[] | undefined {
    const value = ownProperty(node, keyword);
    if (value === undefined) return undefined;
    const pointer = `${at.pointer}/${keyword}`;
    if (!Array.isArray(value)) return this.fail(pointer, `${keyword} must be an array of schemas`);
    return value.map((branch: unknown, index) =>
      this.resolve(branch, { ...at, pointer: `${pointer}/${index}` }),
    );
  }

  #ownType(node: Record<string, unknown>, at: At): Resolved {
    const declared = ownProperty(node, 'type');
    if (declared !== undefined) {
      const names = Array.isArray(declared) ? declared : [declared];
      const parts = names.map((name: unknown): Resolved => {
        if (typeof name !== 'string' || !JSON_TYPES.has(name)) {
          return this.fail(`${at.pointer}/type`, `unknown type ${JSON.stringify(name)}`);
        }
        return name === 'null' ? 'null' : this.#typed(name, node, at);
      });
      return this.#combine(parts, at.path);
    }
    const has = (key: string): boolean => ownProperty(node, key) !== undefined;
    if (has('properties') || has('additionalProperties') || has('patternProperties')) {
      return this.#typed('object', node, at);
    }
    if (has('items') || has('prefixItems')) return this.#typed('array', node, at);
    const values = ownProperty(node, 'enum');
    if (values !== undefined) {
      if (!Array.isArray(values)) return this.fail(`${at.pointer}/enum`, 'enum must be an array');
      return this.#fromValues(values);
    }
    return has('const') ? this.#fromValues([ownProperty(node, 'const')]) : undefined;
  }

  #fromValues(values: readonly unknown[]): Resolved {
    const kinds = new Set<string>();
    for (const value of values) {
      if (value === null) continue;
      if (typeof value === 'number') kinds.add(Number.isInteger(value) ? 'integer' : 'number');
      else kinds.add(typeof value === 'object' ? 'json' : typeof value);
    }
    if (kinds.size === 0) return values.length === 0 ? undefined : 'null';
    if (kinds.size === 1 && kinds.has('integer')) return primitive('bigint');
    if (kinds.size <= 2 && [...kinds].every((kind) => kind === 'integer' || kind === 'number')) {
      return primitive('double');
    }
    if (kinds.size === 1 && kinds.has('boolean')) return primitive('boolean');
    return primitive('string');
  }

  #typed(name: string, node: Record<string, unknown>, at: At): HiveType {
    switch (name) {
      case 'integer':
        return primitive('bigint');
      case 'number':
        return primitive('double');
      case 'boolean':
        return primitive('boolean');
      case 'object':
        return this.#object(node, at);
      case 'array':
        return this.#array(node, at);
      default: {
        const format = ownProperty(node, 'format');
        if (format === 'date') return primitive('date');
        if (format === 'date-time') return primitive('timestamp');
        if (ownProperty(node, 'contentEncoding') === 'base64') return primitive('binary');
        return primitive('string');
      }
    }
  }

  #object(node: Record<string, unknown>, at: At): HiveType {
    const properties = ownProperty(node, 'properties');
    if (properties !== undefined) {
      const pointer = `${at.pointer}/properties`;
      if (!isJsonObject(properties)) return this.fail(pointer, 'properties must be an object');
      const entries = Object.entries(properties);
      const limit = at.path === '' ? this.builder.limits.maxColumns : this.builder.limits.maxFields;
      if (entries.length > limit) this.fail(at.path || pointer, `more than ${limit} properties`);
      const fields = entries.map(([name, schema]): HiveField => {
        const path = childPath(at.path, name);
        this.builder.checkName(name, path);
        const resolved = this.resolve(schema, {
          pointer: `${pointer}/${escapePointer(name)}`,
          path,
          depth: at.depth + 1,
        });
        const description = this.describe(schema);
        return description === undefined
          ? { name, type: asType(resolved) }
          : { name, type: asType(resolved), description };
      });
      return this.builder.struct(fields, at.path);
    }
    const values: Resolved[] = [];
    const additional = ownProperty(node, 'additionalProperties');
    const next = { path: `${at.path}{}`, depth: at.depth + 1 };
    if (isJsonObject(additional)) {
      values.push(this.resolve(additional, { ...next, pointer: `${at.pointer}/additionalProperties` }));
    }
    const patterns = ownProperty(node, 'patternProperties');
    if (patterns !== undefined) {
      const pointer = `${at.pointer}/patternProperties`;
      if (!isJsonObject(patterns)) return this.fail(pointer, 'patternProperties must be an object');
      for (const [pattern, schema] of Object.entries(patterns)) {
        values.push(this.resolve(schema, { ...next, pointer: `${pointer}/${escapePointer(pattern)}` }));
      }
    }
    if (values.length === 0) return primitive('string');
    return this.builder.map(primitive('string'), asType(this.#combine(values, next.path)), at.path);
  }

  #array(node: Record<string, unknown>, at: At): HiveType {
    const next = { path: `${at.path}[]`, depth: at.depth + 1 };
    const items: Resolved[] = [];
    for (const keyword of ['prefixItems', 'items'] as const) {
      const value = ownProperty(node, keyword);
      const pointer = `${at.pointer}/${keyword}`;
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        value.forEach((item: unknown, index) => {
          items.push(this.resolve(item, { ...next, pointer: `${pointer}/${index}` }));
        });
      } else {
        items.push(this.resolve(value, { ...next, pointer }));
      }
    }
    return this.builder.array(asType(this.#combine(items, next.path)), at.path);
  }

  #ref(ref: unknown, at: At): Resolved {
    if (typeof ref !== 'string') return this.fail(`${at.pointer}/$ref`, '$ref must be a string');
    const target = this.#target(ref);
    if (target === undefined) {
      this.warnings.push(
        `${at.path || '(root)'}: $ref ${JSON.stringify(ref)} is not a local JSON pointer in this schema; typed as string`,
      );
      return primitive('string');
    }
    if (this.#refStack.includes(target.pointer)) {
      this.warnings.push(`${at.path || '(root)'}: recursive $ref ${JSON.stringify(ref)} rendered as string`);
      return primitive('string');
    }
    if (this.#refStack.length > this.builder.limits.maxDepth * JSON_LEVELS_PER_TYPE) {
      return this.fail(at.path || at.pointer, `more than ${this.#refStack.length} nested $ref`);
    }
    this.#refStack.push(target.pointer);
    try {
      return this.resolve(target.node, { ...at, pointer: target.pointer });
    } finally {
      this.#refStack.pop();
    }
  }

  /** The node a local `$ref` (`#`, `#/a/b`, percent- and `~`-escaped) points to, with its pointer. */
  #target(ref: string): { readonly node: unknown; readonly pointer: string } | undefined {
    if (!ref.startsWith('#')) return undefined;
    let fragment: string;
    try {
      fragment = decodeURIComponent(ref.slice(1));
    } catch {
      return undefined;
    }
    if (fragment === '') return { node: this.root, pointer: '' };
    if (!fragment.startsWith('/')) return undefined;
    let node: unknown = this.root;
    const tokens = fragment
      .slice(1)
      .split('/')
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
    for (const token of tokens) {
      if (Array.isArray(node)) {
        const index = Number(token);
        if (!Number.isSafeInteger(index) || index < 0 || index >= node.length) return undefined;
        node = node[index];
      } else if (isJsonObject(node) && Object.hasOwn(node, token)) {
        node = node[token];
      } else {
        return undefined;
      }
    }
    return { node, pointer: `/${tokens.map(escapePointer).join('/')}` };
  }
}

/** Parses a JSON Schema definition and maps it to columns (see the module table). */
export function jsonSchemaToColumns(definition: string, limits: ColumnLimits): Conversion {
  const fail: Fail = (location, reason) => {
    throw new SchemaParseError('JSON', reason, location === '' ? undefined : location);
  };
  const root = parseJsonText('JSON', definition);
  checkJsonDepth('JSON', root, limits.maxDepth * JSON_LEVELS_PER_TYPE);
  if (typeof root !== 'boolean' && !isJsonObject(root)) fail('/', 'a schema must be an object or a boolean');
  const { problem } = metaValidate(root, isJsonObject(root) ? ownProperty(root, '$schema') : undefined);
  if (problem !== undefined) fail(problem.pointer, `not a valid JSON Schema: ${problem.message}`);
  const walker = new JsonSchemaWalker(root, new HiveTypeBuilder(limits, fail), fail);
  const resolved = walker.resolve(root, { pointer: '', path: '', depth: 0 });
  if (resolved !== undefined && resolved !== 'null' && resolved.kind === 'struct') {
    return {
      columns: resolved.fields.map((field) => ({
        columnName: field.name,
        dataType: field.type.text,
        ...(field.description === undefined ? {} : { description: field.description }),
      })),
      warnings: walker.warnings,
    };
  }
  const type = asType(resolved);
  if (type.text.length > limits.maxTypeLength)
    fail('value', `type string longer than ${limits.maxTypeLength} characters`);
  const description = walker.describe(root);
  return {
    columns: [
      { columnName: 'value', dataType: type.text, ...(description === undefined ? {} : { description }) },
    ],
    warnings: walker.warnings,
  };
}
