/**
 * Reading an MSK cluster's identity and endpoints: the cluster a catalog source names (by ARN or by exact
 * name), its type and its bootstrap brokers, the input of the topic identity (`../topic-identity.ts`).
 * Shared by the catalog sync and the lineage emitters, so that both see a cluster the same way.
 *
 * @module
 */
import {
  type Cluster,
  DescribeClusterV2Command,
  GetBootstrapBrokersCommand,
  type KafkaClient,
  paginateListClustersV2,
} from '@aws-sdk/client-kafka';
import { CLUSTER_NAME, parseMskClusterArn } from '../../../common/src/arns.ts';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { ClusterNotFoundError } from '../errors.ts';
import { type BootstrapBrokers, BROKER_LISTENERS } from '../topic-identity.ts';

/** A reference to an MSK cluster: by ARN, by name, or both (the ARN wins; the name must then match). */
export interface ClusterRef {
  readonly clusterName?: string;
  readonly clusterArn?: string;
}

/** A cluster reference with the role to assume in the cluster's account to read it (cross-account). */
export interface ClusterSource extends ClusterRef {
  /** A role in the cluster's account that is assumed to read MSK. Absent: the caller's own identity. */
  readonly readRoleArn?: string;
}

/** MSK's cluster types. */
export type ClusterType = 'PROVISIONED' | 'SERVERLESS';

/** A resolved MSK cluster with its bootstrap brokers (every listener MSK reports). */
export interface MskCluster {
  readonly arn: string;
  readonly name: string;
  readonly type: ClusterType;
  readonly brokers: BootstrapBrokers;
}

/** Options of {@link MskClusters}. */
export interface MskClustersOptions {
  /** A client of the account and Region that own the clusters (from common's ClientFactory). */
  readonly client: KafkaClient;
  readonly log: Log;
}

const isNotFound = (error: unknown): boolean => error instanceof Error && error.name === 'NotFoundException';

function clusterType(value: string | undefined, arn: string): ClusterType {
  if (value === 'PROVISIONED' || value === 'SERVERLESS') return value;
  throw new InvalidInputError('clusterType', value, `unknown type of cluster ${arn}`);
}

/**
 * MSK clusters by name or ARN, with their bootstrap brokers. Every list is read to its last page; SDK
 * errors become `TransientAwsError` (throttling, 5xx) or `AwsCallError`, a missing cluster
 * `ClusterNotFoundError`.
 * @example
 * const clusters = new MskClusters({ client: factory.kafka(), log });
 * const { arn, brokers } = await clusters.resolveCluster({ clusterName: 'streaming-orders' });
 */
export class MskClusters {
  private readonly client: KafkaClient;
  private readonly log: Log;

  constructor(options: MskClustersOptions) {
    this.client = options.client;
    this.log = options.log;
  }

  /**
   * The cluster with `clusterArn` (DescribeClusterV2) or named `clusterName` (ListClustersV2, whose name
   * filter is a prefix: every page is read and the exact name picked); ARN wins when both are given and
   * must then carry the same name.
   * @param ref the cluster's ARN or name.
   * @returns the cluster with its type and bootstrap brokers (GetBootstrapBrokers).
   * @throws InvalidInputError for a malformed or missing reference, a name matching several clusters or
   * a name that does not match the ARN; ClusterNotFoundError when there is no such cluster;
   * TransientAwsError / AwsCallError when MSK fails.
   */
  async resolveCluster(ref: ClusterRef): Promise<MskCluster> {
    const cluster = ref.clusterArn
      ? await this.describeCluster(ref.clusterArn, ref.clusterName)
      : await this.findByName(ref.clusterName);
    const arn = cluster.ClusterArn ?? '';
    const resolved: MskCluster = {
      arn,
      name: cluster.ClusterName ?? '',
      type: clusterType(cluster.ClusterType, arn),
      brokers: await this.bootstrapBrokers(arn),
    };
    this.log.debug('resolved MSK cluster', { clusterArn: arn, clusterType: resolved.type });
    return resolved;
  }

  private async describeCluster(clusterArn: string, expectedName: string | undefined): Promise<Cluster> {
    parseMskClusterArn(clusterArn);
    let cluster: Cluster | undefined;
    try {
      cluster = (await this.client.send(new DescribeClusterV2Command({ ClusterArn: clusterArn })))
        .ClusterInfo;
    } catch (error) {
      if (isNotFound(error)) throw notFound(clusterArn, error);
      throw translateAwsError(error, `kafka:DescribeClusterV2 ${clusterArn}`, { clusterArn });
    }
    if (!cluster?.ClusterArn) throw notFound(clusterArn);
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
      throw new ClusterNotFoundError(`MSK cluster named ${clusterName} does not exist`, {
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
      if (isNotFound(error)) throw notFound(clusterArn, error);
      throw translateAwsError(error, `kafka:GetBootstrapBrokers ${clusterArn}`, { clusterArn });
    }
  }
}

function notFound(clusterArn: string, cause?: unknown): ClusterNotFoundError {
  return new ClusterNotFoundError(`MSK cluster ${clusterArn} does not exist`, {
    ...(cause === undefined ? {} : { cause }),
    context: { clusterArn },
  });
}
