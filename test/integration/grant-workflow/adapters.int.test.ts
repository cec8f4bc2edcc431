import { PutClusterPolicyCommand } from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTopicAssetForms } from '../../../asset-types/src/forms.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { DataZoneSubscriptions } from '../../../grant-workflow/src/adapters/datazone-subscriptions.ts';
import { IamRolePolicyStore } from '../../../grant-workflow/src/adapters/iam-role-policy-store.ts';
import { MskClusterPolicyStore } from '../../../grant-workflow/src/adapters/msk-cluster-policy-store.ts';
import { SsmGrantLedger } from '../../../grant-workflow/src/adapters/ssm-grant-ledger.ts';
import { InvalidGrantRequestError, VersionConflictError } from '../../../grant-workflow/src/errors.ts';
import type { PolicyDocument } from '../../../grant-workflow/src/policy/policy-document.ts';
import {
  createTopicAssetType,
  createTopicSubscriptionTarget,
  demoDataZoneIds,
  publishTopicAsset,
  subscribeAndAccept,
} from '../../support/topic-listings.ts';
import { createConsumerRole, type GrantWorld, startGrantWorld, topicGrant } from './support.ts';

const log = new MemoryLog();
const topicDoc = (topic: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StreamgovKafkaTopic', Effect: 'Allow', Action: ['kafka-cluster:ReadData'], Resource: [topic] },
  ],
});

describe('grant workflow adapters on the local cloud', () => {
  let world: GrantWorld;
  const calls = (key: string) => world.local.cloud.callCounts()[key] ?? 0;
  beforeAll(async () => {
    world = await startGrantWorld();
  });
  afterAll(() => world.local.close());

  it('SsmGrantLedger lists every record across short and empty pages, and deletes one by one', async () => {
    // Prepare
    const ledger = new SsmGrantLedger({
      client: world.consumer.ssm(),
      prefix: '/streamgov/ledger-test',
      log,
    });
    const grants = Array.from({ length: 25 }, (_, n) =>
      topicGrant(world.clusterArn, `t${n}`, ['arn:aws:iam::333333333333:role/r'], n),
    );
    for (const grant of grants) await ledger.put('role', 'r', grant);
    await ledger.put('role', 'other', grants[0] as (typeof grants)[0]);
    world.local.cloud.resetCallCounts();
    // Act
    const listed = await ledger.list('role', 'r');
    const deleted = await ledger.delete('role', 'r', 'grt000003', 'ast000003');
    const deletedAgain = await ledger.delete('role', 'r', 'grt000003', 'ast000003');
    // Assess
    expect(listed.map((r) => r.grant)).toEqual(grants);
    expect(calls('ssm:GetParametersByPath')).toBeGreaterThanOrEqual(3);
    expect([deleted, deletedAgain]).toEqual([true, false]);
    expect(await ledger.list('role', 'r')).toHaveLength(24);
    expect(await ledger.list('role', 'nobody')).toEqual([]);
  });

  it('SsmGrantLedger advances a change counter per target that listings skip, retrying TooManyUpdates', async () => {
    // Prepare
    const ledger = new SsmGrantLedger({
      client: world.consumer.ssm(),
      prefix: '/streamgov/counter-test',
      log,
      sleep: async () => undefined,
    });
    const grant = topicGrant(world.clusterArn, 'counted', ['arn:aws:iam::333333333333:role/r'], 77);
    const never = await ledger.counter('cluster', 'orders.abc-1');
    // Act
    await ledger.put('cluster', 'orders.abc-1', grant);
    const first = await ledger.advance('cluster', 'orders.abc-1', 'grt000077.ast000077 GRANT');
    world.local.cloud.faults.configure({
      errors: { 'ssm:PutParameter': { rate: 1, code: 'TooManyUpdates' } },
    });
    world.local.cloud.resetCallCounts();
    const refused = ledger.advance('cluster', 'orders.abc-1', 'again');
    await expect(refused).rejects.toThrow(/TooManyUpdates|PutParameter/);
    const attempts = calls('ssm:PutParameter');
    world.local.cloud.faults.configure({});
    const second = await ledger.advance('cluster', 'orders.abc-1', 'grt000077.ast000077 GRANT');
    // Assess
    expect(never).toBe(0);
    expect(attempts).toBe(6);
    expect(second).toBeGreaterThan(first);
    expect(await ledger.counter('cluster', 'orders.abc-1')).toBe(second);
    expect((await ledger.list('cluster', 'orders.abc-1')).map((r) => r.grant)).toEqual([grant]);
    expect(ledger.counterName('cluster', 'orders.abc-1')).toBe(
      '/streamgov/counter-test/cluster/orders.2Eabc-1/changes',
    );
  });

  it('IamRolePolicyStore reads tags and path, and prunes managed policy versions to stay within five', async () => {
    // Prepare
    await createConsumerRole(world, 'versioned-reader');
    const store = new IamRolePolicyStore({
      client: world.consumer.iam(),
      managedPolicyPath: '/streamgov/',
      log,
    });
    const role = await store.getRole('versioned-reader');
    const names = {
      inlinePolicyName: 'streamgov-kafka-access',
      managedPolicyPrefix: 'streamgov-versioned-reader',
    };
    // Act: eight successive documents of one managed policy.
    for (let i = 0; i < 8; i += 1) {
      const current = await store.readPolicies(role, names);
      await store.writePolicies(role, current, {
        inlinePolicyName: names.inlinePolicyName,
        managed: [
          {
            name: 'streamgov-versioned-reader-1',
            document: topicDoc(`arn:aws:kafka:eu-west-1:222222222222:topic/c/u-1/t${i}`),
          },
        ],
      });
    }
    const final = await store.readPolicies(role, names);
    // Assess
    expect(role).toMatchObject({
      roleName: 'versioned-reader',
      path: '/streamgov/',
      tags: { 'streamgov:managed': 'true' },
    });
    expect(final.owned).toHaveLength(1);
    expect(JSON.parse(final.owned[0]?.document ?? '{}')).toEqual(
      topicDoc('arn:aws:kafka:eu-west-1:222222222222:topic/c/u-1/t7'),
    );
    expect(calls('iam:DeletePolicyVersion')).toBeGreaterThan(0);
    await expect(store.getRole('no-such-role')).rejects.toBeInstanceOf(InvalidGrantRequestError);
  });

  it('MskClusterPolicyStore answers undefined without a policy and VersionConflictError on a stale version', async () => {
    // Prepare
    const store = new MskClusterPolicyStore({ client: world.producer.kafka(), log });
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::333333333333:root' },
          Action: ['kafka:DescribeClusterV2'],
          Resource: [world.clusterArn],
        },
      ],
    };
    // Act + Assess
    expect(await store.clusterType(world.clusterArn)).toBe('PROVISIONED');
    expect(await store.get(world.clusterArn)).toBeUndefined();
    await store.delete(world.clusterArn); // nothing to delete: no error
    const v1 = await store.put(world.clusterArn, doc, undefined);
    await world.producer.kafka().send(
      new PutClusterPolicyCommand({
        ClusterArn: world.clusterArn,
        Policy: JSON.stringify(doc),
        CurrentVersion: v1,
      }),
    );
    await expect(store.put(world.clusterArn, doc, v1)).rejects.toBeInstanceOf(VersionConflictError);
    await expect(store.put(world.clusterArn, doc, undefined)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.get(world.clusterArn))?.document).toEqual(doc);
    await store.delete(world.clusterArn);
    expect(await store.get(world.clusterArn)).toBeUndefined();
    await expect(
      store.clusterType(world.clusterArn.replace('streaming-orders', 'nope')),
    ).rejects.toBeInstanceOf(InvalidGrantRequestError);
  });

  it('DataZoneSubscriptions reads a grant, its listing forms, environment and target, and updates its status', async () => {
    // Prepare: the topic asset type, a published topic asset, a subscription target, an accepted subscription.
    const dz = world.local.clients().dataZone();
    const {
      domainIdentifier,
      producerProject,
      consumerProject,
      consumerEnvironmentId: environmentId,
    } = demoDataZoneIds(world.seeded);
    const definition = await createTopicAssetType(dz, domainIdentifier, producerProject);
    const forms = {
      source: { cluster_arn: world.clusterArn, cluster_type: 'PROVISIONED' },
      schema: { kafka_topic: 'orders' },
      commonDetails: { sourceIdentifier: 'kafka://b-1.streaming-orders.local:9098/orders' },
    };
    const { asset, listing } = await publishTopicAsset(dz, {
      domainIdentifier,
      owningProject: producerProject,
      definition,
      name: 'orders',
      formsInput: encodeTopicAssetForms(definition, forms),
    });
    const reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
    const target = await createTopicSubscriptionTarget(dz, {
      domainIdentifier,
      environmentId,
      definition,
      authorizedPrincipals: [reader],
    });
    await subscribeAndAccept(dz, {
      domainIdentifier,
      projectId: consumerProject,
      listingId: listing.listingId ?? '',
      reason: 'fraud detection',
    });
    await world.local.cloud.settle();
    const subscriptions = new DataZoneSubscriptions({
      client: dz,
      domainId: domainIdentifier,
      definition,
      log,
    });
    // Act
    const [summary] = await subscriptions.listGrants({ environmentId });
    const grant = await subscriptions.getGrant(summary?.id ?? '');
    const topic = await subscriptions.getListing(grant.listingId, grant.listingRevision);
    const environment = await subscriptions.getEnvironment(grant.environmentId);
    const subscriptionTarget = await subscriptions.getSubscriptionTarget(
      grant.environmentId,
      grant.subscriptionTargetId,
    );
    await subscriptions.updateAssetStatus(grant.id, topic.assetId, 'GRANT_IN_PROGRESS');
    await subscriptions.updateAssetStatus(grant.id, topic.assetId, 'GRANT_FAILED', 'role not managed');
    const after = await subscriptions.getGrant(grant.id);
    // Assess
    expect(grant).toMatchObject({
      environmentId,
      subscriptionTargetId: target.id,
      listingId: listing.listingId,
    });
    expect(topic).toMatchObject({ assetId: asset.id, assetType: definition.names.assetType });
    expect(topic.forms.source.cluster_arn).toBe(world.clusterArn);
    expect(environment).toMatchObject({ awsAccountId: '333333333333', awsAccountRegion: 'eu-west-1' });
    expect(subscriptionTarget.authorizedPrincipals).toEqual([reader]);
    expect(after.assets).toEqual([
      { assetId: asset.id, status: 'GRANT_FAILED', failureCause: 'role not managed' },
    ]);
    await expect(subscriptions.getGrant('missing0000000')).rejects.toBeInstanceOf(InvalidGrantRequestError);
  });
});
