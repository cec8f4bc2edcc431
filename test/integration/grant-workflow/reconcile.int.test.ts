import {
  CreateSubscriptionGrantCommand,
  UpdateSubscriptionGrantStatusCommand,
} from '@aws-sdk/client-datazone';
import { GetClusterPolicyCommand, PutClusterPolicyCommand } from '@aws-sdk/client-kafka';
import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { encodeTopicAssetForms } from '../../../asset-types/src/forms.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import type { TopicGrant } from '../../../grant-workflow/src/grants.ts';
import { CLUSTER_READ_ACTIONS } from '../../../grant-workflow/src/policy/cluster-policy.ts';
import { type ReconcileReport, reconcileGrants } from '../../../grant-workflow/src/reconcile.ts';
import {
  createReconcileDependencies,
  type ReconcileSettings,
  reconcileGrantSettings,
} from '../../../grant-workflow/src/reconcile-config.ts';
import {
  createTopicAssetType,
  createTopicSubscriptionTarget,
  demoDataZoneIds,
  publishTopicAsset,
} from '../../support/topic-listings.ts';
import {
  applyBoth,
  CONSUMER,
  clusterPolicy,
  type GrantWorld,
  grantRequest,
  LEDGER_PREFIX,
  PRODUCER,
  REGION,
  resourcesWith,
  roleDocuments,
  startGrantWorld,
} from './support.ts';

/**
 * Reconcile on the local cloud with three accounts: the DataZone domain in 111111111111, the cluster in
 * 222222222222, the consumer roles in 333333333333. Grants are created in DataZone and applied with
 * applyGrant (as the workflow would), then broken on purpose.
 */
describe('reconcileGrants on the local cloud', () => {
  let world: GrantWorld;
  let reader: string;
  let fraud: string;
  let settings: ReconcileSettings;
  const granted: TopicGrant[] = [];
  let pendingGrantId = '';

  const topicArn = (topic: string) => `${world.clusterArn.replace(':cluster/', ':topic/')}/${topic}`;

  async function run(apply: boolean): Promise<ReconcileReport> {
    const log = new MemoryLog();
    const dependencies = createReconcileDependencies({
      factory: world.local.clients(),
      settings: { ...settings, apply },
      log,
    });
    return reconcileGrants({
      domainId: settings.domainId,
      assetType: settings.assetTypeNames.assetType,
      consumerGroups: settings.consumerGroups,
      settings: reconcileGrantSettings(settings),
      ...dependencies,
      apply,
      log,
      clock: systemClock,
      random: Math.random,
    });
  }

  beforeAll(async () => {
    world = await startGrantWorld();
    reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
    fraud = world.seeded.roles['consumer/fraud-detector'] ?? '';
    const dz = world.local.clients().dataZone();
    const {
      domainIdentifier,
      producerProject,
      consumerEnvironmentId: environmentId,
    } = demoDataZoneIds(world.seeded);
    settings = {
      domainId: domainIdentifier,
      assetTypeNames: DEFAULT_NAMES,
      ledgerPrefix: LEDGER_PREFIX,
      environments: [PRODUCER, CONSUMER].map((account) => ({
        account,
        region: REGION,
        reconcileRoleArn: `arn:aws:iam::${account}:role/local-admin`,
      })),
      consumerGroups: 'all',
      management: { tagKey: 'streamgov:managed', tagValue: 'true', pathPrefixes: [] },
      managedVpcConnectivity: false,
      apply: false,
    };
    const definition = await createTopicAssetType(dz, domainIdentifier, producerProject);
    const target = await createTopicSubscriptionTarget(dz, {
      domainIdentifier,
      environmentId,
      definition,
      authorizedPrincipals: [reader],
      name: 'streamgov-msk-topics',
      type: 'StreamgovMskTopicSubscriptionTarget',
    });
    for (const topic of ['orders', 'payments', 'audit-log']) {
      const schemaArn = `arn:aws:glue:${REGION}:${PRODUCER}:schema/streaming/${topic}-value`;
      const { asset, listing } = await publishTopicAsset(dz, {
        domainIdentifier,
        owningProject: producerProject,
        definition,
        name: topic,
        formsInput: encodeTopicAssetForms(definition, {
          source: { cluster_arn: world.clusterArn, cluster_type: 'PROVISIONED' },
          schema: { kafka_topic: topic, schema_arn: schemaArn },
          commonDetails: { sourceIdentifier: `kafka://b-1.streaming-orders.local:9098/${topic}` },
        }),
      });
      const grant = await dz.send(
        new CreateSubscriptionGrantCommand({
          domainIdentifier,
          environmentIdentifier: environmentId,
          subscriptionTargetIdentifier: target.id,
          grantedEntity: {
            listing: { identifier: listing.listingId ?? '', revision: listing.listingRevision ?? '1' },
          },
        }),
      );
      const status = async (value: 'GRANTED' | 'GRANT_IN_PROGRESS') =>
        dz.send(
          new UpdateSubscriptionGrantStatusCommand({
            domainIdentifier,
            identifier: grant.id ?? '',
            assetIdentifier: asset.id ?? '',
            status: value,
          }),
        );
      if (topic === 'audit-log') {
        // In flight: the workflow has started but not finished.
        await status('GRANT_IN_PROGRESS');
        pendingGrantId = grant.id ?? '';
        continue;
      }
      const topicGrant: TopicGrant = {
        grantId: grant.id ?? '',
        assetId: asset.id ?? '',
        topicArn: topicArn(topic),
        clusterArn: world.clusterArn,
        consumerGroups: 'all',
        schemaArns: [schemaArn],
        consumerAccount: CONSUMER,
        principals: [reader],
      };
      await applyBoth(world, grantRequest(topicGrant, 'GRANT'));
      await status('GRANTED');
      granted.push(topicGrant);
    }
  });
  afterAll(() => world.local.close());

  it('reports no drift when DataZone, the ledgers and the policies agree', async () => {
    // Act
    const report = await run(false);
    // Assess
    expect(report.checkedGrants).toBe(2);
    expect(report.drift).toEqual([]);
    expect(report.pending).toEqual([
      expect.objectContaining({ grantId: pendingGrantId, detail: 'GRANT_IN_PROGRESS' }),
    ]);
    expect(report.unresolved).toEqual([]);
  });

  it('reports missing, extra and foreign drift, repairs all but foreign with apply, and then finds none', async () => {
    // Prepare: break things.
    const [orders, payments] = granted as [TopicGrant, TopicGrant];
    await world.consumer.ssm().send(
      new DeleteParameterCommand({
        Name: `${LEDGER_PREFIX}/role/analytics-reader/${orders.grantId}.${orders.assetId}`,
      }),
    );
    const current = await clusterPolicy(world, world.clusterArn);
    const foreign = {
      Sid: 'TeamRead',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444444444444:root' },
      Action: ['kafka-cluster:Connect', 'kafka-cluster:ReadData'],
      Resource: topicArn('*'),
    };
    const extraStatement = {
      Sid: 'StreamgovManualExtra',
      Effect: 'Allow',
      Principal: { AWS: [fraud] },
      Action: [...CLUSTER_READ_ACTIONS],
      Resource: [world.clusterArn, topicArn('shipments')],
    };
    const version = (
      await world.producer.kafka().send(new GetClusterPolicyCommand({ ClusterArn: world.clusterArn }))
    ).CurrentVersion;
    await world.producer.kafka().send(
      new PutClusterPolicyCommand({
        ClusterArn: world.clusterArn,
        CurrentVersion: version,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [...(current?.Statement ?? []), extraStatement, foreign],
        }),
      }),
    );
    await world.local
      .clients()
      .dataZone()
      .send(
        new UpdateSubscriptionGrantStatusCommand({
          domainIdentifier: settings.domainId,
          identifier: payments.grantId,
          assetIdentifier: payments.assetId,
          status: 'REVOKED',
        }),
      );
    // Act
    const found = await run(false);
    const repaired = await run(true);
    const after = await run(false);
    // Assess: every kind, on the right target.
    const summary = (report: ReconcileReport, items = report.drift) =>
      items.map(
        (i) =>
          `${i.kind} ${i.target === reader ? 'role' : 'cluster'} ${i.topicArn.split('/').at(-1)} ${i.grantId ?? '-'}`,
      );
    expect(summary(found).sort()).toEqual(
      [
        `extra cluster payments ${payments.grantId}`,
        'extra cluster shipments -',
        'foreign cluster orders -',
        'foreign cluster payments -',
        `extra role payments ${payments.grantId}`,
        `missing role orders ${orders.grantId}`,
      ].sort(),
    );
    expect(repaired.repaired?.actions.every((a) => a.error === undefined)).toBe(true);
    expect(summary(repaired, repaired.repaired?.remaining)).toEqual(['foreign cluster orders -']);
    expect(summary(after)).toEqual(['foreign cluster orders -']);
    // The policies in force: orders for the reader on both sides; payments and shipments gone; foreign kept.
    const role = await roleDocuments(world, 'analytics-reader');
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(role.ours, 'kafka-cluster:ReadData')).toEqual([orders.topicArn]);
    expect(cluster?.Statement.filter((s) => s.Sid?.startsWith('Streamgov')).map((s) => s.Resource)).toEqual([
      [
        world.clusterArn,
        orders.topicArn.replace(':topic/', ':group/').replace(/\/orders$/, '/*'),
        orders.topicArn,
      ].sort(),
    ]);
    expect(cluster?.Statement).toContainEqual(foreign);
  });
});
