import type { ListTopicsResponse } from '@aws-sdk/client-kafka';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../../../../local/src/cloud/cloud.ts';
import type { KafkaState } from '../../../../../local/src/services/kafka/state.ts';
import { ACCOUNT, createCluster, kafkaCloud, REGION } from './harness.ts';

/** Every topic name ListTopics answers, page by page, as `[names…, nextToken?]` per page. */
async function allNames(
  call: ReturnType<typeof kafkaCloud>['call'],
  input: { ClusterArn: string; TopicNameFilter?: string; MaxResults?: number },
): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await call<ListTopicsResponse>('ListTopics', { ...input, NextToken: token });
    names.push(...(page.Topics ?? []).map((t) => t.TopicName ?? ''));
    token = page.NextToken;
  } while (token);
  return names;
}

const create = (call: ReturnType<typeof kafkaCloud>['call'], ClusterArn: string, TopicName: string) =>
  call('CreateTopic', { ClusterArn, TopicName, PartitionCount: 1, ReplicationFactor: 1 });

describe('kafka topic index', () => {
  it('lists by name and by prefix, and follows creations and deletions between pages', async () => {
    // Prepare
    const { call } = kafkaCloud();
    const arn = await createCluster(call);
    for (const name of ['orders', 'orders-eu', 'orders.v2', 'order', 'payments', 'Orders', '_internal']) {
      await create(call, arn, name);
    }
    const first = await call<ListTopicsResponse>('ListTopics', { ClusterArn: arn, MaxResults: 2 });

    // Act
    await call('DeleteTopic', { ClusterArn: arn, TopicName: 'order' });
    await call('DeleteTopic', { ClusterArn: arn, TopicName: 'orders-eu' });
    await create(call, arn, 'orders-us');
    await create(call, arn, 'A-first');
    const rest = await call<ListTopicsResponse>('ListTopics', {
      ClusterArn: arn,
      MaxResults: 10,
      NextToken: first.NextToken,
    });

    // Assess
    expect(first.Topics?.map((t) => t.TopicName)).toEqual(['Orders', '_internal']);
    expect(rest.Topics?.map((t) => t.TopicName)).toEqual(['orders', 'orders-us', 'orders.v2', 'payments']);
    expect(rest.NextToken).toBeUndefined();
    expect(await allNames(call, { ClusterArn: arn, TopicNameFilter: 'orders', MaxResults: 1 })).toEqual([
      'orders',
      'orders-us',
      'orders.v2',
    ]);
    expect(await allNames(call, { ClusterArn: arn, TopicNameFilter: 'zzz' })).toEqual([]);
  });

  it('keeps one index per cluster', async () => {
    // Prepare
    const { call } = kafkaCloud();
    const one = await createCluster(call, 'one');
    const two = await createCluster(call, 'two');
    await create(call, one, 'a');
    await create(call, two, 'b');
    await allNames(call, { ClusterArn: one });
    await allNames(call, { ClusterArn: two });

    // Act
    await create(call, one, 'c');
    await call('DeleteTopic', { ClusterArn: two, TopicName: 'b' });
    await create(call, two, 'd');

    // Assess
    expect(await allNames(call, { ClusterArn: one })).toEqual(['a', 'c']);
    expect(await allNames(call, { ClusterArn: two })).toEqual(['d']);
  });

  it('answers from the loaded state after load(), whether persisted (new objects) or edited in place', async () => {
    // Prepare
    const { cloud, call } = kafkaCloud();
    const arn = await createCluster(call);
    for (const name of ['a', 'b']) await create(call, arn, name);
    expect(await allNames(call, { ClusterArn: arn })).toEqual(['a', 'b']);
    const persisted = JSON.parse(JSON.stringify(cloud.dump())) as CloudState;
    const topics = cloud.stateOf<KafkaState>('kafka', ACCOUNT, REGION).clusters[arn]?.topics ?? {};

    // Act
    topics.c = { name: 'c', partitionCount: 1, replicationFactor: 1, configs: {} };
    cloud.load(cloud.dump());
    const reloadedLive = await allNames(call, { ClusterArn: arn });
    cloud.load(persisted);
    const reloadedPersisted = await allNames(call, { ClusterArn: arn });
    await create(call, arn, 'aa');
    const afterWrite = await allNames(call, { ClusterArn: arn });

    // Assess
    expect(reloadedLive).toEqual(['a', 'b', 'c']);
    expect(reloadedPersisted).toEqual(['a', 'b']);
    expect(afterWrite).toEqual(['a', 'aa', 'b']);
  });
});
