import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BootstrapBrokers,
  canonicalEndpoint,
  topicIdentity,
} from '../../../asset-types/src/topic-identity.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import type { ColumnLineageDatasetFacet, DatasetEvent, RunEvent } from '../../../lineage/src/model.ts';
import { canonicaliseEvent, KafkaNamespaceResolver } from '../../../lineage/src/naming.ts';
import {
  FIXTURE_BROKERS,
  FIXTURE_CLUSTER_ARN,
  FIXTURE_NAMESPACE,
  fixture,
  runFixture,
} from '../../fixtures/openlineage/load.ts';

const LABEL = 'streaming-orders.a1b2c3.c2.kafka.eu-west-1.amazonaws.com';
const SERVERLESS_ARN =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-s1';
const SERVERLESS_BROKERS: BootstrapBrokers = {
  BootstrapBrokerStringSaslIam: 'boot-abcd1234.c2.kafka-serverless.eu-west-1.amazonaws.com:9098',
};
const OTHER_ARN =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/payments/9f8e7d6c-5b4a-3c2d-1e0f-abcdefabcdef-3';
const OTHER_BROKERS: BootstrapBrokers = {
  BootstrapBrokerStringSaslIam: 'b-1.payments.zz9yy8.c3.kafka.eu-west-1.amazonaws.com:9098',
};

const resolver = KafkaNamespaceResolver.fromClusters([
  { clusterArn: FIXTURE_CLUSTER_ARN, brokers: FIXTURE_BROKERS },
  { clusterArn: SERVERLESS_ARN, brokers: SERVERLESS_BROKERS },
  { clusterArn: OTHER_ARN, brokers: OTHER_BROKERS },
]);

describe('KafkaNamespaceResolver', () => {
  it('maps to exactly the namespace of the catalog asset sourceIdentifier', () => {
    // Prepare
    const identity = topicIdentity(FIXTURE_CLUSTER_ARN, 'orders', canonicalEndpoint(FIXTURE_BROKERS));
    // Act
    const namespace = resolver.resolve(`kafka://b-3.${LABEL}:9096`);
    // Assess
    expect(namespace).toBe(identity.lineageNamespace);
    expect(`${namespace}/orders`).toBe(identity.sourceIdentifier);
  });

  it.each([
    ['the canonical endpoint itself', `kafka://b-1.${LABEL}:9098`],
    ['another broker on the IAM port', `kafka://b-2.${LABEL}:9098`],
    ['a broker on the TLS port', `kafka://b-3.${LABEL}:9094`],
    ['a broker on the SCRAM port', `kafka://b-2.${LABEL}:9096`],
    ['a broker on a port MSK did not list (plaintext)', `kafka://b-2.${LABEL}:9092`],
    ['a broker missing from the bootstrap strings', `kafka://b-6.${LABEL}:9098`],
    ['a public endpoint of a broker', `kafka://b-1-public.${LABEL}:9198`],
    ['an upper-case host and scheme', `KAFKA://B-2.${LABEL.toUpperCase()}:9098`],
    ['a bootstrap list', `kafka://b-1.${LABEL}:9098,b-2.${LABEL}:9098,b-3.${LABEL}:9098`],
    ['a bootstrap list with spaces', `kafka://b-2.${LABEL}:9094, b-3.${LABEL}:9094`],
    ['a host without port', `kafka://b-2.${LABEL}`],
    ['a trailing slash', `kafka://b-2.${LABEL}:9098/`],
  ])('maps %s to the canonical namespace', (_, namespace) => {
    expect(resolver.resolve(namespace)).toBe(FIXTURE_NAMESPACE);
  });

  it('maps the serverless bootstrap endpoint to itself, canonical', () => {
    expect(resolver.resolve('kafka://BOOT-ABCD1234.c2.kafka-serverless.eu-west-1.amazonaws.com:9098')).toBe(
      'kafka://boot-abcd1234.c2.kafka-serverless.eu-west-1.amazonaws.com:9098',
    );
  });

  it.each([
    ['an unknown host', 'kafka://broker.example.com:9092'],
    ['a non-Kafka namespace', 'postgres://db.example.com:5432'],
    ['an ARN namespace', 'arn:aws:glue:eu-west-1:111111111111'],
    [
      'a bootstrap list spanning two known clusters',
      `kafka://b-1.${LABEL}:9098,b-1.payments.zz9yy8.c3.kafka.eu-west-1.amazonaws.com:9098`,
    ],
    ['an empty authority', 'kafka://'],
    ['a namespace with a path', `kafka://b-1.${LABEL}:9098/orders`],
  ])('passes %s through unchanged', (_, namespace) => {
    expect(resolver.resolve(namespace)).toBe(namespace);
  });

  it('maps a bootstrap list with one unknown host to the known cluster', () => {
    expect(resolver.resolve(`kafka://new-broker.example.com:9092,b-2.${LABEL}:9098`)).toBe(FIXTURE_NAMESPACE);
  });

  it('gives the canonical namespace of a cluster by ARN', () => {
    expect(resolver.namespaceOfCluster(OTHER_ARN)).toBe(
      'kafka://b-1.payments.zz9yy8.c3.kafka.eu-west-1.amazonaws.com:9098',
    );
  });

  it('throws InvalidInputError for an unknown cluster ARN', () => {
    expect(() => resolver.namespaceOfCluster('arn:aws:kafka:eu-west-1:1:cluster/x/y')).toThrow(
      InvalidInputError,
    );
  });

  it('throws InvalidInputError when a cluster reports no broker', () => {
    expect(() => KafkaNamespaceResolver.fromClusters([{ clusterArn: OTHER_ARN, brokers: {} }])).toThrow(
      InvalidInputError,
    );
  });

  it('throws InvalidInputError when two clusters claim the same broker', () => {
    expect(() =>
      KafkaNamespaceResolver.fromClusters([
        { clusterArn: FIXTURE_CLUSTER_ARN, brokers: FIXTURE_BROKERS },
        { clusterArn: OTHER_ARN, brokers: { BootstrapBrokerStringTls: `b-2.${LABEL}:9094` } },
      ]),
    ).toThrow(/belongs to two clusters/);
  });

  it('knows nothing when empty', () => {
    expect(KafkaNamespaceResolver.empty().resolve(`kafka://b-2.${LABEL}:9098`)).toBe(
      `kafka://b-2.${LABEL}:9098`,
    );
  });
});

describe('canonicaliseEvent', () => {
  it('rewrites inputs, outputs and column lineage input fields of a Flink 2 event', () => {
    // Prepare
    const event = runFixture('flink2-native-start');
    // Act
    const canonical = canonicaliseEvent(event, resolver);
    // Assess
    expect(canonical.inputs?.map((d) => d.namespace)).toEqual([FIXTURE_NAMESPACE]);
    expect(canonical.outputs?.map((d) => `${d.namespace}/${d.name}`)).toEqual([
      `${FIXTURE_NAMESPACE}/orders-enriched`,
    ]);
    const lineage = canonical.outputs?.[0]?.facets?.columnLineage as ColumnLineageDatasetFacet;
    expect(Object.values(lineage.fields).flatMap((f) => f.inputFields.map((i) => i.namespace))).toEqual([
      FIXTURE_NAMESPACE,
      FIXTURE_NAMESPACE,
    ]);
    expect(canonical.inputs?.[0]?.facets?.symlinks?.identifiers?.[0]?.namespace).toBe(
      'flink://default_catalog',
    );
  });

  it('does not change the event it is given', () => {
    // Prepare
    const event = runFixture('flink2-native-start');
    const before = structuredClone(event);
    // Act
    canonicaliseEvent(event, resolver);
    // Assess
    expect(event).toEqual(before);
  });

  it('rewrites a DatasetEvent dataset and its symlinks', () => {
    // Prepare
    const event = fixture('dataset-event') as DatasetEvent;
    // Act
    const canonical = canonicaliseEvent(event, resolver);
    // Assess
    expect(canonical.dataset.namespace).toBe(FIXTURE_NAMESPACE);
    expect(canonical.dataset.facets?.symlinks?.identifiers?.[0]?.namespace).toBe(FIXTURE_NAMESPACE);
  });

  it('rewrites the dataset-level lineage of column lineage facet 1-2-0', () => {
    // Prepare
    const event = runFixture('flink2-native-start');
    const output = event.outputs?.[0];
    const facet = {
      ...output?.facets?.columnLineage,
      dataset: [{ namespace: `kafka://b-3.${LABEL}:9094`, name: 'orders', field: 'customer' }],
    };
    const withDataset: RunEvent = {
      ...event,
      outputs: [{ namespace: 'x', name: 'y', facets: { columnLineage: facet as ColumnLineageDatasetFacet } }],
    };
    // Act
    const canonical = canonicaliseEvent(withDataset, resolver);
    // Assess
    const rewritten = canonical.outputs?.[0]?.facets?.columnLineage as unknown as {
      dataset?: { namespace: string }[];
    };
    const dataset = rewritten.dataset ?? [];
    expect(dataset[0]?.namespace).toBe(FIXTURE_NAMESPACE);
  });

  const host = fc.oneof(
    fc.integer({ min: 1, max: 30 }).map((n) => `b-${n}.${LABEL}`),
    fc.integer({ min: 1, max: 30 }).map((n) => `b-${n}.${LABEL.toUpperCase()}`),
    fc.domain(),
  );
  const endpoint = fc
    .tuple(host, fc.constantFrom(9092, 9094, 9096, 9098, 9198, 14001))
    .map(([h, p]) => `${h}:${p}`);
  const namespace = fc.oneof(
    fc.array(endpoint, { minLength: 1, maxLength: 4 }).map((list) => `kafka://${list.join(',')}`),
    fc.webUrl(),
    fc.string(),
  );
  const events = fc
    .record({
      inputs: fc.array(fc.record({ namespace, name: fc.string({ minLength: 1 }) }), { maxLength: 4 }),
      outputs: fc.array(fc.record({ namespace, name: fc.string({ minLength: 1 }) }), { maxLength: 4 }),
    })
    .map(
      ({ inputs, outputs }): RunEvent => ({
        ...runFixture('flink-openlineage-running'),
        inputs,
        outputs,
      }),
    );

  it('is idempotent', () => {
    fc.assert(
      fc.property(events, (event) => {
        const once = canonicaliseEvent(event, resolver);
        expect(canonicaliseEvent(once, resolver)).toEqual(once);
      }),
    );
  });

  it('leaves namespaces of unknown clusters unchanged and keeps names', () => {
    fc.assert(
      fc.property(events, (event) => {
        const canonical = canonicaliseEvent(
          event,
          KafkaNamespaceResolver.fromClusters([{ clusterArn: OTHER_ARN, brokers: OTHER_BROKERS }]),
        );
        expect(canonical).toEqual(event);
      }),
    );
  });

  it('maps every namespace naming only brokers of the known cluster to its canonical namespace', () => {
    const own = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom(9094, 9096, 9098), fc.boolean()), {
        minLength: 1,
        maxLength: 5,
      })
      .map(
        (list) =>
          `kafka://${list.map(([n, p, upper]) => `b-${n}.${upper ? LABEL.toUpperCase() : LABEL}:${p}`).join(',')}`,
      );
    fc.assert(
      fc.property(own, fc.string({ minLength: 1 }), (ns, topic) => {
        const event: RunEvent = {
          ...runFixture('flink-openlineage-running'),
          inputs: [{ namespace: ns, name: topic }],
        };
        const canonical = canonicaliseEvent(event, resolver);
        expect(canonical.inputs).toEqual([{ namespace: FIXTURE_NAMESPACE, name: topic }]);
      }),
    );
  });
});
