import { hashedId, UPPER_ALNUM } from '../../cloud/ids.ts';

/**
 * A unique id in IAM's format: a four-letter prefix (`AROA` roles, `ANPA` policies) and 17 upper-case
 * letters and digits, derived from the cloud's id source so that runs with a seeded source repeat.
 */
export function uniqueId(prefix: string, seed: string): string {
  return `${prefix}${hashedId(seed, UPPER_ALNUM, 17)}`;
}
