import { ListDomainsCommand, ListEnvironmentsCommand, ListProjectsCommand } from '@aws-sdk/client-datazone';
import { ListSchemasCommand, ListSchemaVersionsCommand } from '@aws-sdk/client-glue';
import { ListClustersV2Command, ListTopicsCommand } from '@aws-sdk/client-kafka';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorld } from '../../../local/src/index.ts';
import { applyWorld, type SeededWorld } from '../../../local/src/seed/apply-world.ts';
import { parseWorld } from '../../../local/src/seed/world.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

describe('demo world seeding', () => {
  let local: TestCloud;
  let seeded: SeededWorld;
  beforeAll(async () => {
    local = await startTestCloud({ defaultAccount: '111111111111' });
    seeded = await applyWorld(local.cloud, await loadWorld('demo'));
  });
  afterAll(() => local.close());

  async function producerClients() {
    const { Credentials } = await local
      .clients()
      .sts()
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::222222222222:role/local-admin',
          RoleSessionName: 'seed-test',
        }),
      );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error('no credentials');
    return local.clients({
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
      },
    });
  }

  it('creates the domain with producer and consumer projects and environments in their accounts', async () => {
    const dz = local.clients().dataZone();
    const domains = await dz.send(new ListDomainsCommand({}));
    expect(domains.items?.map((d) => d.id)).toEqual([seeded.datazone?.domainId]);
    const domainIdentifier = seeded.datazone?.domainId ?? '';
    const projects = await dz.send(new ListProjectsCommand({ domainIdentifier }));
    expect(projects.items?.map((p) => p.name).sort()).toEqual(['consumer', 'producer']);
    const consumerEnvs = await dz.send(
      new ListEnvironmentsCommand({
        domainIdentifier,
        projectIdentifier: seeded.datazone?.projects.consumer ?? '',
      }),
    );
    expect(consumerEnvs.items?.map((e) => [e.name, e.awsAccountId])).toEqual([
      ['consumer-env', '333333333333'],
    ]);
  });

  it('creates the cluster, topics and schema versions in the producer account', async () => {
    const producer = await producerClients();
    const identity = await producer.sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('222222222222');
    const clusters = await producer.kafka().send(new ListClustersV2Command({}));
    expect(clusters.ClusterInfoList?.map((c) => c.ClusterName)).toEqual(['streaming-orders']);
    const topics = await producer
      .kafka()
      .send(new ListTopicsCommand({ ClusterArn: seeded.clusters['streaming-orders']?.arn }));
    expect(topics.Topics?.map((t) => t.TopicName).sort()).toEqual([
      'audit-log',
      'orders',
      'payments',
      'shipments',
    ]);
    const schemas = await producer
      .glue()
      .send(new ListSchemasCommand({ RegistryId: { RegistryName: 'streaming' } }));
    expect(schemas.Schemas?.map((s) => s.SchemaName).sort()).toEqual([
      'legacy-clicks',
      'orders-key',
      'orders-value',
      'payments',
      'shipments',
    ]);
    const versions = await producer.glue().send(
      new ListSchemaVersionsCommand({
        SchemaId: { RegistryName: 'streaming', SchemaName: 'orders-value' },
      }),
    );
    expect(versions.Schemas).toHaveLength(2);
  });

  it('creates tagged consumer roles', () => {
    expect(seeded.roles['consumer/analytics-reader']).toBe(
      'arn:aws:iam::333333333333:role/streamgov/analytics-reader',
    );
  });
});

describe('parseWorld', () => {
  it('reports every problem at once, naming field paths and values', () => {
    const attempt = () =>
      parseWorld({
        accounts: { a: '123' },
        clusters: [{ account: 'zz', name: 'bad name', topics: [{ name: 'ok' }] }],
        registries: [{ account: 'a', name: 'r', schemas: [{ name: 's', dataFormat: 'XML', versions: [] }] }],
      });
    expect(attempt).toThrow(/accounts\.a="123" must match/);
    expect(attempt).toThrow(/clusters\[0\]\.account="zz" is not one of accounts \(a\)/);
    expect(attempt).toThrow(/clusters\[0\]\.name="bad name" must match/);
    expect(attempt).toThrow(/registries\[0\]\.schemas\[0\]\.dataFormat="XML" must be AVRO, JSON or PROTOBUF/);
    expect(attempt).toThrow(
      /registries\[0\]\.schemas\[0\]\.versions must hold at least one schema definition/,
    );
  });

  it('refuses a world that is not an object', () => {
    expect(() => parseWorld([])).toThrow('world must be a JSON object');
  });
});
