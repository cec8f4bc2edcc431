import { describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { Clock } from '../../../common/src/rate-limiter.ts';
import { applyGrant } from '../../../grant-workflow/src/apply-grant.ts';
import type { GrantAction, GrantSide } from '../../../grant-workflow/src/contract.ts';
import type { TopicGrant } from '../../../grant-workflow/src/grants.ts';
import type { PolicyDocument } from '../../../grant-workflow/src/policy/policy-document.ts';
import type { ClusterPolicyStore, GrantLedger, RolePolicyStore } from '../../../grant-workflow/src/ports.ts';
import { grantSettings } from '../../../grant-workflow/src/settings.ts';
import {
  InMemoryClusterPolicyStore,
  InMemoryGrantLedger,
  InMemoryRolePolicyStore,
} from '../../support/fakes/grant-fakes.ts';
import { CLUSTERS, CONSUMER_ROLE, clusterArn, grant, PRODUCER_ACCOUNT } from './policy/fixtures.ts';

/** A seeded generator (mulberry32), uniform in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Yields to the event loop at random, so that the other workflows run in between: mostly 0–3 times,
 * sometimes 10–60 (a slow call: a stale listing whose write lands late).
 */
function yielder(random: () => number): () => Promise<void> {
  return async () => {
    const ticks = random() < 0.1 ? 10 + Math.floor(random() * 50) : Math.floor(random() * 4);
    for (let i = 0; i < ticks; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  };
}

/** Wraps every method of a port so that each call yields before and after it. */
function interleaved<T extends object>(port: T, pause: () => Promise<void>): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await pause();
        const out: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
        await pause();
        return out;
      };
    },
  });
}

const readTopics = (documents: readonly PolicyDocument[]) =>
  documents
    .flatMap((d) => d.Statement)
    .filter((s) => Array.isArray(s.Action) && s.Action.includes('kafka-cluster:ReadData'))
    .flatMap((s) => (typeof s.Resource === 'string' ? [s.Resource] : [...(s.Resource ?? [])]))
    .filter((r) => r.includes(':topic/'))
    .sort();

/**
 * The convergence protocol under many random interleavings (seeded, so a failure is reproducible):
 * workflows on one role and one cluster interleave at every port call and every pause, and the policies
 * must end holding exactly the remaining grants: no lost update, no leftover.
 */
describe('applyGrant under random interleavings', () => {
  const cluster = CLUSTERS[0];

  async function scenario(seed: number) {
    const random = seeded(seed);
    const pause = yielder(random);
    const ledger = new InMemoryGrantLedger();
    const roles = new InMemoryRolePolicyStore('720145398216');
    roles.addRole(CONSUMER_ROLE, { tags: { 'streamgov:managed': 'true' } });
    const clusters = new InMemoryClusterPolicyStore();
    const ports = {
      ledger: interleaved<GrantLedger>(ledger, pause),
      roles: interleaved<RolePolicyStore>(roles, pause),
      clusters: interleaved<ClusterPolicyStore>(clusters, pause),
    };
    const clock: Clock = { now: () => 0, sleep: pause };
    const settings = grantSettings({ convergeRounds: 200 });
    const log = new MemoryLog();
    const workflow = async (g: TopicGrant, action: GrantAction) => {
      for (let i = Math.floor(random() * 8); i > 0; i -= 1) await pause(); // staggered starts
      for (const side of ['producer', 'consumer'] as GrantSide[]) {
        await applyGrant({
          request: {
            domainId: 'dzd_abc123',
            action,
            grant: g,
            clusterType: 'PROVISIONED',
            producerAccount: PRODUCER_ACCOUNT,
            region: 'eu-west-1',
            crossAccount: true,
          },
          side,
          ports,
          settings,
          log,
          clock,
          random,
        });
      }
    };
    const grants = Array.from({ length: 24 }, (_, n) => grant({ n, cluster }));
    const [toRevoke, toGrant] = [grants.slice(0, 8), grants.slice(8)];
    await Promise.all(toRevoke.map((g) => workflow(g, 'GRANT')));
    await Promise.all([
      ...toGrant.map((g) => workflow(g, 'GRANT')),
      ...toRevoke.map((g) => workflow(g, 'REVOKE')),
    ]);
    const policy = await clusters.get(clusterArn(cluster));
    return {
      expected: toGrant.map((g) => g.topicArn).sort(),
      role: readTopics(roles.documents(CONSUMER_ROLE)),
      cluster: readTopics(policy ? [policy.document] : []),
      writes: roles.faults.count('writePolicies') + clusters.faults.count('put'),
    };
  }

  it.each(Array.from({ length: 24 }, (_, i) => [i + 1]))(
    'ends with exactly the remaining grants in the role and cluster policies (seed %i)',
    async (seed) => {
      // Prepare + Act
      const outcome = await scenario(seed);
      // Assess
      expect(outcome.role).toEqual(outcome.expected);
      expect(outcome.cluster).toEqual(outcome.expected);
    },
  );
});
