import {
  AcceptSubscriptionRequestCommand,
  CreateAssetCommand,
  CreateListingChangeSetCommand,
  CreateSubscriptionGrantCommand,
  CreateSubscriptionRequestCommand,
  CreateSubscriptionTargetCommand,
  DeleteSubscriptionGrantCommand,
  GetAssetCommand,
  GetSubscriptionGrantCommand,
  type GetSubscriptionGrantCommandOutput,
  paginateListSubscriptionGrants,
  paginateSearch,
} from '@aws-sdk/client-datazone';
import { TagRoleCommand, UntagRoleCommand } from '@aws-sdk/client-iam';
import { DescribeExecutionCommand, paginateListExecutions, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyTopicAssetType } from '../../../asset-types/src/adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, topicAssetType } from '../../../asset-types/src/definition.ts';
import { encodeTopicAssetForms } from '../../../asset-types/src/forms.ts';
import { TransientAwsError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import { syncCatalog } from '../../../datasource-lambda/src/sync-assets.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { GRANT_STATUS } from '../../../grant-workflow/src/contract.ts';
import {
  CONSUMER,
  clusterPolicy,
  createCluster,
  createConsumerRole,
  type GrantWorld,
  MANAGED_TAGS,
  PRODUCER,
  resourcesWith,
  roleDocuments,
  startGrantWorld,
} from './support.ts';
import { type DeployedWorkflow, deployGrantWorkflow, TEST_ENVIRONMENT_TIMEOUT } from './workflow-support.ts';

vi.mock('../../../infra/lib/private/grant-handler-entries.ts', async (importOriginal) =>
  (await import('../../infra/grant-workflow-stub.ts')).stubGrantHandlerEntries(await importOriginal()),
);

const TARGET_TYPE = 'MskTopicSubscriptionTarget';

/**
 * The grant workflow end to end on the local cloud with three accounts: DataZone events on the domain
 * account's bus start the synthesized central state machine, which starts the synthesized environment
 * state machines of the producer (cluster policy) and consumer (IAM) accounts with a task token; the
 * outcome is read back from DataZone and from the policies in force. The tests build on each other.
 */
describe('grant workflow on the local cloud', () => {
  let world: GrantWorld;
  let deployed: DeployedWorkflow;
  let domainId: string;
  let consumerProject: string;
  let environmentId: string;
  let reader: string;
  let targetId: string;
  const listings = new Map<string, { listingId: string; assetId: string; topicArn: string }>();
  let grantId: string;
  let firstGrantId: string;
  const dz = () => world.local.clients().dataZone();
  const sfn = () => world.local.clients().sfn();

  async function grantAsset(id: string): Promise<{ status: string; failureCause?: string }> {
    const out: GetSubscriptionGrantCommandOutput = await dz().send(
      new GetSubscriptionGrantCommand({ domainIdentifier: domainId, identifier: id }),
    );
    const [asset] = out.assets ?? [];
    return {
      status: asset?.status ?? '',
      ...(asset?.failureCause?.message ? { failureCause: asset.failureCause.message } : {}),
    };
  }

  async function grantOf(listingId: string, target = targetId): Promise<string> {
    await world.local.cloud.settle();
    const ids: string[] = [];
    for await (const page of paginateListSubscriptionGrants(
      { client: dz() },
      { domainIdentifier: domainId, subscriptionTargetId: target, subscribedListingId: listingId },
    )) {
      for (const item of page.items ?? []) ids.push(item.id ?? '');
    }
    const live = ids.at(-1);
    if (!live) throw new Error(`no grant of listing ${listingId}`);
    return live;
  }

  async function executions(status?: 'FAILED' | 'SUCCEEDED'): Promise<string[]> {
    const arns: string[] = [];
    for await (const page of paginateListExecutions(
      { client: world.local.clients().sfn() },
      { stateMachineArn: deployed.centralStateMachineArn, ...(status ? { statusFilter: status } : {}) },
    )) {
      for (const e of page.executions ?? []) arns.push(e.executionArn ?? '');
    }
    return arns;
  }

  /** The central executions (described) whose event names `grant`, oldest first. */
  async function executionsOf(grant: string) {
    const described = await Promise.all(
      (await executions()).map((executionArn) => sfn().send(new DescribeExecutionCommand({ executionArn }))),
    );
    return described
      .filter(
        (d) =>
          (JSON.parse(d.input ?? '{}') as { detail?: { metadata?: { id?: string } } }).detail?.metadata
            ?.id === grant,
      )
      .sort((a, b) => (a.startDate?.getTime() ?? 0) - (b.startDate?.getTime() ?? 0));
  }

  async function grantListing(name: string, target = targetId): Promise<string> {
    const out = await dz().send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        subscriptionTargetIdentifier: target,
        grantedEntity: { listing: { identifier: listings.get(name)?.listingId ?? '', revision: '1' } },
      }),
    );
    await world.local.cloud.settle();
    return out.id ?? '';
  }

  async function newTarget(name: string, principals: readonly string[]): Promise<string> {
    const out = await dz().send(
      new CreateSubscriptionTargetCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        name,
        type: TARGET_TYPE,
        provider: 'streamgov',
        applicableAssetTypes: [DEFAULT_NAMES.assetType],
        authorizedPrincipals: [...principals],
        manageAccessRole: `arn:aws:iam::111111111111:role/streamgov-grant-central`,
        subscriptionTargetConfig: [],
      }),
    );
    return out.id ?? '';
  }

  beforeAll(async () => {
    world = await startGrantWorld();
    domainId = world.seeded.datazone?.domainId ?? '';
    consumerProject = world.seeded.datazone?.projects.consumer ?? '';
    environmentId = world.seeded.datazone?.environments['consumer-env']?.id ?? '';
    reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
    const producerProject = world.seeded.datazone?.projects.producer ?? '';
    const log = new MemoryLog();
    // The topic asset type and the topics, published by a catalog sync of the producer account.
    await applyTopicAssetType({
      client: dz(),
      domainId,
      owningProjectId: producerProject,
      definition: topicAssetType(),
      log,
    });
    const settings: SyncSettings = {
      domainId,
      owningProjectId: producerProject,
      sources: [
        {
          clusterName: 'streaming-orders',
          registryName: 'streaming',
          readRoleArn: 'arn:aws:iam::222222222222:role/local-admin',
          mapping: 'auto',
          includeTopicsWithoutSchema: true,
        },
      ],
      assetTypeNames: DEFAULT_NAMES,
      autoPublish: true,
      maxDeleteShare: 0.5,
      concurrency: 4,
      dataZoneWriteRate: 1000,
      indexPrefix: `/streamgov/${domainId}/catalog`,
    };
    await syncCatalog({
      settings,
      ports: createSyncPorts({ factory: world.local.clients(), settings, log }),
      log,
      clock: systemClock,
    });
    for await (const page of paginateSearch(
      { client: dz() },
      { domainIdentifier: domainId, searchScope: 'ASSET', maxResults: 50 },
    )) {
      for (const item of page.items ?? []) {
        const id = item.assetItem?.identifier ?? '';
        const asset = await dz().send(new GetAssetCommand({ domainIdentifier: domainId, identifier: id }));
        const name = asset.name ?? '';
        listings.set(name, {
          listingId: asset.listing?.listingId ?? '',
          assetId: id,
          topicArn: `${world.clusterArn.replace(':cluster/', ':topic/')}/${name}`,
        });
      }
    }
    deployed = await deployGrantWorkflow(world, TEST_ENVIRONMENT_TIMEOUT);
    targetId = await newTarget('msk-topics', [reader]);
  }, 120_000);
  afterAll(() => world.local.close());

  it('grants an accepted subscription: GRANTED, the consumer role and the cluster policy allow the topic', async () => {
    // Prepare
    const orders = listings.get('orders');
    // Act
    const request = await dz().send(
      new CreateSubscriptionRequestCommand({
        domainIdentifier: domainId,
        subscribedPrincipals: [{ project: { identifier: consumerProject } }],
        subscribedListings: [{ identifier: orders?.listingId ?? '' }],
        requestReason: 'analytics',
      }),
    );
    await dz().send(
      new AcceptSubscriptionRequestCommand({ domainIdentifier: domainId, identifier: request.id ?? '' }),
    );
    grantId = await grantOf(orders?.listingId ?? '');
    firstGrantId = grantId;
    // Assess
    expect(await grantAsset(grantId)).toEqual({ status: GRANT_STATUS.GRANT.done });
    const documents = await roleDocuments(world, 'analytics-reader');
    expect(resourcesWith(documents.ours, 'kafka-cluster:ReadData')).toEqual([orders?.topicArn]);
    expect(resourcesWith(documents.ours, 'kafka-cluster:AlterGroup', ':group/')).toEqual([
      `${world.clusterArn.replace(':cluster/', ':group/')}/${environmentId}.*`,
    ]);
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData')).toEqual([orders?.topicArn]);
    expect(await executions('FAILED')).toEqual([]);
  });

  it('gives the same result for a duplicate event', async () => {
    // Prepare
    const before = await roleDocuments(world, 'analytics-reader');
    const clusterBefore = await clusterPolicy(world, world.clusterArn);
    const count = (await executions()).length;
    const [first] = (await executions()).slice(-1);
    const { input } = await world.local
      .clients()
      .sfn()
      .send(new DescribeExecutionCommand({ executionArn: first }));
    // Act: EventBridge delivers at least once: the very event again
    await world.local
      .clients()
      .sfn()
      .send(new StartExecutionCommand({ stateMachineArn: deployed.centralStateMachineArn, input }));
    await world.local.cloud.settle();
    // Assess
    expect(await executions()).toHaveLength(count + 1);
    expect(await executions('FAILED')).toEqual([]);
    expect(await grantAsset(grantId)).toEqual({ status: GRANT_STATUS.GRANT.done });
    expect(await roleDocuments(world, 'analytics-reader')).toEqual(before);
    expect(await clusterPolicy(world, world.clusterArn)).toEqual(clusterBefore);
  });

  it('revokes: REVOKED, and the access is gone from the role and the cluster policy', async () => {
    // Act
    await dz().send(new DeleteSubscriptionGrantCommand({ domainIdentifier: domainId, identifier: grantId }));
    await world.local.cloud.settle();
    // Assess
    expect(await grantAsset(grantId)).toEqual({ status: GRANT_STATUS.REVOKE.done });
    const documents = await roleDocuments(world, 'analytics-reader');
    expect(resourcesWith(documents.ours, 'kafka-cluster:ReadData')).toEqual([]);
    expect(await clusterPolicy(world, world.clusterArn)).toBeUndefined();
  });

  it('re-grants after a revoke', async () => {
    // Prepare
    const orders = listings.get('orders');
    // Act
    const out = await dz().send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        subscriptionTargetIdentifier: targetId,
        grantedEntity: { listing: { identifier: orders?.listingId ?? '', revision: '1' } },
      }),
    );
    await world.local.cloud.settle();
    grantId = out.id ?? '';
    // Assess
    expect(await grantAsset(grantId)).toEqual({ status: GRANT_STATUS.GRANT.done });
    const documents = await roleDocuments(world, 'analytics-reader');
    expect(resourcesWith(documents.ours, 'kafka-cluster:ReadData')).toEqual([orders?.topicArn]);
  });

  it('skips a grant event delivered after its revoke: nothing touched, no status reported, execution succeeds', async () => {
    // Prepare: the first grant of orders is REVOKED; its "Subscription Grant Requested" event comes again
    const [first] = await executionsOf(firstGrantId);
    const before = await roleDocuments(world, 'analytics-reader');
    const clusterBefore = await clusterPolicy(world, world.clusterArn);
    const calls = () => world.local.cloud.callCounts()['datazone:UpdateSubscriptionGrantStatus'] ?? 0;
    const updates = calls();
    // Act
    const { executionArn } = await sfn().send(
      new StartExecutionCommand({ stateMachineArn: deployed.centralStateMachineArn, input: first?.input }),
    );
    await world.local.cloud.settle();
    // Assess
    const described = await sfn().send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '{}').skip.reason).toContain(
      "the grant's revoke was requested after this grant event (asset status REVOKED)",
    );
    expect(calls()).toBe(updates);
    expect(await grantAsset(firstGrantId)).toEqual({ status: GRANT_STATUS.REVOKE.done });
    expect(await roleDocuments(world, 'analytics-reader')).toEqual(before);
    expect(await clusterPolicy(world, world.clusterArn)).toEqual(clusterBefore);
  });

  it('fails a grant to an unmanaged role with a cause naming the role and the remedy; the role is untouched', async () => {
    // Prepare
    const unmanaged = await createConsumerRole(world, 'unmanaged-reader', false);
    const target = await newTarget('unmanaged', [unmanaged]);
    const payments = listings.get('payments');
    // Act
    const out = await dz().send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        subscriptionTargetIdentifier: target,
        grantedEntity: { listing: { identifier: payments?.listingId ?? '', revision: '1' } },
      }),
    );
    await world.local.cloud.settle();
    // Assess
    const asset = await grantAsset(out.id ?? '');
    expect(asset.status).toBe(GRANT_STATUS.GRANT.failed);
    expect(asset.failureCause).toContain(`${unmanaged} is not managed by streamgov`);
    expect(asset.failureCause).toContain('aws iam tag-role --role-name unmanaged-reader');
    expect((await roleDocuments(world, 'unmanaged-reader')).inline).toEqual({});
    // The producer side had applied (cross-account): compensated, so the cluster policy lets nobody read it
    expect(asset.failureCause).toContain('took back what the grant had applied on the producer side');
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData')).not.toContain(
      payments?.topicArn,
    );
    // A user error: reported, and the execution ends successfully (no failed-executions alarm)
    const [execution] = await executionsOf(out.id ?? '');
    expect(execution?.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution?.output ?? '{}').report).toEqual({
      status: GRANT_STATUS.GRANT.failed,
      failureKind: 'user',
    });
  });

  it('fails a revoke with REVOKE_FAILED when the role lost its opt-in, and revokes once it has it again', async () => {
    // Prepare
    const iam = world.consumer.iam();
    await iam.send(new UntagRoleCommand({ RoleName: 'analytics-reader', TagKeys: ['streamgov:managed'] }));
    // Act
    await dz().send(new DeleteSubscriptionGrantCommand({ domainIdentifier: domainId, identifier: grantId }));
    await world.local.cloud.settle();
    const failed = await grantAsset(grantId);
    await iam.send(new TagRoleCommand({ RoleName: 'analytics-reader', Tags: MANAGED_TAGS }));
    await dz().send(new DeleteSubscriptionGrantCommand({ domainIdentifier: domainId, identifier: grantId }));
    await world.local.cloud.settle();
    // Assess
    expect(failed.status).toBe(GRANT_STATUS.REVOKE.failed);
    expect(failed.failureCause).toContain('is not managed by streamgov');
    expect(await grantAsset(grantId)).toEqual({ status: GRANT_STATUS.REVOKE.done });
  });

  it('refuses cross-account access to a serverless cluster with a clear cause', async () => {
    // Prepare: a topic asset on a serverless cluster of the producer account
    const serverless = await createCluster(world, 'serverless-events', true);
    const definition = topicAssetType();
    const asset = await dz().send(
      new CreateAssetCommand({
        domainIdentifier: domainId,
        name: 'serverless-events',
        typeIdentifier: definition.names.assetType,
        owningProjectIdentifier: world.seeded.datazone?.projects.producer ?? '',
        formsInput: encodeTopicAssetForms(definition, {
          source: { cluster_arn: serverless, cluster_type: 'SERVERLESS' },
          schema: { kafka_topic: 'events' },
          commonDetails: { sourceIdentifier: 'kafka://serverless-events/events' },
        }),
      }),
    );
    const listing = await dz().send(
      new CreateListingChangeSetCommand({
        domainIdentifier: domainId,
        entityIdentifier: asset.id ?? '',
        entityType: 'ASSET',
        action: 'PUBLISH',
      }),
    );
    // Act
    const out = await dz().send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        subscriptionTargetIdentifier: targetId,
        grantedEntity: { listing: { identifier: listing.listingId ?? '', revision: '1' } },
      }),
    );
    await world.local.cloud.settle();
    // Assess
    const result = await grantAsset(out.id ?? '');
    expect(result.status).toBe(GRANT_STATUS.GRANT.failed);
    expect(result.failureCause).toContain('MSK Serverless has no cluster resource policy');
    expect(await clusterPolicy(world, serverless)).toBeUndefined();
  });

  it('fails the grant when an environment workflow does not answer within the timeout', async () => {
    // Prepare: the consumer account's apply function takes longer than the central workflow waits
    deployed.hooks.delayMs[CONSUMER] = TEST_ENVIRONMENT_TIMEOUT.toMilliseconds() + 1_000;
    const shipments = listings.get('shipments');
    // Act
    const out = await dz().send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        subscriptionTargetIdentifier: targetId,
        grantedEntity: { listing: { identifier: shipments?.listingId ?? '', revision: '1' } },
      }),
    );
    await world.local.cloud.settle();
    deployed.hooks.delayMs[CONSUMER] = 0;
    // Assess
    const result = await grantAsset(out.id ?? '');
    expect(result.status).toBe(GRANT_STATUS.GRANT.failed);
    expect(result.failureCause).toContain(
      `consumer side (account ${CONSUMER}) did not answer within ${TEST_ENVIRONMENT_TIMEOUT.toSeconds()} seconds`,
    );
    expect(result.failureCause).toContain(
      'took back what the grant had applied on the producer and consumer sides',
    );
    // The late consumer workflow applied the grant after the central one gave up, then took it back itself
    const documents = await roleDocuments(world, 'analytics-reader');
    expect(resourcesWith(documents.ours, 'kafka-cluster:ReadData')).not.toContain(shipments?.topicArn);
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData')).not.toContain(
      shipments?.topicArn,
    );
    const late: string[] = [];
    for await (const page of paginateListExecutions(
      { client: world.consumer.sfn() },
      {
        stateMachineArn: `arn:aws:states:eu-west-1:${CONSUMER}:stateMachine:streamgov-grant-environment`,
        statusFilter: 'FAILED',
      },
    )) {
      for (const e of page.executions ?? []) late.push(e.executionArn ?? '');
    }
    const lateErrors = await Promise.all(
      late.map(
        async (executionArn) =>
          (await world.consumer.sfn().send(new DescribeExecutionCommand({ executionArn }))).error,
      ),
    );
    expect(lateErrors).toContain('Sfn.TaskTimedOutException');
    // A timeout is streamgov's failure: the execution fails
    const [execution] = await executionsOf(out.id ?? '');
    expect(execution?.status).toBe('FAILED');
    expect(execution?.error).toBe('States.Timeout');
  }, 30_000);

  it('reports both causes and fails the execution when the compensation of a failed grant fails too', async () => {
    // Prepare: the consumer side fails (AWS keeps failing), and so does taking back the producer side
    deployed.hooks.before[CONSUMER] = (event) => {
      if (!event.undo) throw new TransientAwsError('PutRolePolicy: IAM kept failing');
    };
    deployed.hooks.before[PRODUCER] = (event) => {
      if (event.undo) throw new TransientAwsError('PutClusterPolicy: MSK kept failing');
    };
    const audit = listings.get('audit-log');
    // Act
    const id = await grantListing('audit-log');
    deployed.hooks.before = {};
    // Assess
    const result = await grantAsset(id);
    expect(result.status).toBe(GRANT_STATUS.GRANT.failed);
    expect(result.failureCause).toContain('AWS kept failing while applying the consumer side');
    expect(result.failureCause).toContain('IAM kept failing');
    expect(result.failureCause).toContain(
      'Taking back what the grant may have applied on the producer side failed too (TransientAwsError: PutClusterPolicy: MSK kept failing.)',
    );
    expect(result.failureCause).toContain('streamgov reconcile --apply');
    const [execution] = await executionsOf(id);
    expect(execution?.status).toBe('FAILED');
    expect(execution?.error).toBe('TransientAwsError');
    // What stays in force (the producer side) is what the cause says; reconcile reports it as extra
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData')).toContain(audit?.topicArn);
  });

  it('fails a malformed event without touching any grant, and leaves no grant in progress', async () => {
    // Act: an event the rule would not match, delivered anyway (e.g. a hand-started execution)
    await world.local
      .clients()
      .sfn()
      .send(
        new StartExecutionCommand({
          stateMachineArn: deployed.centralStateMachineArn,
          input: JSON.stringify({
            source: 'aws.datazone',
            'detail-type': 'Subscription Grant Requested',
            detail: {
              metadata: { domain: domainId, id: 'bad id!' },
              data: { asset: { typeName: DEFAULT_NAMES.assetType } },
            },
          }),
        }),
      );
    await world.local.cloud.settle();
    // Assess
    const failed = await executions('FAILED');
    const described = await Promise.all(
      failed.map((executionArn) =>
        world.local.clients().sfn().send(new DescribeExecutionCommand({ executionArn })),
      ),
    );
    expect(
      described.some(
        (d) => d.error === 'InvalidGrantRequestError' && d.cause?.includes('detail.metadata.id'),
      ),
    ).toBe(true);
    const statuses: string[] = [];
    for await (const page of paginateListSubscriptionGrants(
      { client: dz() },
      { domainIdentifier: domainId },
    )) {
      for (const item of page.items ?? []) for (const a of item.assets ?? []) statuses.push(a.status ?? '');
    }
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => /IN_PROGRESS|PENDING/.test(s))).toEqual([]);
  });
});
