import {
  AcceptSubscriptionRequestCommand,
  ConflictException,
  CreateAssetCommand,
  CreateAssetRevisionCommand,
  CreateAssetTypeCommand,
  CreateDomainCommand,
  CreateFormTypeCommand,
  CreateListingChangeSetCommand,
  CreateProjectCommand,
  CreateSubscriptionRequestCommand,
  CreateSubscriptionTargetCommand,
  type DataZoneClient,
  DeleteAssetCommand,
  DeleteSubscriptionGrantCommand,
  GetAssetCommand,
  GetEnvironmentCommand,
  GetFormTypeCommand,
  GetLineageEventCommand,
  GetLineageNodeCommand,
  GetListingCommand,
  GetSubscriptionGrantCommand,
  GetSubscriptionTargetCommand,
  ListSubscriptionGrantsCommand,
  PostLineageEventCommand,
  paginateListAssetRevisions,
  paginateListLineageEvents,
  paginateListLineageNodeHistory,
  paginateSearch,
  paginateSearchListings,
  ResourceNotFoundException,
  UpdateSubscriptionGrantStatusCommand,
  ValidationException,
} from '@aws-sdk/client-datazone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataZoneService } from '../../../local/src/services/datazone/index.ts';
import { startTestCloud, TEST_REGION, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
const CONSUMER_ACCOUNT = '333333333333';
const BROKER = `kafka://b-1.c1.kafka.${TEST_REGION}.amazonaws.com:9098`;

let cloud: TestCloud;
let dz: DataZoneClient;
let domainId: string;
let producerId: string;
let consumerId: string;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function topicForms(topic: string) {
  return [
    {
      formName: 'MskSourceReferenceFormType',
      content: JSON.stringify({ cluster_arn: 'arn:aws:kafka:eu-west-1:1:cluster/c1/u' }),
    },
    {
      formName: 'AssetCommonDetailsForm',
      content: JSON.stringify({ sourceIdentifier: `${BROKER}/${topic}` }),
    },
  ];
}

async function createTopic(topic: string): Promise<string> {
  const created = await dz.send(
    new CreateAssetCommand({
      domainIdentifier: domainId,
      name: topic,
      typeIdentifier: 'MskTopicAssetType',
      owningProjectIdentifier: producerId,
      externalIdentifier: `arn:aws:kafka:${TEST_REGION}:${ACCOUNT}:topic/c1/u/${topic}`,
      formsInput: topicForms(topic),
    }),
  );
  return created.id ?? '';
}

beforeAll(async () => {
  cloud = await startTestCloud({ services: [dataZoneService], defaultAccount: ACCOUNT });
  dz = cloud.clients().dataZone();
  const domain = await dz.send(
    new CreateDomainCommand({ name: 'int', domainExecutionRole: `arn:aws:iam::${ACCOUNT}:role/dz-exec` }),
  );
  domainId = domain.id ?? '';
  producerId =
    (await dz.send(new CreateProjectCommand({ domainIdentifier: domainId, name: 'producer' }))).id ?? '';
  consumerId =
    (await dz.send(new CreateProjectCommand({ domainIdentifier: domainId, name: 'consumer' }))).id ?? '';
  const formType = await dz.send(
    new CreateFormTypeCommand({
      domainIdentifier: domainId,
      name: 'MskSourceReferenceFormType',
      model: { smithy: 'structure MskSourceReferenceFormType { @required cluster_arn: String }' },
      owningProjectIdentifier: producerId,
    }),
  );
  expect(formType.$metadata.httpStatusCode).toBe(201);
  const assetType = await dz.send(
    new CreateAssetTypeCommand({
      domainIdentifier: domainId,
      name: 'MskTopicAssetType',
      owningProjectIdentifier: producerId,
      formsInput: {
        MskSourceReferenceFormType: {
          typeIdentifier: 'MskSourceReferenceFormType',
          typeRevision: '1',
          required: true,
        },
      },
    }),
  );
  expect(assetType.$metadata.httpStatusCode).toBe(201);
  expect(assetType.formsOutput?.AssetCommonDetailsForm?.typeName).toBe(
    'amazon.datazone.AssetCommonDetailsFormType',
  );
});
afterAll(async () => {
  await cloud.close();
});

describe('DataZone over HTTP: catalog', () => {
  it('creates assets (201) and revisions (200) and reads them with Date timestamps', async () => {
    const created = await dz.send(
      new CreateAssetCommand({
        domainIdentifier: domainId,
        name: 'orders',
        typeIdentifier: 'MskTopicAssetType',
        owningProjectIdentifier: producerId,
        externalIdentifier: 'ext-orders',
        formsInput: topicForms('orders'),
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^[a-z0-9]{14}$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    const revision = await dz.send(
      new CreateAssetRevisionCommand({
        domainIdentifier: domainId,
        identifier: created.id,
        name: 'orders',
        formsInput: topicForms('orders'),
      }),
    );
    expect(revision.$metadata.httpStatusCode).toBe(200);
    expect(revision).toMatchObject({ revision: '2', externalIdentifier: 'ext-orders' });
    const first = await dz.send(
      new GetAssetCommand({ domainIdentifier: domainId, identifier: created.id, revision: '1' }),
    );
    expect(first.revision).toBe('1');
    const revisions = [];
    for await (const page of paginateListAssetRevisions(
      { client: dz, pageSize: 1 },
      { domainIdentifier: domainId, identifier: created.id },
    )) {
      revisions.push(...(page.items ?? []).map((r) => r.revision));
    }
    expect(revisions).toEqual(['1', '2']);
    const system = await dz.send(
      new GetFormTypeCommand({
        domainIdentifier: domainId,
        formTypeIdentifier: 'amazon.datazone.RelationalTableFormType',
      }),
    );
    expect(system.model?.smithy).toContain('structure RelationalTableFormType');
  });

  it('answers modelled errors with the SDK exception classes and statuses', async () => {
    const missing = await caught(
      dz.send(new GetAssetCommand({ domainIdentifier: domainId, identifier: 'abcdefabcdefab' })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(status(missing)).toBe(404);
    const unknownType = await caught(
      dz.send(
        new CreateAssetCommand({
          domainIdentifier: domainId,
          name: 'x',
          typeIdentifier: 'NoSuchType',
          owningProjectIdentifier: producerId,
        }),
      ),
    );
    expect(unknownType).toBeInstanceOf(ResourceNotFoundException);
    expect((unknownType as Error).message).toBe(
      "The given Asset's input resource doesn't exist. Try creating Asset's input resource before accessing it.",
    );
    await createTopic('dup');
    const duplicate = await caught(createTopic('dup'));
    expect(duplicate).toBeInstanceOf(ConflictException);
    expect(status(duplicate)).toBe(409);
    const invalid = await caught(
      dz.send(
        new CreateAssetTypeCommand({
          domainIdentifier: domainId,
          name: 'Other',
          owningProjectIdentifier: producerId,
          formsInput: { X: { typeIdentifier: 'NonExistentFormType', typeRevision: '1' } },
        }),
      ),
    );
    expect(invalid).toBeInstanceOf(ValidationException);
    expect(status(invalid)).toBe(400);
    expect((invalid as Error).message).toBe(
      `Object type Form#${domainId}#NonExistentFormType with version 1 not found`,
    );
    const tooMany = await caught(
      dz.send(new GetListingCommand({ domainIdentifier: 'not-a-domain', identifier: 'abcdefabcdefab' })),
    );
    expect(tooMany).toBeInstanceOf(ValidationException);
  });

  it('publishes, searches and lists in pages, and deletes (204)', async () => {
    const ids = [await createTopic('s-one'), await createTopic('s-two'), await createTopic('s-three')];
    for (const id of ids) {
      await dz.send(
        new CreateListingChangeSetCommand({
          domainIdentifier: domainId,
          entityIdentifier: id,
          entityType: 'ASSET',
          action: 'PUBLISH',
        }),
      );
    }
    const found: string[] = [];
    for await (const page of paginateSearch(
      { client: dz, pageSize: 2 },
      { domainIdentifier: domainId, searchScope: 'ASSET', searchText: 's-', additionalAttributes: ['FORMS'] },
    )) {
      expect(page.totalMatchCount).toBe(3);
      found.push(...(page.items ?? []).map((i) => i.assetItem?.identifier ?? ''));
    }
    expect(found.sort()).toEqual([...ids].sort());
    const listings: string[] = [];
    for await (const page of paginateSearchListings(
      { client: dz, pageSize: 2 },
      { domainIdentifier: domainId, searchText: 's-', additionalAttributes: ['FORMS'] },
    )) {
      for (const item of page.items ?? []) {
        listings.push(item.assetListing?.entityId ?? '');
        expect(JSON.parse(item.assetListing?.additionalAttributes?.forms ?? '{}')).toHaveProperty(
          'AssetCommonDetailsForm',
        );
      }
    }
    expect(listings.sort()).toEqual([...ids].sort());
    const deleted = await dz.send(new DeleteAssetCommand({ domainIdentifier: domainId, identifier: ids[0] }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });
});

describe('DataZone over HTTP: subscriptions and grants', () => {
  it('runs request → accept → grant → status updates → revoke', async () => {
    const assetId = await createTopic('sub-orders');
    const published = await dz.send(
      new CreateListingChangeSetCommand({
        domainIdentifier: domainId,
        entityIdentifier: assetId,
        entityType: 'ASSET',
        action: 'PUBLISH',
      }),
    );
    const listing = await dz.send(
      new GetListingCommand({
        domainIdentifier: domainId,
        identifier: published.listingId,
        listingRevision: '1',
      }),
    );
    const forms = JSON.parse(listing.item?.assetListing?.forms ?? '{}') as Record<
      string,
      Record<string, string>
    >;
    expect(forms.MskSourceReferenceFormType?.cluster_arn).toContain(':cluster/c1/');
    const env = await cloud.cloud.call<{ id: string }>(
      'datazone',
      'SeedEnvironment',
      {
        domainIdentifier: domainId,
        projectIdentifier: consumerId,
        name: 'consumer-env',
        awsAccountId: CONSUMER_ACCOUNT,
        awsAccountRegion: TEST_REGION,
      },
      cloud.cloud.rootCaller(ACCOUNT, TEST_REGION),
    );
    const environment = await dz.send(
      new GetEnvironmentCommand({ domainIdentifier: domainId, identifier: env.id }),
    );
    expect(environment).toMatchObject({ awsAccountId: CONSUMER_ACCOUNT, status: 'ACTIVE' });
    expect(environment.createdAt).toBeInstanceOf(Date);
    const target = await dz.send(
      new CreateSubscriptionTargetCommand({
        domainIdentifier: domainId,
        environmentIdentifier: env.id,
        name: 'topics',
        type: 'MskTopicsSubscriptionTarget',
        subscriptionTargetConfig: [],
        authorizedPrincipals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:role/consumer`],
        manageAccessRole: `arn:aws:iam::${ACCOUNT}:role/manage`,
        applicableAssetTypes: ['MskTopicAssetType'],
        provider: 'streamgov',
      }),
    );
    const gotTarget = await dz.send(
      new GetSubscriptionTargetCommand({
        domainIdentifier: domainId,
        environmentIdentifier: env.id,
        identifier: target.id,
      }),
    );
    expect(gotTarget.authorizedPrincipals).toEqual([`arn:aws:iam::${CONSUMER_ACCOUNT}:role/consumer`]);
    const request = await dz.send(
      new CreateSubscriptionRequestCommand({
        domainIdentifier: domainId,
        subscribedPrincipals: [{ project: { identifier: consumerId } }],
        subscribedListings: [{ identifier: published.listingId }],
        requestReason: 'analytics',
      }),
    );
    expect(request.status).toBe('PENDING');
    const accepted = await dz.send(
      new AcceptSubscriptionRequestCommand({
        domainIdentifier: domainId,
        identifier: request.id,
        decisionComment: 'ok',
      }),
    );
    expect(accepted.status).toBe('ACCEPTED');
    const grants = await dz.send(
      new ListSubscriptionGrantsCommand({
        domainIdentifier: domainId,
        subscribedListingId: published.listingId,
      }),
    );
    expect(grants.items).toHaveLength(1);
    const grantId = grants.items?.[0]?.id ?? '';
    const inProgress = await dz.send(
      new UpdateSubscriptionGrantStatusCommand({
        domainIdentifier: domainId,
        identifier: grantId,
        assetIdentifier: assetId,
        status: 'GRANT_IN_PROGRESS',
      }),
    );
    expect(inProgress.status).toBe('IN_PROGRESS');
    const granted = await dz.send(
      new UpdateSubscriptionGrantStatusCommand({
        domainIdentifier: domainId,
        identifier: grantId,
        assetIdentifier: assetId,
        status: 'GRANTED',
      }),
    );
    expect(granted.status).toBe('COMPLETED');
    expect(granted.assets?.[0]?.grantedTimestamp).toBeInstanceOf(Date);
    const unknownAsset = await caught(
      dz.send(
        new UpdateSubscriptionGrantStatusCommand({
          domainIdentifier: domainId,
          identifier: grantId,
          assetIdentifier: 'abcdefabcdefab',
          status: 'GRANTED',
        }),
      ),
    );
    expect(unknownAsset).toBeInstanceOf(ResourceNotFoundException);
    const revoking = await dz.send(
      new DeleteSubscriptionGrantCommand({ domainIdentifier: domainId, identifier: grantId }),
    );
    expect(revoking.assets?.[0]?.status).toBe('REVOKE_PENDING');
    const after = await dz.send(
      new GetSubscriptionGrantCommand({ domainIdentifier: domainId, identifier: grantId }),
    );
    expect(after.status).toBe('PENDING');
    const again = await caught(
      dz.send(new AcceptSubscriptionRequestCommand({ domainIdentifier: domainId, identifier: request.id })),
    );
    expect(again).toBeInstanceOf(ConflictException);
  });
});

describe('DataZone over HTTP: lineage', () => {
  it('posts a run event (Client-Token header) and reads events and nodes back', async () => {
    const event = {
      eventType: 'COMPLETE',
      eventTime: '2026-01-01T10:00:00.000Z',
      producer: 'https://github.com/streamgov',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: '0190f0a3-0000-7000-8000-000000000001' },
      job: { namespace: 'flink', name: 'enrich' },
      inputs: [{ namespace: BROKER, name: 'lineage-orders' }],
      outputs: [{ namespace: BROKER, name: 'lineage-enriched' }],
    };
    const bytes = new TextEncoder().encode(JSON.stringify(event));
    const posted = await dz.send(
      new PostLineageEventCommand({
        domainIdentifier: domainId,
        event: bytes,
        clientToken: 'lineage-token-1',
      }),
    );
    expect(posted.id).toMatch(/^[a-z0-9]{14}$/);
    const retried = await dz.send(
      new PostLineageEventCommand({
        domainIdentifier: domainId,
        event: bytes,
        clientToken: 'lineage-token-1',
      }),
    );
    expect(retried.id).toBe(posted.id);
    const got = await dz.send(
      new GetLineageEventCommand({ domainIdentifier: domainId, identifier: posted.id }),
    );
    expect(got).toMatchObject({ id: posted.id, domainId, processingStatus: 'SUCCESS' });
    expect(got.eventTime?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(JSON.parse(new TextDecoder().decode(got.event))).toEqual(event);
    const notRun = await caught(
      dz.send(
        new PostLineageEventCommand({
          domainIdentifier: domainId,
          event: new TextEncoder().encode(
            JSON.stringify({ eventTime: event.eventTime, dataset: { namespace: 'n', name: 'd' } }),
          ),
        }),
      ),
    );
    expect(notRun).toBeInstanceOf(ValidationException);
    expect(status(notRun)).toBe(400);

    await createTopic('lineage-orders');
    const node = await dz.send(
      new GetLineageNodeCommand({ domainIdentifier: domainId, identifier: `${BROKER}/lineage-orders` }),
    );
    expect(node).toMatchObject({
      typeName: 'MskTopicAssetType',
      name: 'lineage-orders',
      sourceIdentifier: `${BROKER}/lineage-orders`,
    });
    expect(node.downstreamNodes).toHaveLength(1);
    const asOf = await dz.send(
      new GetLineageNodeCommand({
        domainIdentifier: domainId,
        identifier: node.id,
        eventTimestamp: new Date('2026-01-01T11:00:00Z'),
      }),
    );
    expect(asOf.eventTimestamp?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    const history = [];
    for await (const page of paginateListLineageNodeHistory(
      { client: dz, pageSize: 1 },
      { domainIdentifier: domainId, identifier: `${BROKER}/lineage-orders`, direction: 'DOWNSTREAM' },
    )) {
      history.push(...(page.nodes ?? []));
    }
    expect(history.map((h) => h.id)).toEqual([node.id]);
    const events = [];
    for await (const page of paginateListLineageEvents(
      { client: dz, pageSize: 1 },
      { domainIdentifier: domainId, timestampAfter: new Date('2026-01-01T00:00:00Z') },
    )) {
      events.push(...(page.items ?? []));
    }
    expect(events.map((e) => e.eventSummary?.openLineageRunEventSummary?.job?.name)).toEqual(['enrich']);
    const missing = await caught(
      dz.send(new GetLineageNodeCommand({ domainIdentifier: domainId, identifier: 'kafka://none:1/none' })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(status(missing)).toBe(404);
  });
});
