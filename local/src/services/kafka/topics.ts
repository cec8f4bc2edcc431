import type {
  CreateTopicRequest,
  CreateTopicResponse,
  DeleteTopicRequest,
  DeleteTopicResponse,
  DescribeTopicRequest,
  DescribeTopicResponse,
  ListTopicsRequest,
  ListTopicsResponse,
  UpdateTopicRequest,
  UpdateTopicResponse,
} from '@aws-sdk/client-kafka';
import { paginateCursor } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, num, required, str, validated } from '../../cloud/validate.ts';
import { badRequest, invalidNextToken, topicExists } from './errors.ts';
import { DEFAULT_PAGE_SIZE, findCluster, findTopic, topicArn } from './lookup.ts';
import type { KafkaState, TopicRecord } from './state.ts';
import { decodeTopicConfigs, encodeTopicConfigs } from './topic-configs.ts';
import { topicAdded, topicRemoved, topicsFrom } from './topic-index.ts';

type Ctx = CallContext<KafkaState>;

/** Kafka's topic name rule: 1-249 of `[a-zA-Z0-9._-]`, and not `.` or `..`. */
const topicName = str({ min: 1, max: 249, pattern: anchored('(?!\\.{1,2}$)[a-zA-Z0-9._-]+') });
const clusterArn = required(str());

/** Creates a topic (ACTIVE at once; the response says CREATING, as AWS's does). */
const createTopic = validated(
  {
    ClusterArn: clusterArn,
    TopicName: required(topicName),
    PartitionCount: required(num({ min: 1 })),
    ReplicationFactor: required(num({ min: 1 })),
    Configs: str(),
  },
  (input: CreateTopicRequest, ctx: Ctx): CreateTopicResponse => {
    const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
    const name = input.TopicName ?? '';
    if (cluster.topics[name]) throw topicExists(`Topic '${name}' already exists.`, 'topicName');
    const brokers = cluster.provisioned?.NumberOfBrokerNodes;
    const replicationFactor = input.ReplicationFactor ?? 1;
    if (brokers !== undefined && replicationFactor > brokers) {
      throw badRequest(
        `Replication factor: ${replicationFactor} larger than available brokers: ${brokers}.`,
        'replicationFactor',
      );
    }
    const topic: TopicRecord = {
      name,
      partitionCount: input.PartitionCount ?? 1,
      replicationFactor,
      configs: input.Configs !== undefined ? decodeTopicConfigs(input.Configs) : {},
    };
    cluster.topics[name] = topic;
    topicAdded(cluster.topics, name);
    return { TopicArn: topicArn(cluster, name), TopicName: name, Status: 'CREATING' };
  },
);

/**
 * Merges new configuration overrides and/or raises the partition count (Kafka cannot reduce it).
 * The response says UPDATING, as AWS's does; the change is applied at once.
 */
const updateTopic = validated(
  { ClusterArn: clusterArn, TopicName: required(str()), Configs: str(), PartitionCount: num({ min: 1 }) },
  (input: UpdateTopicRequest, ctx: Ctx): UpdateTopicResponse => {
    const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
    const topic = findTopic(cluster, input.TopicName ?? '');
    if (input.Configs === undefined && input.PartitionCount === undefined) {
      throw badRequest('Specify configs or partitionCount to update.', 'configs');
    }
    const configs = input.Configs !== undefined ? decodeTopicConfigs(input.Configs) : {};
    if (input.PartitionCount !== undefined && input.PartitionCount < topic.partitionCount) {
      throw badRequest(
        `Topic currently has ${topic.partitionCount} partitions, which is higher than the requested ${input.PartitionCount}.`,
        'partitionCount',
      );
    }
    topic.configs = { ...topic.configs, ...configs };
    if (input.PartitionCount !== undefined) topic.partitionCount = input.PartitionCount;
    return { TopicArn: topicArn(cluster, topic.name), TopicName: topic.name, Status: 'UPDATING' };
  },
);

/** Deletes a topic; the response says DELETING, and the topic is gone at once. */
const deleteTopic = validated(
  { ClusterArn: clusterArn, TopicName: required(str()) },
  (input: DeleteTopicRequest, ctx: Ctx): DeleteTopicResponse => {
    const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
    const topic = findTopic(cluster, input.TopicName ?? '');
    delete cluster.topics[topic.name];
    topicRemoved(cluster.topics, topic.name);
    return { TopicArn: topicArn(cluster, topic.name), TopicName: topic.name, Status: 'DELETING' };
  },
);

const describeTopic = validated(
  { ClusterArn: clusterArn, TopicName: required(str()) },
  (input: DescribeTopicRequest, ctx: Ctx): DescribeTopicResponse => {
    const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
    const topic = findTopic(cluster, input.TopicName ?? '');
    return {
      TopicArn: topicArn(cluster, topic.name),
      TopicName: topic.name,
      ReplicationFactor: topic.replicationFactor,
      PartitionCount: topic.partitionCount,
      Configs: encodeTopicConfigs(topic.configs),
      Status: 'ACTIVE',
    };
  },
);

/** Lists topics by name; `TopicNameFilter` keeps the topics whose names start with it. */
const listTopics = validated(
  { ClusterArn: clusterArn, MaxResults: num({ min: 1, max: 100 }), NextToken: str(), TopicNameFilter: str() },
  (input: ListTopicsRequest, ctx: Ctx): ListTopicsResponse => {
    const cluster = findCluster(ctx.state, input.ClusterArn ?? '');
    const prefix = input.TopicNameFilter ?? '';
    const page = paginateCursor({
      // By name from the cluster's topic index: a page reads only its own topics.
      from: (after) => topicsFrom(cluster.topics, prefix, after),
      key: (t) => t.name,
      limit: input.MaxResults ?? DEFAULT_PAGE_SIZE,
      token: input.NextToken,
      scope: `topics:${cluster.arn}:${prefix}`,
      invalidToken: invalidNextToken,
    });
    return {
      Topics: page.items.map((t) => ({
        TopicArn: topicArn(cluster, t.name),
        TopicName: t.name,
        ReplicationFactor: t.replicationFactor,
        PartitionCount: t.partitionCount,
        OutOfSyncReplicaCount: 0,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

/** CreateTopic, UpdateTopic, DeleteTopic, DescribeTopic, ListTopics. */
export const topicOperations = {
  CreateTopic: createTopic,
  UpdateTopic: updateTopic,
  DeleteTopic: deleteTopic,
  DescribeTopic: describeTopic,
  ListTopics: listTopics,
};
