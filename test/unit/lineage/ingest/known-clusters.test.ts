import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import type { CatalogSource } from '../../../../datasource-lambda/src/config.ts';
import { SourceNotFoundError } from '../../../../datasource-lambda/src/errors.ts';
import {
  CachedNamespaceResolver,
  type ClusterLookup,
} from '../../../../lineage/src/ingest/known-clusters.ts';
import {
  FIXTURE_BROKERS,
  FIXTURE_CLUSTER_ARN,
  FIXTURE_NAMESPACE,
} from '../../../fixtures/openlineage/load.ts';

const ORDERS: CatalogSource = {
  clusterName: 'streaming-orders',
  registryName: 'r',
  mapping: 'auto',
  includeTopicsWithoutSchema: true,
};
const GONE: CatalogSource = {
  clusterName: 'gone',
  registryName: 'r',
  mapping: 'auto',
  includeTopicsWithoutSchema: true,
};
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
  if (source.clusterName === 'gone') throw new SourceNotFoundError('MSK cluster named gone does not exist');
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
    await Promise.all([source.resolver(), source.resolver()]);
    now = 999;
    await source.resolver();
    const before = calls();
    now = 1_000;
    await source.resolver();
    // Assess
    expect(before).toBe(1);
    expect(calls()).toBe(2);
  });

  it('skips a cluster that no longer exists, with a warning', async () => {
    // Prepare
    const log = new MemoryLog();
    const source = new CachedNamespaceResolver({
      sources: [GONE, ORDERS],
      lookup: fixtureCluster,
      ttlMs: 1_000,
      log,
    });
    // Act
    const resolver = await source.resolver();
    // Assess
    expect(resolver.resolve(OTHER_BROKER)).toBe(FIXTURE_NAMESPACE);
    expect(log.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
  });

  it('throws other failures and caches nothing, so the next call reads again', async () => {
    // Prepare
    let fail = true;
    const { lookup, calls } = counting(async (s) => {
      if (fail) throw new AwsCallError('kafka:ListClustersV2 failed: AccessDeniedException');
      return fixtureCluster(s);
    });
    const source = new CachedNamespaceResolver({
      sources: [ORDERS],
      lookup,
      ttlMs: 60_000,
      log: new MemoryLog(),
    });
    // Act
    const error = await source.resolver().catch((e: unknown) => e);
    fail = false;
    const resolver = await source.resolver();
    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(resolver.resolve(OTHER_BROKER)).toBe(FIXTURE_NAMESPACE);
    expect(calls()).toBe(2);
  });
});
