import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { canonicalEndpoint } from '../../../asset-types/src/topic-identity.ts';
import { TransientAwsError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { DataZoneLineageReader } from '../../../lineage/src/audit/adapters/datazone-lineage-reader.ts';
import { auditLineage } from '../../../lineage/src/audit/audit-lineage.ts';
import { calls, clearFaultsAndCalls } from '../../support/demo-world.ts';
import { PRODUCER_RUN, postOrdersLineage } from '../../support/lineage-events.ts';
import { type SyncedDemo, startSyncedDemo } from '../../support/synced-demo.ts';

/**
 * The audit view's DataZone adapter and use case through the real SDK on the local cloud: the demo world
 * after a real catalog sync, a producer writing `orders` (three run states) and a Flink job reading
 * `orders` and writing `payments`, posted with lineage/src's emitter and DataZone transport.
 */
describe('DataZoneLineageReader and auditLineage on the local cloud', () => {
  let demo: SyncedDemo;
  let ordersSourceIdentifier: string;
  const log = new MemoryLog();

  function reader(pageSize?: number): DataZoneLineageReader {
    return new DataZoneLineageReader({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      log,
      ...(pageSize === undefined ? {} : { pageSize }),
    });
  }

  function audit(target: Parameters<typeof auditLineage>[0]['target']) {
    const { settings } = demo;
    const ports = createSyncPorts({ factory: demo.governance, settings, log });
    const r = reader();
    return auditLineage({
      target,
      sources: settings.sources,
      directoryFor: (source) => ports.forSource(source).clusters,
      reader: r,
      assets: r,
    });
  }

  beforeAll(async () => {
    demo = await startSyncedDemo({ autoPublish: false, log });
    ordersSourceIdentifier = `kafka://${canonicalEndpoint(demo.brokers)}/orders`;
    await postOrdersLineage(demo, {
      producer: (['START', 'RUNNING', 'COMPLETE'] as const).map((eventType, i) => ({
        eventType,
        at: new Date(Date.UTC(2025, 0, 1, 10, i)),
      })),
      flinkAt: new Date(Date.UTC(2025, 0, 1, 11, 0)),
      log,
    });
  });
  afterAll(() => demo.local.close());
  beforeEach(() => clearFaultsAndCalls(demo));

  it('reads a node by sourceIdentifier with its asset forms and neighbours', async () => {
    // Act
    const node = await reader().getNode(ordersSourceIdentifier);
    // Assess
    expect(node).toMatchObject({
      name: 'orders',
      typeName: DEFAULT_NAMES.assetType,
      sourceIdentifier: ordersSourceIdentifier,
      eventTimestamp: '2025-01-01T11:00:00.000Z',
    });
    expect(node?.forms.AssetCommonDetailsForm).toEqual({ sourceIdentifier: ordersSourceIdentifier });
    expect(node?.upstream).toHaveLength(1);
    expect(node?.downstream).toHaveLength(1);
  });

  it('answers undefined for a node DataZone does not have', async () => {
    expect(await reader().getNode('kafka://nowhere:9098/nothing')).toBeUndefined();
  });

  it('reads every page of a node history', async () => {
    // Prepare
    const node = await reader().getNode(ordersSourceIdentifier);
    demo.local.cloud.resetCallCounts();
    // Act
    const history = await reader(1).nodeHistory(node?.id ?? '');
    // Assess: three producer states and the Flink run, one entry per event time, one per page
    expect(history).toEqual({
      events: 4,
      firstEventAt: '2025-01-01T10:00:00.000Z',
      lastEventAt: '2025-01-01T11:00:00.000Z',
    });
    expect(calls(demo, 'datazone:ListLineageNodeHistory')).toBeGreaterThanOrEqual(4);
  });

  it('finds an asset by externalIdentifier and reads its sourceIdentifier', async () => {
    // Prepare
    const topicArn = demo.seeded.clusters['streaming-orders']?.arn.replace(':cluster/', ':topic/') ?? '';
    // Act
    const found = await reader(1).findByExternalIdentifier(`${topicArn}/orders`);
    const asset = await reader().getAsset(found?.id ?? '');
    // Assess
    expect(found).toMatchObject({ name: 'orders', typeName: DEFAULT_NAMES.assetType });
    expect(asset?.sourceIdentifier).toBe(ordersSourceIdentifier);
    expect(await reader().getAsset('nope0000000000')).toBeUndefined();
    expect(await reader().findByExternalIdentifier(`${topicArn}/nope`)).toBeUndefined();
  });

  it('throws TransientAwsError naming the call when DataZone fails', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'datazone:GetLineageNode': { rate: 1, code: 'InternalServerException' } },
    });
    // Act
    const act = reader().getNode(ordersSourceIdentifier);
    // Assess
    await expect(act).rejects.toThrow(TransientAwsError);
    await expect(act).rejects.toThrow(`datazone:GetLineageNode ${ordersSourceIdentifier} failed`);
  });

  it('shows the producer upstream and the Flink job downstream of streaming-orders/orders', async () => {
    // Act
    const { target, view } = await audit({
      kind: 'topic',
      ref: { cluster: 'streaming-orders', topic: 'orders' },
    });
    // Assess
    expect(target.sourceIdentifier).toBe(ordersSourceIdentifier);
    expect(target.warnings).toEqual([]);
    const byId = new Map(view.nodes.map((n) => [n.id, n]));
    const upstream = view.nodes.filter((n) => (n.upstreamDistance ?? 0) > 0);
    expect(upstream.map((n) => [n.kind, n.sourceIdentifier])).toEqual([
      ['job-run', `services.order-producer/${PRODUCER_RUN}`],
      ['job', 'services.order-producer'],
    ]);
    const downstream = view.nodes.filter((n) => (n.downstreamDistance ?? 0) > 0);
    expect(downstream.map((n) => n.kind)).toEqual(['job-run', 'dataset']);
    const flinkRun = downstream[0];
    expect(byId.get(flinkRun?.jobId ?? '')?.sourceIdentifier).toBe('flink-jobs.fraud-detector');
    expect(downstream[1]?.asset).toMatchObject({ name: 'payments', typeName: DEFAULT_NAMES.assetType });
    expect(downstream[1]?.asset?.id).toMatch(/^[a-z0-9]+$/u);
    // each of the six nodes read once, its history too; one Search for the topic, one for payments
    expect(calls(demo, 'datazone:GetLineageNode')).toBe(6);
    expect(calls(demo, 'datazone:ListLineageNodeHistory')).toBe(6);
    expect(calls(demo, 'datazone:Search')).toBe(2);
  });

  it('gives the same view for --asset as for --topic', async () => {
    // Prepare
    const byTopic = await audit({ kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'orders' } });
    // Act
    const byAsset = await audit({ kind: 'asset', assetId: byTopic.target.asset?.id ?? '' });
    // Assess
    expect(byAsset.view).toEqual(byTopic.view);
  });

  it('throws LineageTargetNotFoundError for a synced topic no lineage event names', async () => {
    await expect(
      audit({ kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'shipments' } }),
    ).rejects.toThrow('topic "streaming-orders/shipments" has no lineage node yet');
  });
});
