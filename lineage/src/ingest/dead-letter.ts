/**
 * The dead-letter message format (pure): JSON with the event inline, or, when that exceeds SQS's
 * message size, with the event gzip-compressed and base64-encoded (`eventEncoding: "gzip+base64"`).
 *
 * @module
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LineageEvent } from '../model.ts';
import { DeadLetterTooLargeError, InvalidDeadLetterError } from './errors.ts';
import type { DeadLetter } from './ports.ts';

/** Version of the dead-letter message format. */
export const DEAD_LETTER_VERSION = 1;

/** SQS's message size limit this format keeps to (256 KiB). */
export const SQS_MAX_MESSAGE_BYTES = 262_144;

/** How a dead letter's event is stored in the message. */
export type EventEncoding = 'json' | 'gzip+base64';

/** A dead-letter message as stored in the queue. */
export type DeadLetterMessage = Omit<DeadLetter, 'event'> & {
  readonly version: typeof DEAD_LETTER_VERSION;
  readonly eventEncoding: EventEncoding;
  /** The event itself (`json`) or its gzip bytes in base64 (`gzip+base64`). */
  readonly event: LineageEvent | string;
};

/**
 * The SQS message body of a dead letter.
 * @throws DeadLetterTooLargeError when even the compressed form exceeds `maxBytes`.
 */
export function encodeDeadLetter(letter: DeadLetter, maxBytes: number = SQS_MAX_MESSAGE_BYTES): string {
  const inline: DeadLetterMessage = { version: DEAD_LETTER_VERSION, ...letter, eventEncoding: 'json' };
  const text = JSON.stringify(inline);
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const compressed: DeadLetterMessage = {
    version: DEAD_LETTER_VERSION,
    ...letter,
    eventEncoding: 'gzip+base64',
    event: gzipSync(JSON.stringify(letter.event)).toString('base64'),
  };
  const packed = JSON.stringify(compressed);
  const bytes = Buffer.byteLength(packed);
  if (bytes > maxBytes) throw new DeadLetterTooLargeError(bytes, maxBytes);
  return packed;
}

/**
 * The dead letter of an SQS message body (for redrive tools and tests).
 * @throws InvalidDeadLetterError for a body that is not a dead letter of this format.
 */
export function decodeDeadLetter(body: string): DeadLetter {
  let message: DeadLetterMessage;
  try {
    message = JSON.parse(body) as DeadLetterMessage;
  } catch (error) {
    throw new InvalidDeadLetterError('The message is not JSON', { cause: error });
  }
  if (message?.version !== DEAD_LETTER_VERSION) {
    throw new InvalidDeadLetterError(`Unknown dead-letter version ${JSON.stringify(message?.version)}`);
  }
  const { version: _version, eventEncoding, event, ...rest } = message;
  if (eventEncoding === 'json' && typeof event === 'object') return { ...rest, event };
  if (eventEncoding === 'gzip+base64' && typeof event === 'string') {
    return {
      ...rest,
      event: JSON.parse(gunzipSync(Buffer.from(event, 'base64')).toString('utf8')) as LineageEvent,
    };
  }
  throw new InvalidDeadLetterError(`Unknown event encoding ${JSON.stringify(eventEncoding)}`);
}
