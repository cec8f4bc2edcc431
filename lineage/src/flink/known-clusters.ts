/**
 * The clusters the emitter canonicalises bootstrap servers to: those of the configured catalog sources,
 * each resolved once (by name or ARN, with its bootstrap brokers) through the catalog sync's own MSK
 * adapter. Cached for the life of the function instance.
 *
 * @module
 */
import type { BootstrapBrokers } from '../../../asset-types/src/topic-identity.ts';
import type { Log } from '../../../common/src/logger.ts';
import { KafkaNamespaceResolver } from '../naming.ts';

/** A catalog source's cluster reference (datasource-lambda's CatalogSource has these members). */
export interface ClusterSourceRef {
  readonly clusterName?: string;
  readonly clusterArn?: string;
  readonly readRoleArn?: string;
}

/** Resolves one source's cluster (datasource-lambda's KafkaClusterDirectory.resolveCluster). */
export type ResolveCluster = (
  source: ClusterSourceRef,
) => Promise<{ readonly arn: string; readonly brokers: BootstrapBrokers }>;

/**
 * A resolver built on first use from the sources' clusters, then reused. A failed lookup is not cached:
 * the next event tries again.
 * @throws whatever `resolveCluster` throws (SourceNotFoundError, TransientAwsError, …): an event is
 * never reported with namespaces that a missing cluster would have canonicalised.
 */
export function cachedResolver(options: {
  readonly sources: readonly ClusterSourceRef[];
  readonly resolveCluster: ResolveCluster;
  readonly log: Log;
}): () => Promise<KafkaNamespaceResolver> {
  let built: Promise<KafkaNamespaceResolver> | undefined;
  return () => {
    if (!built) {
      built = (async () => {
        const clusters = await Promise.all(options.sources.map((source) => options.resolveCluster(source)));
        const unique = [...new Map(clusters.map((c) => [c.arn, c])).values()];
        options.log.debug('known clusters resolved', { clusters: unique.map((c) => c.arn) });
        return KafkaNamespaceResolver.fromClusters(
          unique.map((c) => ({ clusterArn: c.arn, brokers: c.brokers })),
        );
      })();
      built.catch(() => {
        built = undefined;
      });
    }
    return built;
  };
}
