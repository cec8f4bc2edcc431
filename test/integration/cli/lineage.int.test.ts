import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEndpoint } from '../../../asset-types/src/topic-identity.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { LineageJson } from '../../../lineage/src/audit/render-json.ts';
import { runCli } from '../../support/cli.ts';
import { FLINK_RUN, PRODUCER_RUN, postOrdersLineage } from '../../support/lineage-events.ts';
import { type SyncedDemo, startSyncedDemo } from '../../support/synced-demo.ts';

/**
 * `streamgov lineage` in a child process against the local cloud: the demo world after a catalog sync,
 * a producer writing `orders` and a Flink job reading `orders` and writing `payments` (posted through
 * lineage/src), then the audit view of streaming-orders/orders in every format.
 */
describe('streamgov lineage', () => {
  let demo: SyncedDemo;
  let dir: string;
  let configFile: string;
  let ordersSourceIdentifier: string;
  let clusterArn: string;

  beforeAll(async () => {
    const log = new MemoryLog();
    demo = await startSyncedDemo({ autoPublish: false, log });
    clusterArn = demo.clusterArn;
    ordersSourceIdentifier = `kafka://${canonicalEndpoint(demo.brokers)}/orders`;
    await postOrdersLineage(demo, {
      producer: [{ eventType: 'RUNNING', at: new Date('2025-01-01T10:00:00.000Z') }],
      flinkAt: new Date('2025-01-01T11:00:00.000Z'),
      log,
    });
    dir = await mkdtemp(join(tmpdir(), 'streamgov-lineage-'));
    configFile = join(dir, 'streamgov.json');
    const { clusterName, registryName, readRoleArn } = demo.source;
    await writeFile(
      configFile,
      JSON.stringify({
        region: 'eu-west-1',
        domainId: demo.domainId,
        catalog: {
          owningProjectId: demo.producerProjectId,
          sources: [{ clusterName, registryName, readRoleArn }],
        },
      }),
    );
  });
  afterAll(async () => {
    await demo.local.close();
    await rm(dir, { recursive: true, force: true });
  });

  const lineage = (...args: string[]) =>
    runCli(['lineage', '--config', configFile, ...args], demo.local.endpoint);

  it('--format json shows the producer upstream and the Flink job downstream of the topic', async () => {
    // Act
    const result = await lineage('--topic', 'streaming-orders/orders', '--format', 'json');
    // Assess
    expect(result.code).toBe(0);
    const doc = result.json<LineageJson>();
    expect(doc.target).toMatchObject({
      kind: 'topic',
      value: 'streaming-orders/orders',
      sourceIdentifier: ordersSourceIdentifier,
      warnings: [],
    });
    expect(doc.target.assetId).toMatch(/^[a-z0-9]+$/u);
    const root = doc.nodes[0];
    expect(root).toMatchObject({ id: doc.rootNodeId, kind: 'dataset', asset: { id: doc.target.assetId } });
    const upstream = doc.nodes.filter((n) => (n.upstreamDistance ?? 0) > 0).map((n) => n.sourceIdentifier);
    expect(upstream).toEqual([`services.order-producer/${PRODUCER_RUN}`, 'services.order-producer']);
    const downstream = doc.nodes.filter((n) => (n.downstreamDistance ?? 0) > 0);
    expect(downstream.map((n) => n.sourceIdentifier)).toEqual([
      `flink-jobs.fraud-detector/${FLINK_RUN}`,
      ordersSourceIdentifier.replace(/orders$/u, 'payments'),
    ]);
    const flinkJob = doc.nodes.find((n) => n.id === downstream[0]?.job);
    expect(flinkJob).toMatchObject({ kind: 'job', sourceIdentifier: 'flink-jobs.fraud-detector' });
    expect(doc.edges).toContainEqual({ from: root?.id, to: downstream[0]?.id });
  });

  it('--format text prints the tree with types and last-seen times', async () => {
    // Act
    const result = await lineage('--topic', 'streaming-orders/orders');
    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines[0]).toBe('lineage of topic streaming-orders/orders');
    expect(at('upstream')).toBeLessThan(at('● [dataset] orders'));
    expect(at('● [dataset] orders')).toBeLessThan(at('downstream'));
    expect(result.stdout).toContain(
      `  └─ [job run] order-producer/${PRODUCER_RUN} · job services.order-producer · last seen 2025-01-01T10:00:00.000Z (1 event)`,
    );
    expect(result.stdout).toContain(
      `  └─ [job run] fraud-detector/${FLINK_RUN} · job flink-jobs.fraud-detector · last seen 2025-01-01T11:00:00.000Z (1 event)`,
    );
    expect(result.stdout).toMatch(
      / {5}└─ \[dataset\] payments · asset MskTopicAssetType [a-z0-9]+ · last seen/u,
    );
  });

  it('--format mermaid prints a graph LR with the Flink run downstream of the topic', async () => {
    // Act
    const result = await lineage('--topic', 'streaming-orders/orders', '--format', 'mermaid');
    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('graph LR');
    expect(lines[1]).toMatch(
      /^ {2}n0\["orders<br\/>dataset · MskTopicAssetType<br\/>last seen 2025-01-01T11:00:00.000Z"\]$/u,
    );
    const id = (name: string) =>
      lines
        .find((l) => l.includes(`["${name}`))
        ?.trim()
        .split('[')[0];
    expect(lines).toContain(`  n0 --> ${id(`fraud-detector/${FLINK_RUN}`)}`);
    expect(lines).toContain(`  ${id('fraud-detector<br/>job')} -.-> ${id(`fraud-detector/${FLINK_RUN}`)}`);
    expect(lines.at(-1)).toBe('  class n0 root');
  });

  it('--asset ID gives the same view as --topic', async () => {
    // Prepare
    const byTopic = (
      await lineage('--topic', 'streaming-orders/orders', '--format', 'json')
    ).json<LineageJson>();
    // Act
    const result = await lineage('--asset', byTopic.target.assetId ?? '', '--format', 'json');
    // Assess
    expect(result.code).toBe(0);
    const byAsset = result.json<LineageJson>();
    expect(byAsset.target).toMatchObject({ kind: 'asset', sourceIdentifier: ordersSourceIdentifier });
    expect(byAsset.nodes).toEqual(byTopic.nodes);
    expect(byAsset.edges).toEqual(byTopic.edges);
  });

  it('accepts the cluster ARN and --depth 1', async () => {
    // Act
    const result = await lineage('--topic', `${clusterArn}/orders`, '--format', 'json', '--depth', '1');
    // Assess
    expect(result.code).toBe(0);
    const doc = result.json<LineageJson>();
    expect(doc.depth).toBe(1);
    expect(doc.nodes.some((n) => n.downstreamDistance === 2)).toBe(false);
    // the producer run (its job lies beyond) and the Flink run (payments lies beyond) are cut off
    const runs = doc.nodes.filter((n) => n.kind === 'job-run').map((n) => n.id);
    expect([...doc.truncatedAt].sort()).toEqual([...runs].sort());
  });

  it('exits 1 naming an unknown topic', async () => {
    // Act
    const result = await lineage('--topic', 'streaming-orders/no-such-topic');
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'LineageTargetNotFoundError: topic "streaming-orders/no-such-topic" does not exist',
    );
    expect(result.stdout).toBe('');
  });

  it('exits 1 naming a synced topic that has no lineage yet', async () => {
    // Act
    const result = await lineage('--topic', 'streaming-orders/shipments');
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('topic "streaming-orders/shipments" has no lineage node yet');
  });

  it('exits 1 naming an unknown asset or cluster', async () => {
    // Act
    const asset = await lineage('--asset', 'nosuchasset123');
    const cluster = await lineage('--topic', 'analytics/orders');
    // Assess
    expect(asset.code).toBe(1);
    expect(asset.stderr).toContain('asset "nosuchasset123" does not exist');
    expect(cluster.code).toBe(1);
    expect(cluster.stderr).toContain('cluster "analytics" is not a configured catalog source');
  });

  it.each([
    [['--topic', 'streaming-orders/orders', '--format', 'yaml'], 'Invalid --format "yaml"'],
    [['--topic', 'streaming-orders/orders', '--depth', '0'], 'Invalid --depth "0"'],
    [['--topic', 'orders'], 'Invalid --topic "orders"'],
    [['--topic', 'streaming-orders/orders', '--asset', 'a1'], 'give exactly one of --topic and --asset'],
    [[], 'give exactly one of --topic and --asset'],
  ])('exits 2 with the usage for %j', async (args, message) => {
    // Act
    const result = await lineage(...args);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: streamgov lineage --config FILE');
  });
});
