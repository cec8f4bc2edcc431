import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import type { TopicGrant } from '../../../../grant-workflow/src/grants.ts';
import {
  CLUSTER_READ_ACTIONS,
  type ClusterPolicyOptions,
  clusterStatementSid,
  MANAGED_VPC_ACTIONS,
  renderClusterPolicy,
} from '../../../../grant-workflow/src/policy/cluster-policy.ts';
import { PolicyCapacityError, PolicyConflictError } from '../../../../grant-workflow/src/policy/errors.ts';
import {
  iamSize,
  type PolicyDocument,
  type PolicyStatement,
  parsePolicyDocument,
  serializePolicy,
} from '../../../../grant-workflow/src/policy/policy-document.ts';
import { CLUSTERS, CONSUMER_ACCOUNT, clusterArn, grant, PRODUCER_ACCOUNT, roleArn } from './fixtures.ts';

const cluster = CLUSTERS[0];
const NO_VPC: ClusterPolicyOptions = { managedVpcConnectivity: false };
const ALICE = roleArn('alice');
const BOB = roleArn('bob');
const on = (n: number, principals: string[] = [ALICE], extra: Partial<TopicGrant> = {}): TopicGrant => ({
  ...grant({ n, cluster, principals }),
  ...extra,
});

const FOREIGN: PolicyStatement = {
  Sid: 'PlatformTeam',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::999988887777:root' },
  Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers'],
  Resource: clusterArn(cluster),
};
const FOREIGN_DENY: PolicyStatement = {
  Sid: 'StreamgovNeverRead',
  Effect: 'Deny',
  Principal: '*',
  Action: 'kafka-cluster:ReadData',
  Resource: '*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const withForeign: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'cluster-1',
  Statement: [FOREIGN, FOREIGN_DENY],
};

const ours = (document: PolicyDocument | undefined) =>
  (document?.Statement ?? []).filter((s) => s.Sid?.startsWith('Streamgov') && s.Effect === 'Allow');

describe('clusterStatementSid', () => {
  it('is Streamgov + 12 hex digits, independent of order and duplicates', () => {
    expect(clusterStatementSid([ALICE, BOB])).toMatch(/^Streamgov[0-9a-f]{12}$/);
    expect(clusterStatementSid([BOB, ALICE, BOB])).toBe(clusterStatementSid([ALICE, BOB]));
    expect(clusterStatementSid([ALICE])).not.toBe(clusterStatementSid([ALICE, BOB]));
  });
});

describe('renderClusterPolicy', () => {
  it('returns undefined when there is no policy and no grant', () => {
    expect(renderClusterPolicy(undefined, [], NO_VPC)).toBeUndefined();
  });

  it('renders one grant as one statement with the principals, actions and resources', () => {
    // Act
    const document = renderClusterPolicy(undefined, [on(0, [BOB, ALICE])], NO_VPC);
    // Assess
    expect(document?.Version).toBe('2012-10-17');
    expect(document?.Statement).toHaveLength(1);
    const [statement] = document?.Statement ?? [];
    expect(statement?.Sid).toBe(clusterStatementSid([ALICE, BOB]));
    expect(statement?.Effect).toBe('Allow');
    expect(statement?.Principal).toEqual({ AWS: [ALICE, BOB] });
    expect(statement?.Action).toEqual(CLUSTER_READ_ACTIONS);
    expect(statement?.Resource).toEqual([
      clusterArn(cluster),
      `arn:aws:kafka:eu-west-1:${PRODUCER_ACCOUNT}:group/${cluster.name}/${cluster.uuid}/env-5kq2x9m1abcd3f-*`,
      on(0).topicArn,
    ]);
  });

  it('consolidates grants with the same principal set and separates the others, sorted by Sid', () => {
    // Act
    const document = renderClusterPolicy(
      undefined,
      [on(0, [ALICE, BOB]), on(5, [BOB, ALICE]), on(10, [ALICE]), on(10, [ALICE])],
      NO_VPC,
    );
    // Assess
    const statements = ours(document);
    expect(statements.map((s) => s.Sid)).toEqual(
      [clusterStatementSid([ALICE, BOB]), clusterStatementSid([ALICE])].sort(),
    );
    const pair = statements.find((s) => s.Sid === clusterStatementSid([ALICE, BOB]));
    expect(pair?.Resource).toHaveLength(4); // cluster, one group, two topics
    const single = statements.find((s) => s.Sid === clusterStatementSid([ALICE]));
    expect(single?.Resource).toHaveLength(3); // the duplicate grant is rendered once
  });

  it.each([
    [false, CLUSTER_READ_ACTIONS],
    [true, [...CLUSTER_READ_ACTIONS, ...MANAGED_VPC_ACTIONS]],
  ])('writes the action list with managedVpcConnectivity %s (a list, never a boolean)', (flag, actions) => {
    const document = renderClusterPolicy(undefined, [on(0)], { managedVpcConnectivity: flag });
    const action = document?.Statement[0]?.Action;
    expect(Array.isArray(action)).toBe(true);
    expect(action).toEqual(actions);
  });

  it.each(['false', 'true', undefined, 0])(
    'throws InvalidInputError for managedVpcConnectivity %j (no truthiness on strings)',
    (flag) => {
      const options = { managedVpcConnectivity: flag } as unknown as ClusterPolicyOptions;
      expect(() => renderClusterPolicy(undefined, [on(0)], options)).toThrow(InvalidInputError);
    },
  );

  it('keeps foreign statements (a Deny with a Streamgov Sid included) in order, and Version and Id', () => {
    // Act
    const document = renderClusterPolicy(withForeign, [on(0)], NO_VPC);
    // Assess
    expect(document?.Id).toBe('cluster-1');
    expect(document?.Statement.slice(0, 2)).toEqual([FOREIGN, FOREIGN_DENY]);
    expect(ours(document)).toHaveLength(1);
  });

  it('replaces stale streamgov statements (old Sids, hand edits) instead of patching them', () => {
    // Prepare
    const stale: PolicyStatement = {
      Sid: 'StreamgovLegacyGrant1',
      Effect: 'Allow',
      Principal: { AWS: BOB },
      Action: true as unknown as string, // what the reference implementation wrote
      Resource: '*',
    };
    const current: PolicyDocument = { Version: '2012-10-17', Statement: [stale, FOREIGN] };
    // Act
    const document = renderClusterPolicy(current, [on(0)], NO_VPC);
    // Assess
    expect(document?.Statement.map((s) => s.Sid)).toEqual(['PlatformTeam', clusterStatementSid([ALICE])]);
  });

  it('revokes exactly what a grant added and returns the foreign statements alone after the last revoke', () => {
    // Prepare
    const both = renderClusterPolicy(withForeign, [on(0), on(5)], NO_VPC);
    // Act
    const one = renderClusterPolicy(both, [on(0)], NO_VPC);
    const none = renderClusterPolicy(one, [], NO_VPC);
    // Assess
    expect(one).toEqual(renderClusterPolicy(withForeign, [on(0)], NO_VPC));
    expect(JSON.stringify(one)).not.toContain(on(5).topicArn);
    expect(none).toEqual(withForeign);
  });

  it('returns undefined after the last revoke when there is no foreign statement', () => {
    const one = renderClusterPolicy(undefined, [on(0)], NO_VPC);
    expect(renderClusterPolicy(one, [], NO_VPC)).toBeUndefined();
  });

  it('throws PolicyConflictError when a statement it does not own has the Sid it needs', () => {
    const current: PolicyDocument = {
      Statement: [{ ...FOREIGN_DENY, Sid: clusterStatementSid([ALICE]) }],
    };
    expect(() => renderClusterPolicy(current, [on(0)], NO_VPC)).toThrow(PolicyConflictError);
  });

  it('throws InvalidInputError for grants on two clusters', () => {
    const other = grant({ n: 1, cluster: CLUSTERS[1], principals: [ALICE] });
    expect(() => renderClusterPolicy(undefined, [on(0), other], NO_VPC)).toThrow(/grants\[1\]\.clusterArn/);
  });

  it('throws InvalidInputError for a same-account grant', () => {
    const local = grant({
      n: 0,
      cluster,
      consumerAccount: PRODUCER_ACCOUNT,
      principals: [roleArn('reader', PRODUCER_ACCOUNT)],
    });
    expect(() => renderClusterPolicy(undefined, [local], NO_VPC)).toThrow(/consumerAccount/);
  });

  it.each([
    ['a topic with a wildcard', { topicArn: `${on(0).topicArn.slice(0, -5)}*` }],
    ['a topic with a quote', { topicArn: `${on(0).topicArn}"` }],
    ['a principal of another service', { principals: [`arn:aws:sts::${CONSUMER_ACCOUNT}:assumed-role/r/s`] }],
    ['a wildcard principal', { principals: ['*'] }],
  ])('throws InvalidInputError before rendering for %s', (_what, patch) => {
    expect(() => renderClusterPolicy(withForeign, [on(1), on(0, [ALICE], patch)], NO_VPC)).toThrow(
      InvalidInputError,
    );
  });

  it('throws PolicyCapacityError above maxPolicyChars', () => {
    const grants = Array.from({ length: 30 }, (_, n) => on(n, [roleArn(`r${n}`)]));
    expect(() =>
      renderClusterPolicy(undefined, grants, { managedVpcConnectivity: false, maxPolicyChars: 5_000 }),
    ).toThrow(PolicyCapacityError);
  });

  describe('scale: 100 cross-account grants with 1–3 principals each', () => {
    /** Grant n belongs to consumer environment n % environments, whose 1–3 roles are its principal set. */
    const scenario = (environments: number) =>
      Array.from({ length: 100 }, (_, n) => {
        const env = n % environments;
        const principals = Array.from({ length: 1 + (env % 3) }, (_, k) =>
          roleArn(`datazone_usr_role_env${String(env).padStart(3, '0')}_${k}`),
        );
        return grant({
          n,
          cluster,
          principals,
          groups: { prefix: `env-${String(env).padStart(3, '0')}abcdefgh-` },
        });
      });

    it('fits 100 grants from 10 consumer environments in 20,480 characters, with and without managed VPC', () => {
      // Act
      const plain = renderClusterPolicy(undefined, scenario(10), NO_VPC);
      const vpc = renderClusterPolicy(undefined, scenario(10), { managedVpcConnectivity: true });
      // Assess (measured: 18,555 and 19,615)
      expect(plain?.Statement).toHaveLength(10);
      expect(iamSize(plain as PolicyDocument)).toBeLessThanOrEqual(20_480);
      expect(iamSize(vpc as PolicyDocument)).toBeLessThanOrEqual(20_480);
      expect(parsePolicyDocument(serializePolicy(plain as PolicyDocument), 'round trip')).toEqual(plain);
    });

    it('grows by one statement per distinct principal set (measured 72,105 for 100 distinct sets)', () => {
      const document = renderClusterPolicy(undefined, scenario(100), NO_VPC) as PolicyDocument;
      expect(document.Statement).toHaveLength(100);
      expect(iamSize(document)).toBeGreaterThan(60_000);
    });
  });
});
