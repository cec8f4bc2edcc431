/**
 * The broker → canonical namespace map of the ingest endpoint: the clusters of the configured catalog
 * sources, read once and reused for a while (clusters and their brokers rarely change).
 *
 * @module
 */
import type { Log } from '../../../common/src/logger.ts';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import { SourceNotFoundError } from '../../../datasource-lambda/src/errors.ts';
import { KafkaNamespaceResolver, type KnownCluster } from '../naming.ts';
import type { NamespaceResolverSource } from './ports.ts';

/** Reads one source's cluster with its bootstrap brokers (MSK, with the source's read role). */
export type ClusterLookup = (source: CatalogSource) => Promise<KnownCluster>;

/** Options of {@link CachedNamespaceResolver}. */
export interface CachedNamespaceResolverOptions {
  readonly sources: readonly CatalogSource[];
  readonly lookup: ClusterLookup;
  /** How long a resolver is reused, in milliseconds (0: read the clusters on every request). */
  readonly ttlMs: number;
  readonly log: Log;
  /** @default Date.now */
  readonly now?: () => number;
}

function sourceKey(source: CatalogSource): string {
  return `${source.readRoleArn ?? ''}|${source.clusterArn ?? `name:${source.clusterName ?? ''}`}`;
}

/**
 * A {@link NamespaceResolverSource} over the configured sources, each cluster read once per `ttlMs`.
 * A source whose cluster no longer exists is skipped with a warning (its namespaces pass through);
 * any other failure is thrown and nothing is cached, so the next request tries again.
 */
export class CachedNamespaceResolver implements NamespaceResolverSource {
  private cached: { readonly resolver: KafkaNamespaceResolver; readonly at: number } | undefined;
  private loading: Promise<KafkaNamespaceResolver> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: CachedNamespaceResolverOptions) {
    this.now = options.now ?? Date.now;
  }

  /** @throws whatever the lookup throws (TransientAwsError, AwsCallError), except SourceNotFoundError. */
  async resolver(): Promise<KafkaNamespaceResolver> {
    if (this.cached && this.now() - this.cached.at < this.options.ttlMs) return this.cached.resolver;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<KafkaNamespaceResolver> {
    const unique = new Map(this.options.sources.map((s) => [sourceKey(s), s]));
    const clusters: KnownCluster[] = [];
    for (const source of unique.values()) {
      try {
        clusters.push(await this.options.lookup(source));
      } catch (error) {
        if (!(error instanceof SourceNotFoundError)) throw error;
        this.options.log.warn(
          'A configured cluster does not exist; its Kafka namespaces pass through unchanged',
          {
            clusterName: source.clusterName,
            clusterArn: source.clusterArn,
            error,
          },
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
