import type { LineageAudit } from '../../../../lineage/src/audit/audit-lineage.ts';
import type { AuditNode } from '../../../../lineage/src/audit/model.ts';

const T1 = '2025-01-01T11:00:00.000Z';
const T2 = '2025-01-01T12:00:00.000Z';
export const SI = 'kafka://b-1.orders.abc.kafka.eu-west-1.amazonaws.com:9098/orders';
const ARN = 'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/uuid-1/orders';

const topic = (id: string, name: string, distance: Partial<AuditNode>, events: number): AuditNode => ({
  id,
  name,
  kind: 'dataset',
  typeName: 'MskTopicAssetType',
  sourceIdentifier: `kafka://b-1.orders.abc.kafka.eu-west-1.amazonaws.com:9098/${name}`,
  asset: { id: `asset-${name}`, name, typeName: 'MskTopicAssetType' },
  history: { events, firstEventAt: T1, lastEventAt: T2 },
  ...distance,
});

/** The demo audit, written out: producer run and job upstream of orders, the Flink run and payments downstream. */
export function sampleAudit(): LineageAudit {
  return {
    target: {
      kind: 'topic',
      value: 'streaming-orders/orders',
      sourceIdentifier: SI,
      clusterArn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/uuid-1',
      topicArn: ARN,
      asset: { id: 'asset-orders', name: 'orders', typeName: 'MskTopicAssetType', externalIdentifier: ARN },
      warnings: [],
    },
    view: {
      rootId: 'orders',
      depth: 3,
      nodes: [
        topic('orders', 'orders', { upstreamDistance: 0, downstreamDistance: 0 }, 3),
        {
          id: 'prun',
          name: 'order-producer/r1',
          kind: 'job-run',
          typeName: 'amazon.datazone.JobRunNodeType',
          sourceIdentifier: 'services.order-producer/r1',
          jobId: 'pjob',
          history: { events: 2, firstEventAt: T1, lastEventAt: T1 },
          upstreamDistance: 1,
        },
        {
          id: 'pjob',
          name: 'order-producer',
          kind: 'job',
          typeName: 'amazon.datazone.JobNodeType',
          sourceIdentifier: 'services.order-producer',
          history: { events: 2, firstEventAt: T1, lastEventAt: T1 },
          upstreamDistance: 2,
        },
        {
          id: 'frun',
          name: 'fraud-detector/r2',
          kind: 'job-run',
          typeName: 'amazon.datazone.JobRunNodeType',
          sourceIdentifier: 'flink-jobs.fraud-detector/r2',
          jobId: 'fjob',
          history: { events: 1, firstEventAt: T2, lastEventAt: T2 },
          downstreamDistance: 1,
        },
        topic('payments', 'payments', { downstreamDistance: 2 }, 1),
        {
          id: 'fjob',
          name: 'fraud-detector',
          kind: 'job',
          typeName: 'amazon.datazone.JobNodeType',
          sourceIdentifier: 'flink-jobs.fraud-detector',
          history: { events: 1, firstEventAt: T2, lastEventAt: T2 },
        },
      ],
      edges: [
        { from: 'fjob', to: 'frun' },
        { from: 'frun', to: 'payments' },
        { from: 'orders', to: 'frun' },
        { from: 'pjob', to: 'prun' },
        { from: 'prun', to: 'orders' },
      ],
      truncatedAt: [],
    },
  };
}
