import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TransientAwsError } from '../../../../common/src/errors.ts';
import { InMemoryMetrics } from '../../../../common/src/metrics.ts';
import { createIngestHandler } from '../../../../lineage/src/handlers/ingest-handler.ts';
import type { IngestResponseBody } from '../../../../lineage/src/ingest/response.ts';
import { INGEST_METRICS } from '../../../../lineage/src/metrics.ts';
import type { RunEvent } from '../../../../lineage/src/model.ts';
import { FIXTURE_NAMESPACE, fixture, runFixture } from '../../../fixtures/openlineage/load.ts';
import { FailingTransport, fakePorts, TEST_SETTINGS, urlEvent } from './support.ts';

const CONTEXT = { awsRequestId: 'lambda-request-1' };

function build(overrides: Parameters<typeof fakePorts>[0] = {}) {
  const fakes = fakePorts(overrides);
  const handler = createIngestHandler({ settings: TEST_SETTINGS, ports: fakes.ports, log: fakes.log });
  return { ...fakes, handler };
}

function bodyOf(result: { body: string }): IngestResponseBody & { error?: string; message?: string } {
  return JSON.parse(result.body) as IngestResponseBody & { error?: string; message?: string };
}

const start = () => runFixture('flink-openlineage-start');

describe('ingest handler', () => {
  describe('accepted requests', () => {
    it('forwards one Flink event with canonical Kafka namespaces and answers 200', async () => {
      // Prepare
      const { handler, transport } = build();
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(start()) }), CONTEXT);
      // Assess
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual({
        status: 'accepted',
        requestId: 'lambda-request-1',
        summary: { received: 1, forwarded: 1, ignored: 0, deadLettered: 0, invalid: 0, failed: 0 },
      });
      const sent = transport.events[0] as RunEvent;
      expect(sent.inputs?.map((d) => d.namespace)).toEqual([FIXTURE_NAMESPACE]);
      expect(sent.run.runId).toBe(start().run.runId);
    });

    it('reads a base64 body (Function URL) and a gzip body (Content-Encoding: gzip)', async () => {
      // Prepare
      const { handler, transport } = build();
      const json = JSON.stringify(start());
      // Act
      const base64 = await handler(
        urlEvent({ body: Buffer.from(json).toString('base64'), isBase64Encoded: true }),
        CONTEXT,
      );
      const gzip = await handler(
        urlEvent({
          body: gzipSync(json).toString('base64'),
          isBase64Encoded: true,
          headers: { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' },
        }),
        CONTEXT,
      );
      // Assess
      expect([base64.statusCode, gzip.statusCode]).toEqual([200, 200]);
      expect(transport.events).toHaveLength(2);
    });

    it('forwards every event of a batch in a JSON array, trailing slash tolerated', async () => {
      // Prepare
      const { handler, transport } = build();
      const events = [start(), runFixture('flink-openlineage-running'), runFixture('flink2-native-start')];
      // Act
      const result = await handler(
        urlEvent({ path: '/api/v1/lineage/batch/', body: JSON.stringify(events) }),
        CONTEXT,
      );
      // Assess
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result).summary).toMatchObject({ received: 3, forwarded: 3 });
      expect(transport.events.map((e) => (e as RunEvent).run.runId).sort()).toEqual(
        events.map((e) => e.run.runId).sort(),
      );
    });

    it.each(['dataset-event', 'job-event'])(
      'accepts a %s and reports it ignored (DataZone takes RunEvents only)',
      async (name) => {
        // Prepare
        const { handler } = build();
        // Act
        const result = await handler(urlEvent({ body: JSON.stringify(fixture(name)) }), CONTEXT);
        // Assess
        expect(result.statusCode).toBe(200);
        expect(bodyOf(result).summary).toMatchObject({ received: 1, forwarded: 0, ignored: 1 });
      },
    );

    it('accepts a body without Content-Type as JSON', async () => {
      // Prepare
      const { handler } = build();
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(start()), headers: {} }), CONTEXT);
      // Assess
      expect(result.statusCode).toBe(200);
    });
  });

  describe('refused requests', () => {
    it.each([
      ['another path', { path: '/api/v1/namespaces' }, 404, 'NotFound'],
      ['GET', { method: 'GET' }, 405, 'MethodNotAllowed'],
      [
        'a form body',
        { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'UnsupportedMediaType',
      ],
      [
        'brotli',
        { headers: { 'content-type': 'application/json', 'content-encoding': 'br' } },
        415,
        'UnsupportedContentEncoding',
      ],
      ['broken JSON', { body: '{"run": ' }, 400, 'InvalidJson'],
      ['an array on the single-event path', { body: '[]' }, 400, 'InvalidEvent'],
      ['an object on the batch path', { path: '/api/v1/lineage/batch', body: '{}' }, 400, 'InvalidBatch'],
      ['an empty batch', { path: '/api/v1/lineage/batch', body: '[]' }, 400, 'InvalidBatch'],
      ['a body above the limit', { body: ' '.repeat(64 * 1024 + 1) }, 413, 'PayloadTooLarge'],
      [
        'a batch above the limit',
        { path: '/api/v1/lineage/batch', body: JSON.stringify(Array(6).fill({})) },
        413,
        'BatchTooLarge',
      ],
      ['bad gzip', { headers: { 'content-encoding': 'gzip' }, body: 'not gzip' }, 400, 'InvalidGzip'],
    ] as const)('answers %s with %i %s and forwards nothing', async (_case, request, status, error) => {
      // Prepare
      const { handler, transport } = build();
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(start()), ...request }), CONTEXT);
      // Assess
      expect(result.statusCode).toBe(status);
      expect(bodyOf(result)).toMatchObject({ status: 'invalid', error, requestId: 'lambda-request-1' });
      expect(bodyOf(result).message).toEqual(expect.any(String));
      expect(transport.events).toEqual([]);
      if (status === 405) expect(result.headers.allow).toBe('POST');
    });

    it('answers 413 for a gzip body that inflates above the limit', async () => {
      // Prepare
      const { handler } = build();
      const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20)).toString('base64');
      // Act
      const result = await handler(
        urlEvent({ body: bomb, isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } }),
        CONTEXT,
      );
      // Assess
      expect(result.statusCode).toBe(413);
      expect(bodyOf(result).error).toBe('PayloadTooLarge');
    });

    it('answers 400 naming the JSON pointer and problem of an invalid event', async () => {
      // Prepare
      const { handler, transport } = build();
      // Act
      const result = await handler(
        urlEvent({ body: JSON.stringify(fixture('invalid/run-id-not-uuid')) }),
        CONTEXT,
      );
      // Assess
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).problems).toEqual([
        { index: 0, path: '/run/runId', message: 'must match format "uuid"' },
      ]);
      expect(transport.events).toEqual([]);
    });

    it('forwards the valid events of a batch and names the invalid ones by index (400)', async () => {
      // Prepare
      const { handler, transport } = build();
      const events = [
        start(),
        fixture('invalid/missing-run-id'),
        runFixture('flink2-native-start'),
        fixture('invalid/bad-event-time'),
      ];
      // Act
      const result = await handler(
        urlEvent({ path: '/api/v1/lineage/batch', body: JSON.stringify(events) }),
        CONTEXT,
      );
      // Assess
      const body = bodyOf(result);
      expect(result.statusCode).toBe(400);
      expect(body.summary).toEqual({
        received: 4,
        forwarded: 2,
        ignored: 0,
        deadLettered: 0,
        invalid: 2,
        failed: 0,
      });
      expect(new Set(body.problems?.map((p) => p.index))).toEqual(new Set([1, 3]));
      expect(body.problems?.find((p) => p.index === 3)?.path).toBe('/eventTime');
      expect(transport.events).toHaveLength(2);
    });

    it('answers 400 for an event too large for DataZone even without its bulky facets', async () => {
      // Prepare: a run facet of 300,000 characters (only column lineage and schema facets are dropped)
      const fakes = fakePorts();
      const handler = createIngestHandler({
        settings: { ...TEST_SETTINGS, maxBodyBytes: 1024 * 1024 },
        ports: fakes.ports,
        log: fakes.log,
      });
      const event = start();
      const blob = { _producer: 'urn:test', _schemaURL: 'urn:test:blob', data: 'y'.repeat(300_000) };
      const big = { ...event, run: { ...event.run, facets: { ...event.run.facets, blob } } };
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(big) }), CONTEXT);
      // Assess
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).problems?.[0]).toMatchObject({ index: 0, path: '/' });
      expect(bodyOf(result).problems?.[0]?.message).toContain('at most 300000 bytes');
      expect(fakes.transport.events).toEqual([]);
    });
  });

  describe('failures after validation', () => {
    it('dead-letters an event DataZone did not take, with the error and request id, and answers 202', async () => {
      // Prepare
      const sdkError = Object.assign(new Error('boom'), {
        name: 'InternalServerException',
        $metadata: { requestId: 'dz-req-9' },
      });
      const failure = new TransientAwsError('PostLineageEvent failed: InternalServerException: boom', {
        cause: sdkError,
      });
      const { handler, deadLetters } = build({ transport: new FailingTransport(failure) });
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(start()) }), CONTEXT);
      // Assess
      expect(result.statusCode).toBe(202);
      expect(bodyOf(result)).toMatchObject({
        status: 'dead-lettered',
        summary: { received: 1, deadLettered: 1 },
        deadLetters: [{ index: 0, job: 'flink-jobs/fraud-detector', messageId: 'msg-1' }],
      });
      const [letter] = deadLetters.letters;
      expect(letter).toMatchObject({
        requestId: 'lambda-request-1',
        index: 0,
        domainId: 'dzd_test123',
        error: {
          name: 'TransientAwsError',
          awsErrorName: 'InternalServerException',
          awsRequestId: 'dz-req-9',
        },
      });
      expect((letter?.event as RunEvent | undefined)?.inputs?.[0]?.namespace).toBe(FIXTURE_NAMESPACE);
    });

    it('answers 503 with Retry-After when the dead-letter queue fails too', async () => {
      // Prepare
      const { handler, deadLetters, log } = build({
        transport: new FailingTransport(new TransientAwsError('DataZone down')),
      });
      deadLetters.failWith = new TransientAwsError('sqs:SendMessage failed: ServiceUnavailable');
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(start()) }), CONTEXT);
      // Assess
      expect(result.statusCode).toBe(503);
      expect(result.headers['retry-after']).toBe('5');
      expect(bodyOf(result)).toMatchObject({ status: 'retry', summary: { failed: 1 } });
      expect(bodyOf(result).failures?.[0]?.error).toContain('sqs:SendMessage');
      expect(log.entries.some((e) => e.level === 'error')).toBe(true);
    });

    it('dead-letters valid events unchanged when the clusters cannot be read, and still refuses invalid ones', async () => {
      // Prepare
      const { handler, deadLetters, transport } = build({
        namespaces: {
          resolver: async () => Promise.reject(new TransientAwsError('kafka:GetBootstrapBrokers failed')),
        },
      });
      const events = [start(), fixture('invalid/missing-run-id')];
      // Act
      const result = await handler(
        urlEvent({ path: '/api/v1/lineage/batch', body: JSON.stringify(events) }),
        CONTEXT,
      );
      // Assess
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).summary).toMatchObject({ deadLettered: 1, invalid: 1, forwarded: 0 });
      expect(deadLetters.letters[0]?.error.message).toContain('GetBootstrapBrokers');
      expect(deadLetters.letters[0]?.event).toEqual(start());
      expect(transport.events).toEqual([]);
    });

    it('takes the Function URL request id when the Lambda context has none', async () => {
      // Prepare
      const { handler } = build();
      // Act
      const result = await handler(urlEvent({ body: JSON.stringify(start()) }));
      // Assess
      expect(bodyOf(result).requestId).toBe('url-request-1');
    });
  });
});

describe('ingest handler metrics', () => {
  const { names, dimensions } = INGEST_METRICS;
  const requests = (statusClass: string) => ({ [dimensions.statusClass]: statusClass });

  function withMetrics(overrides: Parameters<typeof fakePorts>[0] = {}) {
    const fakes = fakePorts(overrides);
    const metrics = new InMemoryMetrics();
    const handler = createIngestHandler({
      settings: TEST_SETTINGS,
      ports: fakes.ports,
      log: fakes.log,
      metrics,
    });
    return { handler, metrics };
  }

  it('counts posted, ignored and invalid events of a batch and its 4xx request, flushed once', async () => {
    // Prepare
    const { handler, metrics } = withMetrics();
    const events = [
      start(),
      fixture('dataset-event'),
      fixture('job-event'),
      fixture('invalid/missing-run-id'),
    ];
    // Act
    const result = await handler(
      urlEvent({ path: '/api/v1/lineage/batch', body: JSON.stringify(events) }),
      CONTEXT,
    );
    // Assess
    expect(result.statusCode).toBe(400);
    expect(metrics.total(names.posted)).toBe(1);
    expect(metrics.total(names.ignored)).toBe(2);
    expect(metrics.total(names.invalid)).toBe(1);
    expect(metrics.total(names.deadLettered)).toBe(0);
    expect(metrics.total(names.requests, requests('4xx'))).toBe(1);
    expect(metrics.flushes).toBe(1);
  });

  it('counts dead-lettered events (202) and failed ones (503) by status class', async () => {
    // Prepare
    const down = new FailingTransport(new TransientAwsError('DataZone down'));
    const dlq = withMetrics({ transport: down });
    const { deadLetters } = fakePorts();
    deadLetters.failWith = new Error('SQS down');
    const failing = withMetrics({ transport: down, deadLetters });
    const body = JSON.stringify(start());
    // Act
    const accepted = await dlq.handler(urlEvent({ body }), CONTEXT);
    const retry = await failing.handler(urlEvent({ body }), CONTEXT);
    // Assess
    expect([accepted.statusCode, retry.statusCode]).toEqual([202, 503]);
    expect(dlq.metrics.total(names.deadLettered)).toBe(1);
    expect(dlq.metrics.total(names.requests, requests('2xx'))).toBe(1);
    expect(failing.metrics.total(names.failed)).toBe(1);
    expect(failing.metrics.total(names.requests, requests('5xx'))).toBe(1);
  });

  it('counts a request refused as a whole by its status class only', async () => {
    // Prepare
    const { handler, metrics } = withMetrics();
    // Act
    const result = await handler(urlEvent({ method: 'GET' }), CONTEXT);
    // Assess
    expect(result.statusCode).toBe(405);
    expect(metrics.names()).toEqual([names.requests]);
    expect(metrics.total(names.requests, requests('4xx'))).toBe(1);
  });

  it('flushes what was recorded when the handler throws', async () => {
    // Prepare
    const { handler, metrics } = withMetrics({
      namespaces: { resolver: async () => Promise.reject(new Error('unused')) },
    });
    // Act
    const result = handler({ rawPath: '/api/v1/lineage' } as never, CONTEXT);
    // Assess
    await expect(result).rejects.toBeInstanceOf(TypeError);
    expect(metrics.flushes).toBe(1);
  });
});
