import type { GetBootstrapBrokersRequest, GetBootstrapBrokersResponse } from '@aws-sdk/client-kafka';
import type { CallContext } from '../../cloud/types.ts';
import { required, str, validated } from '../../cloud/validate.ts';
import { findCluster } from './lookup.ts';
import type { ClusterRecord, KafkaState } from './state.ts';

type Ctx = CallContext<KafkaState>;

/** MSK's broker ports per listener. */
export const BROKER_PORTS = { plaintext: 9092, tls: 9094, saslScram: 9096, saslIam: 9098 } as const;

function hex(cluster: ClusterRecord): string {
  return cluster.uuid.replace(/-/gu, '').toLowerCase();
}

function region(cluster: ClusterRecord): string {
  return cluster.arn.split(':')[3] ?? '';
}

/** Host names of a provisioned cluster's brokers: `b-<n>.<name>.<6 chars>.c2.kafka.<region>.amazonaws.com`. */
function brokerHosts(cluster: ClusterRecord): string[] {
  const count = cluster.provisioned?.NumberOfBrokerNodes ?? 0;
  const label = `${cluster.name.toLowerCase()}.${hex(cluster).slice(0, 6)}.c2.kafka.${region(cluster)}.amazonaws.com`;
  return Array.from({ length: count }, (_, i) => `b-${i + 1}.${label}`);
}

function withPort(hosts: readonly string[], port: number): string {
  return hosts.map((host) => `${host}:${port}`).join(',');
}

/**
 * Bootstrap broker strings, one per enabled listener, with host names derived from the cluster UUID
 * (stable across calls). Provisioned: plaintext (9092) for unauthenticated access when in-transit
 * encryption allows plaintext, TLS (9094) for TLS or unauthenticated-over-TLS access, SASL/SCRAM
 * (9096), SASL/IAM (9098). Serverless: one SASL/IAM endpoint
 * `boot-<8 chars>.c2.kafka-serverless.<region>.amazonaws.com:9098`.
 */
export function bootstrapBrokers(cluster: ClusterRecord): GetBootstrapBrokersResponse {
  if (cluster.type === 'SERVERLESS') {
    const host = `boot-${hex(cluster).slice(0, 8)}.c2.kafka-serverless.${region(cluster)}.amazonaws.com`;
    return { BootstrapBrokerStringSaslIam: `${host}:${BROKER_PORTS.saslIam}` };
  }
  const hosts = brokerHosts(cluster);
  const auth = cluster.provisioned?.ClientAuthentication;
  const clientBroker = cluster.provisioned?.EncryptionInfo?.EncryptionInTransit?.ClientBroker ?? 'TLS';
  const unauthenticated = auth === undefined || auth.Unauthenticated?.Enabled === true;
  const plaintext = unauthenticated && clientBroker !== 'TLS';
  const tls = auth?.Tls?.Enabled === true || (unauthenticated && clientBroker !== 'PLAINTEXT');
  return {
    ...(plaintext ? { BootstrapBrokerString: withPort(hosts, BROKER_PORTS.plaintext) } : {}),
    ...(tls ? { BootstrapBrokerStringTls: withPort(hosts, BROKER_PORTS.tls) } : {}),
    ...(auth?.Sasl?.Scram?.Enabled
      ? { BootstrapBrokerStringSaslScram: withPort(hosts, BROKER_PORTS.saslScram) }
      : {}),
    ...(auth?.Sasl?.Iam?.Enabled
      ? { BootstrapBrokerStringSaslIam: withPort(hosts, BROKER_PORTS.saslIam) }
      : {}),
  };
}

const getBootstrapBrokers = validated(
  { ClusterArn: required(str()) },
  (input: GetBootstrapBrokersRequest, ctx: Ctx): GetBootstrapBrokersResponse =>
    bootstrapBrokers(findCluster(ctx.state, input.ClusterArn ?? '')),
);

/** GetBootstrapBrokers. */
export const bootstrapOperations = { GetBootstrapBrokers: getBootstrapBrokers };
