import { describe, expect, it } from 'vitest';
import type { LineageAudit } from '../../../../lineage/src/audit/audit-lineage.ts';
import {
  LINEAGE_JSON_VERSION,
  type lineageJson,
  renderJson,
} from '../../../../lineage/src/audit/render-json.ts';
import { escapeMermaidLabel, renderMermaid } from '../../../../lineage/src/audit/render-mermaid.ts';
import { renderText } from '../../../../lineage/src/audit/render-text.ts';
import { SI, sampleAudit } from './sample-audit.ts';

/** The sample with orders alone: no neighbour, never seen. */
function lonely(): LineageAudit {
  const audit = sampleAudit();
  const [orders] = audit.view.nodes;
  if (!orders) throw new Error('sample without root');
  return {
    target: {
      kind: 'asset',
      value: 'asset-orders',
      sourceIdentifier: SI,
      warnings: ['a stale sourceIdentifier'],
    },
    view: {
      ...audit.view,
      nodes: [
        { ...orders, asset: { name: 'orders', typeName: 'MskTopicAssetType' }, history: { events: 0 } },
      ],
      edges: [],
    },
  };
}

describe('renderText', () => {
  it('renders upstream above, the topic, and downstream below, with types and last-seen times', () => {
    // Act
    const text = renderText(sampleAudit());
    // Assess
    expect(text).toBe(
      [
        'lineage of topic streaming-orders/orders',
        `  sourceIdentifier ${SI}`,
        '  topic ARN arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/orders',
        '  asset orders (MskTopicAssetType, id asset-orders)',
        'upstream (depth 3):',
        '  └─ [job run] order-producer/r1 · job services.order-producer · last seen 2025-01-01T11:00:00.000Z (2 events)',
        '     └─ [job] order-producer · last seen 2025-01-01T11:00:00.000Z (2 events)',
        '● [dataset] orders · asset MskTopicAssetType asset-orders · last seen 2025-01-01T12:00:00.000Z (3 events)',
        'downstream (depth 3):',
        '  └─ [job run] fraud-detector/r2 · job flink-jobs.fraud-detector · last seen 2025-01-01T12:00:00.000Z (1 event)',
        '     └─ [dataset] payments · asset MskTopicAssetType asset-payments · last seen 2025-01-01T12:00:00.000Z (1 event)',
        '',
      ].join('\n'),
    );
  });

  it('says (none), never seen and the warnings when the node stands alone', () => {
    // Act
    const text = renderText(lonely());
    // Assess
    expect(text).toBe(
      [
        'lineage of asset asset-orders',
        `  sourceIdentifier ${SI}`,
        '  warning: a stale sourceIdentifier',
        'upstream (depth 3):',
        '  (none)',
        '● [dataset] orders · asset MskTopicAssetType · never seen',
        'downstream (depth 3):',
        '  (none)',
        '',
      ].join('\n'),
    );
  });

  it('shows a node reached twice once, and marks nodes cut off by the depth', () => {
    // Prepare: a second run writes orders from the same producer job; the depth stops at the job
    const audit = sampleAudit();
    const prun = audit.view.nodes[1];
    if (!prun) throw new Error('sample without run');
    const view = {
      ...audit.view,
      depth: 2,
      nodes: [...audit.view.nodes, { ...prun, id: 'prun2', name: 'order-producer/r3' }],
      edges: [...audit.view.edges, { from: 'pjob', to: 'prun2' }, { from: 'prun2', to: 'orders' }],
      truncatedAt: ['pjob'],
    };
    // Act
    const text = renderText({ ...audit, view });
    // Assess
    expect(text).toContain(
      [
        '  ├─ [job run] order-producer/r1 · job services.order-producer · last seen 2025-01-01T11:00:00.000Z (2 events)',
        '  │  └─ [job] order-producer · last seen 2025-01-01T11:00:00.000Z (2 events) · more beyond depth',
        '  └─ [job run] order-producer/r3 · job services.order-producer · last seen 2025-01-01T11:00:00.000Z (2 events)',
        '     └─ [job] order-producer · last seen 2025-01-01T11:00:00.000Z (2 events) (shown above)',
      ].join('\n'),
    );
  });
});

describe('renderJson', () => {
  it('renders the documented document with every member present', () => {
    // Act
    const json = JSON.parse(renderJson(sampleAudit())) as ReturnType<typeof lineageJson>;
    // Assess
    expect(json.version).toBe(LINEAGE_JSON_VERSION);
    expect(json.target).toEqual({
      kind: 'topic',
      value: 'streaming-orders/orders',
      sourceIdentifier: SI,
      clusterArn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/uuid-1',
      topicArn: 'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/orders',
      assetId: 'asset-orders',
      warnings: [],
    });
    expect(json.rootNodeId).toBe('orders');
    expect(json.nodes.map((n) => n.id)).toEqual(['orders', 'prun', 'pjob', 'frun', 'payments', 'fjob']);
    expect(json.nodes[3]).toEqual({
      id: 'frun',
      name: 'fraud-detector/r2',
      kind: 'job-run',
      typeName: 'amazon.datazone.JobRunNodeType',
      sourceIdentifier: 'flink-jobs.fraud-detector/r2',
      asset: null,
      job: 'fjob',
      upstreamDistance: null,
      downstreamDistance: 1,
      history: {
        events: 1,
        firstEventAt: '2025-01-01T12:00:00.000Z',
        lastEventAt: '2025-01-01T12:00:00.000Z',
      },
    });
    expect(json.edges).toHaveLength(5);
    expect(json.truncatedAt).toEqual([]);
  });

  it('writes the members of a node in a fixed order with nulls for what is unknown', () => {
    // Act
    const text = renderJson(lonely());
    // Assess
    expect(text).toContain(
      `"nodes":[{"id":"orders","name":"orders","kind":"dataset","typeName":"MskTopicAssetType","sourceIdentifier":"${SI}",` +
        '"asset":{"id":null,"name":"orders","typeName":"MskTopicAssetType","externalIdentifier":null},"job":null,' +
        '"upstreamDistance":0,"downstreamDistance":0,"history":{"events":0,"firstEventAt":null,"lastEventAt":null}}]',
    );
    expect(text).toContain('"target":{"kind":"asset","value":"asset-orders"');
    expect(text).toContain('"clusterArn":null,"topicArn":null,"assetId":null');
  });
});

describe('renderMermaid', () => {
  it('renders graph LR with generated ids, labels, data-flow edges and the job edges dotted', () => {
    // Act
    const text = renderMermaid(sampleAudit());
    // Assess
    expect(text).toBe(
      [
        'graph LR',
        '  n0["orders<br/>dataset · MskTopicAssetType<br/>last seen 2025-01-01T12:00:00.000Z"]',
        '  n1["order-producer/r1<br/>job run<br/>last seen 2025-01-01T11:00:00.000Z"]',
        '  n2["order-producer<br/>job<br/>last seen 2025-01-01T11:00:00.000Z"]',
        '  n3["fraud-detector/r2<br/>job run<br/>last seen 2025-01-01T12:00:00.000Z"]',
        '  n4["payments<br/>dataset · MskTopicAssetType<br/>last seen 2025-01-01T12:00:00.000Z"]',
        '  n5["fraud-detector<br/>job<br/>last seen 2025-01-01T12:00:00.000Z"]',
        '  n5 -.-> n3',
        '  n3 --> n4',
        '  n0 --> n3',
        '  n2 -.-> n1',
        '  n1 --> n0',
        '  classDef root stroke-width:3px',
        '  class n0 root',
        '',
      ].join('\n'),
    );
  });

  it('escapes names that would break a label', () => {
    // Prepare
    const audit = lonely();
    const [orders] = audit.view.nodes;
    if (!orders) throw new Error('no root');
    const view = { ...audit.view, nodes: [{ ...orders, name: 'a"b]<c>#d\nend' }] };
    // Act
    const text = renderMermaid({ ...audit, view });
    // Assess
    expect(text).toContain(
      '  n0["a#quot;b]#lt;c#gt;#35;d end<br/>dataset · MskTopicAssetType<br/>never seen"]',
    );
  });

  it.each([
    ['#', '#35;'],
    ['"x"', '#quot;x#quot;'],
    ['<script>', '#lt;script#gt;'],
    ['a\r\nb', 'a b'],
  ])('escapes %j as %j', (input, output) => {
    expect(escapeMermaidLabel(input)).toBe(output);
  });
});
