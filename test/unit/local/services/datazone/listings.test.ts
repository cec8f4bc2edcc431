import type {
  CreateListingChangeSetOutput,
  GetAssetOutput,
  GetListingOutput,
} from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { catalog, createTopic, expectError, ID, publish, topicForms } from './support.ts';

describe('DataZone listings', () => {
  it('publishes an asset as an ACTIVE listing whose forms are a JSON object of objects', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    const published = await publish(c, assetId);
    expect(published).toEqual({
      listingId: expect.stringMatching(ID),
      listingRevision: '1',
      status: 'ACTIVE',
    });
    const listing = await c.t.call<GetListingOutput>('GetListing', {
      domainIdentifier: c.domainId,
      identifier: published.listingId,
    });
    expect(listing).toMatchObject({
      id: published.listingId,
      domainId: c.domainId,
      listingRevision: '1',
      name: 'orders',
      status: 'ACTIVE',
      item: {
        assetListing: {
          assetId,
          assetRevision: '1',
          assetType: 'MskTopicAssetType',
          owningProjectId: c.producerProjectId,
          createdAt: expect.any(Date),
        },
      },
    });
    const forms = JSON.parse(listing.item?.assetListing?.forms ?? '') as Record<
      string,
      Record<string, unknown>
    >;
    expect(forms.KafkaSchemaFormType).toEqual({ kafka_topic: 'orders', schema_version: 1 });
    expect(forms.MskSourceReferenceFormType?.cluster_arn).toContain(':cluster/c1/uuid-1');
    expect(forms.AssetCommonDetailsForm?.sourceIdentifier).toContain('kafka://');
    const asset = await c.t.call<GetAssetOutput>('GetAsset', {
      domainIdentifier: c.domainId,
      identifier: assetId,
    });
    expect(asset.listing).toEqual({ listingId: published.listingId, listingStatus: 'ACTIVE' });
  });

  it('keeps the listing id, and increments the listing revision only for a new asset revision', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    const first = await publish(c, assetId);
    const same = await publish(c, assetId);
    expect(same).toEqual(first);
    await c.t.call('CreateAssetRevision', {
      domainIdentifier: c.domainId,
      identifier: assetId,
      name: 'orders',
      formsInput: topicForms('orders', { schema_version: 2 }),
    });
    const second = await publish(c, assetId);
    expect(second).toEqual({ listingId: first.listingId, listingRevision: '2', status: 'ACTIVE' });
    const old = await c.t.call<GetListingOutput>('GetListing', {
      domainIdentifier: c.domainId,
      identifier: first.listingId,
      listingRevision: '1',
    });
    expect(old.item?.assetListing?.assetRevision).toBe('1');
    const latest = await c.t.call<GetListingOutput>('GetListing', {
      domainIdentifier: c.domainId,
      identifier: first.listingId,
    });
    expect(JSON.parse(latest.item?.assetListing?.forms ?? '{}').KafkaSchemaFormType.schema_version).toBe(2);
    await expectError(
      c.t.call('GetListing', {
        domainIdentifier: c.domainId,
        identifier: first.listingId,
        listingRevision: '3',
      }),
      'ResourceNotFoundException',
    );
  });

  it('publishes only the latest asset revision', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    await c.t.call('CreateAssetRevision', {
      domainIdentifier: c.domainId,
      identifier: assetId,
      name: 'orders',
      formsInput: topicForms('orders'),
    });
    const change = {
      domainIdentifier: c.domainId,
      entityIdentifier: assetId,
      entityType: 'ASSET',
      action: 'PUBLISH',
    };
    await expectError(
      c.t.call('CreateListingChangeSet', { ...change, entityRevision: '1' }),
      'ConflictException',
    );
    await expectError(
      c.t.call('CreateListingChangeSet', { ...change, entityRevision: '9' }),
      'ResourceNotFoundException',
    );
    await expect(
      c.t.call('CreateListingChangeSet', { ...change, entityRevision: '2' }),
    ).resolves.toMatchObject({
      listingRevision: '1',
    });
  });

  it('unpublishes to INACTIVE and republishes to ACTIVE', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    const change = { domainIdentifier: c.domainId, entityIdentifier: assetId, entityType: 'ASSET' };
    await expectError(
      c.t.call('CreateListingChangeSet', { ...change, action: 'UNPUBLISH' }),
      'ResourceNotFoundException',
    );
    const { listingId } = await publish(c, assetId);
    const down = await c.t.call<CreateListingChangeSetOutput>('CreateListingChangeSet', {
      ...change,
      action: 'UNPUBLISH',
    });
    expect(down).toEqual({ listingId, listingRevision: '1', status: 'INACTIVE' });
    const listing = await c.t.call<GetListingOutput>('GetListing', {
      domainIdentifier: c.domainId,
      identifier: listingId,
    });
    expect(listing.status).toBe('INACTIVE');
    await expect(publish(c, assetId)).resolves.toEqual({ listingId, listingRevision: '1', status: 'ACTIVE' });
  });

  it('cuts listing names to 64 characters', async () => {
    const c = await catalog();
    const long = 'x'.repeat(100);
    const assetId = await createTopic(c, long);
    const { listingId } = await publish(c, assetId);
    const listing = await c.t.call<GetListingOutput>('GetListing', {
      domainIdentifier: c.domainId,
      identifier: listingId,
    });
    expect(listing.name).toBe('x'.repeat(64));
  });

  it('needs an existing asset, a valid change and answers a retried client token with the first result', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    const change = {
      domainIdentifier: c.domainId,
      entityIdentifier: 'abcdefabcdefab',
      entityType: 'ASSET',
      action: 'PUBLISH',
    };
    await expectError(c.t.call('CreateListingChangeSet', change), 'ResourceNotFoundException');
    await expectError(
      c.t.call('CreateListingChangeSet', { ...change, entityType: 'DATA_PRODUCT' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateListingChangeSet', { ...change, action: 'DELETE' }),
      'ValidationException',
      /action/,
    );
    const tokened = { ...change, entityIdentifier: assetId, clientToken: 'pub-1' };
    const first = await c.t.call('CreateListingChangeSet', tokened);
    await c.t.call('CreateListingChangeSet', {
      domainIdentifier: c.domainId,
      entityIdentifier: assetId,
      entityType: 'ASSET',
      action: 'UNPUBLISH',
    });
    await expect(c.t.call('CreateListingChangeSet', tokened)).resolves.toEqual(first);
    await expectError(
      c.t.call('GetListing', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
  });
});
