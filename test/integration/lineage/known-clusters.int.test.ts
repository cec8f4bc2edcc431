import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterNotFoundError } from '../../../asset-types/src/errors.ts';
import { canonicalEndpoint, clusterEndpoints } from '../../../asset-types/src/topic-identity.ts';
import { AwsCallError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { CachedNamespaceResolver, clusterLookup } from '../../../lineage/src/known-clusters.ts';
import {
  calls,
  clearFaultsAndCalls,
  type DemoCloud,
  PRODUCER_ADMIN_ROLE,
  startDemoCloud,
} from '../../support/demo-world.ts';

/**
 * clusterLookup on the local cloud through the real SDK: the governance account (111111111111) reads the
 * demo cluster of the producer account (222222222222) with the source's read role assumed.
 */
describe('clusterLookup', () => {
  let demo: DemoCloud;
  let clusterArn: string;

  beforeAll(async () => {
    demo = await startDemoCloud();
    clusterArn = demo.seeded.clusters['streaming-orders']?.arn ?? '';
  });
  afterAll(() => demo.local.close());
  afterEach(() => clearFaultsAndCalls(demo));

  it('reads a cluster in another account with the read role assumed once for its sources', async () => {
    // Prepare
    const lookup = clusterLookup(demo.governance, 'streamgov-test', new MemoryLog());

    // Act
    const byName = await lookup({ clusterName: 'streaming-orders', readRoleArn: PRODUCER_ADMIN_ROLE });
    const byArn = await lookup({ clusterArn, readRoleArn: PRODUCER_ADMIN_ROLE });

    // Assess
    expect(byName.clusterArn).toBe(clusterArn);
    expect(byArn).toEqual(byName);
    expect(byName.brokers.BootstrapBrokerStringSaslIam).toMatch(/:9098/);
    expect(calls(demo, 'sts:AssumeRole')).toBe(1);
  });

  it("throws ClusterNotFoundError when the source has no read role and the cluster is not in the function's account", async () => {
    // Prepare
    const lookup = clusterLookup(demo.governance, 'streamgov-test', new MemoryLog());

    // Act & Assess
    await expect(lookup({ clusterName: 'streaming-orders' })).rejects.toThrow(ClusterNotFoundError);
    expect(calls(demo, 'sts:AssumeRole')).toBe(0);
  });

  it('throws AwsCallError naming the role when the read role cannot be assumed', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'sts:AssumeRole': { rate: 1, code: 'AccessDenied', status: 403 } },
    });
    const lookup = clusterLookup(demo.governance, 'streamgov-test', new MemoryLog());

    // Act
    const error = await lookup({ clusterName: 'streaming-orders', readRoleArn: PRODUCER_ADMIN_ROLE }).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as Error).message).toContain(PRODUCER_ADMIN_ROLE);
  });

  it('feeds CachedNamespaceResolver, which skips a missing cluster and maps the others', async () => {
    // Prepare
    const log = new MemoryLog();
    const namespaces = new CachedNamespaceResolver({
      sources: [
        { clusterName: 'no-such-cluster', readRoleArn: PRODUCER_ADMIN_ROLE },
        { clusterName: 'streaming-orders', readRoleArn: PRODUCER_ADMIN_ROLE },
      ],
      lookup: clusterLookup(demo.governance, 'streamgov-test', log),
      log,
    });
    const brokers = (await clusterLookup(demo.producer, 'streamgov-test', log)({ clusterArn })).brokers;
    const canonical = canonicalEndpoint(brokers);
    const other = clusterEndpoints(brokers).find((e) => e !== canonical) ?? '';

    // Act
    const resolver = await namespaces.resolver();

    // Assess
    expect(other).not.toBe('');
    expect(resolver.resolve(`kafka://${other.toUpperCase()}`)).toBe(`kafka://${canonical}`);
    expect(log.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
  });
});
