import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_POLICY_LIMIT } from '../../../grant-workflow/src/policy/consumer-policy.ts';
import {
  apply,
  clusterPolicy,
  createCluster,
  createConsumerRole,
  type GrantWorld,
  grantRequest,
  resourcesWith,
  roleDocuments,
  startGrantWorld,
  topicGrant,
} from './support.ts';

/** Realistic topic names of up to ~40 characters: `<domain>.<entity>.<event>.v<k>`. */
function topicName(n: number): string {
  const domains = ['sales', 'billing', 'shipping', 'crm', 'catalogue', 'returns', 'pricing', 'loyalty'];
  const entities = ['order', 'invoice', 'shipment', 'customer-profile', 'product-variant'];
  const d = domains[n % domains.length] ?? 'sales';
  const e = entities[Math.floor(n / domains.length) % entities.length] ?? 'order';
  return `${d}.${e}.status-changed.v${1 + Math.floor(n / (domains.length * entities.length))}`;
}

const compact = (text: string) => JSON.stringify(JSON.parse(text)).length;

/**
 * Scale on the local cloud, whose IAM enforces the quotas (10,240 inline characters per role, 6,144
 * per managed policy, 10 managed policies per role).
 */
describe('applyGrant at scale', () => {
  let world: GrantWorld;

  beforeAll(async () => {
    // The 100-grant cluster policy below measures ~19,300 characters: within the local MSK's default
    // limit of 20,480 (AWS documents none), so the emulator's limit is not raised.
    world = await startGrantWorld();
  });
  afterAll(() => world.local.close());

  it('holds 200 topic grants across 5 clusters on one role, spilling into managed policies within quotas', async () => {
    // Prepare
    const role = await createConsumerRole(world, 'bulk-reader');
    const clusters = [world.clusterArn];
    for (const name of ['payments', 'logistics', 'customers', 'inventory'])
      clusters.push(await createCluster(world, name));
    const grants = Array.from({ length: 200 }, (_, n) =>
      topicGrant(clusters[n % 5] ?? '', topicName(n), [role], 1000 + n),
    );
    // Act
    const started = performance.now();
    for (const grant of grants) await apply(world, grantRequest(grant, 'GRANT'), 'consumer');
    const elapsedMs = performance.now() - started;
    // Assess
    const docs = await roleDocuments(world, 'bulk-reader');
    expect(resourcesWith(docs.ours, 'kafka-cluster:ReadData')).toEqual(grants.map((g) => g.topicArn).sort());
    expect(resourcesWith(docs.ours, 'kafka-cluster:Connect', ':cluster/')).toEqual([...clusters].sort());
    const inlineSize = Object.values(docs.inline).reduce((sum, text) => sum + compact(text), 0);
    const managedSizes = Object.values(docs.managed).map(compact);
    expect(inlineSize).toBeLessThanOrEqual(10_240);
    expect(Object.keys(docs.managed).length).toBeLessThanOrEqual(10);
    for (const size of managedSizes) expect(size).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    console.info(
      `200 grants / 5 clusters: inline ${inlineSize} chars, ${managedSizes.length} managed (${managedSizes.join(', ')} chars), ` +
        `${Math.round(elapsedMs)} ms for 200 sequential grants (${(elapsedMs / 200).toFixed(1)} ms each)`,
    );
    // Act: revoke half, then the rest; the role ends with no streamgov policy.
    const revoke = async (batch: typeof grants) => {
      for (let i = 0; i < batch.length; i += 50) {
        await Promise.all(
          batch.slice(i, i + 50).map((g) => apply(world, grantRequest(g, 'REVOKE'), 'consumer')),
        );
      }
    };
    await revoke(grants.slice(0, 100));
    const half = await roleDocuments(world, 'bulk-reader');
    await revoke(grants.slice(100));
    const none = await roleDocuments(world, 'bulk-reader');
    // Assess
    expect(resourcesWith(half.ours, 'kafka-cluster:ReadData')).toEqual(
      grants
        .slice(100)
        .map((g) => g.topicArn)
        .sort(),
    );
    expect(none.ours).toEqual([]);
    expect(none.attached).toEqual([]);
  }, 120_000);

  it('holds 100 cross-account grants for 10 principal sets in one cluster policy', async () => {
    // Prepare
    const roles: string[] = [];
    for (let i = 0; i < 10; i += 1) roles.push(await createConsumerRole(world, `team-${i}-reader`));
    const grants = Array.from({ length: 100 }, (_, n) =>
      topicGrant(world.clusterArn, topicName(n), [roles[n % 10] ?? ''], 2000 + n),
    );
    // Act
    const started = performance.now();
    for (const grant of grants) await apply(world, grantRequest(grant, 'GRANT'), 'producer');
    const elapsedMs = performance.now() - started;
    // Assess
    const policy = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(policy ? [policy] : [], 'kafka-cluster:ReadData')).toEqual(
      grants.map((g) => g.topicArn).sort(),
    );
    expect(policy?.Statement).toHaveLength(10);
    console.info(
      `100 cross-account grants / 10 principal sets: cluster policy ${JSON.stringify(policy).length} chars, ` +
        `${Math.round(elapsedMs)} ms for 100 sequential grants`,
    );
  }, 120_000);
});
