import { gzipSync } from 'node:zlib';
import { GetLineageNodeCommand, paginateListLineageNodeHistory } from '@aws-sdk/client-datazone';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { canonicalEndpoint, clusterEndpoints } from '../../../asset-types/src/topic-identity.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { createIngestHandler, type FunctionUrlEvent } from '../../../lineage/src/handlers/ingest-handler.ts';
import { INGEST_DEFAULTS, type IngestSettings } from '../../../lineage/src/ingest/config.ts';
import { decodeDeadLetter } from '../../../lineage/src/ingest/dead-letter.ts';
import type { IngestResponseBody } from '../../../lineage/src/ingest/response.ts';
import { createIngestPorts } from '../../../lineage/src/ingest/wiring.ts';
import type { RunEvent } from '../../../lineage/src/model.ts';
import { calls, clearFaultsAndCalls } from '../../support/demo-world.ts';
import { flinkRunEvent, nonCanonicalBroker } from '../../support/lineage-events.ts';
import { type SyncedDemo, startSyncedDemo, topicSourceIdentifiers } from '../../support/synced-demo.ts';

/**
 * The ingest handler on the local cloud through the real SDK, on the demo world after a real catalog
 * sync: Function-URL-shaped requests → canonicalised events → DataZone lineage nodes linked to the topic
 * asset; DataZone faults → the SQS dead-letter queue; a failing dead-letter queue → 503.
 */
describe('ingest endpoint on the local cloud', () => {
  let demo: SyncedDemo;
  let queueUrl: string;
  let handler: ReturnType<typeof createIngestHandler>;
  let ordersSourceIdentifier = '';
  const log = new MemoryLog();

  function post(
    body: string,
    options: { path?: string; headers?: Record<string, string> } = {},
  ): FunctionUrlEvent {
    return {
      rawPath: options.path ?? '/api/v1/lineage',
      headers: options.headers ?? { 'content-type': 'application/json' },
      body,
      isBase64Encoded: false,
      requestContext: { requestId: 'url-req', http: { method: 'POST' } },
    };
  }

  /** The Flink 1.x start fixture with every Kafka namespace replaced by `namespace` and a run id of its own. */
  const flinkEvent = (namespace: string, runId: string): RunEvent =>
    flinkRunEvent('flink-openlineage-start', namespace, runId);

  /** A broker endpoint of the demo cluster that is not the canonical one, in upper case. */
  const otherBroker = () => nonCanonicalBroker(demo.brokers);

  async function deadLetters() {
    const sqs = demo.governance.sqs();
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    for (const m of received.Messages ?? []) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
    return (received.Messages ?? []).map((m) => decodeDeadLetter(m.Body ?? ''));
  }

  beforeAll(async () => {
    demo = await startSyncedDemo({ autoPublish: true, log });
    ordersSourceIdentifier = (await topicSourceIdentifiers(demo)).get('orders') ?? '';
    const created = await demo.governance.sqs().send(
      new CreateQueueCommand({
        QueueName: 'lineage-ingest-dlq',
        Attributes: { KmsMasterKeyId: 'alias/streamgov-lineage', MessageRetentionPeriod: '1209600' },
      }),
    );
    queueUrl = created.QueueUrl ?? '';
    const settings: IngestSettings = {
      ...INGEST_DEFAULTS,
      domainId: demo.domainId,
      sources: [demo.source],
      deadLetterQueueUrl: queueUrl,
    };
    handler = createIngestHandler({
      settings,
      ports: createIngestPorts({
        factory: demo.governance,
        settings,
        log,
        retry: { attempts: 2, baseMs: 1, maxMs: 2, sleep: async () => undefined },
      }),
      log,
    });
  });
  afterAll(() => demo.local.close());
  beforeEach(() => clearFaultsAndCalls(demo));

  it('links a Flink event posted with a non-canonical broker to the topic asset', async () => {
    // Prepare
    const runId = '01959347-8e35-7b8d-b1c4-2f0e9a6d3c21';
    const event = flinkEvent(`kafka://${otherBroker()}`, runId);
    // Act
    const result = await handler(post(JSON.stringify(event)), { awsRequestId: 'req-linked' });
    // Assess
    expect(result.statusCode).toBe(200);
    expect(ordersSourceIdentifier).toBe(`kafka://${canonicalEndpoint(demo.brokers)}/orders`);
    const dz = demo.governance.dataZone();
    const input = await dz.send(
      new GetLineageNodeCommand({ domainIdentifier: demo.domainId, identifier: ordersSourceIdentifier }),
    );
    expect(input.typeName).toBe(DEFAULT_NAMES.assetType);
    const run = await dz.send(
      new GetLineageNodeCommand({
        domainIdentifier: demo.domainId,
        identifier: `flink-jobs.fraud-detector/${runId}`,
      }),
    );
    expect(input.downstreamNodes?.map((n) => n.id)).toContain(run.id);
    const history = [];
    for await (const page of paginateListLineageNodeHistory(
      { client: dz, pageSize: 1 },
      { domainIdentifier: demo.domainId, identifier: input.id, direction: 'DOWNSTREAM' },
    )) {
      history.push(...(page.nodes ?? []));
    }
    expect(history.length).toBeGreaterThan(0);
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(1);
  });

  it('forwards a gzip batch and reports each event', async () => {
    // Prepare
    const namespace = `kafka://${clusterEndpoints(demo.brokers).join(',')}`;
    const events = [
      flinkEvent(namespace, '01959347-8e35-7b8d-b1c4-2f0e9a6d3c31'),
      flinkEvent(namespace, '01959347-8e35-7b8d-b1c4-2f0e9a6d3c32'),
    ];
    const body = gzipSync(JSON.stringify(events)).toString('base64');
    // Act
    const result = await handler(
      {
        ...post(body, {
          path: '/api/v1/lineage/batch',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        }),
        isBase64Encoded: true,
      },
      { awsRequestId: 'req-batch' },
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect((JSON.parse(result.body) as IngestResponseBody).summary).toMatchObject({
      received: 2,
      forwarded: 2,
    });
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(2);
  });

  it('dead-letters an event DataZone keeps failing, with the error and request id (202)', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'datazone:PostLineageEvent': { rate: 1, code: 'InternalServerException' } },
    });
    const runId = '01959347-8e35-7b8d-b1c4-2f0e9a6d3c41';
    // Act
    const result = await handler(post(JSON.stringify(flinkEvent(`kafka://${otherBroker()}`, runId))), {
      awsRequestId: 'req-dlq',
    });
    // Assess
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'dead-lettered', summary: { deadLettered: 1 } });
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(2);
    const [letter, ...others] = await deadLetters();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      requestId: 'req-dlq',
      index: 0,
      domainId: demo.domainId,
      error: {
        name: 'TransientAwsError',
        awsErrorName: 'InternalServerException',
        awsRequestId: expect.any(String),
      },
    });
    const event = letter?.event as RunEvent;
    expect(event.run.runId).toBe(runId);
    expect(event.inputs?.[0]?.namespace).toBe(`kafka://${canonicalEndpoint(demo.brokers)}`);
  });

  it('answers 503 when the dead-letter queue fails too, so the client retries', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: {
        'datazone:PostLineageEvent': { rate: 1, code: 'InternalServerException' },
        'sqs:SendMessage': { rate: 1, code: 'ServiceUnavailable', status: 503 },
      },
    });
    // Act
    const result = await handler(
      post(JSON.stringify(flinkEvent(`kafka://${otherBroker()}`, '01959347-8e35-7b8d-b1c4-2f0e9a6d3c51'))),
      {
        awsRequestId: 'req-503',
      },
    );
    // Assess
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'retry', summary: { failed: 1 } });
    expect(calls(demo, 'sqs:SendMessage')).toBe(1);
    demo.local.cloud.faults.configure({});
    expect(await deadLetters()).toEqual([]);
  });

  it('refuses an invalid event with 400 and calls nothing', async () => {
    // Act
    const result = await handler(post('{"eventTime":"yesterday"}'), { awsRequestId: 'req-bad' });
    // Assess
    expect(result.statusCode).toBe(400);
    expect((JSON.parse(result.body) as IngestResponseBody).problems?.length).toBeGreaterThan(0);
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(0);
  });
});
