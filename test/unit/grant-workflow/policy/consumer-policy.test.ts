import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import type { TopicGrant } from '../../../../grant-workflow/src/grants.ts';
import {
  CONSUMER_STATEMENTS,
  type ConsumerPolicies,
  type ConsumerPolicyOptions,
  INLINE_AGGREGATE_LIMIT,
  MANAGED_POLICY_LIMIT,
  readableSchemaArns,
  renderConsumerPolicies,
} from '../../../../grant-workflow/src/policy/consumer-policy.ts';
import { PolicyCapacityError } from '../../../../grant-workflow/src/policy/errors.ts';
import { iamSize, type PolicyDocument } from '../../../../grant-workflow/src/policy/policy-document.ts';
import {
  CLUSTERS,
  CONSUMER_ACCOUNT,
  CONSUMER_ROLE,
  clusterArn,
  grant,
  PRODUCER_ACCOUNT,
  roleArn,
} from './fixtures.ts';

const OPTIONS: ConsumerPolicyOptions = { roleName: CONSUMER_ROLE, freeManagedSlots: 10, otherInlineChars: 0 };

function documents(result: ConsumerPolicies): PolicyDocument[] {
  return [...(result.inline ? [result.inline] : []), ...result.managed.map((m) => m.document)];
}

/** Every resource of every statement with this Sid, over all documents. */
function resourcesOf(result: ConsumerPolicies, sid: string): string[] {
  return documents(result).flatMap((d) =>
    d.Statement.filter((s) => s.Sid === sid).flatMap((s) =>
      Array.isArray(s.Resource) ? s.Resource : [s.Resource],
    ),
  );
}

function assertWithinQuotas(result: ConsumerPolicies, options: ConsumerPolicyOptions) {
  const margin = options.safetyMarginChars ?? 256;
  if (result.inline) {
    expect(iamSize(result.inline) + options.otherInlineChars).toBeLessThanOrEqual(
      INLINE_AGGREGATE_LIMIT - margin,
    );
  }
  expect(result.managed.length).toBeLessThanOrEqual(options.freeManagedSlots);
  for (const { document } of result.managed)
    expect(iamSize(document)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
}

const cluster = CLUSTERS[0];
const group = (prefix: string) =>
  `arn:aws:kafka:eu-west-1:${PRODUCER_ACCOUNT}:group/${cluster.name}/${cluster.uuid}/${prefix}`;
const registry = `arn:aws:glue:eu-west-1:${CONSUMER_ACCOUNT}:registry/${cluster.registry}`;

describe('renderConsumerPolicies', () => {
  it('returns no policy at all for no grant (the caller deletes streamgov policies)', () => {
    expect(renderConsumerPolicies([], OPTIONS)).toEqual({
      inlinePolicyName: 'streamgov-kafka-access',
      managed: [],
    });
  });

  it('renders one grant as four statements in the inline policy', () => {
    // Prepare
    const g = grant({ n: 0, cluster });
    // Act
    const result = renderConsumerPolicies([g], OPTIONS);
    // Assess
    expect(result.managed).toEqual([]);
    expect(result.inline?.Version).toBe('2012-10-17');
    expect(result.inline?.Statement).toEqual([
      {
        Sid: 'StreamgovKafkaCluster',
        Effect: 'Allow',
        Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
        Resource: [clusterArn(cluster)],
      },
      {
        Sid: 'StreamgovKafkaTopic',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        Resource: [g.topicArn],
      },
      {
        Sid: 'StreamgovKafkaGroup',
        Effect: 'Allow',
        Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        Resource: [group('env-5kq2x9m1abcd3f-*')],
      },
      {
        Sid: 'StreamgovGlueSchema',
        Effect: 'Allow',
        Action: ['glue:GetSchemaVersion'],
        Resource: [registry, ...g.schemaArns].sort(),
      },
    ]);
  });

  it('de-duplicates clusters, groups and registries and sorts every list', () => {
    // Prepare
    const grants = [
      grant({ n: 10, cluster }),
      grant({ n: 5, cluster, groups: 'all' }),
      grant({ n: 0, cluster }),
      grant({ n: 0, cluster }),
    ];
    // Act
    const result = renderConsumerPolicies(grants, OPTIONS);
    // Assess
    expect(resourcesOf(result, 'StreamgovKafkaCluster')).toEqual([clusterArn(cluster)]);
    expect(resourcesOf(result, 'StreamgovKafkaGroup')).toEqual([group('*'), group('env-5kq2x9m1abcd3f-*')]);
    const topics = resourcesOf(result, 'StreamgovKafkaTopic');
    expect(topics).toEqual([...new Set(grants.map((g) => g.topicArn))].sort());
    expect(resourcesOf(result, 'StreamgovGlueSchema').filter((r) => r.includes(':registry/'))).toEqual([
      registry,
    ]);
  });

  it('omits the Glue statement for grants without schemas', () => {
    const result = renderConsumerPolicies([grant({ n: 0, schemas: 'none' })], OPTIONS);
    expect(result.inline?.Statement.map((s) => s.Sid)).toEqual([
      'StreamgovKafkaCluster',
      'StreamgovKafkaTopic',
      'StreamgovKafkaGroup',
    ]);
  });

  it('scopes Glue to whole registries on request', () => {
    const result = renderConsumerPolicies([grant({ n: 0, cluster }), grant({ n: 5, cluster })], {
      ...OPTIONS,
      schemaScope: 'registry',
    });
    expect(resourcesOf(result, 'StreamgovGlueSchema')).toEqual([
      registry,
      `arn:aws:glue:eu-west-1:${CONSUMER_ACCOUNT}:schema/${cluster.registry}/*`,
    ]);
  });

  it('adds GetSchemaVersion on * only when lookups by SchemaVersionId are enabled', () => {
    const off = renderConsumerPolicies([grant({ n: 0 })], OPTIONS);
    const on = renderConsumerPolicies([grant({ n: 0 })], { ...OPTIONS, schemaVersionLookupById: true });
    expect(resourcesOf(off, CONSUMER_STATEMENTS.schemaById.sid)).toEqual([]);
    expect(resourcesOf(on, CONSUMER_STATEMENTS.schemaById.sid)).toEqual(['*']);
  });

  it('renders no Glue statement for schemas in a registry of another account (IAM cannot reach them)', () => {
    // Prepare: the schemas live in the producer's registry, the role in the consumer's account
    const remote = grant({ n: 0, schemaAccount: PRODUCER_ACCOUNT });
    const local = grant({ n: 1 });
    // Act
    const remoteOnly = renderConsumerPolicies([remote], { ...OPTIONS, schemaVersionLookupById: true });
    const both = renderConsumerPolicies([remote, local], OPTIONS);
    // Assess
    expect(readableSchemaArns(remote)).toEqual([]);
    expect(resourcesOf(remoteOnly, CONSUMER_STATEMENTS.schema.sid)).toEqual([]);
    expect(resourcesOf(remoteOnly, CONSUMER_STATEMENTS.schemaById.sid)).toEqual([]);
    expect(resourcesOf(remoteOnly, CONSUMER_STATEMENTS.topic.sid)).toEqual([remote.topicArn]);
    const localRegistry = (local.schemaArns[0] ?? '')
      .replace(':schema/', ':registry/')
      .replace(/\/[^/]+$/, '');
    expect(resourcesOf(both, CONSUMER_STATEMENTS.schema.sid)).toEqual(
      [localRegistry, ...local.schemaArns].sort(),
    );
  });

  it('puts everything into managed policies when the other inline policies leave no room', () => {
    const options = { ...OPTIONS, otherInlineChars: 10_000 };
    const result = renderConsumerPolicies([grant({ n: 0 })], options);
    expect(result.inline).toBeUndefined();
    expect(result.managed.map((m) => m.name)).toEqual([`streamgov-${CONSUMER_ROLE}-1`]);
    assertWithinQuotas(result, options);
  });

  describe('scale: 200 topic grants across 5 clusters', () => {
    const grants = (schemas: 'value' | 'both') =>
      Array.from({ length: 200 }, (_, n) => grant({ n, schemas }));

    it.each<[string, 'value' | 'both', ConsumerPolicyOptions, number]>([
      // measured: inline 9,984 + 10 managed (6,033 … 6,122, then 3,306) = 68,042 characters: every default slot
      ['value and key schemas, 10 free slots', 'both', OPTIONS, 10],
      // measured: inline 9,984 + 7 managed (the last 1,453) = 47,910 characters
      ['value schemas, 7 free slots', 'value', { ...OPTIONS, freeManagedSlots: 7 }, 7],
      [
        'value schemas, 8 free slots, 1,500 characters of other inline policies',
        'value',
        { ...OPTIONS, freeManagedSlots: 8, otherInlineChars: 1_500 },
        7,
      ],
      // measured: inline 9,984 + 4 managed (6,033, 6,072, 6,096, 718) = 28,903 characters
      [
        'value and key schemas by registry, 4 free slots',
        'both',
        { ...OPTIONS, freeManagedSlots: 4, schemaScope: 'registry' },
        4,
      ],
    ])('fits %s', (_what, schemas, options, managedCount) => {
      // Act
      const result = renderConsumerPolicies(grants(schemas), options);
      // Assess
      assertWithinQuotas(result, options);
      expect(result.managed).toHaveLength(managedCount);
      expect(result.managed.map((m) => m.name)).toEqual(
        Array.from({ length: managedCount }, (_, i) => `streamgov-${CONSUMER_ROLE}-${i + 1}`),
      );
      const topics = resourcesOf(result, 'StreamgovKafkaTopic');
      expect(topics).toHaveLength(200);
      expect(new Set(topics)).toEqual(new Set(grants(schemas).map((g) => g.topicArn)));
      expect(resourcesOf(result, 'StreamgovKafkaCluster')).toHaveLength(5);
      for (const document of documents(result)) {
        const sids = document.Statement.map((s) => s.Sid);
        expect(new Set(sids).size).toBe(sids.length);
      }
    });

    it('throws PolicyCapacityError naming the role and the characters when the slots run out', () => {
      // Act
      const act = () =>
        renderConsumerPolicies(grants('both'), { ...OPTIONS, freeManagedSlots: 6, otherInlineChars: 2_000 });
      // Assess
      expect(act).toThrow(PolicyCapacityError);
      try {
        act();
      } catch (error) {
        const capacity = error as PolicyCapacityError;
        expect(capacity.message).toContain(CONSUMER_ROLE);
        expect(capacity.neededChars).toBeGreaterThan(capacity.availableChars);
        expect(capacity.availableChars).toBe(10_240 - 2_000 - 256 + 6 * 6_144);
        expect(capacity.message).toMatch(/Detach managed policies|split/);
      }
    });
  });

  it('names managed policies after the prefix', () => {
    const result = renderConsumerPolicies(
      Array.from({ length: 60 }, (_, n) => grant({ n })),
      { ...OPTIONS, managedPolicyPrefix: 'sg-reader', inlinePolicyName: 'sg-inline' },
    );
    expect(result.inlinePolicyName).toBe('sg-inline');
    expect(result.managed[0]?.name).toBe('sg-reader-1');
  });

  it('throws InvalidInputError for a grant that does not list the role', () => {
    const other = grant({ n: 0, principals: [roleArn('someone-else')] });
    expect(() => renderConsumerPolicies([other], OPTIONS)).toThrow(/grants\[0\]\.principals/);
  });

  it.each<[string, Partial<TopicGrant>]>([
    ['a topic name with a wildcard', { topicArn: `${grant({ n: 0 }).topicArn}*` }],
    ['a topic name with a quote', { topicArn: `${grant({ n: 0 }).topicArn}"` }],
    ['a topic ARN of another service', { topicArn: 'arn:aws:sqs:eu-west-1:483920175612:orders' }],
    ['a schema ARN of another service', { schemaArns: ['arn:aws:s3:::schemas/orders'] }],
    ['a group prefix with a wildcard', { consumerGroups: { prefix: '*' } }],
  ])('throws InvalidInputError before rendering for %s', (_what, patch) => {
    expect(() =>
      renderConsumerPolicies([grant({ n: 1 }), { ...grant({ n: 0 }), ...patch }], OPTIONS),
    ).toThrow(InvalidInputError);
  });

  it.each<[string, Partial<ConsumerPolicyOptions>]>([
    ['a role name with a slash', { roleName: 'a/b' }],
    ['an inline policy name with a space', { inlinePolicyName: 'a b' }],
    ['a managed prefix with a wildcard', { managedPolicyPrefix: 'sg-*' }],
    ['negative free slots', { freeManagedSlots: -1 }],
    ['fractional other inline characters', { otherInlineChars: 1.5 }],
    ['a string flag', { schemaVersionLookupById: 'false' as unknown as boolean }],
    ['an unknown schema scope', { schemaScope: 'account' as 'registry' }],
  ])('throws InvalidInputError for %s', (_what, patch) => {
    expect(() => renderConsumerPolicies([grant({ n: 0 })], { ...OPTIONS, ...patch })).toThrow(
      InvalidInputError,
    );
  });
});
