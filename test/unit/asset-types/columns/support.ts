import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  type Column,
  type ColumnOptions,
  type DataFormat,
  SchemaParseError,
  tryColumns,
} from '../../../../asset-types/src/columns/index.ts';

/** Text of a fixture under `test/fixtures/schemas/`. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/schemas/${name}`, import.meta.url)), 'utf8');
}

/** Columns as `name → type` pairs, in order. */
export function typesOf(columns: readonly Column[]): [string, string][] {
  return columns.map((column) => [column.columnName, column.dataType]);
}

/** The error of a conversion expected to fail. */
export function failureOf(format: DataFormat, definition: string, options?: ColumnOptions): SchemaParseError {
  const result = tryColumns(format, definition, options);
  if (result.ok)
    throw new Error(`expected ${format} conversion to fail, got ${JSON.stringify(result.columns)}`);
  expect(result.error).toBeInstanceOf(SchemaParseError);
  return result.error;
}

/** An Avro record schema with one field `f` of type `type`, as text. */
export function avroField(type: unknown): string {
  return JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'f', type }] });
}

/** True when every `<` in `text` is closed by a later `>` and vice versa (ignoring backticked names). */
export function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '`') quoted = !quoted;
    else if (!quoted && char === '<') depth++;
    else if (!quoted && char === '>') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0 && !quoted;
}
