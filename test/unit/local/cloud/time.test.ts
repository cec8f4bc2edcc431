import { describe, expect, it } from 'vitest';
import { toEventTime } from '../../../../local/src/cloud/time.ts';

describe('toEventTime', () => {
  it('writes an ISO-8601 UTC timestamp to the second', () => {
    expect(toEventTime(new Date('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04T05:06:07Z');
    expect(toEventTime(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00Z');
  });
});
