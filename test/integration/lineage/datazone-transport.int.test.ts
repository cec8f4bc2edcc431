import {
  GetAssetCommand,
  GetLineageEventCommand,
  GetLineageNodeCommand,
  type GetLineageNodeOutput,
  paginateListLineageEvents,
  paginateSearch,
} from '@aws-sdk/client-datazone';
import { GetBootstrapBrokersCommand } from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyTopicAssetType } from '../../../asset-types/src/adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, topicAssetType } from '../../../asset-types/src/definition.ts';
import {
  type BootstrapBrokers,
  canonicalEndpoint,
  clusterEndpoints,
} from '../../../asset-types/src/topic-identity.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import { syncCatalog } from '../../../datasource-lambda/src/sync-assets.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { REDUCED_FACET } from '../../../lineage/src/fit-event.ts';
import type { LineageEvent, RunEvent } from '../../../lineage/src/model.ts';
import { canonicaliseEvent, KafkaNamespaceResolver } from '../../../lineage/src/naming.ts';
import { DataZoneTransport } from '../../../lineage/src/transports/datazone.ts';
import { assertValidEvent } from '../../../lineage/src/validate.ts';
import { fixture, runFixture } from '../../fixtures/openlineage/load.ts';
import { calls, type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';

const PRODUCER_ROLE = 'arn:aws:iam::222222222222:role/local-admin';
const FIXTURE_HOST = /kafka:\/\/[^"]+?(?=")/gu;

/**
 * DataZoneTransport through the real SDK against the local cloud, on the demo world after a real catalog
 * sync: a Flink event naming a non-canonical broker of the demo cluster, canonicalised, lands on the
 * lineage node of the topic asset the sync created (same sourceIdentifier).
 */
describe('DataZoneTransport on the local cloud', () => {
  let demo: DemoCloud;
  let resolver: KafkaNamespaceResolver;
  let brokers: BootstrapBrokers;
  /** Topic name → the sourceIdentifier the catalog sync wrote into its asset. */
  const sourceIdentifiers = new Map<string, string>();
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

  /** A fixture event with every Kafka namespace replaced by `namespace`. */
  function flinkEvent(name: 'flink-openlineage-start' | 'flink2-native-start', namespace: string): RunEvent {
    return JSON.parse(JSON.stringify(runFixture(name)).replace(FIXTURE_HOST, namespace)) as RunEvent;
  }

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
    demo = await startDemoCloud();
    const clusterArn = demo.seeded.clusters['streaming-orders']?.arn ?? '';
    await applyTopicAssetType({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      definition: topicAssetType(),
      log,
    });
    const settings = {
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      sources: [
        {
          clusterName: 'streaming-orders',
          registryName: 'streaming',
          readRoleArn: PRODUCER_ROLE,
          mapping: 'auto' as const,
          includeTopicsWithoutSchema: true,
        },
      ],
      assetTypeNames: DEFAULT_NAMES,
      autoPublish: true,
      maxDeleteShare: 0.5,
      concurrency: 4,
      dataZoneWriteRate: 1000,
      indexPrefix: `/streamgov/${demo.domainId}/catalog`,
    };
    await syncCatalog({
      settings,
      ports: createSyncPorts({ factory: demo.governance, settings, log }),
      log,
      clock: systemClock,
      retry: { attempts: 5, baseMs: 5, maxMs: 20 },
      options: {},
    });
    for await (const page of paginateSearch(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, searchScope: 'ASSET', maxResults: 50 },
    )) {
      for (const item of page.items ?? []) {
        const id = item.assetItem?.identifier;
        if (!id || !item.assetItem?.name) continue;
        const asset = await demo.governance
          .dataZone()
          .send(new GetAssetCommand({ domainIdentifier: demo.domainId, identifier: id }));
        const common = asset.formsOutput?.find((f) => f.formName === 'AssetCommonDetailsForm');
        const content = JSON.parse(common?.content ?? '{}') as { sourceIdentifier?: string };
        if (content.sourceIdentifier) sourceIdentifiers.set(item.assetItem.name, content.sourceIdentifier);
      }
    }
    brokers = await demo.producer.kafka().send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
    resolver = KafkaNamespaceResolver.fromClusters([{ clusterArn, brokers }]);
  });
  afterAll(() => demo.local.close());
  beforeEach(() => {
    demo.local.cloud.faults.configure({});
    demo.local.cloud.resetCallCounts();
  });

  /** A broker endpoint of the demo cluster that is not the canonical one, in upper case. */
  function otherBroker(): string {
    const canonical = canonicalEndpoint(brokers);
    const other = clusterEndpoints(brokers).find(
      (e) => e !== canonical && !e.startsWith(canonical.split(':')[0] ?? ''),
    );
    if (!other) throw new Error('the demo cluster has a single broker');
    return other.toUpperCase();
  }

  it('the catalog sync gave the orders topic a kafka:// sourceIdentifier', () => {
    expect(sourceIdentifiers.get('orders')).toBe(`kafka://${canonicalEndpoint(brokers)}/orders`);
  });

  it('links a canonicalised Flink event on a non-canonical broker to the topic asset', async () => {
    // Prepare
    const raw = flinkEvent('flink-openlineage-start', `kafka://${otherBroker()}`);
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
    const list = clusterEndpoints(brokers).join(',');
    const event = canonicaliseEvent(flinkEvent('flink2-native-start', `kafka://${list}`), resolver);
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
    const raw = flinkEvent('flink-openlineage-start', namespace);
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
      flinkEvent('flink-openlineage-start', `kafka://${otherBroker()}`),
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
    const base = canonicaliseEvent(flinkEvent('flink2-native-start', `kafka://${otherBroker()}`), resolver);
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
