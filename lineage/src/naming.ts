/**
 * Kafka dataset naming per the OpenLineage naming spec (namespace `kafka://{host}:{port}`, name = topic),
 * canonicalised: every broker endpoint of a known MSK cluster maps to the cluster's one canonical
 * namespace, which is exactly the namespace of the topic assets' `sourceIdentifier`
 * (`asset-types/src/topic-identity.ts`). Unknown namespaces pass through unchanged.
 *
 * @module
 */
import {
  type BootstrapBrokers,
  canonicalEndpoint,
  clusterEndpoints,
  kafkaNamespace,
} from '../../asset-types/src/topic-identity.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import type {
  ColumnLineageDatasetFacet,
  Dataset,
  DatasetFacets,
  LineageEvent,
  SymlinksDatasetFacet,
} from './model.ts';

/** A cluster the resolver knows: its ARN and its GetBootstrapBrokers answer. */
export interface KnownCluster {
  readonly clusterArn: string;
  readonly brokers: BootstrapBrokers;
}

const KAFKA_SCHEME = /^kafka:\/\//iu;

/**
 * Broker host names of MSK provisioned clusters: `b-<n>.<cluster label>` (`b-<n>-public.` on public
 * endpoints). The label identifies the cluster, so a broker missing from a bootstrap string still maps.
 */
const BROKER_HOST = /^b-\d+(?:-public)?\.(.+)$/u;

function hostOf(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  return (colon === -1 ? endpoint : endpoint.slice(0, colon)).toLowerCase();
}

function clusterLabel(host: string): string | undefined {
  return BROKER_HOST.exec(host)?.[1];
}

/**
 * Maps Kafka namespaces to their cluster's canonical namespace. Built once from the known clusters
 * (pure: no client); a namespace may name one endpoint or a bootstrap list (`kafka://b-1:9098,b-2:9098`),
 * any broker, any listener port, any host case.
 * @example
 * const resolver = KafkaNamespaceResolver.fromClusters([{ clusterArn, brokers }]);
 * resolver.resolve('kafka://B-2.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9094');
 * // → 'kafka://b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'
 */
export class KafkaNamespaceResolver {
  private constructor(
    private readonly byHost: ReadonlyMap<string, string>,
    private readonly byLabel: ReadonlyMap<string, string>,
    private readonly byClusterArn: ReadonlyMap<string, string>,
  ) {}

  /**
   * @throws InvalidInputError when a cluster reports no broker, or two clusters share a broker host.
   */
  static fromClusters(clusters: readonly KnownCluster[]): KafkaNamespaceResolver {
    const byHost = new Map<string, string>();
    const byLabel = new Map<string, string>();
    const byClusterArn = new Map<string, string>();
    for (const cluster of clusters) {
      const canonical = kafkaNamespace(canonicalEndpoint(cluster.brokers, cluster.clusterArn));
      byClusterArn.set(cluster.clusterArn, canonical);
      for (const endpoint of clusterEndpoints(cluster.brokers)) {
        const host = hostOf(endpoint);
        const known = byHost.get(host);
        if (known !== undefined && known !== canonical) {
          throw new InvalidInputError(
            'brokers',
            host,
            `the broker belongs to two clusters (${known}, ${canonical})`,
          );
        }
        byHost.set(host, canonical);
        const label = clusterLabel(host);
        if (label !== undefined) byLabel.set(label, canonical);
      }
    }
    return new KafkaNamespaceResolver(byHost, byLabel, byClusterArn);
  }

  /** A resolver that knows no cluster: every namespace passes through. */
  static empty(): KafkaNamespaceResolver {
    return KafkaNamespaceResolver.fromClusters([]);
  }

  /**
   * The canonical namespace of a known cluster.
   * @throws InvalidInputError when the cluster is unknown to this resolver.
   */
  namespaceOfCluster(clusterArn: string): string {
    const namespace = this.byClusterArn.get(clusterArn);
    if (namespace === undefined) {
      throw new InvalidInputError(
        'clusterArn',
        clusterArn,
        'the cluster is not one the lineage resolver knows',
      );
    }
    return namespace;
  }

  /** The canonical cluster namespace of one `host[:port]` endpoint, if the host is known. */
  private clusterOf(endpoint: string): string | undefined {
    const host = hostOf(endpoint.trim());
    const label = clusterLabel(host);
    return this.byHost.get(host) ?? (label === undefined ? undefined : this.byLabel.get(label));
  }

  /**
   * The canonical namespace for `namespace` when it names endpoints of one known cluster; otherwise
   * `namespace` unchanged (not Kafka, unknown hosts, or endpoints of two different clusters).
   */
  resolve(namespace: string): string {
    if (!KAFKA_SCHEME.test(namespace)) return namespace;
    const authority = namespace.replace(KAFKA_SCHEME, '').replace(/\/+$/u, '');
    if (authority === '' || authority.includes('/')) return namespace;
    const clusters = new Set(
      authority
        .split(',')
        .filter((e) => e.trim() !== '')
        .map((e) => this.clusterOf(e))
        .filter((c): c is string => c !== undefined),
    );
    const [only] = clusters;
    return clusters.size === 1 && only !== undefined ? only : namespace;
  }
}

function canonicalFacets(facets: DatasetFacets, resolver: KafkaNamespaceResolver): DatasetFacets {
  const { symlinks, columnLineage } = facets;
  const next: Record<string, unknown> = { ...facets };
  if (symlinks?.identifiers) {
    next.symlinks = {
      ...symlinks,
      identifiers: symlinks.identifiers.map((id) => ({ ...id, namespace: resolver.resolve(id.namespace) })),
    } satisfies SymlinksDatasetFacet;
  }
  if (columnLineage?.fields) {
    const dataset = (columnLineage as { dataset?: unknown }).dataset;
    next.columnLineage = {
      ...columnLineage,
      fields: Object.fromEntries(
        Object.entries(columnLineage.fields).map(([column, mapping]) => [
          column,
          {
            ...mapping,
            inputFields: mapping.inputFields.map((f) => ({ ...f, namespace: resolver.resolve(f.namespace) })),
          },
        ]),
      ),
      // Facet version 1-2-0 adds dataset-level lineage with the same input-field shape.
      ...(Array.isArray(dataset)
        ? {
            dataset: dataset.map((f: { namespace?: unknown }) =>
              typeof f.namespace === 'string' ? { ...f, namespace: resolver.resolve(f.namespace) } : f,
            ),
          }
        : {}),
    } satisfies ColumnLineageDatasetFacet;
  }
  return next as DatasetFacets;
}

function canonicalDataset<D extends Dataset>(dataset: D, resolver: KafkaNamespaceResolver): D {
  return {
    ...dataset,
    namespace: resolver.resolve(dataset.namespace),
    ...(dataset.facets ? { facets: canonicalFacets(dataset.facets, resolver) } : {}),
  };
}

/**
 * Rewrites every Kafka dataset namespace of an event (inputs, outputs, a DatasetEvent's dataset, and the
 * namespaces inside their `symlinks` and `columnLineage` facets) to its cluster's canonical namespace.
 * Pure: returns a new event; idempotent; unknown namespaces are unchanged.
 */
export function canonicaliseEvent<E extends LineageEvent>(event: E, resolver: KafkaNamespaceResolver): E {
  const next: Record<string, unknown> = { ...event };
  if ('inputs' in event && event.inputs) next.inputs = event.inputs.map((d) => canonicalDataset(d, resolver));
  if ('outputs' in event && event.outputs)
    next.outputs = event.outputs.map((d) => canonicalDataset(d, resolver));
  if ('dataset' in event && event.dataset) next.dataset = canonicalDataset(event.dataset, resolver);
  return next as E;
}
