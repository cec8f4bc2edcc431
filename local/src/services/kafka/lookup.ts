import type { CallerIdentity } from '../../cloud/types.ts';
import { badRequest, notFound } from './errors.ts';
import type { ClusterRecord, KafkaState, TopicRecord } from './state.ts';

/**
 * Page size when the request has no `MaxResults`. AWS documents no default for ListClustersV2 and
 * ListTopics; a small page surfaces callers that do not paginate.
 */
export const DEFAULT_PAGE_SIZE = 10;

/**
 * A cluster UUID as MSK writes it: a UUID plus a `-N` suffix (`abcd1234-...-1234abcd5678-2`). The
 * suffix is derived from the UUID so that it is stable.
 */
export function clusterUuid(id: string): string {
  const suffix = (Number.parseInt(id.replace(/-/gu, '').slice(-2), 16) % 25) + 1;
  return `${id}-${Number.isNaN(suffix) ? 1 : suffix}`;
}

/** An opaque version string in MSK's style (`K` + 13 upper-case alphanumerics). */
export function opaqueVersion(id: string): string {
  return `K${id.replace(/-/gu, '').slice(0, 13).toUpperCase()}`;
}

/** `arn:aws:kafka:<region>:<account>:cluster/<clusterName>/<clusterUuid>`. */
export function clusterArn(caller: CallerIdentity, name: string, uuid: string): string {
  return `arn:aws:kafka:${caller.region}:${caller.account}:cluster/${name}/${uuid}`;
}

/** `arn:aws:kafka:<region>:<account>:topic/<clusterName>/<clusterUuid>/<topicName>`. */
export function topicArn(cluster: ClusterRecord, topicName: string): string {
  return cluster.arn.replace(':cluster/', ':topic/').concat(`/${topicName}`);
}

const CLUSTER_ARN = /^arn:aws(?:-[a-z-]+)?:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/u;

/**
 * The cluster with this ARN.
 * @throws BadRequestException for a malformed ARN; NotFoundException (`clusterArn`) for an unknown one.
 */
export function findCluster(state: KafkaState, arn: string): ClusterRecord {
  if (!CLUSTER_ARN.test(arn)) throw badRequest(`The cluster ARN is not valid: ${arn}`, 'clusterArn');
  const cluster = state.clusters[arn];
  if (!cluster) throw notFound(`The cluster ${arn} does not exist.`, 'clusterArn');
  return cluster;
}

/**
 * The topic of `cluster` with this name.
 * @throws NotFoundException (`topicName`) when the cluster has no such topic.
 */
export function findTopic(cluster: ClusterRecord, name: string): TopicRecord {
  const topic = cluster.topics[name];
  if (!topic) throw notFound(`The topic ${name} does not exist in cluster ${cluster.name}.`, 'topicName');
  return topic;
}
