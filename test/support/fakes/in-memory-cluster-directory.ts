import { SourceNotFoundError } from '../../../datasource-lambda/src/errors.ts';
import type {
  ClusterDirectory,
  ClusterInfo,
  TopicDetails,
  TopicInfo,
} from '../../../datasource-lambda/src/ports.ts';
import { Faults } from './faults.ts';

export type ClusterDirectoryMethod = 'resolveCluster' | 'listTopics' | 'describeTopic';

/** An in-memory {@link ClusterDirectory}: clusters and their topics, with call counts and faults. */
export class InMemoryClusterDirectory implements ClusterDirectory {
  readonly faults = new Faults<ClusterDirectoryMethod>();
  private readonly clusters = new Map<string, ClusterInfo>();
  private readonly topics = new Map<string, Map<string, TopicDetails>>();

  /** Adds (or replaces) a cluster, keeping its topics. */
  addCluster(cluster: ClusterInfo): this {
    this.clusters.set(cluster.arn, cluster);
    if (!this.topics.has(cluster.arn)) this.topics.set(cluster.arn, new Map());
    return this;
  }

  /** Adds or replaces a topic. */
  putTopic(clusterArn: string, topic: TopicDetails): this {
    const topics = this.topics.get(clusterArn);
    if (!topics) throw new Error(`no cluster ${clusterArn}`);
    topics.set(topic.name, topic);
    return this;
  }

  removeTopic(clusterArn: string, name: string): this {
    this.topics.get(clusterArn)?.delete(name);
    return this;
  }

  topicNames(clusterArn: string): string[] {
    return [...(this.topics.get(clusterArn)?.keys() ?? [])].sort();
  }

  async resolveCluster(ref: {
    readonly clusterName?: string;
    readonly clusterArn?: string;
  }): Promise<ClusterInfo> {
    this.faults.check('resolveCluster', [ref]);
    const found = ref.clusterArn
      ? this.clusters.get(ref.clusterArn)
      : [...this.clusters.values()].find((c) => c.name === ref.clusterName);
    if (!found) {
      throw new SourceNotFoundError(`no MSK cluster ${ref.clusterArn ?? ref.clusterName}`, {
        context: { cluster: ref.clusterArn ?? ref.clusterName },
      });
    }
    return found;
  }

  async listTopics(clusterArn: string): Promise<TopicInfo[]> {
    this.faults.check('listTopics', [clusterArn]);
    const topics = this.topics.get(clusterArn);
    if (!topics) throw new SourceNotFoundError(`no MSK cluster ${clusterArn}`);
    return [...topics.values()].map(({ name, partitions, replicationFactor }) => ({
      name,
      ...(partitions === undefined ? {} : { partitions }),
      ...(replicationFactor === undefined ? {} : { replicationFactor }),
    }));
  }

  async describeTopic(clusterArn: string, topic: string): Promise<TopicDetails | undefined> {
    this.faults.check('describeTopic', [clusterArn, topic]);
    return this.topics.get(clusterArn)?.get(topic);
  }
}
