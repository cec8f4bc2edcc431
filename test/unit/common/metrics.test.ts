import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import {
  InMemoryMetrics,
  METRICS_NAMESPACE,
  noMetrics,
  PowertoolsMetricsRecorder,
} from '../../../common/src/metrics.ts';

interface EmfDocument {
  _aws: {
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [key: string]: unknown;
}

/** A recorder over a real Powertools Metrics whose EMF documents are captured, not printed. */
function recorder() {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'lineage-ingest' });
  const documents: EmfDocument[] = [];
  const serialize = metrics.serializeMetrics.bind(metrics);
  vi.spyOn(metrics, 'serializeMetrics').mockImplementation(() => {
    const document = serialize();
    documents.push(document as unknown as EmfDocument);
    return document;
  });
  // The EMF line itself goes to stdout in Lambda; the tests read the serialised documents instead.
  (metrics as unknown as { console: { log: () => void } }).console = { log: () => undefined };
  return { recorder: new PowertoolsMetricsRecorder({ service: 'lineage-ingest', metrics }), documents };
}

describe('PowertoolsMetricsRecorder', () => {
  it('publishes one EMF document per dimension set, with sums, the namespace and the service', () => {
    // Prepare
    const { recorder: r, documents } = recorder();
    // Act
    r.count('EventsPosted', 2);
    r.count('EventsPosted', 3);
    r.count('Requests', 1, { StatusClass: '2xx' });
    r.milliseconds('Duration', 12);
    r.flush();
    // Assess
    expect(documents).toHaveLength(2);
    const [withClass, plain] = documents.sort((a) => (a.StatusClass ? -1 : 1));
    expect(withClass?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'streamgov',
      Dimensions: [['service', 'StatusClass']],
      Metrics: [{ Name: 'Requests', Unit: 'Count' }],
    });
    expect(withClass).toMatchObject({ service: 'lineage-ingest', StatusClass: '2xx', Requests: 1 });
    expect(plain?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(plain).toMatchObject({ EventsPosted: 5, Duration: 12 });
    expect(plain?.StatusClass).toBeUndefined();
  });

  it('publishes nothing when nothing was recorded, and nothing twice', () => {
    // Prepare
    const { recorder: r, documents } = recorder();
    // Act
    r.flush();
    r.count('EventsPosted');
    r.flush();
    r.flush();
    // Assess
    expect(documents).toHaveLength(1);
  });

  it('throws RangeError for a negative or non-finite value', () => {
    // Prepare
    const { recorder: r } = recorder();
    // Act + Assess
    expect(() => r.count('EventsPosted', -1)).toThrow(RangeError);
    expect(() => r.milliseconds('Duration', Number.NaN)).toThrow('Duration');
  });
});

describe('InMemoryMetrics', () => {
  it('keeps only what was flushed, summed per name and dimensions in any key order', () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    // Act
    metrics.count('GrantsApplied', 1, { Action: 'GRANT', Side: 'consumer' });
    metrics.count('GrantsApplied', 1, { Side: 'consumer', Action: 'GRANT' });
    metrics.flush();
    metrics.count('GrantsApplied', 1, { Action: 'REVOKE', Side: 'consumer' });
    // Assess
    expect(metrics.total('GrantsApplied', { Side: 'consumer', Action: 'GRANT' })).toBe(2);
    expect(metrics.total('GrantsApplied', { Action: 'REVOKE', Side: 'consumer' })).toBe(0);
    expect(metrics.total('GrantsApplied')).toBe(0);
    expect(metrics.flushes).toBe(1);
  });

  it('noMetrics records nothing and never throws', () => {
    // Act + Assess
    expect(() => {
      noMetrics.count('X', 1);
      noMetrics.milliseconds('Y', 2);
      noMetrics.flush();
    }).not.toThrow();
  });
});
