import type {
  CreateSubscriptionRequestOutput,
  GetSubscriptionGrantOutput,
  ListSubscriptionGrantsOutput,
  ListSubscriptionRequestsOutput,
  ListSubscriptionsOutput,
  RevokeSubscriptionOutput,
} from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  type Catalog,
  catalog,
  consumerEnvironment,
  createTopic,
  expectError,
  ID,
  publish,
  REGION,
} from './support.ts';

async function subscribable(c: Catalog, topic = 'orders') {
  const assetId = await createTopic(c, topic);
  const { listingId } = await publish(c, assetId);
  return { assetId, listingId };
}

function requestInput(c: Catalog, listingId: string, extra: object = {}) {
  return {
    domainIdentifier: c.domainId,
    subscribedPrincipals: [{ project: { identifier: c.consumerProjectId } }],
    subscribedListings: [{ identifier: listingId }],
    requestReason: 'analytics',
    ...extra,
  };
}

describe('DataZone subscription requests', () => {
  it('creates a PENDING request and emits "Subscription Request Created"', async () => {
    const c = await catalog();
    const { assetId, listingId } = await subscribable(c);
    const request = await c.t.call<CreateSubscriptionRequestOutput>(
      'CreateSubscriptionRequest',
      requestInput(c, listingId, { clientToken: 'req-1' }),
    );
    expect(request.id).toMatch(ID);
    expect(request).toMatchObject({
      status: 'PENDING',
      domainId: c.domainId,
      requestReason: 'analytics',
      subscribedPrincipals: [{ project: { id: c.consumerProjectId, name: 'consumer' } }],
      subscribedListings: [
        {
          id: listingId,
          revision: '1',
          name: 'orders',
          ownerProjectId: c.producerProjectId,
          ownerProjectName: 'producer',
          item: { assetListing: { entityId: assetId, entityRevision: '1', entityType: 'MskTopicAssetType' } },
        },
      ],
    });
    const events = await c.t.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      'detail-type': 'Subscription Request Created',
      source: 'aws.datazone',
      account: ACCOUNT,
      region: REGION,
      detail: {
        metadata: {
          domain: c.domainId,
          id: request.id,
          typeName: 'SubscriptionRequestEntityType',
          owningProjectId: c.consumerProjectId,
          awsAccountId: ACCOUNT,
          clientToken: 'req-1',
        },
        data: {
          status: 'PENDING',
          subscribedListings: [{ id: listingId, ownerProjectId: c.producerProjectId, version: '1' }],
          subscribedPrincipals: [{ id: c.consumerProjectId, type: 'PROJECT' }],
        },
      },
    });
    const retry = await c.t.call<CreateSubscriptionRequestOutput>(
      'CreateSubscriptionRequest',
      requestInput(c, listingId, { clientToken: 'req-1' }),
    );
    expect(retry.id).toBe(request.id);
  });

  it('validates principals and listings and refuses duplicates', async () => {
    const c = await catalog();
    const { assetId, listingId } = await subscribable(c);
    await expectError(
      c.t.call('CreateSubscriptionRequest', requestInput(c, listingId, { subscribedPrincipals: [] })),
      'ValidationException',
      /subscribedPrincipals/,
    );
    await expectError(
      c.t.call(
        'CreateSubscriptionRequest',
        requestInput(c, listingId, {
          subscribedListings: [{ identifier: listingId }, { identifier: listingId }],
        }),
      ),
      'ValidationException',
    );
    await expectError(
      c.t.call('CreateSubscriptionRequest', requestInput(c, listingId, { requestReason: undefined })),
      'ValidationException',
      /requestReason/,
    );
    await expectError(
      c.t.call(
        'CreateSubscriptionRequest',
        requestInput(c, listingId, {
          subscribedPrincipals: [{ iam: { identifier: `arn:aws:iam::${ACCOUNT}:role/r` } }],
        }),
      ),
      'ValidationException',
      /project principals/,
    );
    await expectError(
      c.t.call('CreateSubscriptionRequest', requestInput(c, 'abcdefabcdefab')),
      'ResourceNotFoundException',
    );
    await c.t.call('CreateSubscriptionRequest', requestInput(c, listingId));
    await expectError(
      c.t.call('CreateSubscriptionRequest', requestInput(c, listingId)),
      'ConflictException',
      /pending/,
    );
    await c.t.call('CreateListingChangeSet', {
      domainIdentifier: c.domainId,
      entityIdentifier: assetId,
      entityType: 'ASSET',
      action: 'UNPUBLISH',
    });
    await expectError(
      c.t.call('CreateSubscriptionRequest', requestInput(c, listingId)),
      'ResourceNotFoundException',
      /not active/,
    );
  });

  it('accepts: subscription APPROVED, a grant per ACTIVE environment with a matching AUTOMATIC target', async () => {
    const c = await catalog();
    const { assetId, listingId } = await subscribable(c);
    const env1 = await consumerEnvironment(c, 'env-1');
    await consumerEnvironment(c, 'env-manual', { mode: 'MANUAL' });
    await consumerEnvironment(c, 'env-other', { assetTypes: ['GlueTableAssetType'] });
    const request = await c.t.call<CreateSubscriptionRequestOutput>(
      'CreateSubscriptionRequest',
      requestInput(c, listingId),
    );
    const accepted = await c.t.call<CreateSubscriptionRequestOutput>('AcceptSubscriptionRequest', {
      domainIdentifier: c.domainId,
      identifier: request.id,
      decisionComment: 'ok',
    });
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      decisionComment: 'ok',
      reviewerId: expect.any(String),
    });
    const subs = await c.t.call<ListSubscriptionsOutput>('ListSubscriptions', {
      domainIdentifier: c.domainId,
    });
    expect(subs.items).toHaveLength(1);
    const subscription = subs.items?.[0];
    expect(subscription).toMatchObject({
      status: 'APPROVED',
      subscriptionRequestId: request.id,
      subscribedPrincipal: { project: { id: c.consumerProjectId } },
      subscribedListing: { id: listingId, revision: '1' },
    });
    const grants = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
    });
    expect(grants.items).toHaveLength(1);
    const grant = grants.items?.[0];
    expect(grant).toMatchObject({
      environmentId: env1.environmentId,
      subscriptionTargetId: env1.targetId,
      subscriptionId: subscription?.id,
      status: 'PENDING',
      grantedEntity: { listing: { id: listingId, revision: '1' } },
      assets: [{ assetId, assetRevision: '1', status: 'GRANT_PENDING' }],
    });
    const events = await c.t.events();
    expect(events.map((e) => e['detail-type'])).toEqual([
      'Subscription Request Created',
      'Subscription Request Accepted',
      'Subscription Grant Requested',
    ]);
    expect(events[2]?.detail).toEqual({
      metadata: {
        domain: c.domainId,
        id: grant?.id,
        typeName: 'SubscriptionGrantEntityType',
        user: 'SYSTEM',
        version: '1',
        owningProjectId: c.consumerProjectId,
        awsAccountId: ACCOUNT,
      },
      data: {
        asset: { id: assetId, listingId, listingVersion: '1', typeName: 'MskTopicAssetType' },
        projectId: c.consumerProjectId,
        status: 'GRANT_PENDING',
        subscriptionTarget: {
          id: env1.targetId,
          environmentId: env1.environmentId,
          typeName: 'MskTopicsSubscriptionTarget',
        },
      },
    });
    await expectError(
      c.t.call('AcceptSubscriptionRequest', { domainIdentifier: c.domainId, identifier: request.id }),
      'ConflictException',
    );
    await expectError(
      c.t.call('CreateSubscriptionRequest', requestInput(c, listingId)),
      'ConflictException',
      /already subscribed/,
    );
  });

  it('rejects a pending request', async () => {
    const c = await catalog();
    const { listingId } = await subscribable(c);
    const request = await c.t.call<CreateSubscriptionRequestOutput>(
      'CreateSubscriptionRequest',
      requestInput(c, listingId),
    );
    const rejected = await c.t.call('RejectSubscriptionRequest', {
      domainIdentifier: c.domainId,
      identifier: request.id,
      decisionComment: 'no',
    });
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionComment: 'no' });
    await expectError(
      c.t.call('RejectSubscriptionRequest', { domainIdentifier: c.domainId, identifier: request.id }),
      'ConflictException',
    );
    await expectError(
      c.t.call('AcceptSubscriptionRequest', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    expect((await c.t.events()).map((e) => e['detail-type'])).toContain('Subscription Request Rejected');
  });

  it('lists requests with filters, in two pages', async () => {
    const c = await catalog();
    const ids: string[] = [];
    for (const topic of ['t1', 't2', 't3']) {
      const { listingId } = await subscribable(c, topic);
      const r = await c.t.call<CreateSubscriptionRequestOutput>(
        'CreateSubscriptionRequest',
        requestInput(c, listingId),
      );
      ids.push(r.id ?? '');
      c.t.tick();
    }
    await c.t.call('RejectSubscriptionRequest', { domainIdentifier: c.domainId, identifier: ids[2] });
    const first = await c.t.call<ListSubscriptionRequestsOutput>('ListSubscriptionRequests', {
      domainIdentifier: c.domainId,
      maxResults: 2,
    });
    expect(first.items?.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const second = await c.t.call<ListSubscriptionRequestsOutput>('ListSubscriptionRequests', {
      domainIdentifier: c.domainId,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((r) => r.id)).toEqual([ids[2]]);
    const pending = await c.t.call<ListSubscriptionRequestsOutput>('ListSubscriptionRequests', {
      domainIdentifier: c.domainId,
      status: 'PENDING',
      approverProjectId: c.producerProjectId,
      sortOrder: 'DESCENDING',
    });
    expect(pending.items?.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    const none = await c.t.call<ListSubscriptionRequestsOutput>('ListSubscriptionRequests', {
      domainIdentifier: c.domainId,
      owningProjectId: c.producerProjectId,
    });
    expect(none.items).toEqual([]);
    await expectError(
      c.t.call('ListSubscriptionRequests', { domainIdentifier: c.domainId, status: 'DONE' }),
      'ValidationException',
    );
  });
});

describe('DataZone subscriptions', () => {
  async function approved(c: Catalog) {
    const { assetId, listingId } = await subscribable(c);
    const env = await consumerEnvironment(c);
    const request = await c.t.call<CreateSubscriptionRequestOutput>(
      'CreateSubscriptionRequest',
      requestInput(c, listingId),
    );
    await c.t.call('AcceptSubscriptionRequest', { domainIdentifier: c.domainId, identifier: request.id });
    const subs = await c.t.call<ListSubscriptionsOutput>('ListSubscriptions', {
      domainIdentifier: c.domainId,
      subscriptionRequestIdentifier: request.id,
    });
    return { assetId, listingId, env, subscriptionId: subs.items?.[0]?.id ?? '' };
  }

  it('revokes a subscription: REVOKED, its grants REVOKE_PENDING with revoke events', async () => {
    const c = await catalog();
    const { assetId, listingId, env, subscriptionId } = await approved(c);
    const revoked = await c.t.call<RevokeSubscriptionOutput>('RevokeSubscription', {
      domainIdentifier: c.domainId,
      identifier: subscriptionId,
    });
    expect(revoked).toMatchObject({ id: subscriptionId, status: 'REVOKED', retainPermissions: false });
    const grants = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
      subscriptionId,
    });
    expect(grants.items?.[0]?.assets?.[0]?.status).toBe('REVOKE_PENDING');
    const events = await c.t.events();
    const revoke = events.find((e) => e['detail-type'] === 'Subscription Grant Revoke Requested');
    expect(revoke?.detail).toMatchObject({
      metadata: { id: grants.items?.[0]?.id, typeName: 'SubscriptionGrantEntityType' },
      data: {
        asset: { id: assetId, listingId, listingVersion: '1', typeName: 'MskTopicAssetType' },
        status: 'REVOKE_PENDING',
        subscriptionTarget: { id: env.targetId, environmentId: env.environmentId },
      },
    });
    expect(events.map((e) => e['detail-type'])).toContain('Subscription Revoked');
    await expectError(
      c.t.call('RevokeSubscription', { domainIdentifier: c.domainId, identifier: subscriptionId }),
      'ConflictException',
    );
    const list = await c.t.call<ListSubscriptionsOutput>('ListSubscriptions', {
      domainIdentifier: c.domainId,
      status: 'REVOKED',
    });
    expect(list.items?.map((s) => s.id)).toEqual([subscriptionId]);
  });

  it('keeps grants when revoking with retainPermissions', async () => {
    const c = await catalog();
    const { subscriptionId } = await approved(c);
    await c.t.call('RevokeSubscription', {
      domainIdentifier: c.domainId,
      identifier: subscriptionId,
      retainPermissions: true,
    });
    const grants = await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
      domainIdentifier: c.domainId,
    });
    expect(grants.items?.[0]?.assets?.[0]?.status).toBe('GRANT_PENDING');
    expect((await c.t.events()).map((e) => e['detail-type'])).not.toContain(
      'Subscription Grant Revoke Requested',
    );
    await expectError(
      c.t.call('RevokeSubscription', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
  });

  it('lists subscriptions with filters, in two pages', async () => {
    const c = await catalog();
    await consumerEnvironment(c);
    for (const topic of ['s1', 's2', 's3']) {
      const { listingId } = await subscribable(c, topic);
      const r = await c.t.call<CreateSubscriptionRequestOutput>(
        'CreateSubscriptionRequest',
        requestInput(c, listingId),
      );
      await c.t.call('AcceptSubscriptionRequest', { domainIdentifier: c.domainId, identifier: r.id });
      c.t.tick();
    }
    const first = await c.t.call<ListSubscriptionsOutput>('ListSubscriptions', {
      domainIdentifier: c.domainId,
      maxResults: 2,
    });
    expect(first.items?.map((s) => s.subscribedListing?.name)).toEqual(['s1', 's2']);
    const second = await c.t.call<ListSubscriptionsOutput>('ListSubscriptions', {
      domainIdentifier: c.domainId,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((s) => s.subscribedListing?.name)).toEqual(['s3']);
    const mine = await c.t.call<ListSubscriptionsOutput>('ListSubscriptions', {
      domainIdentifier: c.domainId,
      owningProjectId: c.consumerProjectId,
      approverProjectId: c.producerProjectId,
    });
    expect(mine.items).toHaveLength(3);
    const grant = await c.t.call<GetSubscriptionGrantOutput>('GetSubscriptionGrant', {
      domainIdentifier: c.domainId,
      identifier: (
        await c.t.call<ListSubscriptionGrantsOutput>('ListSubscriptionGrants', {
          domainIdentifier: c.domainId,
        })
      ).items?.[0]?.id,
    });
    expect(grant.subscriptionId).toBe(first.items?.[0]?.id);
  });
});
