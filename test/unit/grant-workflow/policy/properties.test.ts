import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import { grantGroupArn, parseTopicGrant, type TopicGrant } from '../../../../grant-workflow/src/grants.ts';
import {
  clusterStatementSid,
  renderClusterPolicy,
} from '../../../../grant-workflow/src/policy/cluster-policy.ts';
import {
  CONSUMER_STATEMENTS,
  type ConsumerPolicies,
  INLINE_AGGREGATE_LIMIT,
  MANAGED_POLICY_LIMIT,
  renderConsumerPolicies,
} from '../../../../grant-workflow/src/policy/consumer-policy.ts';
import { PolicyCapacityError } from '../../../../grant-workflow/src/policy/errors.ts';
import {
  iamSize,
  isStreamgovStatement,
  type PolicyDocument,
  type PolicyStatement,
  serializePolicy,
} from '../../../../grant-workflow/src/policy/policy-document.ts';
import {
  CLUSTERS,
  CONSUMER_ACCOUNT,
  CONSUMER_ROLE,
  clusterArn,
  PRODUCER_ACCOUNT,
  REGION,
  roleArn,
} from './fixtures.ts';

const RUNS = { numRuns: 200 };
const ROLES = [CONSUMER_ROLE, 'analytics-reader', 'flink-job-role', 'team-a/reader', 'ml-features'].map(
  (name) => roleArn(name),
);
const topicNames = fc.stringMatching(/^[a-zA-Z0-9._-]{1,40}$/);

/** A grant on one of the fixture clusters (or the given one); principals always include CONSUMER_ROLE when `withRole`. */
function grants(options: { cluster?: (typeof CLUSTERS)[number]; withRole?: boolean; max?: number } = {}) {
  const grantArb = fc
    .record({
      cluster: options.cluster ? fc.constant(options.cluster) : fc.constantFrom(...CLUSTERS),
      topic: topicNames,
      groups: fc.oneof(
        fc.constant('all' as const),
        fc.record({ prefix: fc.constantFrom('env-a-', 'env-b-', 'x') }),
      ),
      schemaCount: fc.integer({ min: 0, max: 2 }),
      // The registry in the producer's account (not readable by the consumer) or in the consumer's.
      schemaAccount: fc.constantFrom(PRODUCER_ACCOUNT, CONSUMER_ACCOUNT),
      principals: fc.subarray(ROLES, { minLength: 1 }),
      id: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .map(({ cluster, topic, groups, schemaCount, schemaAccount, principals, id }): TopicGrant => {
      const schemaBase = `arn:aws:glue:${REGION}:${schemaAccount}:schema/${cluster.registry}/`;
      return {
        grantId: `g${id}`,
        assetId: `a${id}`,
        clusterArn: clusterArn(cluster),
        topicArn: `${clusterArn(cluster).replace(':cluster/', ':topic/')}/${topic}`,
        consumerGroups: groups,
        schemaArns: [`${schemaBase}${topic}`, `${schemaBase}${topic}-key`].slice(0, schemaCount),
        consumerAccount: CONSUMER_ACCOUNT,
        principals:
          options.withRole && !principals.includes(roleArn(CONSUMER_ROLE))
            ? [roleArn(CONSUMER_ROLE), ...principals]
            : principals,
      };
    });
  return fc.array(grantArb, { maxLength: options.max ?? 12 });
}

/** Statements streamgov does not own, including look-alikes it must keep (a Deny, a lower-case prefix). */
const foreignStatement: fc.Arbitrary<PolicyStatement> = fc
  .record(
    {
      Sid: fc.constantFrom('Ops', 'StreamgovBreakGlass', 'streamgovLower', 'Audit1'),
      Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
      Principal: fc.oneof(
        fc.constant('*'),
        fc.record({ AWS: fc.constantFrom('arn:aws:iam::999988887777:root', '*') }),
      ),
      Action: fc.oneof(
        fc.constant('kafka-cluster:*'),
        fc.array(fc.constantFrom('kafka:A', 'kafka:B'), { minLength: 1 }),
      ),
      Resource: fc.constantFrom('*', clusterArn(CLUSTERS[0])),
      Condition: fc.record({ Bool: fc.record({ 'aws:SecureTransport': fc.constantFrom('true', 'false') }) }),
    },
    { requiredKeys: ['Effect', 'Action'] },
  )
  .filter((s) => !isStreamgovStatement(s));

const foreignDocument = fc
  .array(foreignStatement, { maxLength: 4 })
  .map((Statement): PolicyDocument | undefined =>
    Statement.length === 0 ? undefined : { Version: '2012-10-17', Id: 'kept', Statement },
  );

/** A deterministic shuffle (with duplicates) of a list. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list, ...list.slice(0, seed % 3)];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const consumerOptions = { roleName: CONSUMER_ROLE, freeManagedSlots: 10, otherInlineChars: 0 };
const documentsOf = (r: ConsumerPolicies) => [
  ...(r.inline ? [r.inline] : []),
  ...r.managed.map((m) => m.document),
];
const resourcesOf = (statement: PolicyStatement) =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** (Sid → resources) over every document: what the role may do, whatever the split into documents. */
function grantedBySid(result: ConsumerPolicies): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const statement of documentsOf(result).flatMap((d) => d.Statement)) {
    const set = out.get(statement.Sid ?? '') ?? new Set<string>();
    for (const r of resourcesOf(statement)) set.add(r as string);
    out.set(statement.Sid ?? '', set);
  }
  return out;
}

function union(a: Map<string, Set<string>>, b: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [sid, set] of [...a, ...b]) out.set(sid, new Set([...(out.get(sid) ?? []), ...set]));
  return out;
}

const foreignOf = (document: PolicyDocument | undefined) =>
  (document?.Statement ?? []).filter((s) => !isStreamgovStatement(s));

describe('policy rendering properties', () => {
  it('renders the same documents whatever the order and repetition of the grants', () => {
    fc.assert(
      fc.property(grants({ withRole: true }), fc.nat(), foreignDocument, (gs, seed, current) => {
        const again = shuffled(gs, seed);
        expect(renderConsumerPolicies(again, consumerOptions)).toEqual(
          renderConsumerPolicies(gs, consumerOptions),
        );
        const onCluster = gs.filter((g) => g.clusterArn === clusterArn(CLUSTERS[0]));
        const clusterAgain = again.filter((g) => g.clusterArn === clusterArn(CLUSTERS[0]));
        const options = { managedVpcConnectivity: seed % 2 === 0 };
        const a = renderClusterPolicy(current, onCluster, options);
        const b = renderClusterPolicy(current, clusterAgain, options);
        expect(b === undefined ? undefined : serializePolicy(b)).toBe(
          a === undefined ? undefined : serializePolicy(a),
        );
      }),
      RUNS,
    );
  });

  it('cluster policy: revoking B from render(A ∪ B) gives render(A); granting B to render(A) gives render(A ∪ B)', () => {
    fc.assert(
      fc.property(
        grants({ cluster: CLUSTERS[0] }),
        grants({ cluster: CLUSTERS[0] }),
        foreignDocument,
        fc.boolean(),
        (a, b, current, vpc) => {
          const options = { managedVpcConnectivity: vpc };
          const all = renderClusterPolicy(current, [...a, ...b], options);
          const onlyA = renderClusterPolicy(current, a, options);
          expect(renderClusterPolicy(all, a, options)).toEqual(onlyA);
          expect(renderClusterPolicy(onlyA, [...a, ...b], options)).toEqual(all);
        },
      ),
      RUNS,
    );
  });

  it('cluster policy: foreign statements are kept exactly, in order; the last revoke leaves only them (or nothing)', () => {
    fc.assert(
      fc.property(grants({ cluster: CLUSTERS[0] }), foreignDocument, (gs, current) => {
        const rendered = renderClusterPolicy(current, gs, { managedVpcConnectivity: false });
        expect(foreignOf(rendered)).toEqual(current?.Statement ?? []);
        if (rendered) expect(rendered.Id).toBe(current?.Id);
        expect(renderClusterPolicy(rendered, [], { managedVpcConnectivity: false })).toEqual(current);
      }),
      RUNS,
    );
  });

  it("cluster policy: every grant's cluster, topic and group are in its principal set's statement, and only there", () => {
    fc.assert(
      fc.property(grants({ cluster: CLUSTERS[0] }), (gs) => {
        const rendered = renderClusterPolicy(undefined, gs, { managedVpcConnectivity: false });
        const statements = new Map((rendered?.Statement ?? []).map((s) => [s.Sid, s]));
        expect(statements.size).toBe(new Set(gs.map((g) => clusterStatementSid(g.principals))).size);
        for (const g of gs) {
          const statement = statements.get(clusterStatementSid(g.principals));
          expect(statement?.Principal).toEqual({ AWS: [...new Set(g.principals)].sort() });
          expect(statement?.Resource).toEqual(
            expect.arrayContaining([g.clusterArn, g.topicArn, grantGroupArn(g)]),
          );
        }
        for (const [sid, statement] of statements) {
          const owners = gs.filter((g) => clusterStatementSid(g.principals) === sid);
          const expected = new Set(owners.flatMap((g) => [g.clusterArn, g.topicArn, grantGroupArn(g)]));
          expect(new Set(resourcesOf(statement))).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('consumer policies: what A ∪ B grants is what A grants plus what B grants (revoke removes exactly what B added)', () => {
    fc.assert(
      fc.property(grants({ withRole: true }), grants({ withRole: true }), (a, b) => {
        const all = grantedBySid(renderConsumerPolicies([...a, ...b], consumerOptions));
        const expected = union(
          grantedBySid(renderConsumerPolicies(a, consumerOptions)),
          grantedBySid(renderConsumerPolicies(b, consumerOptions)),
        );
        expect(all).toEqual(expected);
        if (a.length === 0) expect(renderConsumerPolicies(a, consumerOptions).managed).toEqual([]);
      }),
      RUNS,
    );
  });

  it("consumer policies: every grant's cluster, topic, group and schemas are in the statement of their kind, and only there", () => {
    fc.assert(
      fc.property(grants({ withRole: true, max: 40 }), (gs) => {
        const granted = grantedBySid(renderConsumerPolicies(gs, consumerOptions));
        const expected = new Map<string, Set<string>>();
        const put = (sid: string, r: string) => expected.set(sid, new Set([...(expected.get(sid) ?? []), r]));
        for (const g of gs) {
          put(CONSUMER_STATEMENTS.cluster.sid, g.clusterArn);
          put(CONSUMER_STATEMENTS.topic.sid, g.topicArn);
          put(CONSUMER_STATEMENTS.group.sid, grantGroupArn(g));
          // Only schemas of the consumer's account: another account's registry is not readable by IAM.
          for (const s of g.schemaArns.filter((arn) => arn.split(':')[4] === g.consumerAccount)) {
            put(CONSUMER_STATEMENTS.schema.sid, s);
            put(CONSUMER_STATEMENTS.schema.sid, s.replace(':schema/', ':registry/').replace(/\/[^/]+$/, ''));
          }
        }
        expect(granted).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('consumer policies never exceed the IAM quotas: fit, or PolicyCapacityError', () => {
    fc.assert(
      fc.property(
        grants({ withRole: true, max: 120 }),
        fc.integer({ min: 0, max: 10_240 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 512 }),
        (gs, otherInlineChars, freeManagedSlots, safetyMarginChars) => {
          const options = { roleName: CONSUMER_ROLE, otherInlineChars, freeManagedSlots, safetyMarginChars };
          let result: ConsumerPolicies;
          try {
            result = renderConsumerPolicies(gs, options);
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyCapacityError);
            expect((error as PolicyCapacityError).neededChars).toBeGreaterThan(0);
            return;
          }
          if (result.inline) {
            expect(iamSize(result.inline) + otherInlineChars).toBeLessThanOrEqual(
              INLINE_AGGREGATE_LIMIT - safetyMarginChars,
            );
          }
          expect(result.managed.length).toBeLessThanOrEqual(freeManagedSlots);
          for (const m of result.managed) {
            expect(iamSize(m.document)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
            expect(m.document.Statement.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects topic names carrying *, ?, ", / or a space before rendering anything', () => {
    const injected = fc
      .tuple(topicNames, fc.constantFrom('*', '?', '"', '/', ' ', '\\'), topicNames)
      .map(([a, bad, b]) => `${a}${bad}${b}`);
    fc.assert(
      fc.property(injected, (topic) => {
        const arn = `${clusterArn(CLUSTERS[0]).replace(':cluster/', ':topic/')}/${topic}`;
        const bad: TopicGrant = {
          grantId: 'g1',
          assetId: 'a1',
          clusterArn: clusterArn(CLUSTERS[0]),
          topicArn: arn,
          consumerGroups: 'all',
          schemaArns: [],
          consumerAccount: CONSUMER_ACCOUNT,
          principals: [roleArn(CONSUMER_ROLE)],
        };
        expect(() => parseTopicGrant(bad)).toThrow(InvalidInputError);
        expect(() => renderConsumerPolicies([bad], consumerOptions)).toThrow(InvalidInputError);
        expect(() => renderClusterPolicy(undefined, [bad], { managedVpcConnectivity: false })).toThrow(
          InvalidInputError,
        );
      }),
      RUNS,
    );
  });

  it('rejects ARNs of other services in every ARN field', () => {
    const other = fc.constantFrom(
      'arn:aws:s3:::bucket/key',
      `arn:aws:sqs:${REGION}:${PRODUCER_ACCOUNT}:queue`,
      `arn:aws:iam::${PRODUCER_ACCOUNT}:policy/p`,
      `arn:aws:glue:${REGION}:${PRODUCER_ACCOUNT}:table/db/t`,
      '*',
    );
    const field = fc.constantFrom('topicArn', 'clusterArn', 'schemaArns', 'principals');
    fc.assert(
      fc.property(other, field, (arn, key) => {
        const good = {
          grantId: 'g1',
          assetId: 'a1',
          clusterArn: clusterArn(CLUSTERS[0]),
          topicArn: `${clusterArn(CLUSTERS[0]).replace(':cluster/', ':topic/')}/orders`,
          consumerGroups: 'all',
          schemaArns: [],
          consumerAccount: CONSUMER_ACCOUNT,
          principals: [roleArn(CONSUMER_ROLE)],
        };
        const bad = { ...good, [key]: key === 'schemaArns' || key === 'principals' ? [arn] : arn };
        expect(() => parseTopicGrant(bad)).toThrow(InvalidInputError);
      }),
      RUNS,
    );
  });
});
