import { type MskClusterArn, mskTopicArn, parseMskClusterArn } from '../../common/src/arns.ts';
import { InvalidInputError } from '../../common/src/errors.ts';

/** MSK's GetBootstrapBrokers answer (the members streamgov reads; SDK names). */
export interface BootstrapBrokers {
  readonly BootstrapBrokerStringSaslIam?: string;
  readonly BootstrapBrokerStringTls?: string;
  readonly BootstrapBrokerStringSaslScram?: string;
  readonly BootstrapBrokerString?: string;
  readonly BootstrapBrokerStringPublicSaslIam?: string;
  readonly BootstrapBrokerStringPublicTls?: string;
  readonly BootstrapBrokerStringPublicSaslScram?: string;
  readonly BootstrapBrokerStringVpcConnectivitySaslIam?: string;
  readonly BootstrapBrokerStringVpcConnectivityTls?: string;
  readonly BootstrapBrokerStringVpcConnectivitySaslScram?: string;
}

/**
 * Every listener of a cluster, in preference for the canonical endpoint: IAM first (streamgov grants IAM
 * access), private before public.
 */
export const BROKER_LISTENERS: readonly (keyof BootstrapBrokers)[] = [
  'BootstrapBrokerStringSaslIam',
  'BootstrapBrokerStringTls',
  'BootstrapBrokerStringSaslScram',
  'BootstrapBrokerString',
  'BootstrapBrokerStringPublicSaslIam',
  'BootstrapBrokerStringPublicTls',
  'BootstrapBrokerStringPublicSaslScram',
  'BootstrapBrokerStringVpcConnectivitySaslIam',
  'BootstrapBrokerStringVpcConnectivityTls',
  'BootstrapBrokerStringVpcConnectivitySaslScram',
];

function endpoints(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => /^[a-z0-9.-]+:\d+$/.test(e));
}

/** Every broker `host:port` of a cluster, over all its listeners (any auth, private or public). */
export function clusterEndpoints(brokers: BootstrapBrokers): string[] {
  return [...new Set(BROKER_LISTENERS.flatMap((key) => endpoints(brokers[key])))].sort();
}

/**
 * The one canonical `host:port` of a cluster: the first broker (in sorted order, so the answer does not
 * depend on the order MSK lists them) of the most preferred listener. Every asset's sourceIdentifier and
 * every canonicalised lineage event uses it.
 * @throws InvalidInputError when the cluster reports no broker.
 */
export function canonicalEndpoint(brokers: BootstrapBrokers, clusterArn = 'cluster'): string {
  for (const key of BROKER_LISTENERS) {
    const first = endpoints(brokers[key]).sort()[0];
    if (first) return first;
  }
  throw new InvalidInputError('bootstrapBrokers', clusterArn, 'the cluster reports no bootstrap broker');
}

/** OpenLineage's Kafka dataset namespace: `kafka://{host}:{port}`. */
export function kafkaNamespace(endpoint: string): string {
  return `kafka://${endpoint}`;
}

/** The identity of one topic: everything derived from cluster ARN + topic name, in one place. */
export interface TopicIdentity {
  readonly cluster: MskClusterArn;
  readonly clusterArn: string;
  readonly topic: string;
  /** The MSK topic ARN; the DataZone asset's externalIdentifier. */
  readonly topicArn: string;
  /** `kafka://<canonical host:port>/<topic>`; the asset's AssetCommonDetailsForm.sourceIdentifier and the
   * lineage dataset node's sourceIdentifier (DataZone: `<namespace>/<name>`). */
  readonly sourceIdentifier: string;
  readonly lineageNamespace: string;
}

/**
 * Derives a topic's identity from its cluster ARN, topic name and the cluster's canonical endpoint.
 * @throws InvalidInputError for a malformed cluster ARN or topic name.
 */
export function topicIdentity(clusterArn: string, topic: string, canonical: string): TopicIdentity {
  const cluster = parseMskClusterArn(clusterArn);
  if (!/^[a-z0-9.-]+:\d+$/.test(canonical)) {
    throw new InvalidInputError('canonicalEndpoint', canonical, 'must be host:port');
  }
  const lineageNamespace = kafkaNamespace(canonical);
  return {
    cluster,
    clusterArn,
    topic,
    topicArn: mskTopicArn(cluster, topic),
    sourceIdentifier: `${lineageNamespace}/${topic}`,
    lineageNamespace,
  };
}
