import type {
  GetSubscriptionGrantOutput,
  GetSubscriptionTargetOutput,
  ListSubscriptionGrantsOutput,
  ListSubscriptionTargetsOutput,
} from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { rollUp } from '../../../../../local/src/services/datazone/grants.ts';
import type { GrantAssetStatus } from '../../../../../local/src/services/datazone/state.ts';
import {
  ACCOUNT,
  type Catalog,
  CONSUMER_ACCOUNT,
  catalog,
  consumerEnvironment,
  createTopic,
  expectError,
  ID,
  publish,
} from './support.ts';

async function granted(c: Catalog, topic = 'orders') {
  const assetId = await createTopic(c, topic);
  const { listingId } = await publish(c, assetId);
  const env = await consumerEnvironment(c, `env-${topic}`);
  const grant = await c.t.call<GetSubscriptionGrantOutput>('CreateSubscriptionGrant', {
    domainIdentifier: c.domainId,
    environmentIdentifier: env.environmentId,
    grantedEntity: { listing: { identifier: listingId, revision: '1' } },
  });
  return { assetId, listingId, env, grantId: grant.id ?? '', grant };
}

function setStatus(c: Catalog, grantId: string, assetId: string, status: string, extra: object = {}) {
  return c.t.call<GetSubscriptionGrantOutput>('UpdateSubscriptionGrantStatus', {
    domainIdentifier: c.domainId,
    identifier: grantId,
    assetIdentifier: assetId,
    status,
    ...extra,
  });
}

describe('DataZone subscription targets', () => {
  it('creates, gets and lists targets of an environment', async () => {
    const c = await catalog();
    const { environmentId, targetId } = await consumerEnvironment(c);
    const target = await c.t.call<GetSubscriptionTargetOutput>('GetSubscriptionTarget', {
      domainIdentifier: c.domainId,
      environmentIdentifier: environmentId,
      identifier: targetId,
    });
    expect(target).toMatchObject({
      id: targetId,
      environmentId,
      projectId: c.consumerProjectId,
      authorizedPrincipals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:role/consumer`],
      applicableAssetTypes: ['MskTopicAssetType'],
      provider: 'Amazon DataZone',
      subscriptionGrantCreationMode: 'AUTOMATIC',
      createdAt: expect.any(Date),
    });
    for (const name of ['t2', 't3']) {
      await c.t.call('CreateSubscriptionTarget', {
        domainIdentifier: c.domainId,
        environmentIdentifier: environmentId,
        name,
        type: 'T',
        subscriptionTargetConfig: [{ formName: 'F', content: '{}' }],
        authorizedPrincipals: ['p'],
        manageAccessRole: `arn:aws:iam::${ACCOUNT}:role/m`,
        applicableAssetTypes: ['MskTopicAssetType'],
        provider: 'streamgov',
      });
    }
    const first = await c.t.call<ListSubscriptionTargetsOutput>('ListSubscriptionTargets', {
      domainIdentifier: c.domainId,
      environmentIdentifier: environmentId,
      maxResults: 2,
    });
    expect(first.items?.map((t) => t.name)).toEqual(['consumer-env-target', 't2']);
    const second = await c.t.call<ListSubscriptionTargetsOutput>('ListSubscriptionTargets', {
      domainIdentifier: c.domainId,
      environmentIdentifier: environmentId,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((t) => [t.name, t.provider])).toEqual([['t3', 'streamgov']]);
  });

  it('validates targets and refuses duplicate names and unknown environments', async () => {
    const c = await catalog();
    const { environmentId, targetId } = await consumerEnvironment(c);
    const input = {
      domainIdentifier: c.domainId,
      environmentIdentifier: environmentId,
      name: 'consumer-env-target',
      type: 'T',
      subscriptionTargetConfig: [],
      authorizedPrincipals: ['p'],
      manageAccessRole: `arn:aws:iam::${ACCOUNT}:role/m`,
      applicableAssetTypes: ['MskTopicAssetType'],
    };
    await expectError(c.t.call('CreateSubscriptionTarget', input), 'ConflictException');
    await expectError(
      c.t.call('CreateSubscriptionTarget', { ...input, name: 'x', authorizedPrincipals: [] }),
      'ValidationException',
      /authorizedPrincipals/,
    );
    await expectError(
      c.t.call('CreateSubscriptionTarget', { ...input, name: 'x', manageAccessRole: 'role' }),
      'ValidationException',
      /manageAccessRole/,
    );
    await expectError(
      c.t.call('CreateSubscriptionTarget', { ...input, name: 'x', subscriptionTargetConfig: undefined }),
      'ValidationException',
      /subscriptionTargetConfig/,
    );
    await expectError(
      c.t.call('CreateSubscriptionTarget', { ...input, environmentIdentifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('GetSubscriptionTarget', {
        domainIdentifier: c.domainId,
        environmentIdentifier: environmentId,
        identifier: 'abcdefabcdefab',
      }),
      'ResourceNotFoundException',
    );
    const other = await consumerEnvironment(c, 'other');
    await expectError(
      c.t.call('GetSubscriptionTarget', {
        domainIdentifier: c.domainId,
        environmentIdentifier: other.environmentId,
        identifier: targetId,
      }),
      'ResourceNotFoundException',
    );
  });
});

describe('DataZone subscription grants', () => {
  it('creates a PENDING grant through the matching target and emits "Subscription Grant Requested"', async () => {
    const c = await catalog();
    const { assetId, listingId, env, grantId, grant } = await granted(c);
    expect(grantId).toMatch(ID);
    expect(grant).toMatchObject({
      domainId: c.domainId,
      environmentId: env.environmentId,
      subscriptionTargetId: env.targetId,
      status: 'PENDING',
      grantedEntity: { listing: { id: listingId, revision: '1' } },
      assets: [{ assetId, assetRevision: '1', status: 'GRANT_PENDING' }],
      createdAt: expect.any(Date),
    });
    expect(grant.subscriptionId).toBeUndefined();
    const [event] = await c.t.events();
    expect(event).toMatchObject({
      'detail-type': 'Subscription Grant Requested',
      source: 'aws.datazone',
      account: ACCOUNT,
      detail: {
        metadata: {
          domain: c.domainId,
          id: grantId,
          user: 'SYSTEM',
          typeName: 'SubscriptionGrantEntityType',
        },
        data: {
          asset: { id: assetId, listingId, listingVersion: '1', typeName: 'MskTopicAssetType' },
          projectId: c.consumerProjectId,
          status: 'GRANT_PENDING',
          subscriptionTarget: { id: env.targetId, environmentId: env.environmentId },
        },
      },
    });
  });

  it('refuses a second live grant of the same listing to the same target, and unknown references', async () => {
    const c = await catalog();
    const { listingId, env } = await granted(c);
    const input = {
      domainIdentifier: c.domainId,
      environmentIdentifier: env.environmentId,
      subscriptionTargetIdentifier: env.targetId,
      grantedEntity: { listing: { identifier: listingId, revision: '1' } },
    };
    await expectError(c.t.call('CreateSubscriptionGrant', input), 'ConflictException');
    await expectError(
      c.t.call('CreateSubscriptionGrant', {
        ...input,
        grantedEntity: { listing: { identifier: listingId, revision: '2' } },
      }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateSubscriptionGrant', { ...input, subscriptionTargetIdentifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateSubscriptionGrant', { ...input, environmentIdentifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateSubscriptionGrant', { ...input, grantedEntity: {} }),
      'ValidationException',
    );
    const bare = await consumerEnvironment(c, 'bare', { assetTypes: ['Other'] });
    await expectError(
      c.t.call('CreateSubscriptionGrant', {
        domainIdentifier: c.domainId,
        environmentIdentifier: bare.environmentId,
        grantedEntity: { listing: { identifier: listingId, revision: '1' } },
      }),
      'ValidationException',
      /no subscription target/,
    );
  });

  it('answers a retried client token with the same grant', async () => {
    const c = await catalog();
    const assetId = await createTopic(c, 'orders');
    const { listingId } = await publish(c, assetId);
    const env = await consumerEnvironment(c);
    const input = {
      domainIdentifier: c.domainId,
      environmentIdentifier: env.environmentId,
      grantedEntity: { listing: { identifier: listingId, revision: '1' } },
      assetTargetNames: [{ assetId, targetName: 'orders-read' }],
      clientToken: 'grant-1',
    };
    const first = await c.t.call<GetSubscriptionGrantOutput>('CreateSubscriptionGrant', input);
    const retry = await c.t.call<GetSubscriptionGrantOutput>('CreateSubscriptionGrant', input);
    expect(retry.id).toBe(first.id);
    expect(first.assets?.[0]?.targetName).toBe('orders-read');
    expect(await c.t.events()).toHaveLength(1);
  });

  it('rolls per-asset statuses up and emits Completed and Failed events', async () => {
    const c = await catalog();
    const { assetId, grantId } = await granted(c);
    const inProgress = await setStatus(c, grantId, assetId, 'GRANT_IN_PROGRESS');
    expect(inProgress.status).toBe('IN_PROGRESS');
    const done = await setStatus(c, grantId, assetId, 'GRANTED', { targetName: 'orders' });
    expect(done).toMatchObject({
      status: 'COMPLETED',
      assets: [{ status: 'GRANTED', targetName: 'orders' }],
    });
    expect(done.assets?.[0]?.grantedTimestamp).toBeInstanceOf(Date);
    await setStatus(c, grantId, assetId, 'GRANTED');
    const failed = await setStatus(c, grantId, assetId, 'GRANT_FAILED', {
      failureCause: { message: 'no policy' },
    });
    expect(failed).toMatchObject({
      status: 'GRANT_FAILED',
      assets: [{ failureCause: { message: 'no policy' } }],
    });
    expect(failed.assets?.[0]?.failureTimestamp).toBeInstanceOf(Date);
    const revokeFailed = await setStatus(c, grantId, assetId, 'REVOKE_FAILED', {
      failureCause: { message: 'x' },
    });
    expect(revokeFailed.status).toBe('REVOKE_FAILED');
    const revoked = await setStatus(c, grantId, assetId, 'REVOKED');
    expect(revoked).toMatchObject({ status: 'COMPLETED', assets: [{ status: 'REVOKED' }] });
    expect(revoked.assets?.[0]?.failureCause).toBeUndefined();
    const events = await c.t.events();
    expect(events.map((e) => e['detail-type'])).toEqual([
      'Subscription Grant Requested',
      'Subscription Grant Completed',
      'Subscription Grant Failed',
      'Subscription Grant Revoke Failed',
      'Subscription Grant Revoke Completed',
    ]);
    expect(events[2]?.detail).toMatchObject({
      metadata: { id: grantId },
      data: { status: 'GRANT_FAILED', failureCause: { message: 'no policy' } },
    });
  });

  it('rejects unknown grants, assets and statuses', async () => {
    const c = await catalog();
    const { assetId, grantId } = await granted(c);
    await expectError(
      setStatus(c, grantId, 'abcdefabcdefab', 'GRANTED'),
      'ResourceNotFoundException',
      /not part of/,
    );
    await expectError(setStatus(c, 'abcdefabcdefab', assetId, 'GRANTED'), 'ResourceNotFoundException');
    await expectError(setStatus(c, grantId, assetId, 'DONE'), 'ValidationException', /status/);
    await expectError(
      c.t.call('GetSubscriptionGrant', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
  });

  it('deletes a grant by revoking it, and removes it once revoked', async () => {
    const c = await catalog();
    const { assetId, grantId } = await granted(c);
    await setStatus(c, grantId, assetId, 'GRANTED');
    const deleting = await c.t.call<GetSubscriptionGrantOutput>('DeleteSubscriptionGrant', {
      domainIdentifier: c.domainId,
      identifier: grantId,
    });
    expect(deleting).toMatchObject({
      id: grantId,
      status: 'PENDING',
      assets: [{ status: 'REVOKE_PENDING' }],
    });
    const events = await c.t.events();
    expect(events.at(-1)).toMatchObject({
      'detail-type': 'Subscription Grant Revoke Requested',
      detail: { metadata: { id: grantId }, data: { status: 'REVOKE_PENDING' } },
    });
    await setStatus(c, grantId, assetId, 'REVOKE_IN_PROGRESS');
    await setStatus(c, grantId, assetId, 'REVOKED');
    const gone = await c.t.call<GetSubscriptionGrantOutput>('DeleteSubscriptionGrant', {
      domainIdentifier: c.domainId,
      identifier: grantId,
    });
    expect(gone.status).toBe('COMPLETED');
    await expectError(
      c.t.call('GetSubscriptionGrant', { domainIdentifier: c.domainId, identifier: grantId }),
      'ResourceNotFoundException',
    );
  });

  it('lists grants with filters, in two pages', async () => {
    const c = await catalog();
    const grants = [];
    for (const topic of ['g1', 'g2', 'g3']) {
      grants.push(await granted(c, topic));
      c.t.tick();
    }
    const first = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
      maxResults: 2,
    });
    expect(first.items?.map((g) => g.id)).toEqual([grants[0]?.grantId, grants[1]?.grantId]);
    const second = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((g) => g.id)).toEqual([grants[2]?.grantId]);
    const byEnv = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
      environmentId: grants[1]?.env.environmentId,
    });
    expect(byEnv.items?.map((g) => g.id)).toEqual([grants[1]?.grantId]);
    const byListing = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
      subscribedListingId: grants[2]?.listingId,
      owningProjectId: c.consumerProjectId,
    });
    expect(byListing.items?.map((g) => g.id)).toEqual([grants[2]?.grantId]);
    const byTarget = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
      subscriptionTargetId: grants[0]?.env.targetId,
      sortBy: 'UPDATED_AT',
    });
    expect(byTarget.items).toHaveLength(1);
  });
});

describe('rollUp', () => {
  const assets = (...statuses: GrantAssetStatus[]) =>
    statuses.map((status, i) => ({ assetId: `a${i}`, assetRevision: '1', status }));

  it.each([
    [['GRANT_PENDING'], 'PENDING'],
    [['GRANTED', 'REVOKE_PENDING'], 'PENDING'],
    [['GRANT_IN_PROGRESS', 'GRANT_FAILED'], 'IN_PROGRESS'],
    [['REVOKE_IN_PROGRESS', 'GRANTED'], 'IN_PROGRESS'],
    [['GRANT_FAILED', 'REVOKE_FAILED'], 'GRANT_AND_REVOKE_FAILED'],
    [['GRANT_FAILED', 'GRANTED'], 'GRANT_FAILED'],
    [['REVOKE_FAILED', 'REVOKED'], 'REVOKE_FAILED'],
    [['GRANTED', 'REVOKED'], 'COMPLETED'],
  ] as [GrantAssetStatus[], string][])('rolls %j up to %s', (statuses, overall) => {
    expect(rollUp(assets(...statuses))).toBe(overall);
  });
});
