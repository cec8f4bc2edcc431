import { describe, expect, it } from 'vitest';
import type { BootstrapBrokers } from '../../../../asset-types/src/topic-identity.ts';
import { auditLineage, type LineageTarget } from '../../../../lineage/src/audit/audit-lineage.ts';
import { LineageTargetNotFoundError } from '../../../../lineage/src/audit/errors.ts';
import type { TopicDirectory } from '../../../../lineage/src/audit/ports.ts';
import { demoGraph, ORDERS_SI, withAssets } from './in-memory-lineage-graph.ts';

const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/uuid-1';
const BROKERS: BootstrapBrokers = {
  BootstrapBrokerStringSaslIam:
    'b-2.orders.abc.kafka.eu-west-1.amazonaws.com:9098,b-1.orders.abc.kafka.eu-west-1.amazonaws.com:9098',
};

/** A directory with the demo cluster and its topics; records the references it was asked for. */
function directory(topics: readonly string[] = ['orders', 'payments']): TopicDirectory & { refs: unknown[] } {
  const refs: unknown[] = [];
  return {
    refs,
    resolveCluster: async (ref) => {
      refs.push(ref);
      return { arn: CLUSTER_ARN, name: 'streaming-orders', brokers: BROKERS };
    },
    describeTopic: async (_arn, topic) => (topics.includes(topic) ? { name: topic } : undefined),
  };
}

const sources = [{ clusterName: 'streaming-orders', registryName: 'streaming' }];

function run(target: LineageTarget, graph = withAssets(demoGraph()), dir = directory()) {
  return auditLineage({ target, sources, directoryFor: () => dir, reader: graph, assets: graph });
}

describe('auditLineage', () => {
  it('resolves CLUSTER/TOPIC to the canonical sourceIdentifier and the asset, then collects', async () => {
    // Act
    const audit = await run({ kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'orders' } });
    // Assess
    expect(audit.target).toMatchObject({
      kind: 'topic',
      value: 'streaming-orders/orders',
      sourceIdentifier: ORDERS_SI,
      clusterArn: CLUSTER_ARN,
      topicArn: 'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/orders',
      asset: { id: 'asset-orders' },
      warnings: [],
    });
    expect(audit.view.rootId).toBe('orders');
    expect(audit.view.nodes.find((n) => n.id === 'orders')?.asset?.id).toBe('asset-orders');
  });

  it('resolves a cluster ARN through the source configured by its name', async () => {
    // Prepare
    const dir = directory();
    // Act
    await run({ kind: 'topic', ref: { cluster: CLUSTER_ARN, topic: 'orders' } }, undefined, dir);
    // Assess
    expect(dir.refs).toEqual([{ clusterArn: CLUSTER_ARN }]);
  });

  it('resolves an asset id to the sourceIdentifier of its AssetCommonDetailsForm', async () => {
    // Act
    const audit = await run({ kind: 'asset', assetId: 'asset-orders' });
    // Assess
    expect(audit.target).toMatchObject({ kind: 'asset', value: 'asset-orders', sourceIdentifier: ORDERS_SI });
    expect(audit.view.nodes.map((n) => n.id)).toEqual(['orders', 'prun', 'pjob', 'frun', 'payments', 'fjob']);
  });

  it('warns when the asset holds another sourceIdentifier than the topic identity', async () => {
    // Prepare
    const graph = withAssets(demoGraph());
    const asset = graph.assets.get('asset-orders');
    if (!asset) throw new Error('no asset');
    graph.assets.set('asset-orders', { ...asset, sourceIdentifier: 'kafka://streaming-orders/orders' });
    // Act
    const audit = await run({ kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'orders' } }, graph);
    // Assess
    expect(audit.target.warnings).toEqual([
      `asset asset-orders has sourceIdentifier kafka://streaming-orders/orders, not ${ORDERS_SI}: lineage events do not link to it until streamgov sync writes the current one`,
    ]);
  });

  it('warns when the catalog has no asset for the topic', async () => {
    // Act
    const audit = await run(
      { kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'orders' } },
      demoGraph(),
    );
    // Assess
    expect(audit.target.warnings[0]).toContain('the catalog has no asset for topic ARN');
  });

  it('throws LineageTargetNotFoundError naming a cluster that is not configured', async () => {
    // Act
    const act = run({ kind: 'topic', ref: { cluster: 'analytics', topic: 'orders' } });
    // Assess
    await expect(act).rejects.toThrow(LineageTargetNotFoundError);
    await expect(act).rejects.toThrow(
      'cluster "analytics" is not a configured catalog source (configured: streaming-orders)',
    );
  });

  it('throws LineageTargetNotFoundError naming a topic the cluster does not have', async () => {
    // Act / Assess
    await expect(run({ kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'nope' } })).rejects.toThrow(
      `topic "streaming-orders/nope" does not exist in cluster ${CLUSTER_ARN}`,
    );
  });

  it('throws LineageTargetNotFoundError naming a topic without a lineage node', async () => {
    // Act / Assess
    await expect(
      run({ kind: 'topic', ref: { cluster: 'streaming-orders', topic: 'orders' } }, withAssets(demoGraph()), {
        ...directory(),
        resolveCluster: async () => ({
          arn: CLUSTER_ARN,
          name: 'streaming-orders',
          brokers: { BootstrapBrokerStringTls: 'b-9.other.kafka.eu-west-1.amazonaws.com:9094' },
        }),
      }),
    ).rejects.toThrow('topic "streaming-orders/orders" has no lineage node yet');
  });

  it('throws LineageTargetNotFoundError naming an unknown asset', async () => {
    // Act / Assess
    await expect(run({ kind: 'asset', assetId: 'nope123' })).rejects.toThrow(
      'asset "nope123" does not exist in the domain',
    );
  });

  it('throws LineageTargetNotFoundError for an asset without a sourceIdentifier', async () => {
    // Prepare
    const graph = demoGraph();
    graph.assets.set('bare', { id: 'bare', name: 'bare', typeName: 'MskTopicAssetType' });
    // Act / Assess
    await expect(run({ kind: 'asset', assetId: 'bare' }, graph)).rejects.toThrow(
      'asset "bare" has no AssetCommonDetailsForm.sourceIdentifier',
    );
  });
});
