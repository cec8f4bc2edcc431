import type {
  Cluster,
  ClusterType,
  CreateClusterV2Request,
  CreateClusterV2Response,
  DescribeClusterV2Request,
  DescribeClusterV2Response,
  ListClustersV2Request,
  ListClustersV2Response,
} from '@aws-sdk/client-kafka';
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import {
  anchored,
  any,
  bool,
  list,
  map,
  num,
  required,
  str,
  struct,
  validated,
} from '../../cloud/validate.ts';
import { badRequest, conflict, invalidNextToken } from './errors.ts';
import { clusterArn, clusterUuid, DEFAULT_PAGE_SIZE, findCluster, opaqueVersion } from './lookup.ts';
import type { ClusterRecord, KafkaState } from './state.ts';

type Ctx = CallContext<KafkaState>;

const enabled = struct({ Enabled: bool() });
const clientAuthentication = struct({
  Sasl: struct({ Scram: enabled, Iam: enabled }),
  Tls: struct({ CertificateAuthorityArnList: list(str()), Enabled: bool() }),
  Unauthenticated: enabled,
});
const provisioned = struct({
  BrokerNodeGroupInfo: required(
    struct({
      ClientSubnets: required(list(str(), { min: 1 })),
      InstanceType: required(str({ min: 5, max: 32 })),
      SecurityGroups: list(str()),
      BrokerAZDistribution: str({ enum: ['DEFAULT'] }),
      StorageInfo: any(),
      ConnectivityInfo: any(),
      ZoneIds: list(str()),
    }),
  ),
  KafkaVersion: required(str({ min: 1, max: 128 })),
  NumberOfBrokerNodes: required(num({ min: 1, max: 15 })),
  ClientAuthentication: clientAuthentication,
  EncryptionInfo: struct({
    EncryptionAtRest: struct({ DataVolumeKMSKeyId: required(str()) }),
    EncryptionInTransit: struct({
      ClientBroker: str({ enum: ['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT'] }),
      InCluster: bool(),
    }),
  }),
  EnhancedMonitoring: str({
    enum: ['DEFAULT', 'PER_BROKER', 'PER_TOPIC_PER_BROKER', 'PER_TOPIC_PER_PARTITION'],
  }),
  StorageMode: str({ enum: ['LOCAL', 'TIERED'] }),
  Rebalancing: any(),
  ConfigurationInfo: any(),
  OpenMonitoring: any(),
  LoggingInfo: any(),
});
const serverless = struct({
  VpcConfigs: required(
    list(struct({ SubnetIds: required(list(str(), { min: 1 })), SecurityGroupIds: list(str()) }), { min: 1 }),
  ),
  ClientAuthentication: struct({ Sasl: struct({ Iam: enabled }) }),
});

/** Cluster names: 1-64 alphanumerics and hyphens, starting with an alphanumeric (they become DNS labels). */
const clusterName = str({ min: 1, max: 64, pattern: anchored('[0-9A-Za-z][0-9A-Za-z-]*') });

/**
 * Creates a provisioned or serverless cluster (exactly one of the two). The cluster is ACTIVE at
 * once; the response says CREATING, as AWS's does.
 */
const createClusterV2 = validated(
  {
    ClusterName: required(clusterName),
    Tags: map({ max: 200 }),
    Provisioned: provisioned,
    Serverless: serverless,
  },
  (input: CreateClusterV2Request, ctx: Ctx): CreateClusterV2Response => {
    const name = input.ClusterName ?? '';
    if ((input.Provisioned === undefined) === (input.Serverless === undefined)) {
      throw badRequest('Specify exactly one of provisioned or serverless.', 'provisioned');
    }
    if (Object.values(ctx.state.clusters).some((c) => c.name === name)) {
      throw conflict(`A cluster with the name ${name} already exists.`, 'clusterName');
    }
    const brokers = input.Provisioned?.NumberOfBrokerNodes ?? 0;
    const subnets = input.Provisioned?.BrokerNodeGroupInfo?.ClientSubnets?.length ?? 1;
    if (input.Provisioned && brokers % subnets !== 0) {
      throw badRequest(
        `The number of broker nodes (${brokers}) must be a multiple of the number of client subnets (${subnets}).`,
        'numberOfBrokerNodes',
      );
    }
    const uuid = clusterUuid(ctx.cloud.newId());
    const type: ClusterType = input.Provisioned ? 'PROVISIONED' : 'SERVERLESS';
    const cluster: ClusterRecord = {
      arn: clusterArn(ctx.caller, name, uuid),
      name,
      uuid,
      type,
      creationTime: ctx.cloud.now().toISOString(),
      currentVersion: opaqueVersion(ctx.cloud.newId()),
      tags: { ...input.Tags },
      ...(input.Provisioned ? { provisioned: structuredClone(input.Provisioned) } : {}),
      ...(input.Serverless ? { serverless: structuredClone(input.Serverless) } : {}),
      topics: {},
    };
    ctx.state.clusters[cluster.arn] = cluster;
    return { ClusterArn: cluster.arn, ClusterName: name, State: 'CREATING', ClusterType: type };
  },
);

/** The ClusterInfo of DescribeClusterV2 and ListClustersV2, with MSK's defaults filled in. */
export function describeCluster(cluster: ClusterRecord): Cluster {
  const common: Cluster = {
    ClusterType: cluster.type,
    ClusterArn: cluster.arn,
    ClusterName: cluster.name,
    CreationTime: new Date(cluster.creationTime),
    CurrentVersion: cluster.currentVersion,
    State: 'ACTIVE',
    Tags: { ...cluster.tags },
  };
  const p = cluster.provisioned;
  if (p) {
    return {
      ...common,
      Provisioned: {
        BrokerNodeGroupInfo: structuredClone(p.BrokerNodeGroupInfo),
        CurrentBrokerSoftwareInfo: { KafkaVersion: p.KafkaVersion },
        ClientAuthentication: structuredClone(
          p.ClientAuthentication ?? { Unauthenticated: { Enabled: true } },
        ),
        EncryptionInfo: {
          ...structuredClone(p.EncryptionInfo ?? {}),
          EncryptionInTransit: {
            ClientBroker: p.EncryptionInfo?.EncryptionInTransit?.ClientBroker ?? 'TLS',
            InCluster: p.EncryptionInfo?.EncryptionInTransit?.InCluster ?? true,
          },
        },
        EnhancedMonitoring: p.EnhancedMonitoring ?? 'DEFAULT',
        NumberOfBrokerNodes: p.NumberOfBrokerNodes,
        StorageMode: p.StorageMode ?? 'LOCAL',
        ...(p.OpenMonitoring ? { OpenMonitoring: structuredClone(p.OpenMonitoring) } : {}),
        ...(p.LoggingInfo ? { LoggingInfo: structuredClone(p.LoggingInfo) } : {}),
      },
    };
  }
  const s = cluster.serverless;
  return {
    ...common,
    Serverless: {
      VpcConfigs: structuredClone(s?.VpcConfigs ?? []),
      ClientAuthentication: structuredClone(s?.ClientAuthentication ?? { Sasl: { Iam: { Enabled: true } } }),
    },
  };
}

const describeClusterV2 = validated(
  { ClusterArn: required(str()) },
  (input: DescribeClusterV2Request, ctx: Ctx): DescribeClusterV2Response => ({
    ClusterInfo: describeCluster(findCluster(ctx.state, input.ClusterArn ?? '')),
  }),
);

const CLUSTER_TYPES: readonly string[] = ['PROVISIONED', 'SERVERLESS'];

/** Lists clusters by name; `ClusterNameFilter` is a prefix, `ClusterTypeFilter` PROVISIONED or SERVERLESS. */
const listClustersV2 = validated(
  {
    ClusterNameFilter: str(),
    ClusterTypeFilter: str(),
    MaxResults: num({ min: 1, max: 100 }),
    NextToken: str(),
  },
  (input: ListClustersV2Request, ctx: Ctx): ListClustersV2Response => {
    const typeFilter = input.ClusterTypeFilter;
    if (typeFilter !== undefined && !CLUSTER_TYPES.includes(typeFilter)) {
      throw badRequest(
        `The clusterTypeFilter ${typeFilter} is not valid. Valid values: PROVISIONED, SERVERLESS.`,
        'clusterTypeFilter',
      );
    }
    const matching = Object.values(ctx.state.clusters)
      .filter((c) => c.name.startsWith(input.ClusterNameFilter ?? ''))
      .filter((c) => typeFilter === undefined || c.type === typeFilter)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const list = `clusters:${input.ClusterNameFilter ?? ''}:${typeFilter ?? ''}`;
    const page = paginate({
      items: matching,
      key: (c) => c.name,
      limit: input.MaxResults ?? DEFAULT_PAGE_SIZE,
      token: input.NextToken,
      scope: list,
      invalidToken: invalidNextToken,
    });
    return {
      ClusterInfoList: page.items.map(describeCluster),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

/** CreateClusterV2, DescribeClusterV2, ListClustersV2. */
export const clusterOperations = {
  CreateClusterV2: createClusterV2,
  DescribeClusterV2: describeClusterV2,
  ListClustersV2: listClustersV2,
};
