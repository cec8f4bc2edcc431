import type { GetAssetOutput, ListAssetRevisionsOutput } from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { catalog, createTopic, expectError, ID, publish, topicForms } from './support.ts';

const NOT_FOUND_TEXT =
  "The given Asset's input resource doesn't exist. Try creating Asset's input resource before accessing it.";

describe('DataZone assets', () => {
  it('creates revision 1 with its forms', async () => {
    const c = await catalog();
    const id = await createTopic(c, 'orders');
    expect(id).toMatch(ID);
    const asset = await c.t.call<GetAssetOutput>('GetAsset', {
      domainIdentifier: c.domainId,
      identifier: id,
    });
    expect(asset).toMatchObject({
      id,
      name: 'orders',
      revision: '1',
      typeIdentifier: 'MskTopicAssetType',
      typeRevision: '1',
      owningProjectId: c.producerProjectId,
      domainId: c.domainId,
      externalIdentifier: expect.stringContaining('topic/c1/uuid-1/orders'),
      createdAt: expect.any(Date),
      firstRevisionCreatedAt: expect.any(Date),
    });
    expect(asset.formsOutput?.map((f) => [f.formName, f.typeName])).toEqual([
      ['MskSourceReferenceFormType', 'MskSourceReferenceFormType'],
      ['KafkaSchemaFormType', 'KafkaSchemaFormType'],
      ['AssetCommonDetailsForm', 'amazon.datazone.AssetCommonDetailsFormType'],
    ]);
    expect(asset.listing).toBeUndefined();
  });

  it('answers AWS’s ResourceNotFoundException for an unknown asset type', async () => {
    const c = await catalog();
    await expectError(
      c.t.call('CreateAsset', {
        domainIdentifier: c.domainId,
        name: 'x',
        typeIdentifier: 'NoSuchType',
        owningProjectIdentifier: c.producerProjectId,
      }),
      'ResourceNotFoundException',
      NOT_FOUND_TEXT,
    );
  });

  it('validates forms: JSON content, form names, types and required forms', async () => {
    const c = await catalog();
    const base = {
      domainIdentifier: c.domainId,
      name: 'x',
      typeIdentifier: 'MskTopicAssetType',
      owningProjectIdentifier: c.producerProjectId,
    };
    const [msk, schema] = topicForms('x');
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [{ ...msk, content: '{not json' }] }),
      'ValidationException',
      /MskSourceReferenceFormType.*not valid JSON/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [msk, { formName: 'Unknown', content: '{}' }] }),
      'ValidationException',
      /Unknown is not a form of asset type MskTopicAssetType/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [{ ...msk, typeIdentifier: 'KafkaSchemaFormType' }] }),
      'ValidationException',
      /has type MskSourceReferenceFormType/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [schema] }),
      'ValidationException',
      /MskSourceReferenceFormType is required/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [msk, msk] }),
      'ValidationException',
      /more than once/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [{ ...msk, content: '[1]' }] }),
      'ValidationException',
      /JSON object/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, formsInput: [{ ...msk, typeRevision: '3' }] }),
      'ValidationException',
      /with version 3 not found/,
    );
    await expectError(
      c.t.call('CreateAsset', { ...base, owningProjectIdentifier: 'abcdefabcdefab', formsInput: [msk] }),
      'ResourceNotFoundException',
    );
    await expectError(c.t.call('CreateAsset', { ...base, name: '' }), 'ValidationException', /'name'/);
  });

  it('keeps externalIdentifier unique in the domain', async () => {
    const c = await catalog();
    await createTopic(c, 'orders');
    await expectError(createTopic(c, 'orders'), 'ConflictException', /external identifier/);
  });

  it('answers a retried client token with the same asset, and a reused token with other input with ConflictException', async () => {
    const c = await catalog();
    const input = {
      domainIdentifier: c.domainId,
      name: 'orders',
      typeIdentifier: 'MskTopicAssetType',
      owningProjectIdentifier: c.producerProjectId,
      externalIdentifier: 'ext-orders',
      formsInput: topicForms('orders'),
      clientToken: 'token-1',
    };
    const first = await c.t.call<GetAssetOutput>('CreateAsset', input);
    const retry = await c.t.call<GetAssetOutput>('CreateAsset', input);
    expect(retry.id).toBe(first.id);
    expect(retry.revision).toBe('1');
    await expectError(c.t.call('CreateAsset', { ...input, name: 'other' }), 'ConflictException');
  });

  it('creates revisions that keep the external identifier and replace the forms', async () => {
    const c = await catalog();
    const id = await createTopic(c, 'orders');
    const [msk] = topicForms('orders');
    const rev = await c.t.call<GetAssetOutput>('CreateAssetRevision', {
      domainIdentifier: c.domainId,
      identifier: id,
      name: 'orders v2',
      formsInput: [msk],
      clientToken: 'rev-token',
    });
    expect(rev).toMatchObject({
      id,
      revision: '2',
      name: 'orders v2',
      externalIdentifier: expect.stringContaining('orders'),
    });
    expect(rev.formsOutput?.map((f) => f.formName)).toEqual(['MskSourceReferenceFormType']);
    const retry = await c.t.call<GetAssetOutput>('CreateAssetRevision', {
      domainIdentifier: c.domainId,
      identifier: id,
      name: 'orders v2',
      formsInput: [msk],
      clientToken: 'rev-token',
    });
    expect(retry.revision).toBe('2');
    const old = await c.t.call<GetAssetOutput>('GetAsset', {
      domainIdentifier: c.domainId,
      identifier: id,
      revision: '1',
    });
    expect(old.formsOutput).toHaveLength(3);
    await expectError(
      c.t.call('GetAsset', { domainIdentifier: c.domainId, identifier: id, revision: '3' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateAssetRevision', {
        domainIdentifier: c.domainId,
        identifier: id,
        name: 'x',
        formsInput: [],
      }),
      'ValidationException',
      /required/,
    );
    await expectError(
      c.t.call('CreateAssetRevision', {
        domainIdentifier: c.domainId,
        identifier: 'abcdefabcdefab',
        name: 'x',
      }),
      'ResourceNotFoundException',
    );
  });

  it('lists revisions in two pages', async () => {
    const c = await catalog();
    const id = await createTopic(c, 'orders');
    const [msk] = topicForms('orders');
    for (const name of ['r2', 'r3']) {
      await c.t.call('CreateAssetRevision', {
        domainIdentifier: c.domainId,
        identifier: id,
        name,
        formsInput: [msk],
      });
    }
    const first = await c.t.call<ListAssetRevisionsOutput>('ListAssetRevisions', {
      domainIdentifier: c.domainId,
      identifier: id,
      maxResults: 2,
    });
    expect(first.items?.map((r) => r.revision)).toEqual(['1', '2']);
    expect(first.items?.[0]).toMatchObject({ domainId: c.domainId, id, createdAt: expect.any(Date) });
    const second = await c.t.call<ListAssetRevisionsOutput>('ListAssetRevisions', {
      domainIdentifier: c.domainId,
      identifier: id,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((r) => r.revision)).toEqual(['3']);
    expect(second.nextToken).toBeUndefined();
    await expectError(
      c.t.call('ListAssetRevisions', { domainIdentifier: c.domainId, identifier: id, maxResults: 0 }),
      'ValidationException',
    );
  });

  it('deletes an asset: gone, its external identifier free, its listing INACTIVE', async () => {
    const c = await catalog();
    const id = await createTopic(c, 'orders');
    const { listingId } = await publish(c, id);
    await c.t.call('DeleteAsset', { domainIdentifier: c.domainId, identifier: id });
    await expectError(
      c.t.call('GetAsset', { domainIdentifier: c.domainId, identifier: id }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('DeleteAsset', { domainIdentifier: c.domainId, identifier: id }),
      'ResourceNotFoundException',
    );
    const listing = await c.t.call('GetListing', { domainIdentifier: c.domainId, identifier: listingId });
    expect(listing).toMatchObject({ status: 'INACTIVE' });
    await expect(createTopic(c, 'orders')).resolves.toMatch(ID);
  });
});
