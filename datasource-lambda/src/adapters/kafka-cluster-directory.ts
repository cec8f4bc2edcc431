import { DescribeTopicCommand, type KafkaClient, paginateListTopics } from '@aws-sdk/client-kafka';
import { type ClusterRef, MskClusters } from '../../../asset-types/src/adapters/msk-clusters.ts';
import { ClusterNotFoundError } from '../../../asset-types/src/errors.ts';
import { parseMskClusterArn } from '../../../common/src/arns.ts';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { SourceNotFoundError } from '../errors.ts';
import type { ClusterDirectory, ClusterInfo, TopicDetails, TopicInfo } from '../ports.ts';
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

/**
 * The Amazon MSK side of the catalog sync ({@link ClusterDirectory}): clusters by name or ARN with their
 * bootstrap brokers (asset-types' {@link MskClusters}), and their topics. Every list is read to its last
 * page; SDK errors become `TransientAwsError` (throttling, 5xx) or `AwsCallError`, a missing cluster
 * `SourceNotFoundError`.
 */
export class KafkaClusterDirectory implements ClusterDirectory {
  private readonly client: KafkaClient;
  private readonly clusters: MskClusters;
  private readonly log: Log;
  private readonly pageSize: number;

  constructor(options: KafkaClusterDirectoryOptions) {
    this.client = options.client;
    this.clusters = new MskClusters({ client: options.client, log: options.log });
    this.log = options.log;
    this.pageSize = options.pageSize ?? 100;
  }

  /**
   * The cluster with `clusterArn` (DescribeClusterV2) or named `clusterName` (ListClustersV2, whose name
   * filter is a prefix: every page is read and the exact name picked); ARN wins when both are given and
   * must then carry the same name. Delegates to {@link MskClusters}, whose ClusterNotFoundError becomes
   * the catalog sync's SourceNotFoundError (with it as `cause`).
   * @throws InvalidInputError for a malformed or missing reference; SourceNotFoundError when there is no
   * such cluster; TransientAwsError / AwsCallError when MSK fails.
   */
  async resolveCluster(ref: ClusterRef): Promise<ClusterInfo> {
    try {
      return await this.clusters.resolveCluster(ref);
    } catch (error) {
      if (error instanceof ClusterNotFoundError) {
        throw new SourceNotFoundError(error.message, { cause: error, context: error.context });
      }
      throw error;
    }
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
}
