import type { TopicGrant } from '../../../../grant-workflow/src/grants.ts';

/** Realistic identifiers: eu-west-1, 12-digit accounts, MSK cluster uuids with their `-N` suffix. */
export const REGION = 'eu-west-1';
export const PRODUCER_ACCOUNT = '483920175612';
export const CONSUMER_ACCOUNT = '720145398216';

export const CLUSTERS = [
  { name: 'orders-prod', uuid: '0f3a9c2e-1111-2222-3333-444455556666-3', registry: 'orders-registry' },
  { name: 'payments-prod', uuid: '7b21d4f0-5a6b-4c7d-8e9f-0a1b2c3d4e5f-2', registry: 'payments-registry' },
  { name: 'logistics-prod', uuid: 'c93e0a77-2b4d-4f61-9a08-d5e6f7a8b9c0-1', registry: 'logistics-registry' },
  { name: 'customer-events', uuid: '41f8b2aa-9c3e-4d2a-b7e1-6f0c8d9e2a13-4', registry: 'customer-registry' },
  { name: 'inventory-prod', uuid: 'e5d7c912-0f4a-4b8e-a3c6-19d2e8f7b6a5-7', registry: 'inventory-registry' },
] as const;

export type Cluster = (typeof CLUSTERS)[number];

export function clusterArn(cluster: Cluster, account = PRODUCER_ACCOUNT): string {
  return `arn:aws:kafka:${REGION}:${account}:cluster/${cluster.name}/${cluster.uuid}`;
}

const DOMAINS = ['sales', 'billing', 'shipping', 'crm', 'catalogue', 'returns', 'pricing', 'loyalty'];
const ENTITIES = ['order', 'invoice', 'shipment', 'customer-profile', 'product-variant', 'refund-request'];
const EVENTS = ['created', 'updated', 'cancelled', 'status-set', 'address-fixed'];

/** The n-th realistic topic name: `<domain>.<entity>.<event>.v<k>`, at most 40 characters. */
export function topicName(n: number): string {
  const domain = DOMAINS[n % DOMAINS.length] ?? 'sales';
  const entity = ENTITIES[Math.floor(n / DOMAINS.length) % ENTITIES.length] ?? 'order';
  const event = EVENTS[Math.floor(n / (DOMAINS.length * ENTITIES.length)) % EVENTS.length] ?? 'created';
  return `${domain}.${entity}.${event}.v${1 + Math.floor(n / (DOMAINS.length * ENTITIES.length * EVENTS.length))}`;
}

export function roleArn(name: string, account = CONSUMER_ACCOUNT): string {
  return `arn:aws:iam::${account}:role/${name}`;
}

/** A DataZone-style environment role name. */
export const CONSUMER_ROLE = 'datazone_usr_role_5kq2x9m1abcd3f_b7c4e1';

export interface GrantSpec {
  readonly n: number;
  readonly cluster?: Cluster;
  readonly principals?: readonly string[];
  readonly groups?: TopicGrant['consumerGroups'];
  /** 'value' (one schema), 'both' (value and key), 'none'. @default 'both' */
  readonly schemas?: 'value' | 'both' | 'none';
  readonly consumerAccount?: string;
  /**
   * Account of the schema registry. @default the consumer account: its schemas are rendered (the worst
   * case for size; another account's registry is not rendered, see readableSchemaArns).
   */
  readonly schemaAccount?: string;
}

/** A realistic grant of topic `n` (on cluster `n % 5` unless given). */
export function grant(spec: GrantSpec): TopicGrant {
  const cluster = spec.cluster ?? (CLUSTERS[spec.n % CLUSTERS.length] as Cluster);
  const topic = topicName(spec.n);
  const schemaAccount = spec.schemaAccount ?? spec.consumerAccount ?? CONSUMER_ACCOUNT;
  const schemaBase = `arn:aws:glue:${REGION}:${schemaAccount}:schema/${cluster.registry}/`;
  const schemas = spec.schemas ?? 'both';
  return {
    grantId: `grt${spec.n.toString(36).padStart(11, '0')}`,
    assetId: `ast${spec.n.toString(36).padStart(11, '0')}`,
    clusterArn: clusterArn(cluster),
    topicArn: `arn:aws:kafka:${REGION}:${PRODUCER_ACCOUNT}:topic/${cluster.name}/${cluster.uuid}/${topic}`,
    consumerGroups: spec.groups ?? { prefix: 'env-5kq2x9m1abcd3f-' },
    schemaArns:
      schemas === 'none'
        ? []
        : schemas === 'value'
          ? [`${schemaBase}${topic}`]
          : [`${schemaBase}${topic}`, `${schemaBase}${topic}-key`],
    consumerAccount: spec.consumerAccount ?? CONSUMER_ACCOUNT,
    principals: spec.principals ?? [roleArn(CONSUMER_ROLE)],
  };
}
