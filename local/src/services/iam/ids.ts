import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A unique id in IAM's format: a four-letter prefix (`AROA` roles, `ANPA` policies) and 17 upper-case
 * letters and digits, derived from the cloud's id source so that runs with a seeded source repeat.
 */
export function uniqueId(prefix: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; id.length < prefix.length + 17; i += 1) id += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return id;
}
