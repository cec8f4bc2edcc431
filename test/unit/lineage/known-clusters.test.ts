import { describe, expect, it } from 'vitest';
import type { ClusterSource } from '../../../asset-types/src/adapters/msk-clusters.ts';
import { ClusterNotFoundError } from '../../../asset-types/src/errors.ts';
import { AwsCallError, InvalidInputError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { CachedNamespaceResolver, type ClusterLookup } from '../../../lineage/src/known-clusters.ts';
import type { KnownCluster } from '../../../lineage/src/naming.ts';
import { FIXTURE_BROKERS, FIXTURE_CLUSTER_ARN, FIXTURE_NAMESPACE } from '../../fixtures/openlineage/load.ts';

const ORDERS: ClusterSource = { clusterName: 'streaming-orders' };
const ORDERS_BY_ARN: ClusterSource = { clusterArn: FIXTURE_CLUSTER_ARN };
const GONE: ClusterSource = { clusterName: 'gone' };
const OTHER_BROKER = 'kafka://B-3.streaming-orders.a1b2c3.c2.kafka.eu-west-1.amazonaws.com:9096';

function counting(lookup: ClusterLookup): { lookup: ClusterLookup; calls: () => number } {
  let calls = 0;
  return {
    lookup: async (source) => {
      calls += 1;
      return lookup(source);
    },
    calls: () => calls,
  };
}

const fixtureCluster: ClusterLookup = async (source) => {
  if (source.clusterName === 'gone') throw new ClusterNotFoundError('MSK cluster named gone does not exist');
  return { clusterArn: FIXTURE_CLUSTER_ARN, brokers: FIXTURE_BROKERS };
};

describe('CachedNamespaceResolver', () => {
  it('maps any broker of a configured cluster to its canonical namespace', async () => {
    // Prepare
    const source = new CachedNamespaceResolver({
      sources: [ORDERS],
      lookup: fixtureCluster,
      ttlMs: 1_000,
      log: new MemoryLog(),
    });
    // Act
    const resolver = await source.resolver();
    // Assess
    expect(resolver.resolve(OTHER_BROKER)).toBe(FIXTURE_NAMESPACE);
  });

  it('reads each cluster once per TTL, and again after it', async () => {
    // Prepare
    let now = 0;
    const { lookup, calls } = counting(fixtureCluster);
    const source = new CachedNamespaceResolver({
      sources: [ORDERS, ORDERS],
      lookup,
      ttlMs: 1_000,
      log: new MemoryLog(),
      now: () => now,
    });
    // Act
    await source.resolver();
    now = 999;
    await source.resolver();
    const before = calls();
    now = 1_000;
    await source.resolver();
    // Assess
    expect(before).toBe(1);
    expect(calls()).toBe(2);
  });

  it('reads the clusters once for the life of the instance when no TTL is given', async () => {
    // Prepare
    let now = 0;
    const { lookup, calls } = counting(fixtureCluster);
    const source = new CachedNamespaceResolver({
      sources: [ORDERS],
      lookup,
      log: new MemoryLog(),
      now: () => now,
    });
    // Act
    await source.resolver();
    now = Number.MAX_SAFE_INTEGER;
    await source.resolver();
    // Assess
    expect(calls()).toBe(1);
  });

  it('reads the clusters on every call when the TTL is 0', async () => {
    // Prepare
    const { lookup, calls } = counting(fixtureCluster);
    const source = new CachedNamespaceResolver({ sources: [ORDERS], lookup, ttlMs: 0, log: new MemoryLog() });
    // Act
    await source.resolver();
    await source.resolver();
    // Assess
    expect(calls()).toBe(2);
  });

  it('shares one read among callers that arrive while the clusters are read', async () => {
    // Prepare
    let release: (cluster: KnownCluster) => void = () => undefined;
    const { lookup, calls } = counting(
      () =>
        new Promise<KnownCluster>((resolve) => {
          release = resolve;
        }),
    );
    const source = new CachedNamespaceResolver({ sources: [ORDERS], lookup, ttlMs: 0, log: new MemoryLog() });
    // Act
    const first = source.resolver();
    const second = source.resolver();
    await Promise.resolve();
    release({ clusterArn: FIXTURE_CLUSTER_ARN, brokers: FIXTURE_BROKERS });
    const [a, b] = await Promise.all([first, second]);
    // Assess
    expect(calls()).toBe(1);
    expect(a).toBe(b);
  });

  it('reads a cluster named by two sources once per distinct reference and role', async () => {
    // Prepare
    const { lookup, calls } = counting(fixtureCluster);
    const source = new CachedNamespaceResolver({
      sources: [ORDERS, ORDERS_BY_ARN, { ...ORDERS }, { ...ORDERS, readRoleArn: 'arn:aws:iam::1:role/r' }],
      lookup,
      log: new MemoryLog(),
    });
    // Act
    const resolver = await source.resolver();
    // Assess
    expect(calls()).toBe(3);
    expect(resolver.resolve(OTHER_BROKER)).toBe(FIXTURE_NAMESPACE);
  });

  it('skips a cluster that does not exist, with a warning naming it', async () => {
    // Prepare
    const log = new MemoryLog();
    const source = new CachedNamespaceResolver({ sources: [GONE, ORDERS], lookup: fixtureCluster, log });
    // Act
    const resolver = await source.resolver();
    // Assess
    expect(resolver.resolve(OTHER_BROKER)).toBe(FIXTURE_NAMESPACE);
    const warnings = log.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('gone');
  });

  it('throws other failures and caches nothing, so the next call reads again', async () => {
    // Prepare
    let fail = true;
    const { lookup, calls } = counting(async (s) => {
      if (fail) throw new AwsCallError('kafka:ListClustersV2 failed: AccessDeniedException');
      return fixtureCluster(s);
    });
    const source = new CachedNamespaceResolver({ sources: [ORDERS], lookup, log: new MemoryLog() });
    // Act
    const error = await source.resolver().catch((e: unknown) => e);
    fail = false;
    const resolver = await source.resolver();
    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(resolver.resolve(OTHER_BROKER)).toBe(FIXTURE_NAMESPACE);
    expect(calls()).toBe(2);
  });

  it('passes every namespace through when no source is configured', async () => {
    // Prepare
    const source = new CachedNamespaceResolver({ sources: [], lookup: fixtureCluster, log: new MemoryLog() });
    // Act
    const resolver = await source.resolver();
    // Assess
    expect(resolver.resolve(OTHER_BROKER)).toBe(OTHER_BROKER);
  });

  it('throws InvalidInputError naming ttlMs when it is negative or not a number', () => {
    for (const ttlMs of [-1, Number.NaN]) {
      expect(
        () =>
          new CachedNamespaceResolver({ sources: [], lookup: fixtureCluster, ttlMs, log: new MemoryLog() }),
      ).toThrow(InvalidInputError);
    }
    expect(
      () =>
        new CachedNamespaceResolver({ sources: [], lookup: fixtureCluster, ttlMs: -1, log: new MemoryLog() }),
    ).toThrow(/ttlMs/);
  });
});
