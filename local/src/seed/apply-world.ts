import type { CloudRuntime } from '../cloud/types.ts';
import type { World } from './world.ts';

/** What seeding created: the ids and ARNs a demo or a test needs next. */
export interface SeededWorld {
  readonly region: string;
  readonly accounts: Readonly<Record<string, string>>;
  readonly datazone?: {
    readonly account: string;
    readonly domainId: string;
    readonly projects: Readonly<Record<string, string>>;
    readonly environments: Readonly<Record<string, { readonly id: string; readonly account: string }>>;
  };
  readonly clusters: Readonly<Record<string, { readonly arn: string; readonly account: string }>>;
  readonly registries: Readonly<Record<string, { readonly arn: string; readonly account: string }>>;
  /** Role ARNs by `<account name>/<role name>` (e.g. `consumer/analytics-reader`). */
  readonly roles: Readonly<Record<string, string>>;
}

export const DEFAULT_WORLD_REGION = 'eu-west-1';

/** Renders Kafka topic configs the way MSK's CreateTopic takes them (base64 of `key=value` lines). */
export function encodeTopicConfigs(configs: Readonly<Record<string, string>>): string {
  const lines = Object.entries(configs).map(([key, value]) => `${key}=${value}`);
  return Buffer.from(lines.join('\n')).toString('base64');
}

function trustPolicy(accounts: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: accounts.map((id) => `arn:aws:iam::${id}:root`) },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

/** Applies a (validated) world to the local cloud through its own APIs, as each account's root. */
export async function applyWorld(cloud: CloudRuntime, world: World): Promise<SeededWorld> {
  const region = world.region ?? DEFAULT_WORLD_REGION;
  const accountId = (name: string) => world.accounts[name] as string;
  const as = (name: string) => cloud.rootCaller(accountId(name), region);

  let datazone: SeededWorld['datazone'];
  if (world.datazone) {
    const dz = world.datazone;
    const caller = as(dz.account);
    const domain = await cloud.call<{ id: string }>(
      'datazone',
      'CreateDomain',
      {
        name: dz.domainName,
        domainExecutionRole: `arn:aws:iam::${accountId(dz.account)}:role/service-role/AmazonDataZoneDomainExecution`,
      },
      caller,
    );
    const projects: Record<string, string> = {};
    for (const project of dz.projects) {
      const created = await cloud.call<{ id: string }>(
        'datazone',
        'CreateProject',
        { domainIdentifier: domain.id, name: project.name, description: project.description },
        caller,
      );
      projects[project.name] = created.id;
    }
    const environments: Record<string, { id: string; account: string }> = {};
    for (const env of dz.environments) {
      const created = await cloud.call<{ id: string }>(
        'datazone',
        'SeedEnvironment',
        {
          domainIdentifier: domain.id,
          projectIdentifier: projects[env.project],
          name: env.name,
          awsAccountId: accountId(env.account),
          awsAccountRegion: region,
        },
        caller,
      );
      environments[env.name] = { id: created.id, account: accountId(env.account) };
    }
    datazone = { account: accountId(dz.account), domainId: domain.id, projects, environments };
  }

  const clusters: Record<string, { arn: string; account: string }> = {};
  for (const cluster of world.clusters ?? []) {
    const caller = as(cluster.account);
    const iam = { Sasl: { Iam: { Enabled: true } } };
    const created = await cloud.call<{ ClusterArn: string }>(
      'kafka',
      'CreateClusterV2',
      cluster.type === 'SERVERLESS'
        ? {
            ClusterName: cluster.name,
            Serverless: {
              VpcConfigs: [{ SubnetIds: ['subnet-local-a', 'subnet-local-b'] }],
              ClientAuthentication: iam,
            },
          }
        : {
            ClusterName: cluster.name,
            Provisioned: {
              KafkaVersion: '3.6.0',
              NumberOfBrokerNodes: 3,
              BrokerNodeGroupInfo: {
                InstanceType: 'kafka.m7g.large',
                ClientSubnets: ['subnet-local-a', 'subnet-local-b', 'subnet-local-c'],
              },
              ClientAuthentication: iam,
            },
          },
      caller,
    );
    for (const topic of cluster.topics) {
      await cloud.call(
        'kafka',
        'CreateTopic',
        {
          ClusterArn: created.ClusterArn,
          TopicName: topic.name,
          PartitionCount: topic.partitions ?? 3,
          ReplicationFactor: topic.replicationFactor ?? 3,
          ...(topic.configs ? { Configs: encodeTopicConfigs(topic.configs) } : {}),
        },
        caller,
      );
    }
    clusters[cluster.name] = { arn: created.ClusterArn, account: accountId(cluster.account) };
  }

  const registries: Record<string, { arn: string; account: string }> = {};
  for (const registry of world.registries ?? []) {
    const caller = as(registry.account);
    const created = await cloud.call<{ RegistryArn: string }>(
      'glue',
      'CreateRegistry',
      { RegistryName: registry.name },
      caller,
    );
    for (const schema of registry.schemas) {
      const [first, ...later] = schema.versions;
      await cloud.call(
        'glue',
        'CreateSchema',
        {
          RegistryId: { RegistryName: registry.name },
          SchemaName: schema.name,
          DataFormat: schema.dataFormat,
          Compatibility: schema.compatibility ?? 'BACKWARD',
          SchemaDefinition: first,
        },
        caller,
      );
      for (const definition of later) {
        await cloud.call(
          'glue',
          'RegisterSchemaVersion',
          {
            SchemaId: { RegistryName: registry.name, SchemaName: schema.name },
            SchemaDefinition: definition,
          },
          caller,
        );
      }
    }
    registries[registry.name] = { arn: created.RegistryArn, account: accountId(registry.account) };
  }

  const roles: Record<string, string> = {};
  for (const role of world.roles ?? []) {
    const trusted = (role.trustedAccounts ?? [role.account]).map((a) => world.accounts[a] ?? a);
    const created = await cloud.call<{ Role: { Arn: string } }>(
      'iam',
      'CreateRole',
      {
        RoleName: role.name,
        Path: role.path ?? '/',
        AssumeRolePolicyDocument: trustPolicy(trusted),
        Tags: Object.entries(role.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      },
      as(role.account),
    );
    roles[`${role.account}/${role.name}`] = created.Role.Arn;
  }

  return {
    region,
    accounts: world.accounts,
    ...(datazone ? { datazone } : {}),
    clusters,
    registries,
    roles,
  };
}
