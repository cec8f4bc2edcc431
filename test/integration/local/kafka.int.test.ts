import {
  BadRequestException,
  ConflictException,
  CreateClusterV2Command,
  CreateTopicCommand,
  DeleteClusterPolicyCommand,
  DeleteTopicCommand,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  GetBootstrapBrokersCommand,
  GetClusterPolicyCommand,
  type KafkaClient,
  NotFoundException,
  PutClusterPolicyCommand,
  paginateListClustersV2,
  paginateListTopics,
  TopicExistsException,
  UpdateTopicCommand,
} from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaService } from '../../../local/src/services/kafka/index.ts';
import { startTestCloud, TEST_REGION, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';

let cloud: TestCloud;
let kafka: KafkaClient;
let clusterArn: string;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [kafkaService], defaultAccount: ACCOUNT });
  kafka = cloud.clients().kafka();
  const created = await kafka.send(
    new CreateClusterV2Command({
      ClusterName: 'int-orders',
      Provisioned: {
        KafkaVersion: '3.6.0',
        NumberOfBrokerNodes: 2,
        BrokerNodeGroupInfo: { ClientSubnets: ['subnet-a', 'subnet-b'], InstanceType: 'kafka.m5.large' },
        ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      },
    }),
  );
  clusterArn = created.ClusterArn ?? '';
});
afterAll(async () => {
  await cloud.close();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function policy(...sids: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: sids.map((Sid) => ({
      Sid,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: 'kafka:CreateVpcConnection',
      Resource: clusterArn,
    })),
  });
}

describe('msk over HTTP', () => {
  it('creates and describes a cluster (ARN with the -N uuid suffix, CreationTime a Date)', async () => {
    expect(clusterArn).toMatch(
      new RegExp(`^arn:aws:kafka:${TEST_REGION}:${ACCOUNT}:cluster/int-orders/[0-9a-f-]{36}-\\d+$`, 'u'),
    );
    const described = await kafka.send(new DescribeClusterV2Command({ ClusterArn: clusterArn }));
    expect(described.ClusterInfo).toMatchObject({
      ClusterName: 'int-orders',
      State: 'ACTIVE',
      ClusterType: 'PROVISIONED',
    });
    expect(described.ClusterInfo?.CreationTime).toBeInstanceOf(Date);
    expect(described.ClusterInfo?.Provisioned?.NumberOfBrokerNodes).toBe(2);
  });

  it('answers the SASL/IAM bootstrap brokers on port 9098', async () => {
    const brokers = await kafka.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
    expect(brokers.BootstrapBrokerStringSaslIam?.split(',')).toHaveLength(2);
    expect(brokers.BootstrapBrokerStringSaslIam).toMatch(
      /^b-1\.int-orders\.[0-9a-f]{6}\.c2\.kafka\..+:9098,b-2\./u,
    );
    expect(brokers.BootstrapBrokerStringTls).toBeUndefined();
  });

  it('paginates clusters with the SDK paginator', async () => {
    await kafka.send(
      new CreateClusterV2Command({
        ClusterName: 'int-serverless',
        Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-a'] }] },
      }),
    );
    const pages: string[][] = [];
    for await (const page of paginateListClustersV2(
      { client: kafka, pageSize: 1 },
      { ClusterNameFilter: 'int-' },
    )) {
      pages.push((page.ClusterInfoList ?? []).map((c) => c.ClusterName ?? ''));
    }
    expect(pages).toEqual([['int-orders'], ['int-serverless']]);
  });

  it('creates, lists, updates, describes and deletes topics', async () => {
    for (const name of ['orders.a', 'orders.b', 'orders.c']) {
      await kafka.send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: name,
          PartitionCount: 3,
          ReplicationFactor: 2,
        }),
      );
    }
    const names: string[] = [];
    for await (const page of paginateListTopics(
      { client: kafka, pageSize: 2 },
      { ClusterArn: clusterArn, TopicNameFilter: 'orders.' },
    )) {
      names.push(...(page.Topics ?? []).map((t) => t.TopicName ?? ''));
    }
    expect(names).toEqual(['orders.a', 'orders.b', 'orders.c']);

    const updated = await kafka.send(
      new UpdateTopicCommand({
        ClusterArn: clusterArn,
        TopicName: 'orders.a',
        PartitionCount: 6,
        Configs: Buffer.from('retention.ms=3600000').toString('base64'),
      }),
    );
    expect(updated.Status).toBe('UPDATING');
    const described = await kafka.send(
      new DescribeTopicCommand({ ClusterArn: clusterArn, TopicName: 'orders.a' }),
    );
    expect(described).toMatchObject({ PartitionCount: 6, ReplicationFactor: 2, Status: 'ACTIVE' });
    expect(described.TopicArn).toBe(`${clusterArn.replace(':cluster/', ':topic/')}/orders.a`);
    expect(Buffer.from(described.Configs ?? '', 'base64').toString()).toContain('retention.ms=3600000');

    const deleted = await kafka.send(
      new DeleteTopicCommand({ ClusterArn: clusterArn, TopicName: 'orders.c' }),
    );
    expect(deleted.Status).toBe('DELETING');
    const gone = await caught(
      kafka.send(new DescribeTopicCommand({ ClusterArn: clusterArn, TopicName: 'orders.c' })),
    );
    expect(gone).toBeInstanceOf(NotFoundException);
    expect((gone as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('throws the modelled exceptions with their statuses and InvalidParameter', async () => {
    const duplicate = await caught(
      kafka.send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: 'orders.a',
          PartitionCount: 1,
          ReplicationFactor: 1,
        }),
      ),
    );
    expect(duplicate).toBeInstanceOf(TopicExistsException);
    expect((duplicate as TopicExistsException).$metadata.httpStatusCode).toBe(409);

    const badName = await caught(
      kafka.send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: 'bad name',
          PartitionCount: 1,
          ReplicationFactor: 1,
        }),
      ),
    );
    expect(badName).toBeInstanceOf(BadRequestException);
    expect((badName as BadRequestException).InvalidParameter).toBe('topicName');
    expect((badName as BadRequestException).$metadata.httpStatusCode).toBe(400);

    const conflict = await caught(
      kafka.send(
        new CreateClusterV2Command({
          ClusterName: 'int-serverless',
          Serverless: { VpcConfigs: [{ SubnetIds: ['s'] }] },
        }),
      ),
    );
    expect(conflict).toBeInstanceOf(ConflictException);
    expect((conflict as ConflictException).$metadata.httpStatusCode).toBe(409);

    const unknown = await caught(
      kafka.send(new DescribeClusterV2Command({ ClusterArn: clusterArn.replace('/int-orders/', '/nope/') })),
    );
    expect(unknown).toBeInstanceOf(NotFoundException);
    expect((unknown as NotFoundException).InvalidParameter).toBe('clusterArn');
    expect((unknown as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('runs the cluster-policy optimistic concurrency protocol', async () => {
    const none = await caught(kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn })));
    expect(none).toBeInstanceOf(NotFoundException);
    expect((none as NotFoundException).$metadata.httpStatusCode).toBe(404);

    const first = await kafka.send(
      new PutClusterPolicyCommand({ ClusterArn: clusterArn, Policy: policy('a') }),
    );
    const got = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
    expect(got).toMatchObject({ CurrentVersion: first.CurrentVersion, Policy: policy('a') });

    const second = await kafka.send(
      new PutClusterPolicyCommand({
        ClusterArn: clusterArn,
        Policy: policy('a', 'b'),
        CurrentVersion: first.CurrentVersion,
      }),
    );
    expect(second.CurrentVersion).not.toBe(first.CurrentVersion);

    const stale = await caught(
      kafka.send(
        new PutClusterPolicyCommand({
          ClusterArn: clusterArn,
          Policy: policy('c'),
          CurrentVersion: first.CurrentVersion,
        }),
      ),
    );
    expect(stale).toBeInstanceOf(BadRequestException);
    expect((stale as BadRequestException).message).toContain(
      "The version of the cluster policy isn't current",
    );
    expect((stale as BadRequestException).$metadata.httpStatusCode).toBe(400);

    const duplicateSid = await caught(
      kafka.send(
        new PutClusterPolicyCommand({
          ClusterArn: clusterArn,
          Policy: policy('x', 'x'),
          CurrentVersion: second.CurrentVersion,
        }),
      ),
    );
    expect(duplicateSid).toBeInstanceOf(BadRequestException);
    expect((duplicateSid as BadRequestException).message).toContain(
      'The Statement Ids in the policy are not unique',
    );

    const deleted = await kafka.send(new DeleteClusterPolicyCommand({ ClusterArn: clusterArn }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    const again = await caught(kafka.send(new DeleteClusterPolicyCommand({ ClusterArn: clusterArn })));
    expect(again).toBeInstanceOf(NotFoundException);
  });
});
