/**
 * The broker → canonical namespace map of the lineage emitters (the ingest endpoint, the Flink lifecycle
 * emitter): the clusters of the configured sources, read through asset-types' {@link MskClusters} with
 * each source's read role assumed, and reused for a while (clusters and their brokers rarely change).
 *
 * @module
 */
import { type ClusterSource, MskClusters } from '../../asset-types/src/adapters/msk-clusters.ts';
import { ClusterNotFoundError } from '../../asset-types/src/errors.ts';
import { assumeRoleCredentials } from '../../common/src/assume-role.ts';
import type { ClientFactory } from '../../common/src/clients.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import type { Log } from '../../common/src/logger.ts';
import { KafkaNamespaceResolver, type KnownCluster } from './naming.ts';

/**
 * Reads one source's cluster with its bootstrap brokers.
 * @throws ClusterNotFoundError when the cluster does not exist; other named errors when it cannot be read.
 */
export type ClusterLookup = (source: ClusterSource) => Promise<KnownCluster>;

/** Where the broker → canonical namespace map comes from (the configured clusters). */
export interface NamespaceResolverSource {
  /**
   * The resolver for the configured clusters (cached by the implementation).
   * @throws a named error when the clusters cannot be read now.
   */
  resolver(): Promise<KafkaNamespaceResolver>;
}

/** Options of {@link CachedNamespaceResolver}. */
export interface CachedNamespaceResolverOptions {
  readonly sources: readonly ClusterSource[];
  readonly lookup: ClusterLookup;
  /**
   * How long a resolver is reused, in milliseconds (0: read the clusters on every call).
   * @default Number.POSITIVE_INFINITY (read once, reused for the life of the function instance)
   */
  readonly ttlMs?: number;
  readonly log: Log;
  /** @default Date.now */
  readonly now?: () => number;
}

function sourceKey(source: ClusterSource): string {
  return `${source.readRoleArn ?? ''}|${source.clusterArn ?? `name:${source.clusterName ?? ''}`}`;
}

/**
 * A {@link NamespaceResolverSource} over the configured sources, each cluster read once per `ttlMs`
 * (callers arriving while the clusters are read share that one read). A source whose cluster does not
 * exist is skipped with a warning (its namespaces pass through unchanged); any other failure is thrown
 * and nothing is cached, so the next call tries again.
 */
export class CachedNamespaceResolver implements NamespaceResolverSource {
  private cached: { readonly resolver: KafkaNamespaceResolver; readonly at: number } | undefined;
  private loading: Promise<KafkaNamespaceResolver> | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  /** @throws InvalidInputError when `ttlMs` is negative or not a number. */
  constructor(private readonly options: CachedNamespaceResolverOptions) {
    this.ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(this.ttlMs) || this.ttlMs < 0) {
      throw new InvalidInputError('ttlMs', options.ttlMs, 'must be 0 or more milliseconds');
    }
    this.now = options.now ?? Date.now;
  }

  /** @throws whatever the lookup throws (TransientAwsError, AwsCallError, …), except ClusterNotFoundError. */
  async resolver(): Promise<KafkaNamespaceResolver> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.resolver;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<KafkaNamespaceResolver> {
    const unique = new Map(this.options.sources.map((s) => [sourceKey(s), s]));
    const clusters: KnownCluster[] = [];
    // One source after the other: sources sharing a read role then share one AssumeRole.
    for (const source of unique.values()) {
      try {
        clusters.push(await this.options.lookup(source));
      } catch (error) {
        if (!(error instanceof ClusterNotFoundError)) throw error;
        this.options.log.warn(
          'A configured cluster does not exist; its Kafka namespaces pass through unchanged',
          { clusterName: source.clusterName, clusterArn: source.clusterArn, error },
        );
      }
    }
    const resolver = KafkaNamespaceResolver.fromClusters([
      ...new Map(clusters.map((c) => [c.clusterArn, c])).values(),
    ]);
    this.cached = { resolver, at: this.now() };
    this.options.log.debug('Kafka clusters read for namespace canonicalisation', {
      clusters: clusters.length,
    });
    return resolver;
  }
}

/**
 * A {@link ClusterLookup} on AWS: one {@link MskClusters} per read role, whose client acts with the
 * source's `readRoleArn` assumed (session `sessionName`), or with the factory's identity when the source
 * has none. Built once per function instance; clients and assumed credentials are reused.
 * @param factory client factory of the function's identity (its STS client assumes the read roles).
 * @param sessionName role session name, visible in the cluster account's CloudTrail.
 * @param log where the adapters log.
 * @returns the lookup; it throws ClusterNotFoundError for a missing cluster, InvalidInputError for a
 * malformed reference, TransientAwsError / AwsCallError when STS or MSK fail.
 * @example
 * const lookup = clusterLookup(factory, 'streamgov-lineage-ingest', log);
 * const namespaces = new CachedNamespaceResolver({ sources, lookup, ttlMs: 600_000, log });
 */
export function clusterLookup(factory: ClientFactory, sessionName: string, log: Log): ClusterLookup {
  const byRole = new Map<string, MskClusters>();
  const clustersFor = (readRoleArn: string | undefined): MskClusters => {
    const key = readRoleArn ?? '';
    const known = byRole.get(key);
    if (known) return known;
    const clients = readRoleArn
      ? factory.withCredentials(assumeRoleCredentials(factory.sts(), readRoleArn, sessionName))
      : factory;
    const clusters = new MskClusters({ client: clients.kafka(), log });
    byRole.set(key, clusters);
    return clusters;
  };
  return async (source) => {
    const cluster = await clustersFor(source.readRoleArn).resolveCluster(source);
    return { clusterArn: cluster.arn, brokers: cluster.brokers };
  };
}
