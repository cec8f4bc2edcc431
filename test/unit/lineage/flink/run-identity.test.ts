import { describe, expect, it } from 'vitest';
import {
  defaultJobNamespace,
  flinkRunId,
  flinkVersion,
  uuidV5,
} from '../../../../lineage/src/flink/run-identity.ts';

const ARN = 'arn:aws:kinesisanalytics:eu-west-1:333333333333:application/orders-enricher';

describe('uuidV5', () => {
  it('matches the RFC 9562 example (www.example.com in the DNS namespace)', () => {
    // Act
    const id = uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8');

    // Assess
    expect(id).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('flinkRunId', () => {
  it('gives the same UUID for the same application and operation, a different one otherwise', () => {
    // Act
    const first = flinkRunId(ARN, 'op-1');
    const again = flinkRunId(ARN, 'op-1');
    const next = flinkRunId(ARN, 'op-2');
    const otherApp = flinkRunId(`${ARN}-2`, 'op-1');

    // Assess
    expect(first).toBe(again);
    expect(new Set([first, next, otherApp]).size).toBe(3);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('flinkVersion and defaultJobNamespace', () => {
  it.each([
    ['FLINK-1_20', '1.20'],
    ['FLINK-2_2', '2.2'],
    ['SQL-1_0', undefined],
    ['ZEPPELIN-FLINK-3_0', undefined],
  ])('maps runtime %s to Flink version %s', (runtime, version) => {
    expect(flinkVersion(runtime)).toBe(version);
  });

  it('names the job namespace after the account and Region', () => {
    expect(defaultJobNamespace('333333333333', 'eu-west-1')).toBe('flink://333333333333/eu-west-1');
  });
});
