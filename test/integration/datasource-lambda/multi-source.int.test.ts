import { GetAssetCommand, paginateSearch } from '@aws-sdk/client-datazone';
import { CreateRegistryCommand, CreateSchemaCommand } from '@aws-sdk/client-glue';
import { CreateClusterV2Command, CreateTopicCommand } from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import { type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';
import {
  applyDemoAssetType,
  demoSource,
  demoSyncSettings,
  syncDemoCatalog,
} from '../../support/synced-demo.ts';

/** Two clusters and two registries with the same topic and schema names: one asset each, no collision. */
describe('catalog sync with several sources on the local cloud', () => {
  let demo: DemoCloud;
  let settings: SyncSettings;
  const log = new MemoryLog();

  const sync = () => syncDemoCatalog(demo, settings, log, { retry: { attempts: 3, baseMs: 5, maxMs: 20 } });

  beforeAll(async () => {
    demo = await startDemoCloud();
    const kafka = demo.producer.kafka();
    const cluster = await kafka.send(
      new CreateClusterV2Command({
        ClusterName: 'streaming-eu',
        Provisioned: {
          KafkaVersion: '3.6.0',
          NumberOfBrokerNodes: 3,
          BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large', ClientSubnets: ['s-a', 's-b', 's-c'] },
          ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
        },
      }),
    );
    await kafka.send(
      new CreateTopicCommand({
        ClusterArn: cluster.ClusterArn,
        TopicName: 'orders',
        PartitionCount: 3,
        ReplicationFactor: 3,
      }),
    );
    const glue = demo.producer.glue();
    await glue.send(new CreateRegistryCommand({ RegistryName: 'streaming-eu' }));
    await glue.send(
      new CreateSchemaCommand({
        RegistryId: { RegistryName: 'streaming-eu' },
        SchemaName: 'orders',
        DataFormat: 'AVRO',
        SchemaDefinition: JSON.stringify({
          type: 'record',
          name: 'Order',
          fields: [{ name: 'id', type: 'string' }],
        }),
      }),
    );
    settings = demoSyncSettings(demo, {
      autoPublish: false,
      sources: [demoSource(), demoSource({ clusterName: 'streaming-eu', registryName: 'streaming-eu' })],
    });
    await applyDemoAssetType(demo, log);
  });
  afterAll(() => demo.local.close());

  it('catalogues the same topic name of two clusters as two assets, then changes nothing', async () => {
    // Act
    const first = await sync();
    const second = await sync();
    // Assess
    expect(first).toMatchObject({ created: 5, failed: [] });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 5, deleted: 0 });
    const orders: string[] = [];
    for await (const page of paginateSearch(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, searchScope: 'ASSET', searchText: 'orders' },
    )) {
      for (const item of page.items ?? [])
        if (item.assetItem?.name === 'orders') orders.push(item.assetItem.identifier ?? '');
    }
    expect(orders).toHaveLength(2);
    const externalIds = await Promise.all(
      orders.map(
        async (id) =>
          (
            await demo.governance
              .dataZone()
              .send(new GetAssetCommand({ domainIdentifier: demo.domainId, identifier: id }))
          ).externalIdentifier,
      ),
    );
    expect(externalIds.map((arn) => arn?.split('/')[1]).sort()).toEqual(['streaming-eu', 'streaming-orders']);
  });
});
