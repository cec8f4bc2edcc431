import type {
  GetLineageEventOutput,
  GetLineageNodeOutput,
  ListLineageEventsOutput,
  ListLineageNodeHistoryOutput,
  PostLineageEventOutput,
} from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { type Catalog, catalog, createTopic, expectError, ID, REGION } from './support.ts';

const BROKER = `kafka://b-1.c1.kafka.${REGION}.amazonaws.com:9098`;
const RUN_1 = '0190f0a3-0000-7000-8000-000000000001';
const RUN_2 = '0190f0a3-0000-7000-8000-000000000002';

function runEvent(overrides: Record<string, unknown> = {}) {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-01-01T10:00:00.000Z',
    producer: 'https://github.com/streamgov',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: RUN_1 },
    job: { namespace: 'flink', name: 'enrich' },
    inputs: [{ namespace: BROKER, name: 'orders' }],
    outputs: [{ namespace: BROKER, name: 'orders-enriched' }],
    ...overrides,
  };
}

const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function post(c: Catalog, event: unknown, clientToken?: string) {
  return c.t.call<PostLineageEventOutput>('PostLineageEvent', {
    domainIdentifier: c.domainId,
    event: bytes(event),
    ...(clientToken ? { clientToken } : {}),
  });
}

function node(c: Catalog, identifier: string, eventTimestamp?: Date) {
  return c.t.call<GetLineageNodeOutput>('GetLineageNode', {
    domainIdentifier: c.domainId,
    identifier,
    ...(eventTimestamp ? { eventTimestamp } : {}),
  });
}

describe('DataZone lineage events', () => {
  it('accepts a run event, processes it and returns it with its header members', async () => {
    const c = await catalog();
    const posted = await post(c, runEvent(), 'lineage-1');
    expect(posted.id).toMatch(ID);
    expect(posted.domainId).toBe(c.domainId);
    const got = await c.t.call<GetLineageEventOutput>('GetLineageEvent', {
      domainIdentifier: c.domainId,
      identifier: posted.id,
    });
    expect(got).toMatchObject({
      domainId: c.domainId,
      id: posted.id,
      processingStatus: 'SUCCESS',
      eventTime: new Date('2026-01-01T10:00:00.000Z'),
      createdAt: expect.any(Date),
      createdBy: expect.any(String),
    });
    expect(got.event).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(got.event))).toEqual(runEvent());
    const retry = await post(c, runEvent(), 'lineage-1');
    expect(retry.id).toBe(posted.id);
    await expectError(post(c, runEvent({ eventType: 'START' }), 'lineage-1'), 'ConflictException');
    await expectError(
      c.t.call('GetLineageEvent', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('GetLineageEvent', { domainIdentifier: c.domainId, identifier: 'NOT-AN-ID' }),
      'ValidationException',
    );
  });

  it('rejects what is not a valid OpenLineage run event', async () => {
    const c = await catalog();
    await expectError(post(c, '{not json'), 'ValidationException', /JSON/);
    await expectError(post(c, '[1]'), 'ValidationException', /object/);
    await expectError(
      post(c, { eventTime: '2026-01-01T00:00:00Z', dataset: { namespace: 'n', name: 'd' } }),
      'ValidationException',
      /run events/,
    );
    await expectError(
      post(c, { eventTime: '2026-01-01T00:00:00Z', job: { namespace: 'n', name: 'j' } }),
      'ValidationException',
      /run events/,
    );
    await expectError(post(c, runEvent({ eventTime: undefined })), 'ValidationException', /eventTime/);
    await expectError(post(c, runEvent({ eventTime: 'yesterday' })), 'ValidationException', /eventTime/);
    await expectError(post(c, runEvent({ run: {} })), 'ValidationException', /run\.runId/);
    await expectError(post(c, runEvent({ job: { name: 'j' } })), 'ValidationException', /job\.namespace/);
    await expectError(post(c, runEvent({ job: { namespace: 'n' } })), 'ValidationException', /job\.name/);
    await expectError(post(c, runEvent({ eventType: 'DONE' })), 'ValidationException', /eventType/);
    await expectError(
      post(c, runEvent({ inputs: [{ name: 'x' }] })),
      'ValidationException',
      /inputs\[0\]\.namespace/,
    );
    const big = runEvent({ padding: 'x'.repeat(300_001) });
    await expectError(post(c, big), 'ValidationException', /300000/);
    await expectError(
      c.t.call('PostLineageEvent', { domainIdentifier: c.domainId }),
      'ValidationException',
      /event/,
    );
    await expectError(
      c.t.call('PostLineageEvent', { domainIdentifier: 'dzd_abcdefabcdefab', event: bytes(runEvent()) }),
      'ResourceNotFoundException',
    );
  });

  it('lists events with summaries, filters and sort order, in two pages', async () => {
    const c = await catalog();
    const ids: string[] = [];
    for (const [i, time] of [
      '2026-01-01T10:00:00Z',
      '2026-01-01T11:00:00Z',
      '2026-01-01T12:00:00Z',
    ].entries()) {
      ids.push((await post(c, runEvent({ eventTime: time, run: { runId: `run-${i}` } }))).id ?? '');
    }
    const first = await c.t.call<ListLineageEventsOutput>('ListLineageEvents', {
      domainIdentifier: c.domainId,
      maxResults: 2,
    });
    expect(first.items?.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.items?.[0]).toMatchObject({
      domainId: c.domainId,
      processingStatus: 'SUCCESS',
      eventTime: new Date('2026-01-01T12:00:00Z'),
      eventSummary: {
        openLineageRunEventSummary: {
          eventType: 'COMPLETE',
          runId: 'run-2',
          job: { namespace: 'flink', name: 'enrich' },
          inputs: [{ namespace: BROKER, name: 'orders' }],
          outputs: [{ namespace: BROKER, name: 'orders-enriched' }],
        },
      },
    });
    const second = await c.t.call<ListLineageEventsOutput>('ListLineageEvents', {
      domainIdentifier: c.domainId,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((e) => e.id)).toEqual([ids[0]]);
    const window = await c.t.call<ListLineageEventsOutput>('ListLineageEvents', {
      domainIdentifier: c.domainId,
      timestampAfter: new Date('2026-01-01T10:30:00Z'),
      timestampBefore: new Date('2026-01-01T12:00:00Z'),
      sortOrder: 'ASCENDING',
      processingStatus: 'SUCCESS',
    });
    expect(window.items?.map((e) => e.id)).toEqual([ids[1], ids[2]]);
    const failed = await c.t.call<ListLineageEventsOutput>('ListLineageEvents', {
      domainIdentifier: c.domainId,
      processingStatus: 'FAILED',
    });
    expect(failed.items).toEqual([]);
  });
});

describe('DataZone lineage nodes', () => {
  it('builds job, job run and dataset nodes with their edges', async () => {
    const c = await catalog();
    await post(c, runEvent());
    const job = await node(c, 'flink.enrich');
    expect(job).toMatchObject({
      typeName: 'amazon.datazone.JobNodeType',
      name: 'enrich',
      sourceIdentifier: 'flink.enrich',
      eventTimestamp: new Date('2026-01-01T10:00:00.000Z'),
    });
    const run = await node(c, `flink.enrich/${RUN_1}`);
    expect(run.typeName).toBe('amazon.datazone.JobRunNodeType');
    expect(job.downstreamNodes?.map((n) => n.id)).toEqual([run.id]);
    const input = await node(c, `${BROKER}/orders`);
    const output = await node(c, `${BROKER}/orders-enriched`);
    expect(input).toMatchObject({
      typeName: 'amazon.datazone.DatasetNodeType',
      name: 'orders',
      formsOutput: [],
    });
    expect(run.upstreamNodes?.map((n) => n.id).sort()).toEqual([job.id, input.id].sort());
    expect(run.downstreamNodes).toEqual([
      { id: output.id, eventTimestamp: new Date('2026-01-01T10:00:00.000Z') },
    ]);
    expect(output.upstreamNodes?.map((n) => n.id)).toEqual([run.id]);
    const byId = await node(c, input.id ?? '');
    expect(byId.sourceIdentifier).toBe(`${BROKER}/orders`);
    await expectError(node(c, 'kafka://nowhere/none'), 'ResourceNotFoundException');
  });

  it('names AWS datasets by ARN', async () => {
    const c = await catalog();
    await post(
      c,
      runEvent({
        inputs: [{ namespace: 'arn:aws:glue:eu-west-1:123456789012', name: 'table/db/t' }],
        outputs: [{ namespace: 'ignored', name: 'arn:aws:kinesis:eu-west-1:123456789012:stream/s' }],
      }),
    );
    await expect(node(c, 'arn:aws:glue:eu-west-1:123456789012:table/db/t')).resolves.toMatchObject({
      name: 'table/db/t',
    });
    await expect(node(c, 'arn:aws:kinesis:eu-west-1:123456789012:stream/s')).resolves.toBeDefined();
  });

  it('links a dataset node to the asset whose AssetCommonDetailsForm has its sourceIdentifier', async () => {
    const c = await catalog();
    await post(c, runEvent());
    const before = await node(c, `${BROKER}/orders`);
    expect(before.typeName).toBe('amazon.datazone.DatasetNodeType');
    await createTopic(c, 'orders');
    const linked = await node(c, `${BROKER}/orders`);
    expect(linked).toMatchObject({
      id: before.id,
      typeName: 'MskTopicAssetType',
      typeRevision: '1',
      name: 'orders',
    });
    expect(linked.formsOutput?.map((f) => f.formName)).toContain('AssetCommonDetailsForm');
  });

  it('keeps a history per event time and answers the node as of a timestamp', async () => {
    const c = await catalog();
    await post(c, runEvent());
    await post(
      c,
      runEvent({
        eventTime: '2026-01-01T12:00:00.000Z',
        run: { runId: RUN_2 },
        job: { namespace: 'flink', name: 'audit' },
        inputs: [{ namespace: BROKER, name: 'orders-enriched' }],
        outputs: [],
      }),
    );
    await post(c, runEvent({ eventTime: '2026-01-01T14:00:00.000Z', eventType: 'RUNNING' }));
    const id = `${BROKER}/orders-enriched`;
    const latest = await node(c, id);
    expect(latest.eventTimestamp).toEqual(new Date('2026-01-01T14:00:00.000Z'));
    expect(latest.upstreamNodes).toHaveLength(1);
    expect(latest.downstreamNodes).toHaveLength(1);
    const early = await node(c, id, new Date('2026-01-01T11:00:00.000Z'));
    expect(early.eventTimestamp).toEqual(new Date('2026-01-01T10:00:00.000Z'));
    expect(early.downstreamNodes).toEqual([]);
    await expectError(node(c, id, new Date('2025-12-31T00:00:00Z')), 'ResourceNotFoundException');

    const history = (input: object) =>
      c.t.call<ListLineageNodeHistoryOutput>('ListLineageNodeHistory', {
        domainIdentifier: c.domainId,
        identifier: id,
        ...input,
      });
    const first = await history({ maxResults: 2 });
    expect(first.nodes?.map((n) => n.eventTimestamp?.toISOString())).toEqual([
      '2026-01-01T14:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ]);
    expect(first.nodes?.[0]).toMatchObject({
      id: latest.id,
      domainId: c.domainId,
      typeName: 'amazon.datazone.DatasetNodeType',
    });
    const second = await history({ maxResults: 2, nextToken: first.nextToken });
    expect(second.nodes?.map((n) => n.eventTimestamp?.toISOString())).toEqual(['2026-01-01T10:00:00.000Z']);
    expect(second.nextToken).toBeUndefined();
    const downstream = await history({ direction: 'DOWNSTREAM' });
    expect(downstream.nodes?.map((n) => n.eventTimestamp?.toISOString())).toEqual([
      '2026-01-01T12:00:00.000Z',
    ]);
    const window = await history({
      eventTimestampGTE: new Date('2026-01-01T10:00:00.000Z'),
      eventTimestampLTE: new Date('2026-01-01T12:00:00.000Z'),
      sortOrder: 'ASCENDING',
    });
    expect(window.nodes?.map((n) => n.eventTimestamp?.toISOString())).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ]);
    await expectError(history({ direction: 'SIDEWAYS' }), 'ValidationException', /direction/);
    await expectError(
      c.t.call('ListLineageNodeHistory', { domainIdentifier: c.domainId, identifier: 'missing' }),
      'ResourceNotFoundException',
    );
  });
});
