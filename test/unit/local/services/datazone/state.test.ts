import type { GetListingOutput, GetSubscriptionTargetOutput } from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { dataZoneService } from '../../../../../local/src/services/datazone/index.ts';
import { ACCOUNT, catalog, consumerEnvironment, createTopic, publish, REGION } from './support.ts';

describe('DataZone state', () => {
  it('is plain JSON that a new cloud can load and keep working on', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    const { listingId } = await publish(c, assetId);
    await consumerEnvironment(c);
    await c.t.call('PostLineageEvent', {
      domainIdentifier: c.domainId,
      event: new TextEncoder().encode(
        JSON.stringify({
          eventTime: '2026-01-01T00:00:00Z',
          run: { runId: 'r1' },
          job: { namespace: 'flink', name: 'j' },
          inputs: [{ namespace: 'kafka://h:9092', name: 'orders' }],
        }),
      ),
    });
    const dumped = c.t.cloud.dump();
    const json = JSON.parse(JSON.stringify(dumped));
    expect(json).toEqual(dumped);

    const reloaded = new LocalCloud({ services: [dataZoneService] });
    reloaded.load(json);
    const caller = reloaded.rootCaller(ACCOUNT, REGION);
    const listing = await reloaded.call<GetListingOutput>(
      'datazone',
      'GetListing',
      { domainIdentifier: c.domainId, identifier: listingId },
      caller,
    );
    expect(listing.item?.assetListing?.assetId).toBe(assetId);
    await expect(
      reloaded.call(
        'datazone',
        'GetLineageNode',
        { domainIdentifier: c.domainId, identifier: 'kafka://h:9092/orders' },
        caller,
      ),
    ).resolves.toMatchObject({ name: 'orders' });
    await expect(
      reloaded.call(
        'datazone',
        'CreateAssetRevision',
        { domainIdentifier: c.domainId, identifier: assetId, name: 'orders', formsInput: [] },
        caller,
      ),
    ).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('answers a retried CreateSubscriptionTarget client token with the same target', async () => {
    const c = await catalog();
    const { environmentId } = await consumerEnvironment(c);
    const input = {
      domainIdentifier: c.domainId,
      environmentIdentifier: environmentId,
      name: 'second',
      type: 'T',
      subscriptionTargetConfig: [],
      authorizedPrincipals: ['p'],
      manageAccessRole: `arn:aws:iam::${ACCOUNT}:role/m`,
      applicableAssetTypes: ['MskTopicAssetType'],
      clientToken: 'target-1',
    };
    const first = await c.t.call<GetSubscriptionTargetOutput>('CreateSubscriptionTarget', input);
    const retry = await c.t.call<GetSubscriptionTargetOutput>('CreateSubscriptionTarget', input);
    expect(retry.id).toBe(first.id);
  });
});
