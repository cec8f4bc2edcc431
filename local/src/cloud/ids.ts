/** Ids in AWS's formats, derived from the cloud's id source so that a seeded source repeats them. */
import { createHash } from 'node:crypto';

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `length` characters of `alphabet`, the i-th picked by the i-th byte of `digest` (0 past its end). */
export function digestChars(digest: Uint8Array, alphabet: string, length: number): string {
  let chars = '';
  for (let i = 0; i < length; i += 1) chars += alphabet[(digest[i] ?? 0) % alphabet.length];
  return chars;
}

/** `length` characters of `alphabet` derived from `seed` (SHA-256), such as `cloud.newId()`. */
export function hashedId(seed: string, alphabet: string, length: number): string {
  return digestChars(createHash('sha256').update(seed).digest(), alphabet, length);
}
