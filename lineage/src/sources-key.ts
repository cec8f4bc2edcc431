/**
 * The catalog sources in a lineage function's environment (the ingest endpoint and the Flink lifecycle
 * function read the same list): their clusters' brokers map Kafka namespaces to the topic assets'.
 *
 * @module
 */
import type { ClusterSource } from '../../asset-types/src/adapters/msk-clusters.ts';
import { jsonKey, type KeySpec } from '../../common/src/config.ts';
import { isJsonObject } from '../../common/src/json.ts';

/** A JSON array of catalog sources, each naming its cluster (clusterName or clusterArn); default none. */
export function clusterSourcesKey(): KeySpec<ClusterSource[]> {
  return jsonKey<ClusterSource[]>(
    (v) =>
      Array.isArray(v) &&
      v.every(
        (s) => isJsonObject(s) && (typeof s.clusterName === 'string' || typeof s.clusterArn === 'string'),
      )
        ? []
        : ['must be a JSON array of catalog sources, each with clusterName or clusterArn'],
    [],
  );
}
