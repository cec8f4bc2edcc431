import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import type { ClusterInfo, SchemaVersion, TopicDetails } from '../../../datasource-lambda/src/ports.ts';

export const CLUSTER: ClusterInfo = {
  arn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/abcd1234-1',
  name: 'streaming-orders',
  type: 'PROVISIONED',
  brokers: {
    BootstrapBrokerStringSaslIam:
      'b-2.orders.kafka.eu-west-1.amazonaws.com:9098,b-1.orders.kafka.eu-west-1.amazonaws.com:9098',
  },
};

export const OTHER_CLUSTER: ClusterInfo = {
  arn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-payments/efgh5678-2',
  name: 'streaming-payments',
  type: 'SERVERLESS',
  brokers: { BootstrapBrokerStringSaslIam: 'boot-x.payments.kafka.eu-west-1.amazonaws.com:9098' },
};

export const KEY_PREFIX = '222222222222/eu-west-1/streaming-orders/abcd1234-1';

export function topic(name: string, overrides: Partial<TopicDetails> = {}): TopicDetails {
  return {
    name,
    partitions: 6,
    replicationFactor: 3,
    configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    ...overrides,
  };
}

export function avro(fields: readonly string[], name = 'Record'): string {
  return JSON.stringify({
    type: 'record',
    name,
    fields: fields.map((f) => ({ name: f, type: 'string', doc: `the ${f}` })),
  });
}

export function version(
  schemaName: string,
  definition: string,
  overrides: Partial<SchemaVersion> = {},
): SchemaVersion {
  return {
    registryName: 'streaming',
    registryArn: 'arn:aws:glue:eu-west-1:222222222222:registry/streaming',
    schemaName,
    schemaArn: `arn:aws:glue:eu-west-1:222222222222:schema/streaming/${schemaName}`,
    dataFormat: 'AVRO',
    compatibility: 'BACKWARD',
    versionNumber: 1,
    definition,
    updatedTime: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function settings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return {
    domainId: 'dzd_abc123',
    owningProjectId: 'project1',
    sources: [
      {
        clusterName: 'streaming-orders',
        registryName: 'streaming',
        mapping: 'auto',
        includeTopicsWithoutSchema: true,
      },
    ],
    assetTypeNames: DEFAULT_NAMES,
    autoPublish: false,
    maxDeleteShare: 0.5,
    concurrency: 4,
    dataZoneWriteRate: 20,
    indexPrefix: '/streamgov/index',
    ...overrides,
  };
}
