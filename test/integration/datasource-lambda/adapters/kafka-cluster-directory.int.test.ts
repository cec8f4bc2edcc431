import { CreateTopicCommand } from '@aws-sdk/client-kafka';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallError, InvalidInputError, TransientAwsError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import {
  decodeTopicConfigs,
  KafkaClusterDirectory,
} from '../../../../datasource-lambda/src/adapters/kafka-cluster-directory.ts';
import { SourceNotFoundError } from '../../../../datasource-lambda/src/errors.ts';
import {
  calls,
  clearFaultsAndCalls,
  createPrefixClusters,
  type DemoCloud,
  startDemoCloud,
} from '../../../support/demo-world.ts';

const UNKNOWN_ARN =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/nope/00000000-0000-0000-0000-000000000000-1';

describe('KafkaClusterDirectory', () => {
  let demo: DemoCloud;
  let directory: KafkaClusterDirectory;
  let clusterArn: string;

  beforeAll(async () => {
    demo = await startDemoCloud();
    clusterArn = demo.seeded.clusters['streaming-orders']?.arn ?? '';
    // 11 more clusters whose names start with "streaming-orders": ListClustersV2 needs 2 pages (of 10).
    await createPrefixClusters(demo, 11);
    // 12 more topics (16 in all): ListTopics needs 2 pages (of 10).
    for (let i = 1; i <= 12; i += 1) {
      await demo.producer.kafka().send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: `extra.topic-${String(i).padStart(2, '0')}`,
          PartitionCount: 1,
          ReplicationFactor: 1,
        }),
      );
    }
    directory = new KafkaClusterDirectory({
      client: demo.producer.kafka(),
      log: new MemoryLog(),
      pageSize: 10,
    });
  });
  afterAll(() => demo.local.close());
  afterEach(() => clearFaultsAndCalls(demo));

  it('resolves a cluster by exact name when its prefix matches clusters on two pages', async () => {
    // Act
    const cluster = await directory.resolveCluster({ clusterName: 'streaming-orders' });

    // Assess
    expect(cluster.arn).toBe(clusterArn);
    expect(cluster.name).toBe('streaming-orders');
    expect(cluster.type).toBe('PROVISIONED');
    expect(cluster.brokers.BootstrapBrokerStringSaslIam).toMatch(/:9098/);
    expect(calls(demo, 'kafka:ListClustersV2')).toBe(2);
  });

  it('resolves a cluster by ARN with DescribeClusterV2 and its bootstrap brokers', async () => {
    // Act
    const cluster = await directory.resolveCluster({ clusterArn });

    // Assess
    expect(cluster).toMatchObject({ arn: clusterArn, name: 'streaming-orders', type: 'PROVISIONED' });
    expect(calls(demo, 'kafka:DescribeClusterV2')).toBe(1);
    expect(calls(demo, 'kafka:GetBootstrapBrokers')).toBe(1);
    expect(calls(demo, 'kafka:ListClustersV2')).toBe(0);
  });

  it('resolves a serverless cluster by name', async () => {
    // Act
    const cluster = await directory.resolveCluster({ clusterName: 'streaming-orders-07' });

    // Assess
    expect(cluster.type).toBe('SERVERLESS');
  });

  it('throws SourceNotFoundError naming the cluster when only prefix matches exist', async () => {
    // Act
    const result = directory.resolveCluster({ clusterName: 'streaming' });

    // Assess
    await expect(result).rejects.toThrow(SourceNotFoundError);
    await expect(result).rejects.toThrow(/streaming does not exist/);
    expect(calls(demo, 'kafka:ListClustersV2')).toBe(2);
  });

  it('throws SourceNotFoundError when no cluster has the ARN', async () => {
    await expect(directory.resolveCluster({ clusterArn: UNKNOWN_ARN })).rejects.toThrow(SourceNotFoundError);
  });

  it('throws InvalidInputError for a malformed ARN, a bad name, a name that does not match the ARN, or no reference', async () => {
    await expect(directory.resolveCluster({ clusterArn: 'arn:aws:s3:::bucket' })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(directory.resolveCluster({ clusterName: 'bad name!' })).rejects.toThrow(InvalidInputError);
    await expect(directory.resolveCluster({ clusterArn, clusterName: 'other' })).rejects.toThrow(
      /does not match cluster/,
    );
    await expect(directory.resolveCluster({})).rejects.toThrow(InvalidInputError);
  });

  it('lists every topic over two pages', async () => {
    // Act
    const topics = await directory.listTopics(clusterArn);

    // Assess
    expect(topics).toHaveLength(16);
    expect(topics.map((t) => t.name)).toEqual(
      expect.arrayContaining(['orders', 'payments', 'shipments', 'audit-log', 'extra.topic-12']),
    );
    expect(topics.find((t) => t.name === 'orders')).toEqual({
      name: 'orders',
      partitions: 6,
      replicationFactor: 3,
    });
    expect(calls(demo, 'kafka:ListTopics')).toBe(2);
  });

  it('throws SourceNotFoundError when listing the topics of a cluster that does not exist', async () => {
    await expect(directory.listTopics(UNKNOWN_ARN)).rejects.toThrow(SourceNotFoundError);
  });

  it('describes a topic with its configs decoded', async () => {
    // Act
    const topic = await directory.describeTopic(clusterArn, 'orders');

    // Assess
    expect(topic).toMatchObject({ name: 'orders', partitions: 6, replicationFactor: 3 });
    expect(topic?.configs).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': '604800000' });
  });

  it('returns undefined for a topic that does not exist, but throws SourceNotFoundError for a missing cluster', async () => {
    await expect(directory.describeTopic(clusterArn, 'no-such-topic')).resolves.toBeUndefined();
    await expect(directory.describeTopic(UNKNOWN_ARN, 'orders')).rejects.toThrow(SourceNotFoundError);
  });

  it('throws TransientAwsError when MSK throttles ListTopics', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'kafka:ListTopics': { rate: 1, code: 'TooManyRequestsException', status: 429 } },
    });

    // Act & Assess
    await expect(directory.listTopics(clusterArn)).rejects.toThrow(TransientAwsError);
  });

  it('throws TransientAwsError on a 5xx from ListClustersV2 and AwsCallError on a 403', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: {
        'kafka:ListClustersV2': { rate: 1, code: 'ServiceUnavailableException', status: 503 },
        'kafka:DescribeClusterV2': { rate: 1, code: 'ForbiddenException', status: 403 },
      },
    });

    // Act & Assess
    await expect(directory.resolveCluster({ clusterName: 'streaming-orders' })).rejects.toThrow(
      TransientAwsError,
    );
    const denied = directory.resolveCluster({ clusterArn });
    await expect(denied).rejects.toThrow(AwsCallError);
    await expect(denied).rejects.toThrow(/ForbiddenException/);
  });
});

describe('decodeTopicConfigs', () => {
  it('decodes key=value lines, skipping blanks and comments', () => {
    // Prepare
    const text = '# comment\ncleanup.policy=compact\n\n retention.ms = 1000 \nflag\nurl=a=b';

    // Act
    const configs = decodeTopicConfigs(Buffer.from(text).toString('base64'));

    // Assess
    expect(configs).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '1000', flag: '', url: 'a=b' });
  });

  it('returns no configs when MSK sends none', () => {
    expect(decodeTopicConfigs(undefined)).toEqual({});
  });
});
