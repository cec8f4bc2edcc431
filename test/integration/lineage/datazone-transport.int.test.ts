import {
  GetLineageEventCommand,
  GetLineageNodeCommand,
  type GetLineageNodeOutput,
  paginateListLineageEvents,
} from '@aws-sdk/client-datazone';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { canonicalEndpoint, clusterEndpoints } from '../../../asset-types/src/topic-identity.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { REDUCED_FACET } from '../../../lineage/src/fit-event.ts';
import type { LineageEvent, RunEvent } from '../../../lineage/src/model.ts';
import { canonicaliseEvent, type KafkaNamespaceResolver } from '../../../lineage/src/naming.ts';
import { DataZoneTransport } from '../../../lineage/src/transports/datazone.ts';
import { assertValidEvent } from '../../../lineage/src/validate.ts';
import { fixture, runFixture } from '../../fixtures/openlineage/load.ts';
import { calls, clearFaultsAndCalls } from '../../support/demo-world.ts';
import { demoResolver, flinkRunEvent, nonCanonicalBroker } from '../../support/lineage-events.ts';
import { type SyncedDemo, startSyncedDemo, topicSourceIdentifiers } from '../../support/synced-demo.ts';

/**
 * DataZoneTransport through the real SDK against the local cloud, on the demo world after a real catalog
 * sync: a Flink event naming a non-canonical broker of the demo cluster, canonicalised, lands on the
 * lineage node of the topic asset the sync created (same sourceIdentifier).
 */
describe('DataZoneTransport on the local cloud', () => {
  let demo: SyncedDemo;
  let resolver: KafkaNamespaceResolver;
  /** Topic name → the sourceIdentifier the catalog sync wrote into its asset. */
  let sourceIdentifiers: Map<string, string>;
  const log = new MemoryLog();

  function transport(onRetry: () => void = () => undefined): DataZoneTransport {
    return new DataZoneTransport({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      log,
      retry: {
        attempts: 3,
        baseMs: 1,
        maxMs: 5,
        sleep: async () => onRetry(),
      },
    });
  }

  /** A broker endpoint of the demo cluster that is not the canonical one, in upper case. */
  const otherBroker = () => nonCanonicalBroker(demo.brokers);

  async function node(identifier: string): Promise<GetLineageNodeOutput> {
    return demo.governance
      .dataZone()
      .send(new GetLineageNodeCommand({ domainIdentifier: demo.domainId, identifier }));
  }

  async function lineageEventCount(): Promise<number> {
    let count = 0;
    const pages = paginateListLineageEvents(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, maxResults: 50 },
    );
    for await (const page of pages) count += page.items?.length ?? 0;
    return count;
  }

  beforeAll(async () => {
    demo = await startSyncedDemo({ autoPublish: true, log });
    sourceIdentifiers = await topicSourceIdentifiers(demo);
    resolver = demoResolver(demo);
  });
  afterAll(() => demo.local.close());
  beforeEach(() => clearFaultsAndCalls(demo));

  it('the catalog sync gave the orders topic a kafka:// sourceIdentifier', () => {
    expect(sourceIdentifiers.get('orders')).toBe(`kafka://${canonicalEndpoint(demo.brokers)}/orders`);
  });

  it('links a canonicalised Flink event on a non-canonical broker to the topic asset', async () => {
    // Prepare
    const raw = flinkRunEvent('flink-openlineage-start', `kafka://${otherBroker()}`);
    const event = assertValidEvent(canonicaliseEvent(raw, resolver)) as RunEvent;
    const orders = sourceIdentifiers.get('orders') ?? '';
    // Act
    await transport().emit(event);
    // Assess: the dataset node of the input is the asset's, and the Flink run is downstream of it
    const input = await node(orders);
    expect(input.sourceIdentifier).toBe(orders);
    expect(input.typeName).toBe(DEFAULT_NAMES.assetType);
    expect(input.name).toBe('orders');
    expect(input.formsOutput?.map((f) => f.formName)).toContain('AssetCommonDetailsForm');
    const run = await node(`flink-jobs.fraud-detector/${event.run.runId}`);
    expect(input.downstreamNodes?.map((n) => n.id)).toContain(run.id);
    const job = await node('flink-jobs.fraud-detector');
    expect(job.downstreamNodes?.map((n) => n.id)).toContain(run.id);
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(1);
  });

  it('links the bootstrap-list namespace of a Flink 2 event to the same asset', async () => {
    // Prepare
    const list = clusterEndpoints(demo.brokers).join(',');
    const event = canonicaliseEvent(flinkRunEvent('flink2-native-start', `kafka://${list}`), resolver);
    // Act
    await transport().emit(event);
    // Assess
    const input = await node(sourceIdentifiers.get('orders') ?? '');
    const run = await node(`flink-jobs.order-enrichment/${event.run.runId}`);
    expect(input.downstreamNodes?.map((n) => n.id)).toContain(run.id);
    expect(run.downstreamNodes).toHaveLength(1);
  });

  it('without canonicalisation the event lands on a node no asset is linked to', async () => {
    // Prepare
    const namespace = `kafka://${otherBroker()}`;
    const raw = flinkRunEvent('flink-openlineage-start', namespace);
    // Act
    await transport().emit(raw);
    // Assess
    const stray = await node(`${namespace}/orders`);
    expect(stray.typeName).toBe('amazon.datazone.DatasetNodeType');
    expect(stray.formsOutput).toEqual([]);
  });

  it('a retried emit of the same event is recorded once', async () => {
    // Prepare
    const event = canonicaliseEvent(runFixture('flink-openlineage-running'), resolver);
    const before = await lineageEventCount();
    // Act
    await transport().emit(event);
    await transport().emit(structuredClone(event));
    // Assess
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(2);
    expect(await lineageEventCount()).toBe(before + 1);
  });

  it('retries a throttled PostLineageEvent through the real SDK', async () => {
    // Prepare: every call throttled until the first backoff clears the fault
    demo.local.cloud.faults.configure({
      errors: { 'datazone:PostLineageEvent': { rate: 1, code: 'ThrottlingException' } },
    });
    const event = canonicaliseEvent(
      flinkRunEvent('flink-openlineage-start', `kafka://${otherBroker()}`),
      resolver,
    );
    // Act
    await transport(() => demo.local.cloud.faults.configure({})).emit(event);
    // Assess
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(2);
    const run = await node(`flink-jobs.fraud-detector/${event.run.runId}`);
    expect(run.sourceIdentifier).toBe(`flink-jobs.fraud-detector/${event.run.runId}`);
  });

  it('reduces an event above 300,000 bytes so that DataZone takes it', async () => {
    // Prepare: a column lineage facet of ~400 KB on the output
    const base = canonicaliseEvent(
      flinkRunEvent('flink2-native-start', `kafka://${otherBroker()}`),
      resolver,
    );
    const output = base.outputs?.[0];
    const facet = { _producer: 'urn:test', _schemaURL: 'urn:test:facet' };
    const inputField = { namespace: output?.namespace ?? '', name: 'orders', field: 'order_id' };
    const event: RunEvent = {
      ...base,
      outputs: [
        {
          namespace: output?.namespace ?? '',
          name: output?.name ?? '',
          facets: {
            ...output?.facets,
            columnLineage: {
              ...facet,
              fields: Object.fromEntries(
                Array.from({ length: 4_000 }, (_, i) => [`column_${i}`, { inputFields: [inputField] }]),
              ),
            },
          },
        },
      ],
    };
    expect(JSON.stringify(event).length).toBeGreaterThan(300_000);
    // Act
    await transport().emit(event);
    // Assess
    const items = [];
    for await (const page of paginateListLineageEvents(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, maxResults: 50 },
    )) {
      items.push(...(page.items ?? []));
    }
    const posted = items.find((i) => i.eventSummary?.openLineageRunEventSummary?.runId === event.run.runId);
    const stored = await demo.governance
      .dataZone()
      .send(new GetLineageEventCommand({ domainIdentifier: demo.domainId, identifier: posted?.id }));
    const body = JSON.parse(new TextDecoder().decode(stored.event as Uint8Array)) as RunEvent;
    expect(body.run.facets?.[REDUCED_FACET]).toMatchObject({ droppedFacets: ['columnLineage'] });
    expect(body.outputs?.[0]?.facets?.columnLineage).toBeUndefined();
    expect(body.outputs?.[0]?.facets?.schema).toBeDefined();
    expect(
      log.entries.some((e) => e.level === 'warn' && JSON.stringify(e.extra).includes('columnLineage')),
    ).toBe(true);
  });

  it.each(['dataset-event', 'job-event'])('drops a %s without calling DataZone', async (name) => {
    // Act
    await transport().emit(fixture(name) as LineageEvent);
    // Assess
    expect(calls(demo, 'datazone:PostLineageEvent')).toBe(0);
  });
});
