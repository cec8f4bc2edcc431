import { describe, expect, it } from 'vitest';
import { decodeDeadLetter, encodeDeadLetter } from '../../../../lineage/src/ingest/dead-letter.ts';
import { DeadLetterTooLargeError, InvalidDeadLetterError } from '../../../../lineage/src/ingest/errors.ts';
import type { DeadLetter } from '../../../../lineage/src/ingest/ports.ts';
import { runFixture } from '../../../fixtures/openlineage/load.ts';

function letter(event = runFixture('flink-openlineage-start')): DeadLetter {
  return {
    requestId: 'req-1',
    index: 2,
    receivedAt: '2026-11-22T10:00:00.000Z',
    domainId: 'dzd_test123',
    error: {
      name: 'TransientAwsError',
      message: 'boom',
      awsErrorName: 'InternalServerException',
      awsRequestId: 'dz-1',
    },
    event,
  };
}

describe('dead-letter format', () => {
  it('keeps a small event inline and decodes it back', () => {
    // Act
    const body = encodeDeadLetter(letter());
    // Assess
    expect(JSON.parse(body)).toMatchObject({
      version: 1,
      eventEncoding: 'json',
      requestId: 'req-1',
      index: 2,
    });
    expect(decodeDeadLetter(body)).toEqual(letter());
  });

  it('compresses an event that would not fit 256 KiB, and decodes it back', () => {
    // Prepare: 290 KB of compressible facet data
    const base = runFixture('flink-openlineage-start');
    const event = {
      ...base,
      run: {
        ...base.run,
        facets: { blob: { _producer: 'urn:t', _schemaURL: 'urn:t', data: 'ab'.repeat(145_000) } },
      },
    };
    // Act
    const body = encodeDeadLetter(letter(event));
    // Assess
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(262_144);
    expect(JSON.parse(body)).toMatchObject({ eventEncoding: 'gzip+base64' });
    expect(decodeDeadLetter(body).event).toEqual(event);
  });

  it('throws DeadLetterTooLargeError when even the compressed letter is too large', () => {
    // Act
    const act = () => encodeDeadLetter(letter(), 200);
    // Assess
    expect(act).toThrow(DeadLetterTooLargeError);
  });

  it.each([
    ['not JSON', 'nope'],
    ['another version', '{"version":2}'],
    ['an unknown encoding', '{"version":1,"eventEncoding":"zstd","event":"x"}'],
  ])('throws InvalidDeadLetterError for %s', (_case, body) => {
    // Act + Assess
    expect(() => decodeDeadLetter(body)).toThrow(InvalidDeadLetterError);
  });
});
