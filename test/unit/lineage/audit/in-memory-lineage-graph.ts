import type { LineageNodeDetails, NodeHistory } from '../../../../lineage/src/audit/model.ts';
import type { AssetLookup, AuditAsset, LineageGraphReader } from '../../../../lineage/src/audit/ports.ts';

/** Type names as the local cloud (and this fake) give them. */
export const TYPES = {
  job: 'amazon.datazone.JobNodeType',
  run: 'amazon.datazone.JobRunNodeType',
  dataset: 'amazon.datazone.DatasetNodeType',
} as const;

interface FakeNode {
  readonly id: string;
  readonly name: string;
  readonly typeName: string;
  readonly sourceIdentifier: string;
  readonly forms?: Record<string, Record<string, unknown>>;
  readonly history?: NodeHistory;
}

/**
 * An in-memory lineage graph (and asset catalog) for the audit view's unit tests: nodes by id and by
 * sourceIdentifier, data-flow edges, every call counted, and the most calls seen in flight at once.
 */
export class InMemoryLineageGraph implements LineageGraphReader, AssetLookup {
  readonly nodes = new Map<string, FakeNode>();
  readonly edges: { from: string; to: string }[] = [];
  readonly assets = new Map<string, AuditAsset>();
  readonly calls: string[] = [];
  /** Ids that getNode answers as missing although edges name them. */
  readonly missing = new Set<string>();
  maxInFlight = 0;
  private inFlight = 0;

  add(node: FakeNode): this {
    this.nodes.set(node.id, node);
    return this;
  }

  link(from: string, to: string): this {
    this.edges.push({ from, to });
    return this;
  }

  private async track<T>(call: string, fn: () => T): Promise<T> {
    this.calls.push(call);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    return fn();
  }

  getNode(identifier: string): Promise<LineageNodeDetails | undefined> {
    return this.track(`getNode ${identifier}`, () => {
      const node =
        this.nodes.get(identifier) ?? [...this.nodes.values()].find((n) => n.sourceIdentifier === identifier);
      if (!node || this.missing.has(node.id)) return undefined;
      return {
        id: node.id,
        name: node.name,
        typeName: node.typeName,
        sourceIdentifier: node.sourceIdentifier,
        forms: node.forms ?? {},
        upstream: this.edges.filter((e) => e.to === node.id).map((e) => ({ id: e.from })),
        downstream: this.edges.filter((e) => e.from === node.id).map((e) => ({ id: e.to })),
      };
    });
  }

  nodeHistory(nodeId: string): Promise<NodeHistory> {
    return this.track(`nodeHistory ${nodeId}`, () => this.nodes.get(nodeId)?.history ?? { events: 0 });
  }

  getAsset(assetId: string): Promise<AuditAsset | undefined> {
    return this.track(`getAsset ${assetId}`, () => this.assets.get(assetId));
  }

  findByExternalIdentifier(externalIdentifier: string): Promise<AuditAsset | undefined> {
    return this.track(`findByExternalIdentifier ${externalIdentifier}`, () =>
      [...this.assets.values()].find((a) => a.externalIdentifier === externalIdentifier),
    );
  }
}

export const ORDERS_SI = 'kafka://b-1.orders.abc.kafka.eu-west-1.amazonaws.com:9098/orders';
export const PAYMENTS_SI = 'kafka://b-1.orders.abc.kafka.eu-west-1.amazonaws.com:9098/payments';
export const ORDERS_ARN = 'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/orders';
export const PAYMENTS_ARN = 'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/payments';

/** The demo lineage: producer job → run → orders → Flink run (of the Flink job) → payments. */
export function demoGraph(): InMemoryLineageGraph {
  const topicForms = (topicArn: string, sourceIdentifier: string) => ({
    MskSourceReferenceFormType: { cluster_arn: 'arn:x', topic_arn: topicArn },
    AssetCommonDetailsForm: { sourceIdentifier },
  });
  return new InMemoryLineageGraph()
    .add({
      id: 'pjob',
      name: 'order-producer',
      typeName: TYPES.job,
      sourceIdentifier: 'services.order-producer',
      history: {
        events: 2,
        firstEventAt: '2025-01-01T10:00:00.000Z',
        lastEventAt: '2025-01-01T11:00:00.000Z',
      },
    })
    .add({
      id: 'prun',
      name: 'order-producer/r1',
      typeName: TYPES.run,
      sourceIdentifier: 'services.order-producer/r1',
      history: {
        events: 2,
        firstEventAt: '2025-01-01T10:00:00.000Z',
        lastEventAt: '2025-01-01T11:00:00.000Z',
      },
    })
    .add({
      id: 'orders',
      name: 'orders',
      typeName: 'MskTopicAssetType',
      sourceIdentifier: ORDERS_SI,
      forms: topicForms(ORDERS_ARN, ORDERS_SI),
      history: {
        events: 3,
        firstEventAt: '2025-01-01T10:00:00.000Z',
        lastEventAt: '2025-01-01T12:00:00.000Z',
      },
    })
    .add({
      id: 'fjob',
      name: 'fraud-detector',
      typeName: TYPES.job,
      sourceIdentifier: 'flink-jobs.fraud-detector',
      history: {
        events: 1,
        firstEventAt: '2025-01-01T12:00:00.000Z',
        lastEventAt: '2025-01-01T12:00:00.000Z',
      },
    })
    .add({
      id: 'frun',
      name: 'fraud-detector/r2',
      typeName: TYPES.run,
      sourceIdentifier: 'flink-jobs.fraud-detector/r2',
      history: {
        events: 1,
        firstEventAt: '2025-01-01T12:00:00.000Z',
        lastEventAt: '2025-01-01T12:00:00.000Z',
      },
    })
    .add({
      id: 'payments',
      name: 'payments',
      typeName: 'MskTopicAssetType',
      sourceIdentifier: PAYMENTS_SI,
      forms: topicForms(PAYMENTS_ARN, PAYMENTS_SI),
      history: {
        events: 1,
        firstEventAt: '2025-01-01T12:00:00.000Z',
        lastEventAt: '2025-01-01T12:00:00.000Z',
      },
    })
    .link('pjob', 'prun')
    .link('prun', 'orders')
    .link('orders', 'frun')
    .link('fjob', 'frun')
    .link('frun', 'payments');
}

/** Adds the catalog assets of orders and payments to a graph. */
export function withAssets(graph: InMemoryLineageGraph): InMemoryLineageGraph {
  graph.assets.set('asset-orders', {
    id: 'asset-orders',
    name: 'orders',
    typeName: 'MskTopicAssetType',
    externalIdentifier: ORDERS_ARN,
    sourceIdentifier: ORDERS_SI,
  });
  graph.assets.set('asset-payments', {
    id: 'asset-payments',
    name: 'payments',
    typeName: 'MskTopicAssetType',
    externalIdentifier: PAYMENTS_ARN,
    sourceIdentifier: PAYMENTS_SI,
  });
  return graph;
}
