import type { DescribeTopicResponse, ListTopicsResponse } from '@aws-sdk/client-kafka';
import { describe, expect, it } from 'vitest';
import {
  decodeTopicConfigs,
  encodeTopicConfigs,
} from '../../../../../local/src/services/kafka/topic-configs.ts';
import { createCluster, kafkaCloud } from './harness.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const text = (configs: string | undefined) => Buffer.from(configs ?? '', 'base64').toString('utf8');

async function withCluster() {
  const harness = kafkaCloud();
  const clusterArn = await createCluster(harness.call, 'orders');
  return { ...harness, clusterArn };
}

describe('kafka topics', () => {
  it('creates a topic and describes it with Base64 key=value configs', async () => {
    // Prepare
    const { call, clusterArn } = await withCluster();

    // Act
    const created = await call('CreateTopic', {
      ClusterArn: clusterArn,
      TopicName: 'orders.v1',
      PartitionCount: 6,
      ReplicationFactor: 3,
      Configs: b64('cleanup.policy=compact\n# comment\nretention.ms = 86400000\n'),
    });
    const described = await call<DescribeTopicResponse>('DescribeTopic', {
      ClusterArn: clusterArn,
      TopicName: 'orders.v1',
    });

    // Assess
    const topicArn = `${clusterArn.replace(':cluster/', ':topic/')}/orders.v1`;
    expect(created).toEqual({ TopicArn: topicArn, TopicName: 'orders.v1', Status: 'CREATING' });
    expect(described).toEqual({
      TopicArn: topicArn,
      TopicName: 'orders.v1',
      ReplicationFactor: 3,
      PartitionCount: 6,
      Configs: expect.any(String),
      Status: 'ACTIVE',
    });
    expect(text(described.Configs)).toBe(
      'cleanup.policy=compact\ncompression.type=producer\nretention.ms=86400000',
    );
  });

  it('describes a topic without overrides with the default configs', async () => {
    const { call, clusterArn } = await withCluster();
    await call('CreateTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
      PartitionCount: 1,
      ReplicationFactor: 1,
    });

    const described = await call<DescribeTopicResponse>('DescribeTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
    });

    expect(text(described.Configs)).toBe(
      'cleanup.policy=delete\ncompression.type=producer\nretention.ms=604800000',
    );
  });

  it('throws TopicExistsException (409) for a duplicate topic', async () => {
    const { call, clusterArn } = await withCluster();
    const input = { ClusterArn: clusterArn, TopicName: 't', PartitionCount: 1, ReplicationFactor: 1 };
    await call('CreateTopic', input);

    await expect(call('CreateTopic', input)).rejects.toMatchObject({
      code: 'TopicExistsException',
      fields: { InvalidParameter: 'topicName' },
    });
  });

  it.each([
    [{ TopicName: 'has space' }, 'topicName'],
    [{ TopicName: '..' }, 'topicName'],
    [{ TopicName: 'x'.repeat(250) }, 'topicName'],
    [{ PartitionCount: 0 }, 'partitionCount'],
    [{ ReplicationFactor: 4 }, 'replicationFactor'],
    [{ Configs: 'not base64!' }, 'configs'],
    [{ Configs: b64('no-equals-sign') }, 'configs'],
    [{ Configs: b64('cleanup.policy=sometimes') }, 'configs'],
    [{ Configs: b64('retention.ms=forever') }, 'configs'],
  ])('throws BadRequestException for %j', async (override, parameter) => {
    const { call, clusterArn } = await withCluster();

    await expect(
      call('CreateTopic', {
        ClusterArn: clusterArn,
        TopicName: 't',
        PartitionCount: 1,
        ReplicationFactor: 1,
        ...override,
      }),
    ).rejects.toMatchObject({ code: 'BadRequestException', fields: { InvalidParameter: parameter } });
  });

  it('lists topics by name prefix in pages, with ARNs and counts', async () => {
    // Prepare
    const { call, clusterArn } = await withCluster();
    for (const name of ['orders.a', 'orders.b', 'orders.c', 'payments']) {
      await call('CreateTopic', {
        ClusterArn: clusterArn,
        TopicName: name,
        PartitionCount: 3,
        ReplicationFactor: 2,
      });
    }

    // Act
    const first = await call<ListTopicsResponse>('ListTopics', {
      ClusterArn: clusterArn,
      TopicNameFilter: 'orders.',
      MaxResults: 2,
    });
    const second = await call<ListTopicsResponse>('ListTopics', {
      ClusterArn: clusterArn,
      TopicNameFilter: 'orders.',
      MaxResults: 2,
      NextToken: first.NextToken,
    });

    // Assess
    expect(first.Topics?.map((t) => t.TopicName)).toEqual(['orders.a', 'orders.b']);
    expect(second.Topics).toEqual([
      {
        TopicArn: `${clusterArn.replace(':cluster/', ':topic/')}/orders.c`,
        TopicName: 'orders.c',
        ReplicationFactor: 2,
        PartitionCount: 3,
        OutOfSyncReplicaCount: 0,
      },
    ]);
    expect(second.NextToken).toBeUndefined();
    await expect(
      call('ListTopics', { ClusterArn: clusterArn, TopicNameFilter: 'pay', NextToken: first.NextToken }),
    ).rejects.toMatchObject({ code: 'BadRequestException', fields: { InvalidParameter: 'nextToken' } });
  });

  it('updates configs (merged) and raises the partition count', async () => {
    // Prepare
    const { call, clusterArn } = await withCluster();
    await call('CreateTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
      PartitionCount: 2,
      ReplicationFactor: 1,
      Configs: b64('cleanup.policy=compact'),
    });

    // Act
    const updated = await call('UpdateTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
      PartitionCount: 4,
      Configs: b64('retention.ms=1000'),
    });
    const described = await call<DescribeTopicResponse>('DescribeTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
    });

    // Assess
    expect(updated).toMatchObject({ TopicName: 't', Status: 'UPDATING' });
    expect(described.PartitionCount).toBe(4);
    expect(text(described.Configs)).toBe(
      'cleanup.policy=compact\ncompression.type=producer\nretention.ms=1000',
    );
  });

  it('throws BadRequestException when UpdateTopic lowers partitions or changes nothing', async () => {
    const { call, clusterArn } = await withCluster();
    await call('CreateTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
      PartitionCount: 4,
      ReplicationFactor: 1,
    });

    await expect(
      call('UpdateTopic', { ClusterArn: clusterArn, TopicName: 't', PartitionCount: 2 }),
    ).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'partitionCount' },
    });
    await expect(call('UpdateTopic', { ClusterArn: clusterArn, TopicName: 't' })).rejects.toMatchObject({
      code: 'BadRequestException',
    });
  });

  it('deletes a topic (DELETING in the answer, then gone)', async () => {
    const { call, clusterArn } = await withCluster();
    await call('CreateTopic', {
      ClusterArn: clusterArn,
      TopicName: 't',
      PartitionCount: 1,
      ReplicationFactor: 1,
    });

    const deleted = await call('DeleteTopic', { ClusterArn: clusterArn, TopicName: 't' });

    expect(deleted).toMatchObject({ TopicName: 't', Status: 'DELETING' });
    await expect(call('DescribeTopic', { ClusterArn: clusterArn, TopicName: 't' })).rejects.toMatchObject({
      code: 'NotFoundException',
      fields: { InvalidParameter: 'topicName' },
    });
  });

  it.each(['DescribeTopic', 'UpdateTopic', 'DeleteTopic'])(
    'throws NotFoundException from %s for an unknown topic or cluster',
    async (operation) => {
      const { call, clusterArn } = await withCluster();
      const unknownCluster = clusterArn.replace('/orders/', '/other/');

      await expect(
        call(operation, { ClusterArn: clusterArn, TopicName: 'missing', PartitionCount: 2 }),
      ).rejects.toMatchObject({ code: 'NotFoundException', fields: { InvalidParameter: 'topicName' } });
      await expect(
        call(operation, { ClusterArn: unknownCluster, TopicName: 'missing', PartitionCount: 2 }),
      ).rejects.toMatchObject({ code: 'NotFoundException', fields: { InvalidParameter: 'clusterArn' } });
    },
  );
});

describe('topic configs', () => {
  it('round-trips overrides over the defaults with sorted keys', () => {
    const encoded = encodeTopicConfigs(
      decodeTopicConfigs(b64('segment.bytes=1048576\ncleanup.policy=compact,delete')),
    );

    expect(text(encoded)).toBe(
      'cleanup.policy=compact,delete\ncompression.type=producer\nretention.ms=604800000\nsegment.bytes=1048576',
    );
  });
});
