import { createHash } from 'node:crypto';
import type { StoredAttribute } from './state.ts';

/** Hex MD5 of a message body (UTF-8), as SQS answers in `MD5OfMessageBody` / `MD5OfBody`. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * `MD5OfMessageAttributes` as SQS computes it: for each attribute in name order, the length-prefixed
 * name, the length-prefixed data type, a transport byte (1 string, 2 binary) and the length-prefixed value.
 */
export function md5OfAttributes(attributes: Readonly<Record<string, StoredAttribute>>): string {
  const parts: Buffer[] = [];
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name] as StoredAttribute;
    parts.push(
      lengthPrefixed(Buffer.from(name, 'utf8')),
      lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')),
    );
    if (attribute.BinaryBase64 !== undefined) {
      parts.push(Buffer.from([2]), lengthPrefixed(Buffer.from(attribute.BinaryBase64, 'base64')));
    } else {
      parts.push(Buffer.from([1]), lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8')));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
