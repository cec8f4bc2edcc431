/**
 * JSON text handling shared by the Avro and JSON Schema converters: parsing with a line/column location
 * on error, and an iterative nesting-depth check run before any recursive walker sees the value.
 *
 * @module
 */

import { errorMessage, SchemaParseError } from './schema-parse-error.ts';
import type { DataFormat } from './types.ts';

/** `line L, column C` (both 1-based) of a UTF-16 offset in `text`. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${end - lineStart + 1}`;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Scans a JSON string starting at its opening quote; returns the offset after it, or `-1 - errorOffset`. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 0x20) return -1 - i;
    if (c === 92) {
      const e = text.charCodeAt(i + 1);
      if (e === 117) {
        for (let k = 2; k <= 5; k++) if (!isHex(text.charCodeAt(i + k))) return -1 - (i + k);
        i += 5;
      } else if ([34, 92, 47, 98, 102, 110, 114, 116].includes(e)) {
        i++;
      } else {
        return -1 - (i + 1);
      }
    }
  }
  return -1 - text.length;
}

/** Scans a JSON number; returns the offset after it, or `-1 - errorOffset`. */
function scanNumber(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === 45) i++;
  if (text.charCodeAt(i) === 48) i++;
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
  else return -1 - i;
  if (text.charCodeAt(i) === 46) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -1 - i;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) === 101 || text.charCodeAt(i) === 69) {
    i++;
    if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
    if (!isDigit(text.charCodeAt(i))) return -1 - i;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/**
 * Offset of the first JSON syntax error in `text` (RFC 8259), or `undefined` when it is valid. An
 * iterative scanner, used only after `JSON.parse` failed, because Node 20's messages do not always
 * carry a position.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const containers: number[] = [];
  let state: 'value' | 'key' | 'after' = 'value';
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  };
  for (;;) {
    skipSpace();
    const c = text.charCodeAt(i);
    if (state === 'value') {
      if (c === 123 || c === 91) {
        containers.push(c);
        i++;
        skipSpace();
        if (text.charCodeAt(i) === c + 2) {
          containers.pop();
          i++;
          state = 'after';
        } else {
          state = c === 123 ? 'key' : 'value';
        }
        continue;
      }
      let end: number;
      if (c === 34) end = scanString(text, i);
      else if (c === 45 || isDigit(c)) end = scanNumber(text, i);
      else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        end = literal === undefined ? -1 - i : i + literal.length;
      }
      if (end < 0) return -1 - end;
      i = end;
      state = 'after';
    } else if (state === 'key') {
      if (c !== 34) return i;
      const end = scanString(text, i);
      if (end < 0) return -1 - end;
      i = end;
      skipSpace();
      if (text.charCodeAt(i) !== 58) return i;
      i++;
      state = 'value';
    } else {
      const open = containers.at(-1);
      if (open === undefined) return i < text.length ? i : undefined;
      if (c === 44) state = open === 123 ? 'key' : 'value';
      else if (c === open + 2) containers.pop();
      else return i;
      i++;
    }
  }
}

/** Parses `text` as JSON; a syntax error becomes a {@link SchemaParseError} located at line and column. */
export function parseJsonText(format: DataFormat, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = errorMessage(error);
    const offset = jsonSyntaxErrorOffset(text);
    const location = offset === undefined ? undefined : lineColumn(text, offset);
    throw new SchemaParseError(format, `malformed JSON: ${message}`, location, error);
  }
}

/**
 * Fails when `value` nests arrays/objects deeper than `maxDepth`, walking iteratively so that the check
 * itself cannot overflow the stack; the error is located at the JSON pointer of the first too-deep node.
 */
export function checkJsonDepth(format: DataFormat, value: unknown, maxDepth: number): void {
  const stack: { node: unknown; depth: number; pointer: string }[] = [{ node: value, depth: 0, pointer: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth, pointer } = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) {
      throw new SchemaParseError(format, `JSON nested deeper than ${maxDepth} levels`, pointer || '/');
    }
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((child, index) => [String(index), child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ node: child, depth: depth + 1, pointer: `${pointer}/${escapePointer(key)}` });
      }
    }
  }
}

/** Escapes one JSON pointer reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The own property `key` of a JSON object (`__proto__` and friends are plain keys here). */
export function ownProperty(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
