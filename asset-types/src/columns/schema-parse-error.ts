import { StreamgovError } from '../../../common/src/errors.ts';
import type { DataFormat } from './types.ts';

/**
 * A schema definition that does not parse, is not a valid schema of its format, or exceeds a
 * {@link ColumnLimits} guard. `name` is `'SchemaParseError'`; the message names the format, the location
 * (field path, JSON pointer or line/column) when known, and what is wrong.
 */
export class SchemaParseError extends StreamgovError {
  override readonly name: string = 'SchemaParseError';

  /**
   * @param format - the schema's data format (`'AVRO'`, `'JSON'`, `'PROTOBUF'`).
   * @param reason - what is wrong, without the format or location.
   * @param location - where: a field path (`order.items[].sku`), a JSON pointer, or `line 3, column 7`.
   * @param cause - the parser's own error, when there is one.
   */
  readonly location?: string;

  constructor(
    readonly format: DataFormat,
    readonly reason: string,
    location?: string,
    cause?: unknown,
  ) {
    location = location === undefined ? undefined : printableLocation(location);
    super(`Invalid ${format} schema${location === undefined ? '' : ` at ${location}`}: ${reason}`, {
      cause,
      context: { format, location },
    });
    if (location !== undefined) this.location = location;
  }
}

/** Longest location kept in an error; longer ones keep their start and end around an ellipsis. */
const MAX_LOCATION_LENGTH = 300;

/** `location` with control characters escaped (`\u0001`) and its length capped. */
export function printableLocation(location: string): string {
  let printable = '';
  for (const char of location) {
    const c = char.charCodeAt(0);
    printable += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? `\\u${c.toString(16).padStart(4, '0')}` : char;
  }
  if (printable.length <= MAX_LOCATION_LENGTH) return printable;
  const half = MAX_LOCATION_LENGTH / 2;
  return `${printable.slice(0, half)}…${printable.slice(-half)}`;
}

/** The message of any thrown value, for wrapping parser errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof RangeError && error.message.includes('call stack')) {
    return 'schema is nested too deeply to parse';
  }
  return error instanceof Error ? error.message : String(error);
}
