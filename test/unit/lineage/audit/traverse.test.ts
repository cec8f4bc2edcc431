import { describe, expect, it } from 'vitest';
import { LineageTargetNotFoundError } from '../../../../lineage/src/audit/errors.ts';
import { nodeKindOf } from '../../../../lineage/src/audit/model.ts';
import { collectLineage, jobSourceIdentifierOf } from '../../../../lineage/src/audit/traverse.ts';
import { demoGraph, ORDERS_SI, TYPES, withAssets } from './in-memory-lineage-graph.ts';

describe('collectLineage', () => {
  it('finds the producer upstream and the Flink run with its job downstream of a topic', async () => {
    // Prepare
    const graph = withAssets(demoGraph());
    // Act
    const view = await collectLineage({ reader: graph, assets: graph, root: ORDERS_SI });
    // Assess
    expect(view.rootId).toBe('orders');
    expect(view.nodes.map((n) => [n.id, n.upstreamDistance, n.downstreamDistance])).toEqual([
      ['orders', 0, 0],
      ['prun', 1, undefined],
      ['pjob', 2, undefined],
      ['frun', undefined, 1],
      ['payments', undefined, 2],
      ['fjob', undefined, undefined],
    ]);
    expect(view.nodes.find((n) => n.id === 'frun')?.jobId).toBe('fjob');
    expect(view.nodes.find((n) => n.id === 'prun')?.jobId).toBe('pjob');
    expect(view.edges).toEqual([
      { from: 'fjob', to: 'frun' },
      { from: 'frun', to: 'payments' },
      { from: 'orders', to: 'frun' },
      { from: 'pjob', to: 'prun' },
      { from: 'prun', to: 'orders' },
    ]);
    expect(view.truncatedAt).toEqual([]);
  });

  it('names the linked assets and keeps each node history', async () => {
    // Prepare
    const graph = withAssets(demoGraph());
    // Act
    const view = await collectLineage({ reader: graph, assets: graph, root: 'orders' });
    // Assess
    const payments = view.nodes.find((n) => n.id === 'payments');
    expect(payments?.asset).toEqual({
      id: 'asset-payments',
      name: 'payments',
      typeName: 'MskTopicAssetType',
      externalIdentifier: 'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/payments',
    });
    expect(payments?.kind).toBe('dataset');
    expect(view.nodes.find((n) => n.id === 'orders')?.history).toEqual({
      events: 3,
      firstEventAt: '2025-01-01T10:00:00.000Z',
      lastEventAt: '2025-01-01T12:00:00.000Z',
    });
    expect(view.nodes.find((n) => n.id === 'prun')?.asset).toBeUndefined();
  });

  it('uses the known root asset instead of searching for it', async () => {
    // Prepare
    const graph = withAssets(demoGraph());
    const rootAsset = graph.assets.get('asset-orders');
    // Act
    const view = await collectLineage({
      reader: graph,
      assets: graph,
      root: ORDERS_SI,
      ...(rootAsset ? { rootAsset } : {}),
    });
    // Assess
    expect(view.nodes[0]?.asset?.id).toBe('asset-orders');
    expect(graph.calls.filter((c) => c.includes('/orders') && c.startsWith('find'))).toEqual([]);
  });

  it('stops at the depth and reports the nodes with neighbours beyond it', async () => {
    // Prepare
    const graph = demoGraph();
    // Act
    const view = await collectLineage({ reader: graph, root: 'orders', depth: 1 });
    // Assess
    expect(view.depth).toBe(1);
    expect(view.nodes.map((n) => n.id)).toEqual(['orders', 'prun', 'frun', 'fjob', 'pjob']);
    expect(view.truncatedAt).toEqual(['frun', 'prun']);
    expect(view.edges).toContainEqual({ from: 'orders', to: 'frun' });
    expect(view.edges.some((e) => e.to === 'payments')).toBe(false);
  });

  it('fetches each node once and terminates on a cycle', async () => {
    // Prepare: payments feeds back into a job that writes orders
    const graph = demoGraph()
      .add({ id: 'loop', name: 'replay/r9', typeName: TYPES.run, sourceIdentifier: 'x.replay/r9' })
      .link('payments', 'loop')
      .link('loop', 'orders');
    // Act
    const view = await collectLineage({ reader: graph, root: 'orders', depth: 10 });
    // Assess
    const loop = view.nodes.find((n) => n.id === 'loop');
    expect(loop?.upstreamDistance).toBe(1);
    expect(loop?.downstreamDistance).toBe(3);
    const byId = graph.calls.filter((c) => c.startsWith('getNode ') && !c.includes('.'));
    expect(new Set(byId).size).toBe(byId.length);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    // Prepare: a topic read by twelve Flink runs
    const graph = demoGraph();
    for (let i = 0; i < 12; i += 1) {
      graph.add({
        id: `r${i}`,
        name: `reader/r${i}`,
        typeName: TYPES.run,
        sourceIdentifier: `f.reader/r${i}`,
      });
      graph.link('orders', `r${i}`);
    }
    // Act
    const view = await collectLineage({ reader: graph, root: 'orders', concurrency: 3 });
    // Assess
    expect(view.nodes.filter((n) => n.downstreamDistance === 1)).toHaveLength(13);
    expect(graph.maxInFlight).toBe(3);
  });

  it('throws LineageTargetNotFoundError naming the topic when the root has no node', async () => {
    // Prepare
    const graph = demoGraph();
    // Act
    const act = collectLineage({
      reader: graph,
      root: 'kafka://nowhere:9098/nope',
      rootLabel: { kind: 'topic', value: 'streaming-orders/nope' },
    });
    // Assess
    await expect(act).rejects.toThrow(LineageTargetNotFoundError);
    await expect(act).rejects.toThrow(
      'topic "streaming-orders/nope" has no lineage node yet (sourceIdentifier kafka://nowhere:9098/nope)',
    );
  });

  it('throws LineageTargetNotFoundError when a referenced node is missing', async () => {
    // Prepare
    const graph = demoGraph();
    graph.missing.add('payments');
    // Act
    const act = collectLineage({ reader: graph, root: 'orders' });
    // Assess
    await expect(act).rejects.toThrow(
      'lineage node "payments" is referenced by a neighbour but does not exist',
    );
  });

  it('rethrows a failing call', async () => {
    // Prepare
    const graph = demoGraph();
    graph.nodeHistory = () => Promise.reject(new Error('boom'));
    // Act / Assess
    await expect(collectLineage({ reader: graph, root: 'orders' })).rejects.toThrow('boom');
  });
});

describe('nodeKindOf', () => {
  it.each([
    ['amazon.datazone.JobRunNodeType', 'job-run'],
    ['amazon.datazone.JobNodeType', 'job'],
    ['amazon.datazone.DatasetNodeType', 'dataset'],
    ['MskTopicAssetType', 'dataset'],
  ])('classifies %s as %s', (typeName, kind) => {
    expect(nodeKindOf(typeName)).toBe(kind);
  });
});

describe('jobSourceIdentifierOf', () => {
  it('drops the run id of a job run sourceIdentifier', () => {
    expect(jobSourceIdentifierOf('flink-jobs.fraud-detector/0195-uuid')).toBe('flink-jobs.fraud-detector');
  });

  it('gives undefined when there is no run id', () => {
    expect(jobSourceIdentifierOf('flink-jobs.fraud-detector')).toBeUndefined();
    expect(jobSourceIdentifierOf(undefined)).toBeUndefined();
  });
});
