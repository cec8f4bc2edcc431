import { describe, expect, it } from 'vitest';
import {
  canonicalEndpoint,
  clusterEndpoints,
  topicIdentity,
} from '../../../asset-types/src/topic-identity.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';

const CLUSTER =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/0f3a9c2e-1111-2222-3333-444455556666-3';
const brokers = {
  BootstrapBrokerStringSaslIam:
    'b-2.streamingorders.x1y2z3.c3.kafka.eu-west-1.amazonaws.com:9098,b-1.streamingorders.x1y2z3.c3.kafka.eu-west-1.amazonaws.com:9098',
  BootstrapBrokerStringTls: 'b-1.streamingorders.x1y2z3.c3.kafka.eu-west-1.amazonaws.com:9094',
};

describe('topic identity', () => {
  it('picks one canonical endpoint per cluster whatever the broker order', () => {
    const reversed = {
      ...brokers,
      BootstrapBrokerStringSaslIam: brokers.BootstrapBrokerStringSaslIam.split(',').reverse().join(','),
    };
    expect(canonicalEndpoint(brokers)).toBe(
      'b-1.streamingorders.x1y2z3.c3.kafka.eu-west-1.amazonaws.com:9098',
    );
    expect(canonicalEndpoint(reversed)).toBe(canonicalEndpoint(brokers));
  });

  it('falls back to other listeners and lists every endpoint', () => {
    expect(canonicalEndpoint({ BootstrapBrokerStringTls: 'B-3.X:9094' })).toBe('b-3.x:9094');
    expect(clusterEndpoints(brokers)).toHaveLength(3);
    expect(() => canonicalEndpoint({}, CLUSTER)).toThrow(InvalidInputError);
  });

  it('derives ARN, lineage namespace and sourceIdentifier in one place (OpenLineage Kafka naming)', () => {
    const identity = topicIdentity(CLUSTER, 'orders', canonicalEndpoint(brokers));
    expect(identity.topicArn).toBe(
      'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/0f3a9c2e-1111-2222-3333-444455556666-3/orders',
    );
    expect(identity.lineageNamespace).toBe(
      'kafka://b-1.streamingorders.x1y2z3.c3.kafka.eu-west-1.amazonaws.com:9098',
    );
    expect(identity.sourceIdentifier).toBe(`${identity.lineageNamespace}/orders`);
  });

  it('refuses topic names and endpoints that would inject into ARNs or identifiers', () => {
    expect(() => topicIdentity(CLUSTER, 'orders/*', 'h:1')).toThrow(/Kafka topic name/);
    expect(() => topicIdentity(CLUSTER, 'orders', 'kafka://h:1')).toThrow(/host:port/);
  });
});
