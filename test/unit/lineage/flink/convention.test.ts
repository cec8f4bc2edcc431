import { describe, expect, it } from 'vitest';
import { declaredLineage } from '../../../../lineage/src/flink/convention.ts';
import { FlinkLineageConventionError } from '../../../../lineage/src/flink/errors.ts';
import type { PropertyGroup } from '../../../../lineage/src/flink/ports.ts';

const BROKERS =
  'b-1.orders.abc.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.orders.abc.c2.kafka.eu-west-1.amazonaws.com:9098';

function group(id: string, properties: Record<string, string>): PropertyGroup {
  return { id, properties };
}

function conventionError(groups: PropertyGroup[], options = {}): FlinkLineageConventionError {
  try {
    declaredLineage('orders-enricher', groups, options);
  } catch (error) {
    if (error instanceof FlinkLineageConventionError) return error;
    throw error;
  }
  throw new Error('expected FlinkLineageConventionError');
}

describe('declaredLineage', () => {
  it('reads inputs and outputs of the lineage group with shared bootstrap servers', () => {
    // Act
    const lineage = declaredLineage('orders-enricher', [
      group('streamgov.lineage', {
        'bootstrap.servers': BROKERS,
        'input.topics': 'orders, payments',
        'output.topics': 'orders-enriched',
      }),
    ]);

    // Assess
    expect(lineage?.topics.map((t) => `${t.direction}:${t.topic}`)).toEqual([
      'input:orders',
      'input:payments',
      'output:orders-enriched',
    ]);
    expect(lineage?.topics[0]?.bootstrapServers).toEqual(BROKERS.split(','));
    expect(lineage?.groups).toEqual(['streamgov.lineage']);
  });

  it('takes per-direction bootstrap servers, strips scheme prefixes and lower-cases hosts', () => {
    // Act
    const lineage = declaredLineage('orders-enricher', [
      group('streamgov.lineage', {
        'bootstrap.servers': 'SASL_SSL://B-1.Orders.example:9096',
        'input.topics': 'orders',
        'output.bootstrap.servers': 'sink.example:9092',
        'output.topics': 'alerts',
        'job.namespace': 'flink-jobs',
        'job.name': 'enricher',
      }),
    ]);

    // Assess
    expect(lineage?.topics.map((t) => t.bootstrapServers)).toEqual([
      ['b-1.orders.example:9096'],
      ['sink.example:9092'],
    ]);
    expect(lineage?.job).toEqual({ namespace: 'flink-jobs', name: 'enricher' });
  });

  it('reads Kafka source and sink groups by id or by lineage.direction, and reports the ones it cannot place', () => {
    // Act
    const lineage = declaredLineage('orders-enricher', [
      group('Input0', { 'bootstrap.servers': BROKERS, topic: 'orders', 'group.id': 'enricher' }),
      group('KafkaSink', { 'bootstrap.servers': BROKERS, topic: 'orders-enriched' }),
      group('audit', {
        'bootstrap.servers': BROKERS,
        topics: 'audit-a,audit-b',
        'lineage.direction': 'output',
      }),
      group('mirror', { 'bootstrap.servers': BROKERS, topic: 'mirror' }),
      group('app', { 'window.seconds': '60' }),
    ]);

    // Assess
    expect(lineage?.topics.map((t) => `${t.direction}:${t.topic}:${t.propertyGroupId}`)).toEqual([
      'input:orders:Input0',
      'output:orders-enriched:KafkaSink',
      'output:audit-a:audit',
      'output:audit-b:audit',
    ]);
    expect(lineage?.skipped).toEqual([
      { propertyGroupId: 'mirror', reason: expect.stringContaining('lineage.direction=input or output') },
    ]);
  });

  it('ignores Kafka groups when readKafkaGroups is false, and uses a configured group id', () => {
    // Act
    const lineage = declaredLineage(
      'orders-enricher',
      [
        group('Input0', { 'bootstrap.servers': BROKERS, topic: 'orders' }),
        group('lineage', { 'bootstrap.servers': BROKERS, 'output.topics': 'alerts' }),
      ],
      { propertyGroupId: 'lineage', readKafkaGroups: false },
    );

    // Assess
    expect(lineage?.topics.map((t) => t.topic)).toEqual(['alerts']);
  });

  it('returns undefined for an application that declares nothing', () => {
    expect(declaredLineage('orders-enricher', [group('app', { 'window.seconds': '60' })])).toBeUndefined();
  });

  it.each([
    [
      'an unknown key',
      { 'bootstrap.servers': BROKERS, 'input.topic': 'orders' },
      'input.topic',
      /not a key of the lineage convention/,
    ],
    [
      'an empty list item',
      { 'bootstrap.servers': BROKERS, 'input.topics': 'orders,,payments' },
      'input.topics',
      /empty item/,
    ],
    [
      'a server without a port',
      { 'bootstrap.servers': 'broker.example', 'input.topics': 'orders' },
      'bootstrap.servers',
      /"broker.example", which is not a host:port/,
    ],
    [
      'a port out of range',
      { 'bootstrap.servers': 'broker.example:70000', 'input.topics': 'orders' },
      'bootstrap.servers',
      /not a host:port/,
    ],
    [
      'a bad own server',
      { 'bootstrap.servers': BROKERS, 'output.bootstrap.servers': 'x', 'output.topics': 'a' },
      'output.bootstrap.servers',
      /not a host:port/,
    ],
    [
      'an invalid topic name',
      { 'bootstrap.servers': BROKERS, 'output.topics': 'orders/enriched' },
      'output.topics',
      /not a Kafka topic name/,
    ],
    ['topics without servers', { 'input.topics': 'orders' }, 'bootstrap.servers', /is missing/],
    ['no topic at all', { 'bootstrap.servers': BROKERS }, 'input.topics/output.topics', /at least one topic/],
    [
      'a job name with spaces',
      { 'bootstrap.servers': BROKERS, 'input.topics': 'orders', 'job.name': 'my job' },
      'job.name',
      /without spaces/,
    ],
  ])(
    'throws FlinkLineageConventionError for %s, naming the group and the key',
    (_case, properties, key, reason) => {
      // Act
      const error = conventionError([group('streamgov.lineage', properties)]);

      // Assess
      expect(error.propertyGroupId).toBe('streamgov.lineage');
      expect(error.key).toBe(key);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain('orders-enricher');
    },
  );

  it('throws FlinkLineageConventionError for a bad lineage.direction or a bad topic in a Kafka group', () => {
    // Act
    const direction = conventionError([
      group('mirror', { 'bootstrap.servers': BROKERS, topic: 'm', 'lineage.direction': 'both' }),
    ]);
    const topic = conventionError([group('Output0', { 'bootstrap.servers': BROKERS, topic: 'bad topic' })]);

    // Assess
    expect([direction.propertyGroupId, direction.key]).toEqual(['mirror', 'lineage.direction']);
    expect([topic.propertyGroupId, topic.key]).toEqual(['Output0', 'topic']);
  });
});
