import { describe, expect, it } from 'vitest';
import { digestChars, hashedId, LOWER_ALNUM, UPPER_ALNUM } from '../../../../local/src/cloud/ids.ts';

describe('digestChars', () => {
  it('picks one character of the alphabet per byte, and the first character past the digest', () => {
    // Act
    const chars = digestChars(Uint8Array.from([0, 1, 36, 37]), UPPER_ALNUM, 6);

    // Assess
    expect(chars).toBe('ABABAA');
  });
});

describe('hashedId', () => {
  it('derives a stable id of the given length and alphabet from the seed', () => {
    // Act
    const id = hashedId('seed-1', LOWER_ALNUM, 14);

    // Assess
    expect(id).toMatch(/^[a-z0-9]{14}$/u);
    expect(hashedId('seed-1', LOWER_ALNUM, 14)).toBe(id);
    expect(hashedId('seed-2', LOWER_ALNUM, 14)).not.toBe(id);
    expect(hashedId('seed-1', UPPER_ALNUM, 17)).toMatch(/^[A-Z0-9]{17}$/u);
  });
});
