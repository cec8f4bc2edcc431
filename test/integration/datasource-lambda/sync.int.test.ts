import {
  GetAssetCommand,
  GetListingCommand,
  paginateSearch,
  ResourceNotFoundException,
} from '@aws-sdk/client-datazone';
import { RegisterSchemaVersionCommand } from '@aws-sdk/client-glue';
import { CreateTopicCommand, DeleteTopicCommand } from '@aws-sdk/client-kafka';
import { DeleteParametersCommand, paginateGetParametersByPath } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import { DeleteGuardError, PartialSyncError } from '../../../datasource-lambda/src/errors.ts';
import type { SyncSummary } from '../../../datasource-lambda/src/summary.ts';
import type { SyncOptions } from '../../../datasource-lambda/src/sync-assets.ts';
import {
  callsStartingWith,
  clearFaultsAndCalls,
  type DemoCloud,
  startDemoCloud,
} from '../../support/demo-world.ts';
import { applyDemoAssetType, demoSyncSettings, syncDemoCatalog } from '../../support/synced-demo.ts';

const DATAZONE_WRITES = ['datazone:Create', 'datazone:Delete'];

/**
 * The catalog sync end to end on the local cloud, through the real SDK: the demo world's cluster and
 * registry live in the producer account (read through an assumed role), the domain in the governance
 * account. The tests build on each other like a catalog's life: first sync, re-sync, change, delete…
 */
describe('catalog sync on the local cloud', () => {
  let demo: DemoCloud;
  let settings: SyncSettings;
  const log = new MemoryLog();

  async function sync(
    options: SyncOptions = {},
    overrides: Partial<SyncSettings> = {},
  ): Promise<SyncSummary> {
    return syncDemoCatalog(demo, { ...settings, ...overrides }, log, { options });
  }

  async function failing(
    options: SyncOptions = {},
    overrides: Partial<SyncSettings> = {},
  ): Promise<PartialSyncError> {
    const error = await sync(options, overrides).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PartialSyncError);
    return error as PartialSyncError;
  }

  async function topicAssets(): Promise<Map<string, string>> {
    const byTopic = new Map<string, string>();
    const pages = paginateSearch(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, searchScope: 'ASSET', maxResults: 50 },
    );
    for await (const page of pages) {
      for (const item of page.items ?? []) {
        const asset = item.assetItem;
        if (!asset?.name || !asset.identifier) continue;
        expect(byTopic.has(asset.name), `duplicate asset for ${asset.name}`).toBe(false);
        byTopic.set(asset.name, asset.identifier);
      }
    }
    return byTopic;
  }

  async function forms(assetId: string): Promise<Record<string, Record<string, unknown>>> {
    const asset = await demo.governance
      .dataZone()
      .send(new GetAssetCommand({ domainIdentifier: demo.domainId, identifier: assetId }));
    return Object.fromEntries(
      (asset.formsOutput ?? []).map((f) => [f.formName, JSON.parse(f.content ?? '{}')]),
    );
  }

  beforeAll(async () => {
    demo = await startDemoCloud();
    settings = demoSyncSettings(demo, { autoPublish: true });
    await applyDemoAssetType(demo, log);
  });
  afterAll(() => demo.local.close());
  beforeEach(() => clearFaultsAndCalls(demo));

  it('first sync: one asset per topic, with columns, schema forms, lineage identity, published', async () => {
    // Act
    const summary = await sync();
    // Assess
    expect(summary).toMatchObject({ created: 4, updated: 0, deleted: 0, failed: [] });
    expect(summary.unmatchedSchemas).toEqual(['streaming/legacy-clicks']);
    const assets = await topicAssets();
    expect([...assets.keys()].sort()).toEqual(['audit-log', 'orders', 'payments', 'shipments']);
    const orders = await forms(assets.get('orders') ?? '');
    expect(orders.KafkaSchemaFormType).toMatchObject({
      kafka_topic: 'orders',
      data_format: 'AVRO',
      schema_version: 2,
      schema_arn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-value',
      key_schema_arn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-key',
    });
    const columns = (
      orders.RelationalTableFormType as { columns: { columnName: string; dataType: string }[] }
    ).columns;
    expect(columns.map((c) => c.columnName)).toEqual([
      'order_id',
      'placed_at',
      'customer',
      'items',
      'status',
      'attributes',
      'channel',
    ]);
    expect(columns.find((c) => c.columnName === 'items')?.dataType).toBe(
      'array<struct<sku:string,quantity:int,price:decimal(10,2)>>',
    );
    expect(orders.KafkaTopicFormType).toEqual({
      partitions: 6,
      replication_factor: 3,
      retention_ms: 604800000,
      cleanup_policy: 'delete',
    });
    expect((orders.AssetCommonDetailsForm as { sourceIdentifier: string }).sourceIdentifier).toMatch(
      /^kafka:\/\/b-1\.streaming-orders\.[a-z0-9]+\.c\d\.kafka\.eu-west-1\.amazonaws\.com:9098\/orders$/,
    );
    const shipments = await forms(assets.get('shipments') ?? '');
    expect(
      (shipments.RelationalTableFormType as { columns: { columnName: string }[] }).columns.map(
        (c) => c.columnName,
      ),
    ).toContain('parcels');
    const audit = await forms(assets.get('audit-log') ?? '');
    expect(audit.RelationalTableFormType).toBeUndefined();
    const asset = await demo.governance
      .dataZone()
      .send(new GetAssetCommand({ domainIdentifier: demo.domainId, identifier: assets.get('orders') }));
    expect(asset.externalIdentifier).toMatch(
      /^arn:aws:kafka:eu-west-1:222222222222:topic\/streaming-orders\/.+\/orders$/,
    );
    const listing = await demo.governance.dataZone().send(
      new GetListingCommand({
        domainIdentifier: demo.domainId,
        identifier: asset.listing?.listingId ?? '',
      }),
    );
    expect(listing.status).toBe('ACTIVE');
  });

  it('re-sync with nothing changed: no DataZone write, no schema read', async () => {
    const summary = await sync();
    expect(summary).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 4 });
    expect(callsStartingWith(demo, ...DATAZONE_WRITES)).toBe(0);
    expect(callsStartingWith(demo, 'glue:GetSchemaVersion', 'ssm:PutParameter')).toBe(0);
    expect(demo.local.cloud.callCounts()['kafka:DescribeTopic']).toBe(4);
  });

  it('a new schema version gives exactly one revision of that asset', async () => {
    // Prepare
    const payments = JSON.parse(
      (
        await import('../../../local/worlds/demo.json', { with: { type: 'json' } })
      ).default.registries[0]?.schemas.find((s: { name: string }) => s.name === 'payments')?.versions[1] ??
        '{}',
    ) as { properties: Record<string, unknown> };
    payments.properties.fee = { type: 'number', description: 'Processing fee' };
    await demo.producer.glue().send(
      new RegisterSchemaVersionCommand({
        SchemaId: { RegistryName: 'streaming', SchemaName: 'payments' },
        SchemaDefinition: JSON.stringify(payments),
      }),
    );
    demo.local.cloud.resetCallCounts();
    // Act
    const summary = await sync();
    // Assess
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(demo.local.cloud.callCounts()['datazone:CreateAssetRevision']).toBe(1);
    expect(callsStartingWith(demo, 'datazone:CreateAsset')).toBe(1);
    const assets = await topicAssets();
    const form = await forms(assets.get('payments') ?? '');
    expect(form.KafkaSchemaFormType).toMatchObject({ schema_version: 3 });
    expect(
      (form.RelationalTableFormType as { columns: { columnName: string }[] }).columns.map(
        (c) => c.columnName,
      ),
    ).toContain('fee');
  });

  it('a deleted topic deletes its asset and index entry', async () => {
    // Prepare
    const before = await topicAssets();
    await demo.producer.kafka().send(
      new DeleteTopicCommand({
        ClusterArn: demo.seeded.clusters['streaming-orders']?.arn,
        TopicName: 'audit-log',
      }),
    );
    // Act
    const summary = await sync();
    // Assess
    expect(summary).toMatchObject({ deleted: 1, unchanged: 3 });
    await expect(
      demo.governance
        .dataZone()
        .send(new GetAssetCommand({ domainIdentifier: demo.domainId, identifier: before.get('audit-log') })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect([...(await topicAssets()).keys()].sort()).toEqual(['orders', 'payments', 'shipments']);
  });

  it('refuses to delete more than maxDeleteShare in one run unless forced', async () => {
    // Prepare: two of three topics vanish
    const clusterArn = demo.seeded.clusters['streaming-orders']?.arn;
    for (const topic of ['payments', 'shipments']) {
      await demo.producer.kafka().send(new DeleteTopicCommand({ ClusterArn: clusterArn, TopicName: topic }));
    }
    // Act
    const refused = await failing();
    // Assess: nothing deleted, the run failed with the guard as the cause
    expect(refused.cause).toBeInstanceOf(DeleteGuardError);
    expect(refused.summary.deleted).toBe(0);
    expect(callsStartingWith(demo, 'datazone:Delete')).toBe(0);
    expect(await topicAssets()).toHaveProperty('size', 3);
    // Act: forced
    const forced = await sync({ force: true });
    expect(forced.deleted).toBe(2);
    expect([...(await topicAssets()).keys()]).toEqual(['orders']);
    // Restore the topics for the next tests
    for (const topic of ['payments', 'shipments']) {
      await demo.producer.kafka().send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: topic,
          PartitionCount: 3,
          ReplicationFactor: 3,
        }),
      );
    }
    expect((await sync()).created).toBe(2);
  });

  it('a lost index adopts the existing assets by externalIdentifier: no duplicate', async () => {
    // Prepare: delete every index parameter
    const ssm = demo.governance.ssm();
    const names: string[] = [];
    for await (const page of paginateGetParametersByPath(
      { client: ssm },
      { Path: settings.indexPrefix, Recursive: true },
    )) {
      names.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
    }
    expect(names).toHaveLength(3);
    await ssm.send(new DeleteParametersCommand({ Names: names }));
    const before = await topicAssets();
    demo.local.cloud.resetCallCounts();
    // Act
    const summary = await sync();
    // Assess
    expect(summary).toMatchObject({ created: 0, adopted: 3, deleted: 0 });
    expect(demo.local.cloud.callCounts()['datazone:CreateAssetRevision'] ?? 0).toBe(0);
    expect(await topicAssets()).toEqual(before);
    expect((await sync()).unchanged).toBe(3);
  });

  it('converges after throttling and 5xx: no duplicate, no wrong delete', async () => {
    // Prepare: changes on every topic, then a run under heavy faults
    const clusterArn = demo.seeded.clusters['streaming-orders']?.arn;
    for (const topic of ['audit-log', 'clicks', 'returns']) {
      await demo.producer.kafka().send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: topic,
          PartitionCount: 1,
          ReplicationFactor: 3,
        }),
      );
    }
    demo.local.cloud.faults.configure({
      errors: {
        'datazone:CreateAsset': { rate: 0.5, code: 'ThrottlingException' },
        'datazone:Search': { rate: 0.3, code: 'InternalServerException' },
        'ssm:PutParameter': { rate: 0.5, code: 'InternalServerError' },
        'kafka:DescribeTopic': { rate: 0.3, code: 'TooManyRequestsException' },
      },
    });
    // Act: the faulty run may fail partly; then faults stop and the next run converges
    await sync().catch((error: unknown) => {
      expect(error).toBeInstanceOf(PartialSyncError);
    });
    demo.local.cloud.faults.configure({});
    const converged = await sync();
    // Assess
    expect(converged.failed).toEqual([]);
    const assets = await topicAssets();
    expect([...assets.keys()].sort()).toEqual([
      'audit-log',
      'clicks',
      'orders',
      'payments',
      'returns',
      'shipments',
    ]);
    expect((await sync()).unchanged).toBe(6);
  });

  it('fails clearly when the asset type is missing, touching nothing', async () => {
    const error = await sync(
      {},
      { assetTypeNames: { ...DEFAULT_NAMES, assetType: 'MissingAssetType' } },
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('AssetTypeMissingError');
    expect(error?.message).toContain('MissingAssetType');
    expect(error?.message).toContain('streamgov asset-type apply');
    expect(callsStartingWith(demo, ...DATAZONE_WRITES, 'ssm:Put', 'ssm:Delete')).toBe(0);
  });
});
