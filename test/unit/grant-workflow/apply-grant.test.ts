import { describe, expect, it } from 'vitest';
import { TransientAwsError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { type ApplyGrantParams, applyGrant } from '../../../grant-workflow/src/apply-grant.ts';
import type { GrantAction, GrantRequest, GrantSide } from '../../../grant-workflow/src/contract.ts';
import {
  ConcurrentPolicyChangeError,
  InvalidGrantRequestError,
  NotManagedError,
  UnsupportedClusterError,
  VersionConflictError,
} from '../../../grant-workflow/src/errors.ts';
import type { TopicGrant } from '../../../grant-workflow/src/grants.ts';
import { PolicyCapacityError } from '../../../grant-workflow/src/policy/errors.ts';
import type { PolicyDocument } from '../../../grant-workflow/src/policy/policy-document.ts';
import { type GrantSettingsInput, grantSettings } from '../../../grant-workflow/src/settings.ts';
import { FakeClock } from '../../support/fakes/fake-clock.ts';
import {
  InMemoryClusterPolicyStore,
  InMemoryGrantLedger,
  InMemoryRolePolicyStore,
} from '../../support/fakes/grant-fakes.ts';
import {
  CLUSTERS,
  CONSUMER_ACCOUNT,
  CONSUMER_ROLE,
  clusterArn,
  grant,
  PRODUCER_ACCOUNT,
  roleArn,
} from './policy/fixtures.ts';

const MANAGED = { 'streamgov:managed': 'true' };

function request(
  g: TopicGrant,
  action: GrantAction = 'GRANT',
  patch: Partial<GrantRequest> = {},
): GrantRequest {
  return {
    domainId: 'dzd_abc123',
    action,
    grant: g,
    clusterType: 'PROVISIONED',
    producerAccount: PRODUCER_ACCOUNT,
    region: 'eu-west-1',
    crossAccount: g.consumerAccount !== PRODUCER_ACCOUNT,
    ...patch,
  };
}

function setup(settings: GrantSettingsInput = {}) {
  const ledger = new InMemoryGrantLedger();
  const roles = new InMemoryRolePolicyStore(CONSUMER_ACCOUNT);
  const clusters = new InMemoryClusterPolicyStore();
  const clock = new FakeClock();
  const log = new MemoryLog();
  roles.addRole(CONSUMER_ROLE, { tags: MANAGED });
  const run = (req: GrantRequest, side: GrantSide = 'consumer', extra: Partial<ApplyGrantParams> = {}) =>
    applyGrant({
      request: req,
      side,
      ports: { ledger, roles, clusters },
      settings: grantSettings(settings),
      log,
      clock,
      random: () => 0.5,
      ...extra,
    });
  return { ledger, roles, clusters, clock, log, run };
}

/** The topic ARNs a set of documents allows ReadData on. */
function topics(documents: readonly PolicyDocument[]): string[] {
  return documents
    .flatMap((d) => d.Statement)
    .filter(
      (s) =>
        s.Sid === 'StreamgovKafkaTopic' ||
        (Array.isArray(s.Action) && s.Action.includes('kafka-cluster:ReadData')),
    )
    .flatMap((s) => (typeof s.Resource === 'string' ? [s.Resource] : [...(s.Resource ?? [])]))
    .filter((r) => r.includes(':topic/'))
    .sort();
}

describe('applyGrant (consumer side)', () => {
  it('records the grant and writes the inline policy when a managed role is granted a topic', async () => {
    // Prepare
    const { run, roles, ledger } = setup();
    const g = grant({ n: 1 });
    // Act
    const result = await run(request(g));
    // Assess
    expect(result).toEqual({
      side: 'consumer',
      action: 'GRANT',
      changed: true,
      policies: ['streamgov-kafka-access'],
    });
    expect(topics(roles.documents(CONSUMER_ROLE))).toEqual([g.topicArn]);
    expect([...ledger.records.keys()]).toEqual([`role/${CONSUMER_ROLE}/${g.grantId}.${g.assetId}`]);
  });

  it('writes nothing when the same grant arrives twice', async () => {
    // Prepare
    const { run, roles, ledger } = setup();
    const g = grant({ n: 1 });
    await run(request(g));
    const before = { steps: roles.steps.length, writes: ledger.writes };
    // Act
    const result = await run(request(g));
    // Assess
    expect(result.changed).toBe(false);
    expect(result.policies).toEqual([]);
    expect(roles.steps.length).toBe(before.steps);
    expect(ledger.writes).toBe(before.writes);
  });

  it('keeps the other grant and deletes the inline policy after the last revoke', async () => {
    // Prepare
    const { run, roles } = setup();
    const [a, b] = [grant({ n: 1 }), grant({ n: 2 })];
    await run(request(a));
    await run(request(b));
    // Act
    await run(request(a, 'REVOKE'));
    const afterOne = topics(roles.documents(CONSUMER_ROLE));
    const last = await run(request(b, 'REVOKE'));
    // Assess
    expect(afterOne).toEqual([b.topicArn]);
    expect(last).toMatchObject({ action: 'REVOKE', changed: true });
    expect(roles.role(CONSUMER_ROLE).inline.size).toBe(0);
    expect(roles.steps.at(-1)).toBe('delete-inline streamgov-kafka-access');
  });

  it('leaves foreign inline policies as they are and counts them against the aggregate', async () => {
    // Prepare
    const { run, roles } = setup();
    const foreign = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(9000)}` }],
    });
    roles.addRole('analytics', { tags: MANAGED, inline: { 'team-s3': foreign } });
    const g = grant({ n: 1, principals: [roleArn('analytics')] });
    // Act
    const result = await run(request(g));
    // Assess: little room inline next to 9,000 foreign characters, so the grant spills into a managed policy.
    expect(result.policies).toEqual(['streamgov-analytics-1', 'streamgov-kafka-access']);
    const role = roles.role('analytics');
    expect(role.inline.get('team-s3')).toBe(foreign);
    const aggregate = [...role.inline.values()].reduce(
      (sum, text) => sum + JSON.stringify(JSON.parse(text)).length,
      0,
    );
    expect(aggregate).toBeLessThanOrEqual(10_240 - 256);
    expect(topics(roles.documents('analytics'))).toEqual([g.topicArn]);
  });

  it('throws NotManagedError naming the role and the tag to add, touching nothing', async () => {
    // Prepare
    const { run, roles, ledger } = setup({ management: { pathPrefixes: ['/streamgov/'] } });
    roles.addRole('plain-role');
    const g = grant({ n: 1, principals: [roleArn(CONSUMER_ROLE), roleArn('plain-role')] });
    // Act
    const attempt = run(request(g));
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotManagedError);
    await expect(attempt).rejects.toThrow(/plain-role.*streamgov:managed=true.*\/streamgov\//s);
    expect(ledger.records.size).toBe(0);
    expect(roles.steps).toEqual([]);
  });

  it('manages a role without the tag when it lives under a configured path', async () => {
    // Prepare
    const { run, roles } = setup({ management: { pathPrefixes: ['/streamgov/'] } });
    roles.addRole('reader', { path: '/streamgov/consumers/' });
    const g = grant({
      n: 1,
      principals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:role/streamgov/consumers/reader`],
    });
    // Act
    const result = await run(request(g));
    // Assess
    expect(result.changed).toBe(true);
  });

  it('throws InvalidGrantRequestError when a principal ARN is not the role IAM knows by that name', async () => {
    // Prepare
    const { run, ledger } = setup();
    const g = grant({ n: 1, principals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:role/other/${CONSUMER_ROLE}`] });
    // Act + Assess
    await expect(run(request(g))).rejects.toBeInstanceOf(InvalidGrantRequestError);
    expect(ledger.records.size).toBe(0);
  });

  it.each([
    ['an injected topic name', { grant: { ...grant({ n: 1 }), topicArn: `${grant({ n: 1 }).topicArn}*` } }],
    ['an unknown action', { action: 'DROP' as GrantAction }],
    ['a crossAccount flag that contradicts the accounts', { crossAccount: false }],
    ['a producer account that is not the cluster account', { producerAccount: '111111111111' }],
    ['an unknown cluster type', { clusterType: 'OTHER' as 'SERVERLESS' }],
  ])('throws InvalidGrantRequestError for %s, touching nothing', async (_, patch) => {
    // Prepare
    const { run, ledger, roles } = setup();
    // Act + Assess
    await expect(run(request(grant({ n: 1 }), 'GRANT', patch))).rejects.toBeInstanceOf(
      InvalidGrantRequestError,
    );
    expect(ledger.records.size).toBe(0);
    expect(roles.faults.count('getRole')).toBe(0);
  });

  it('renders again when the ledger changed while it wrote (a concurrent grant)', async () => {
    // Prepare: another workflow records grant b right after this one's first listing.
    const { run, roles, ledger } = setup();
    const [a, b] = [grant({ n: 1 }), grant({ n: 2 })];
    let injected = false;
    ledger.afterList = async () => {
      if (injected) return;
      injected = true;
      await ledger.put('role', CONSUMER_ROLE, b);
      await ledger.advance('role', CONSUMER_ROLE, 'b GRANT');
    };
    // Act
    await run(request(a));
    // Assess: the counter moved during the first round and not after it: a second round renders b too.
    expect(topics(roles.documents(CONSUMER_ROLE))).toEqual([a.topicArn, b.topicArn].sort());
    expect(roles.faults.count('writePolicies')).toBe(2);
    expect(ledger.faults.count('list')).toBe(2);
  });

  it('advances the target counter after its record, a duplicate included', async () => {
    // Prepare
    const { run, ledger } = setup();
    const g = grant({ n: 1 });
    // Act
    await run(request(g));
    await run(request(g));
    await run(request(g, 'REVOKE'));
    // Assess
    expect(ledger.counters.get(`role/${CONSUMER_ROLE}`)).toBe(3);
  });

  it('stops after one write when another workflow changes the ledger after that write (hand-off)', async () => {
    // Prepare: b is recorded during a's listing; c during a's pause after its write.
    const { run, roles, ledger, clock } = setup();
    const [a, b, c] = [grant({ n: 1 }), grant({ n: 2 }), grant({ n: 3 })];
    let injected = false;
    ledger.afterList = async () => {
      if (injected) return;
      injected = true;
      await ledger.put('role', CONSUMER_ROLE, b);
      await ledger.advance('role', CONSUMER_ROLE, 'b GRANT');
    };
    const pausing = {
      now: () => clock.now(),
      sleep: async (ms: number) => {
        await clock.sleep(ms);
        await ledger.put('role', CONSUMER_ROLE, c);
        await ledger.advance('role', CONSUMER_ROLE, 'c GRANT');
      },
    };
    // Act
    const result = await run(request(a), 'consumer', { clock: pausing });
    // Assess: a's grant is in force; b and c are left to their own workflows, which render after a's write.
    expect(result.changed).toBe(true);
    expect(topics(roles.documents(CONSUMER_ROLE))).toEqual([a.topicArn]);
    expect(roles.faults.count('writePolicies')).toBe(1);
    expect(ledger.faults.count('list')).toBe(1);
    expect(clock.sleeps).toEqual([25]);
  });

  it('does not hand off before a round of its own succeeded', async () => {
    // Prepare: the first write meets a concurrent IAM change; the counter moves during the pause.
    const { run, roles, ledger, clock } = setup();
    const [a, b] = [grant({ n: 1 }), grant({ n: 2 })];
    roles.faults.inject('writePolicies', {
      error: () => new ConcurrentPolicyChangeError('changed'),
      times: 1,
    });
    let injected = false;
    const pausing = {
      now: () => clock.now(),
      sleep: async (ms: number) => {
        await clock.sleep(ms);
        if (injected) return;
        injected = true;
        await ledger.put('role', CONSUMER_ROLE, b);
        await ledger.advance('role', CONSUMER_ROLE, 'b GRANT');
      },
    };
    // Act
    await run(request(a), 'consumer', { clock: pausing });
    // Assess: a rendered again (with b) instead of leaving its grant to b's workflow.
    expect(topics(roles.documents(CONSUMER_ROLE))).toEqual([a.topicArn, b.topicArn].sort());
    expect(roles.faults.count('writePolicies')).toBe(2);
  });

  it('stops without reading the counter when its round has nothing to write', async () => {
    // Prepare: another workflow already rendered a's grant.
    const { run, ledger } = setup();
    const a = grant({ n: 1 });
    await run(request(a));
    const reads = ledger.faults.count('counter');
    // Act
    const again = await run(request(a));
    // Assess
    expect(again.changed).toBe(false);
    expect(ledger.faults.count('counter') - reads).toBe(0);
  });

  it('backs off with jitter and retries after a concurrent IAM change', async () => {
    // Prepare
    const { run, roles, clock } = setup();
    roles.faults.inject('writePolicies', {
      error: () => new ConcurrentPolicyChangeError('changed'),
      times: 2,
    });
    // Act
    const result = await run(request(grant({ n: 1 })));
    // Assess: full jitter, random 0.5 × min(2000, 50 × 2^(n−1)).
    expect(result.changed).toBe(true);
    expect(clock.sleeps).toEqual([25, 50]);
  });

  it('throws TransientAwsError when the role does not settle within the rounds', async () => {
    // Prepare
    const { run, roles } = setup({ convergeRounds: 3 });
    roles.faults.inject('writePolicies', { error: () => new ConcurrentPolicyChangeError('changed') });
    // Act + Assess
    await expect(run(request(grant({ n: 1 })))).rejects.toThrow(TransientAwsError);
    expect(roles.faults.count('writePolicies')).toBe(3);
  });

  it('takes a grant that does not fit out of the ledger and throws PolicyCapacityError', async () => {
    // Prepare: no managed slot and a full inline aggregate.
    const { run, roles, ledger } = setup({ maxManagedPoliciesPerRole: 1 });
    roles.attachForeign(CONSUMER_ROLE, 'team-policy');
    const grants = Array.from({ length: 40 }, (_, n) => grant({ n, cluster: CLUSTERS[0] }));
    // Act
    let failed: unknown;
    for (const g of grants) {
      try {
        await run(request(g));
      } catch (error) {
        failed = error;
        break;
      }
    }
    // Assess: the failing grant is not in the ledger, the earlier ones still are and still fit.
    expect(failed).toBeInstanceOf(PolicyCapacityError);
    const kept = ledger.records.size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(grants.length);
    expect(topics(roles.documents(CONSUMER_ROLE))).toHaveLength(kept);
  });
});

describe('applyGrant (producer side)', () => {
  const cluster = clusterArn(CLUSTERS[0]);

  it('does nothing for a same-account grant', async () => {
    // Prepare
    const { run, clusters, ledger } = setup();
    const g = grant({
      n: 1,
      consumerAccount: PRODUCER_ACCOUNT,
      principals: [roleArn('r', PRODUCER_ACCOUNT)],
    });
    // Act
    const result = await run(request(g), 'producer');
    // Assess
    expect(result).toEqual({ side: 'producer', action: 'GRANT', changed: false, policies: [] });
    expect(clusters.faults.count('clusterType')).toBe(0);
    expect(ledger.records.size).toBe(0);
  });

  it('throws UnsupportedClusterError for a serverless cluster before any call', async () => {
    // Prepare
    const { run, clusters, ledger } = setup();
    // Act
    const attempt = run(request(grant({ n: 1 }), 'GRANT', { clusterType: 'SERVERLESS' }), 'producer');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedClusterError);
    await expect(attempt).rejects.toThrow(
      /MSK Serverless has no cluster resource policy; cross-account access to/,
    );
    expect(clusters.faults.count('clusterType')).toBe(0);
    expect(ledger.records.size).toBe(0);
  });

  it('throws UnsupportedClusterError when MSK says the cluster is serverless, touching nothing', async () => {
    // Prepare
    const { run, clusters, ledger } = setup();
    clusters.types.set(cluster, 'SERVERLESS');
    // Act + Assess
    await expect(run(request(grant({ n: 0 })), 'producer')).rejects.toBeInstanceOf(UnsupportedClusterError);
    expect(ledger.records.size).toBe(0);
    expect(clusters.faults.count('put')).toBe(0);
  });

  it('writes the cluster policy, keeps foreign statements and never deletes a policy that has them', async () => {
    // Prepare
    const { run, clusters } = setup();
    const foreign = {
      Sid: 'OpsRead',
      Effect: 'Allow' as const,
      Principal: { AWS: 'arn:aws:iam::999999999999:root' },
      Action: 'kafka:DescribeClusterV2',
      Resource: cluster,
    };
    clusters.seed(cluster, { Version: '2012-10-17', Statement: [foreign] });
    const g = grant({ n: 0 });
    // Act
    const granted = await run(request(g), 'producer');
    const written = (await clusters.get(cluster))?.document;
    const revoked = await run(request(g, 'REVOKE'), 'producer');
    // Assess
    expect(granted).toEqual({ side: 'producer', action: 'GRANT', changed: true, policies: [cluster] });
    expect(written?.Statement[0]).toEqual(foreign);
    expect(topics(written ? [written] : [])).toEqual([g.topicArn]);
    expect(revoked.changed).toBe(true);
    expect((await clusters.get(cluster))?.document.Statement).toEqual([foreign]);
  });

  it('deletes the cluster policy when the last grant is revoked and nothing foreign remains', async () => {
    // Prepare
    const { run, clusters } = setup();
    const g = grant({ n: 0 });
    await run(request(g), 'producer');
    // Act
    await run(request(g, 'REVOKE'), 'producer');
    // Assess
    expect(clusters.policies.has(cluster)).toBe(false);
    expect(clusters.faults.count('delete')).toBe(1);
  });

  it('re-reads and retries with jitter on a version conflict', async () => {
    // Prepare
    const { run, clusters, clock } = setup();
    clusters.faults.inject('put', { error: () => new VersionConflictError(cluster), times: 3 });
    // Act
    const result = await run(request(grant({ n: 0 })), 'producer');
    // Assess
    expect(result.changed).toBe(true);
    expect(clock.sleeps).toEqual([25, 50, 100]);
    expect(clusters.faults.count('get')).toBe(4);
  });

  it('writes nothing for a duplicate grant', async () => {
    // Prepare
    const { run, clusters } = setup();
    const g = grant({ n: 0 });
    await run(request(g), 'producer');
    // Act
    const again = await run(request(g), 'producer');
    // Assess
    expect(again.changed).toBe(false);
    expect(clusters.faults.count('put')).toBe(1);
  });

  it('throws InvalidGrantRequestError when the side has no port for it', async () => {
    // Prepare
    const { run, ledger } = setup();
    // Act + Assess
    await expect(run(request(grant({ n: 0 })), 'producer', { ports: { ledger } })).rejects.toBeInstanceOf(
      InvalidGrantRequestError,
    );
  });
});
