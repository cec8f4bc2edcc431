import { expect } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import type { CloudEvent, ServiceDefinition } from '../../../../../local/src/cloud/types.ts';
import { dataZoneService } from '../../../../../local/src/services/datazone/index.ts';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const PRODUCER_ACCOUNT = '222222222222';
export const CONSUMER_ACCOUNT = '333333333333';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/DataZoneDomainExecution`;
export const ID = /^[a-z0-9]{14}$/;

interface RecorderState {
  delivered: CloudEvent[];
}

/** A stand-in EventBridge that records what the cloud delivers to it. */
const recorder: ServiceDefinition<RecorderState> = {
  signingName: 'events',
  initialState: () => ({ delivered: [] }),
  validationError: (message) => new AwsError('ValidationException', message),
  operations: {},
  internal: {
    DeliverEvent: (event: CloudEvent, ctx) => {
      ctx.state.delivered.push(event);
      return {};
    },
  },
};

export interface TestCloud {
  readonly cloud: LocalCloud;
  /** Calls a DataZone operation as the domain account's root. */
  call<T = Record<string, unknown>>(operation: string, input: object): Promise<T>;
  /** Events delivered to the default bus of the domain account, after async delivery settles. */
  events(): Promise<CloudEvent[]>;
  /** Moves the clock forward. */
  tick(ms?: number): void;
}

/** A local cloud with DataZone and a recording EventBridge, a controllable clock and deterministic ids. */
export function testCloud(): TestCloud {
  let nowMs = Date.parse('2026-01-01T00:00:00.000Z');
  let counter = 0;
  const cloud = new LocalCloud({
    services: [dataZoneService, recorder],
    now: () => new Date(nowMs),
    newId: () => {
      counter += 1;
      return `id-${counter}`;
    },
  });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  return {
    cloud,
    call: <T>(operation: string, input: object) => cloud.call<T>('datazone', operation, input, caller),
    events: async () => {
      await cloud.settle();
      return cloud.stateOf<RecorderState>('events', ACCOUNT, REGION).delivered;
    },
    tick: (ms = 1000) => {
      nowMs += ms;
    },
  };
}

/** Asserts that `promise` rejects with the AwsError `code`, and returns the error. */
export async function expectError(
  promise: Promise<unknown>,
  code: string,
  message?: string | RegExp,
): Promise<AwsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AwsError);
  const aws = error as AwsError;
  expect(aws.code).toBe(code);
  if (message !== undefined) expect(aws.message).toMatch(message);
  return aws;
}

export const MSK_FORM_MODEL = `structure MskSourceReferenceFormType {
  @required
  cluster_arn: String
}`;

export const KAFKA_SCHEMA_MODEL = `structure KafkaSchemaFormType {
  @required
  @amazon.datazone#searchable
  kafka_topic: String
  schema_version: Integer
}`;

export interface Catalog {
  readonly t: TestCloud;
  readonly domainId: string;
  readonly producerProjectId: string;
  readonly consumerProjectId: string;
}

/** A domain with a producer and a consumer project, the MSK form types and `MskTopicAssetType`. */
export async function catalog(t: TestCloud = testCloud()): Promise<Catalog> {
  const domain = await t.call<{ id: string }>('CreateDomain', {
    name: 'governance',
    domainExecutionRole: ROLE,
  });
  const producer = await t.call<{ id: string }>('CreateProject', {
    domainIdentifier: domain.id,
    name: 'producer',
  });
  const consumer = await t.call<{ id: string }>('CreateProject', {
    domainIdentifier: domain.id,
    name: 'consumer',
  });
  for (const [name, smithy] of [
    ['MskSourceReferenceFormType', MSK_FORM_MODEL],
    ['KafkaSchemaFormType', KAFKA_SCHEMA_MODEL],
  ] as const) {
    await t.call('CreateFormType', {
      domainIdentifier: domain.id,
      name,
      model: { smithy },
      owningProjectIdentifier: producer.id,
    });
  }
  await t.call('CreateAssetType', {
    domainIdentifier: domain.id,
    name: 'MskTopicAssetType',
    owningProjectIdentifier: producer.id,
    formsInput: {
      MskSourceReferenceFormType: {
        typeIdentifier: 'MskSourceReferenceFormType',
        typeRevision: '1',
        required: true,
      },
      KafkaSchemaFormType: { typeIdentifier: 'KafkaSchemaFormType', typeRevision: '1', required: false },
      RelationalTableFormType: {
        typeIdentifier: 'amazon.datazone.RelationalTableFormType',
        typeRevision: '1',
      },
    },
  });
  return { t, domainId: domain.id, producerProjectId: producer.id, consumerProjectId: consumer.id };
}

/** The forms of a topic asset, with its lineage sourceIdentifier. */
export function topicForms(topic: string, extra: Record<string, unknown> = {}) {
  return [
    {
      formName: 'MskSourceReferenceFormType',
      content: JSON.stringify({
        cluster_arn: `arn:aws:kafka:${REGION}:${PRODUCER_ACCOUNT}:cluster/c1/uuid-1`,
      }),
    },
    {
      formName: 'KafkaSchemaFormType',
      content: JSON.stringify({ kafka_topic: topic, schema_version: 1, ...extra }),
    },
    {
      formName: 'AssetCommonDetailsForm',
      content: JSON.stringify({
        sourceIdentifier: `kafka://b-1.c1.kafka.${REGION}.amazonaws.com:9098/${topic}`,
      }),
    },
  ];
}

/** Creates a topic asset owned by the producer project; returns its id. */
export async function createTopic(
  c: Catalog,
  topic: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const asset = await c.t.call<{ id: string }>('CreateAsset', {
    domainIdentifier: c.domainId,
    name: topic,
    typeIdentifier: 'MskTopicAssetType',
    owningProjectIdentifier: c.producerProjectId,
    externalIdentifier: `arn:aws:kafka:${REGION}:${PRODUCER_ACCOUNT}:topic/c1/uuid-1/${topic}`,
    formsInput: topicForms(topic, extra),
  });
  return asset.id;
}

/** Publishes an asset; returns its listing id and revision. */
export async function publish(
  c: Catalog,
  assetId: string,
): Promise<{ listingId: string; listingRevision: string }> {
  return c.t.call('CreateListingChangeSet', {
    domainIdentifier: c.domainId,
    entityIdentifier: assetId,
    entityType: 'ASSET',
    action: 'PUBLISH',
  });
}

/** Seeds a consumer environment in the consumer account with a subscription target for topic assets. */
export async function consumerEnvironment(
  c: Catalog,
  name = 'consumer-env',
  options: { mode?: 'AUTOMATIC' | 'MANUAL'; assetTypes?: string[] } = {},
): Promise<{ environmentId: string; targetId: string }> {
  const env = await c.t.cloud.call<{ id: string }>(
    'datazone',
    'SeedEnvironment',
    {
      domainIdentifier: c.domainId,
      projectIdentifier: c.consumerProjectId,
      name,
      awsAccountId: CONSUMER_ACCOUNT,
      awsAccountRegion: REGION,
    },
    c.t.cloud.rootCaller(ACCOUNT, REGION),
  );
  const target = await c.t.call<{ id: string }>('CreateSubscriptionTarget', {
    domainIdentifier: c.domainId,
    environmentIdentifier: env.id,
    name: `${name}-target`,
    type: 'MskTopicsSubscriptionTarget',
    subscriptionTargetConfig: [],
    authorizedPrincipals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:role/consumer`],
    manageAccessRole: `arn:aws:iam::${ACCOUNT}:role/manage-access`,
    applicableAssetTypes: options.assetTypes ?? ['MskTopicAssetType'],
    ...(options.mode ? { subscriptionGrantCreationMode: options.mode } : {}),
  });
  return { environmentId: env.id, targetId: target.id };
}
