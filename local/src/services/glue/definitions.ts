import type { DataFormat } from '@aws-sdk/client-glue';
import { isJsonObject } from '../../../../common/src/json.ts';
import { invalidInput } from './errors.ts';

function parseJson(definition: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(definition) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A light validity check of a schema definition for its data format (not a full parser): AVRO and
 * JSON definitions must be JSON, an Avro schema being a JSON object, array (union) or string (a
 * primitive or named type); a PROTOBUF definition must look like a .proto file.
 * @throws InvalidInputException naming the data format and what is wrong.
 */
export function checkDefinition(dataFormat: DataFormat, definition: string): void {
  if (dataFormat === 'PROTOBUF') {
    if (!/\bsyntax\s*=|\bmessage\s+\w/u.test(definition)) {
      throw invalidInput(
        'Schema definition of PROTOBUF data format is invalid: expected a .proto definition with a syntax statement or a message.',
      );
    }
    return;
  }
  const parsed = parseJson(definition);
  if (!parsed.ok) {
    throw invalidInput(`Schema definition of ${dataFormat} data format is invalid: ${parsed.reason}`);
  }
  const { value } = parsed;
  if (dataFormat === 'AVRO' && !(typeof value === 'string' || Array.isArray(value) || isJsonObject(value))) {
    throw invalidInput(
      'Schema definition of AVRO data format is invalid: an Avro schema is a JSON object, array or string.',
    );
  }
  if (dataFormat === 'JSON' && !(isJsonObject(value) || typeof value === 'boolean')) {
    throw invalidInput(
      'Schema definition of JSON data format is invalid: a JSON Schema is an object or a boolean.',
    );
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}

/**
 * Whether two definitions of the same data format are the same schema: JSON-based formats compare
 * as JSON values (whitespace and object key order do not matter), PROTOBUF compares the text.
 */
export function sameDefinition(dataFormat: DataFormat, a: string, b: string): boolean {
  if (dataFormat === 'PROTOBUF') return a.trim() === b.trim();
  const left = parseJson(a);
  const right = parseJson(b);
  if (!left.ok || !right.ok) return a === b;
  return JSON.stringify(canonical(left.value)) === JSON.stringify(canonical(right.value));
}
