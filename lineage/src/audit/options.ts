/**
 * Parsing of the audit view's inputs: `CLUSTER/TOPIC`, the output format, the depth, and the catalog
 * source a cluster reference names. Pure; bad input throws InvalidInputError naming the value.
 *
 * @module
 */
import { parseMskClusterArn, TOPIC_NAME } from '../../../common/src/arns.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { MAX_DEPTH } from './traverse.ts';

/** The output formats of the audit view. */
export const LINEAGE_FORMATS = ['text', 'json', 'mermaid'] as const;
export type LineageFormat = (typeof LINEAGE_FORMATS)[number];

/** A topic by cluster (name or cluster ARN) and topic name. */
export interface TopicRef {
  readonly cluster: string;
  readonly topic: string;
}

/** A catalog source's cluster reference (the config file's `catalog.sources[]`). */
export interface ClusterSourceRef {
  readonly clusterName?: string;
  readonly clusterArn?: string;
}

/**
 * Parses `CLUSTER/TOPIC`, where CLUSTER is a cluster name or a cluster ARN (which contains `/` itself):
 * the topic is what follows the last `/`.
 * @throws InvalidInputError when either part is missing or malformed.
 */
export function parseTopicRef(value: string): TopicRef {
  const slash = value.lastIndexOf('/');
  const cluster = slash === -1 ? '' : value.slice(0, slash);
  const topic = slash === -1 ? '' : value.slice(slash + 1);
  if (cluster === '' || topic === '') {
    throw new InvalidInputError(
      '--topic',
      value,
      'must be CLUSTER/TOPIC (a cluster name or ARN, then the topic)',
    );
  }
  if (!TOPIC_NAME.test(topic)) {
    throw new InvalidInputError(
      '--topic',
      value,
      `the topic ${JSON.stringify(topic)} must match ${TOPIC_NAME.source}`,
    );
  }
  if (cluster.startsWith('arn:')) parseMskClusterArn(cluster, '--topic');
  return { cluster, topic };
}

/**
 * The output format; undefined means text.
 * @throws InvalidInputError for anything but text, json and mermaid.
 */
export function parseFormat(value: string | undefined): LineageFormat {
  if (value === undefined) return 'text';
  const format = LINEAGE_FORMATS.find((f) => f === value);
  if (!format) throw new InvalidInputError('--format', value, `must be one of ${LINEAGE_FORMATS.join(', ')}`);
  return format;
}

/**
 * The depth (steps followed each way); undefined means the default.
 * @throws InvalidInputError unless a whole number from 1 to MAX_DEPTH.
 */
export function parseDepth(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const depth = /^\d+$/u.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new InvalidInputError('--depth', value, `must be a whole number from 1 to ${MAX_DEPTH}`);
  }
  return depth;
}

function clusterNameOf(source: ClusterSourceRef): string | undefined {
  return (
    source.clusterName ?? (source.clusterArn ? parseMskClusterArn(source.clusterArn).clusterName : undefined)
  );
}

/**
 * The configured catalog source of a cluster reference: by cluster name, or by cluster ARN (a source
 * configured by ARN, or by the name the ARN carries).
 * @returns The source, or undefined when no configured source matches.
 */
export function findCatalogSource<S extends ClusterSourceRef>(
  sources: readonly S[],
  cluster: string,
): S | undefined {
  if (cluster.startsWith('arn:')) {
    const name = parseMskClusterArn(cluster, '--topic').clusterName;
    return (
      sources.find((s) => s.clusterArn === cluster) ??
      sources.find((s) => s.clusterArn === undefined && s.clusterName === name)
    );
  }
  return sources.find((s) => clusterNameOf(s) === cluster);
}
