import type {
  CreateClusterV2Response,
  DescribeClusterV2Response,
  ListClustersV2Response,
} from '@aws-sdk/client-kafka';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, createCluster, kafkaCloud, NOW, provisionedRequest, REGION } from './harness.ts';

const CLUSTER_ARN = new RegExp(
  `^arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\\d+$`,
  'u',
);

describe('kafka clusters', () => {
  it('creates a provisioned cluster: CREATING in the answer, then ACTIVE with MSK defaults', async () => {
    // Prepare
    const { call } = kafkaCloud();

    // Act
    const created = await call<CreateClusterV2Response>('CreateClusterV2', {
      ...provisionedRequest('orders'),
      Tags: { team: 'data' },
    });
    const described = await call<DescribeClusterV2Response>('DescribeClusterV2', {
      ClusterArn: created.ClusterArn,
    });

    // Assess
    expect(created).toEqual({
      ClusterArn: expect.stringMatching(CLUSTER_ARN),
      ClusterName: 'orders',
      State: 'CREATING',
      ClusterType: 'PROVISIONED',
    });
    expect(described.ClusterInfo).toEqual({
      ClusterType: 'PROVISIONED',
      ClusterArn: created.ClusterArn,
      ClusterName: 'orders',
      CreationTime: NOW,
      CurrentVersion: expect.stringMatching(/^K[0-9A-F]{13}$/u),
      State: 'ACTIVE',
      Tags: { team: 'data' },
      Provisioned: {
        BrokerNodeGroupInfo: {
          ClientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'],
          InstanceType: 'kafka.m5.large',
        },
        CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
        ClientAuthentication: { Unauthenticated: { Enabled: true } },
        EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true } },
        EnhancedMonitoring: 'DEFAULT',
        NumberOfBrokerNodes: 3,
        StorageMode: 'LOCAL',
      },
    });
  });

  it('creates a serverless cluster with IAM authentication by default', async () => {
    const { call } = kafkaCloud();

    const created = await call<CreateClusterV2Response>('CreateClusterV2', {
      ClusterName: 'events',
      Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-a', 'subnet-b'] }] },
    });
    const described = await call<DescribeClusterV2Response>('DescribeClusterV2', {
      ClusterArn: created.ClusterArn,
    });

    expect(created.ClusterType).toBe('SERVERLESS');
    expect(described.ClusterInfo).toMatchObject({
      ClusterType: 'SERVERLESS',
      State: 'ACTIVE',
      Serverless: {
        VpcConfigs: [{ SubnetIds: ['subnet-a', 'subnet-b'] }],
        ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      },
    });
    expect(described.ClusterInfo?.Provisioned).toBeUndefined();
  });

  it('throws ConflictException (409) for a duplicate cluster name', async () => {
    const { call } = kafkaCloud();
    await createCluster(call, 'orders');

    await expect(call('CreateClusterV2', provisionedRequest('orders'))).rejects.toMatchObject({
      code: 'ConflictException',
      message: 'A cluster with the name orders already exists.',
      fields: { InvalidParameter: 'clusterName' },
    });
  });

  it('throws BadRequestException when neither or both of provisioned and serverless are given', async () => {
    const { call } = kafkaCloud();
    const serverless = { VpcConfigs: [{ SubnetIds: ['subnet-a'] }] };

    await expect(call('CreateClusterV2', { ClusterName: 'c' })).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'provisioned' },
    });
    await expect(
      call('CreateClusterV2', { ...provisionedRequest('c'), Serverless: serverless }),
    ).rejects.toMatchObject({ code: 'BadRequestException' });
  });

  it('throws BadRequestException when brokers are not a multiple of the client subnets', async () => {
    const { call } = kafkaCloud();

    await expect(
      call('CreateClusterV2', provisionedRequest('c', { NumberOfBrokerNodes: 2 })),
    ).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'numberOfBrokerNodes' },
    });
  });

  it.each([
    [{ ...provisionedRequest('bad_name') }, 'clusterName', "Value 'bad_name' at 'ClusterName'"],
    [
      provisionedRequest('c', { NumberOfBrokerNodes: 16 }),
      'numberOfBrokerNodes',
      "at 'Provisioned.NumberOfBrokerNodes'",
    ],
    [
      provisionedRequest('c', { KafkaVersion: undefined }),
      'kafkaVersion',
      "Value null at 'Provisioned.KafkaVersion'",
    ],
    [{ ClusterName: 'c', Serverless: { VpcConfigs: [] } }, 'vpcConfigs', "at 'Serverless.VpcConfigs'"],
  ])('rejects model violations with BadRequestException naming %#', async (input, parameter, message) => {
    const { call } = kafkaCloud();

    await expect(call('CreateClusterV2', input)).rejects.toMatchObject({
      code: 'BadRequestException',
      message: expect.stringContaining(message),
      fields: { InvalidParameter: parameter },
    });
  });

  it('throws NotFoundException (clusterArn) for an unknown cluster and BadRequestException for a malformed ARN', async () => {
    const { call } = kafkaCloud();
    const unknown = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/x/00000000-0000-0000-0000-000000000000-1`;

    await expect(call('DescribeClusterV2', { ClusterArn: unknown })).rejects.toMatchObject({
      code: 'NotFoundException',
      fields: { InvalidParameter: 'clusterArn' },
    });
    await expect(call('DescribeClusterV2', { ClusterArn: 'not-an-arn' })).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'clusterArn' },
    });
  });

  it('lists clusters by name prefix and type, in pages', async () => {
    // Prepare
    const { call } = kafkaCloud();
    for (const name of ['orders-a', 'orders-b', 'orders-c', 'payments']) await createCluster(call, name);
    await call('CreateClusterV2', {
      ClusterName: 'orders-z',
      Serverless: { VpcConfigs: [{ SubnetIds: ['s'] }] },
    });

    // Act
    const first = await call<ListClustersV2Response>('ListClustersV2', {
      ClusterNameFilter: 'orders',
      MaxResults: 2,
    });
    const second = await call<ListClustersV2Response>('ListClustersV2', {
      ClusterNameFilter: 'orders',
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    const serverless = await call<ListClustersV2Response>('ListClustersV2', {
      ClusterTypeFilter: 'SERVERLESS',
    });
    const all = await call<ListClustersV2Response>('ListClustersV2', {});

    // Assess
    const names = (r: ListClustersV2Response) => r.ClusterInfoList?.map((c) => c.ClusterName);
    expect(names(first)).toEqual(['orders-a', 'orders-b']);
    expect(names(second)).toEqual(['orders-c', 'orders-z']);
    expect(second.NextToken).toBeUndefined();
    expect(names(serverless)).toEqual(['orders-z']);
    expect(all.ClusterInfoList?.[0]).toMatchObject({ State: 'ACTIVE', CreationTime: NOW });
    expect(all.ClusterInfoList).toHaveLength(5);
  });

  it('throws BadRequestException for an unknown type filter, a bad token or MaxResults out of range', async () => {
    const { call } = kafkaCloud();

    await expect(call('ListClustersV2', { ClusterTypeFilter: 'BIG' })).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'clusterTypeFilter' },
    });
    await expect(call('ListClustersV2', { NextToken: 'nope' })).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'nextToken' },
    });
    await expect(call('ListClustersV2', { MaxResults: 0 })).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'maxResults' },
    });
  });
});
