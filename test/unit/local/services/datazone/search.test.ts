import type { SearchListingsOutput, SearchOutput } from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { type Catalog, catalog, createTopic, expectError, publish } from './support.ts';

async function topics(c: Catalog, names: string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    ids[name] = await createTopic(c, name);
    c.t.tick();
  }
  return ids;
}

describe('DataZone Search', () => {
  it('matches searchText against name, external identifier and form content, with totalMatchCount', async () => {
    const c = await catalog();
    const ids = await topics(c, ['orders', 'payments', 'orders-dlq']);
    const search = (input: object) =>
      c.t.call<SearchOutput>('Search', { domainIdentifier: c.domainId, searchScope: 'ASSET', ...input });
    const byName = await search({ searchText: 'orders' });
    expect(byName.items?.map((i) => i.assetItem?.identifier)).toEqual([ids.orders, ids['orders-dlq']]);
    expect(byName.totalMatchCount).toBe(2);
    const byForm = await search({ searchText: 'PAYMENTS' });
    expect(byForm.items?.map((i) => i.assetItem?.name)).toEqual(['payments']);
    const byExternal = await search({ searchText: 'topic/c1/uuid-1/payments' });
    expect(byExternal.totalMatchCount).toBe(1);
    const inName = await search({ searchText: 'kafka', searchIn: [{ attribute: 'name' }] });
    expect(inName.totalMatchCount).toBe(0);
    const item = byName.items?.[0]?.assetItem;
    expect(item).toMatchObject({
      domainId: c.domainId,
      typeIdentifier: 'MskTopicAssetType',
      typeRevision: '1',
      owningProjectId: c.producerProjectId,
      createdAt: expect.any(Date),
    });
    expect(item?.additionalAttributes).toBeUndefined();
  });

  it('filters with filter, and, or; returns forms on request; sorts', async () => {
    const c = await catalog();
    await topics(c, ['orders', 'payments', 'refunds']);
    const search = (input: object) =>
      c.t.call<SearchOutput>('Search', { domainIdentifier: c.domainId, searchScope: 'ASSET', ...input });
    const names = (out: SearchOutput) => out.items?.map((i) => i.assetItem?.name);
    expect(
      names(await search({ filters: { filter: { attribute: 'typeName', value: 'MskTopicAssetType' } } })),
    ).toHaveLength(3);
    expect(names(await search({ filters: { filter: { attribute: 'typeName', value: 'Other' } } }))).toEqual(
      [],
    );
    expect(
      names(
        await search({
          filters: {
            or: [
              { filter: { attribute: 'name', value: 'orders' } },
              { filter: { attribute: 'KafkaSchemaFormType.kafka_topic', value: 'refunds' } },
            ],
          },
        }),
      ),
    ).toEqual(['orders', 'refunds']);
    expect(
      names(
        await search({
          filters: {
            and: [
              { filter: { attribute: 'owningProjectId', value: c.producerProjectId } },
              { filter: { attribute: 'name', value: 'pay', operator: 'TEXT_SEARCH' } },
              { filter: { attribute: 'KafkaSchemaFormType.schema_version', intValue: 1, operator: 'GE' } },
            ],
          },
        }),
      ),
    ).toEqual(['payments']);
    expect(names(await search({ sort: { attribute: 'name', order: 'DESCENDING' } }))).toEqual([
      'refunds',
      'payments',
      'orders',
    ]);
    expect(names(await search({ owningProjectIdentifier: c.consumerProjectId }))).toEqual([]);
    const withForms = await search({ searchText: 'orders', additionalAttributes: ['FORMS'] });
    expect(
      withForms.items?.[0]?.assetItem?.additionalAttributes?.formsOutput?.map((f) => f.formName),
    ).toContain('KafkaSchemaFormType');
    await expectError(search({ filters: { and: [{}] } }), 'ValidationException');
    await expectError(
      search({ filters: { filter: { attribute: 'name', value: 'x', operator: 'GT' } } }),
      'ValidationException',
      /intValue/,
    );
    await expectError(search({ searchScope: 'EVERYTHING' }), 'ValidationException', /searchScope/);
  });

  it('pages with nextToken in two pages; other scopes are empty', async () => {
    const c = await catalog();
    await topics(c, ['a1', 'a2', 'a3']);
    const first = await c.t.call<SearchOutput>('Search', {
      domainIdentifier: c.domainId,
      searchScope: 'ASSET',
      maxResults: 2,
    });
    expect(first.items).toHaveLength(2);
    expect(first.totalMatchCount).toBe(3);
    const second = await c.t.call<SearchOutput>('Search', {
      domainIdentifier: c.domainId,
      searchScope: 'ASSET',
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((i) => i.assetItem?.name)).toEqual(['a3']);
    expect(second.nextToken).toBeUndefined();
    await expectError(
      c.t.call('Search', {
        domainIdentifier: c.domainId,
        searchScope: 'ASSET',
        searchText: 'a',
        nextToken: first.nextToken,
      }),
      'ValidationException',
    );
    const glossary = await c.t.call<SearchOutput>('Search', {
      domainIdentifier: c.domainId,
      searchScope: 'GLOSSARY',
    });
    expect(glossary).toMatchObject({ items: [], totalMatchCount: 0 });
    await expectError(
      c.t.call('Search', { domainIdentifier: 'dzd_abcdefabcdefab', searchScope: 'ASSET' }),
      'ResourceNotFoundException',
    );
  });
});

describe('DataZone SearchListings', () => {
  it('finds ACTIVE listings only, with forms as a JSON string on request', async () => {
    const c = await catalog();
    const ids = await topics(c, ['orders', 'payments', 'drafts']);
    const orders = await publish(c, ids.orders ?? '');
    await publish(c, ids.payments ?? '');
    await c.t.call('CreateListingChangeSet', {
      domainIdentifier: c.domainId,
      entityIdentifier: ids.payments,
      entityType: 'ASSET',
      action: 'UNPUBLISH',
    });
    const out = await c.t.call<SearchListingsOutput>('SearchListings', {
      domainIdentifier: c.domainId,
      additionalAttributes: ['FORMS'],
    });
    expect(out.totalMatchCount).toBe(1);
    const item = out.items?.[0]?.assetListing;
    expect(item).toMatchObject({
      listingId: orders.listingId,
      listingRevision: '1',
      name: 'orders',
      entityId: ids.orders,
      entityRevision: '1',
      entityType: 'MskTopicAssetType',
      owningProjectId: c.producerProjectId,
    });
    const forms = JSON.parse(item?.additionalAttributes?.forms ?? '') as Record<
      string,
      Record<string, unknown>
    >;
    expect(forms.KafkaSchemaFormType?.kafka_topic).toBe('orders');
  });

  it('filters, aggregates and pages', async () => {
    const c = await catalog();
    const ids = await topics(c, ['l1', 'l2', 'l3']);
    for (const id of Object.values(ids)) await publish(c, id);
    const first = await c.t.call<SearchListingsOutput>('SearchListings', {
      domainIdentifier: c.domainId,
      searchText: 'l',
      maxResults: 2,
      aggregations: [{ attribute: 'entityType' }],
    });
    expect(first.items?.map((i) => i.assetListing?.name)).toEqual(['l1', 'l2']);
    expect(first.items?.[0]?.assetListing?.additionalAttributes).toBeUndefined();
    expect(first.aggregates).toEqual([
      {
        attribute: 'entityType',
        items: [{ value: 'MskTopicAssetType', count: 3, displayValue: 'MskTopicAssetType' }],
      },
    ]);
    const second = await c.t.call<SearchListingsOutput>('SearchListings', {
      domainIdentifier: c.domainId,
      searchText: 'l',
      maxResults: 2,
      aggregations: [{ attribute: 'entityType' }],
      nextToken: first.nextToken,
    });
    expect(second.items?.map((i) => i.assetListing?.name)).toEqual(['l3']);
    const filtered = await c.t.call<SearchListingsOutput>('SearchListings', {
      domainIdentifier: c.domainId,
      filters: { filter: { attribute: 'KafkaSchemaFormType.kafka_topic', value: 'l2' } },
    });
    expect(filtered.items?.map((i) => i.assetListing?.entityId)).toEqual([ids.l2]);
    await expectError(
      c.t.call('SearchListings', { domainIdentifier: c.domainId, maxResults: 100 }),
      'ValidationException',
      /maxResults/,
    );
  });
});
