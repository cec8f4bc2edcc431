import {
  type Cluster,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  GetBootstrapBrokersCommand,
  type KafkaClient,
  paginateListClustersV2,
  paginateListTopics,
} from '@aws-sdk/client-kafka';
import { type BootstrapBrokers, BROKER_LISTENERS } from '../../../asset-types/src/topic-identity.ts';
import { CLUSTER_NAME, parseMskClusterArn } from '../../../common/src/arns.ts';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { SourceNotFoundError } from '../errors.ts';
import type { ClusterDirectory, ClusterInfo, ClusterType, TopicDetails, TopicInfo } from '../ports.ts';
import { invalidParameterOf, isAwsError } from './aws-errors.ts';

export interface KafkaClusterDirectoryOptions {
  /** Items per list page: the service maximum (100) keeps a sync within its call budget. @default 100 */
  readonly pageSize?: number;
  /** A client of the account and Region that own the clusters (from common's ClientFactory). */
  readonly client: KafkaClient;
  readonly log: Log;
}

/**
 * Topic configs from DescribeTopic's `Configs`: Base64 of Kafka properties, one `key=value` per line.
 * Blank lines and `#`/`!` comments are skipped; a line without `=` is a key with an empty value (as
 * in Java properties files).
 */
export function decodeTopicConfigs(configs: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!configs) return result;
  for (const raw of Buffer.from(configs, 'base64').toString('utf8').split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.indexOf('=');
    const key = (at === -1 ? line : line.slice(0, at)).trim();
    result[key] = at === -1 ? '' : line.slice(at + 1).trim();
  }
  return result;
}

function clusterType(value: string | undefined, arn: string): ClusterType {
  if (value === 'PROVISIONED' || value === 'SERVERLESS') return value;
  throw new InvalidInputError('clusterType', value, `unknown type of cluster ${arn}`);
}

/**
 * The Amazon MSK side of the catalog sync ({@link ClusterDirectory}): clusters by name or ARN with their
 * bootstrap brokers, and their topics. Every list is read to its last page; SDK errors become
 * `TransientAwsError` (throttling, 5xx) or `AwsCallError`, a missing cluster `SourceNotFoundError`.
 */
export class KafkaClusterDirectory implements ClusterDirectory {
  private readonly client: KafkaClient;
  private readonly log: Log;
  private readonly pageSize: number;

  constructor(options: KafkaClusterDirectoryOptions) {
    this.client = options.client;
    this.log = options.log;
    this.pageSize = options.pageSize ?? 100;
  }

  /**
   * The cluster with `clusterArn` (DescribeClusterV2) or named `clusterName` (ListClustersV2, whose name
   * filter is a prefix: every page is read and the exact name picked); ARN wins when both are given and
   * must then carry the same name.
   * @throws InvalidInputError for a malformed or missing reference; SourceNotFoundError when there is no
   * such cluster; TransientAwsError / AwsCallError when MSK fails.
   */
  async resolveCluster(ref: {
    readonly clusterName?: string;
    readonly clusterArn?: string;
  }): Promise<ClusterInfo> {
    const cluster = ref.clusterArn
      ? await this.describeCluster(ref.clusterArn, ref.clusterName)
      : await this.findByName(ref.clusterName);
    const arn = cluster.ClusterArn ?? '';
    const info: ClusterInfo = {
      arn,
      name: cluster.ClusterName ?? '',
      type: clusterType(cluster.ClusterType, arn),
      brokers: await this.bootstrapBrokers(arn),
    };
    this.log.debug('resolved MSK cluster', { clusterArn: arn, clusterType: info.type });
    return info;
  }

  /**
   * Every topic of the cluster (ListTopics, all pages).
   * @throws SourceNotFoundError when the cluster does not exist.
   */
  async listTopics(clusterArn: string): Promise<TopicInfo[]> {
    parseMskClusterArn(clusterArn);
    const topics: TopicInfo[] = [];
    let pages = 0;
    try {
      for await (const page of paginateListTopics(
        { client: this.client, pageSize: this.pageSize },
        { ClusterArn: clusterArn },
      )) {
        pages += 1;
        for (const topic of page.Topics ?? []) {
          if (!topic.TopicName) continue;
          topics.push({
            name: topic.TopicName,
            ...(topic.PartitionCount === undefined ? {} : { partitions: topic.PartitionCount }),
            ...(topic.ReplicationFactor === undefined ? {} : { replicationFactor: topic.ReplicationFactor }),
          });
        }
      }
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) {
        throw new SourceNotFoundError(`MSK cluster ${clusterArn} does not exist`, {
          cause: error,
          context: { clusterArn },
        });
      }
      throw translateAwsError(error, `kafka:ListTopics ${clusterArn}`, { clusterArn });
    }
    this.log.debug('listed MSK topics', { clusterArn, topics: topics.length, pages });
    return topics;
  }

  /**
   * One topic with its configs (DescribeTopic); undefined when the cluster has no such topic.
   * A NotFoundException that names the cluster (`InvalidParameter: clusterArn`) is not "no topic": it
   * throws SourceNotFoundError, so that a vanished cluster never reads as vanished topics.
   */
  async describeTopic(clusterArn: string, topic: string): Promise<TopicDetails | undefined> {
    parseMskClusterArn(clusterArn);
    try {
      const out = await this.client.send(
        new DescribeTopicCommand({ ClusterArn: clusterArn, TopicName: topic }),
      );
      return {
        name: out.TopicName ?? topic,
        ...(out.PartitionCount === undefined ? {} : { partitions: out.PartitionCount }),
        ...(out.ReplicationFactor === undefined ? {} : { replicationFactor: out.ReplicationFactor }),
        configs: decodeTopicConfigs(out.Configs),
      };
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) {
        if (invalidParameterOf(error) === 'clusterArn') {
          throw new SourceNotFoundError(`MSK cluster ${clusterArn} does not exist`, {
            cause: error,
            context: { clusterArn },
          });
        }
        return undefined;
      }
      throw translateAwsError(error, `kafka:DescribeTopic ${topic}`, { clusterArn, topic });
    }
  }

  private async describeCluster(clusterArn: string, expectedName: string | undefined): Promise<Cluster> {
    parseMskClusterArn(clusterArn);
    let cluster: Cluster | undefined;
    try {
      cluster = (await this.client.send(new DescribeClusterV2Command({ ClusterArn: clusterArn })))
        .ClusterInfo;
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) {
        throw new SourceNotFoundError(`MSK cluster ${clusterArn} does not exist`, {
          cause: error,
          context: { clusterArn },
        });
      }
      throw translateAwsError(error, `kafka:DescribeClusterV2 ${clusterArn}`, { clusterArn });
    }
    if (!cluster?.ClusterArn) throw new SourceNotFoundError(`MSK cluster ${clusterArn} does not exist`);
    if (expectedName !== undefined && cluster.ClusterName !== expectedName) {
      throw new InvalidInputError(
        'clusterName',
        expectedName,
        `does not match cluster ${clusterArn}, which is named ${cluster.ClusterName}`,
      );
    }
    return cluster;
  }

  private async findByName(clusterName: string | undefined): Promise<Cluster> {
    if (clusterName === undefined) {
      throw new InvalidInputError('cluster', clusterName, 'give a clusterName or a clusterArn');
    }
    if (!CLUSTER_NAME.test(clusterName)) {
      throw new InvalidInputError('clusterName', clusterName, `must match ${CLUSTER_NAME.source}`);
    }
    const exact: Cluster[] = [];
    try {
      const pages = paginateListClustersV2({ client: this.client }, { ClusterNameFilter: clusterName });
      for await (const page of pages) {
        exact.push(...(page.ClusterInfoList ?? []).filter((c) => c.ClusterName === clusterName));
      }
    } catch (error) {
      throw translateAwsError(error, `kafka:ListClustersV2 ${clusterName}`, { clusterName });
    }
    const [first, ...others] = exact;
    if (!first) {
      throw new SourceNotFoundError(`MSK cluster named ${clusterName} does not exist`, {
        context: { clusterName },
      });
    }
    if (others.length > 0) {
      throw new InvalidInputError(
        'clusterName',
        clusterName,
        `matches ${exact.length} clusters (${exact.map((c) => c.ClusterArn).join(', ')}); configure clusterArn`,
      );
    }
    return first;
  }

  private async bootstrapBrokers(clusterArn: string): Promise<BootstrapBrokers> {
    try {
      const out = await this.client.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
      const brokers: Partial<Record<keyof BootstrapBrokers, string>> = {};
      for (const key of BROKER_LISTENERS) {
        const value = out[key];
        if (value) brokers[key] = value;
      }
      return brokers;
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) {
        throw new SourceNotFoundError(`MSK cluster ${clusterArn} does not exist`, {
          cause: error,
          context: { clusterArn },
        });
      }
      throw translateAwsError(error, `kafka:GetBootstrapBrokers ${clusterArn}`, { clusterArn });
    }
  }
}
