import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import { DeleteGuardError, PartialSyncError } from '../../../datasource-lambda/src/errors.ts';
import { partitionBuckets, partitionOfKey } from '../../../datasource-lambda/src/partition.ts';
import type { PlanItem, SyncSummary } from '../../../datasource-lambda/src/summary.ts';
import { type SyncOptions, syncCatalog } from '../../../datasource-lambda/src/sync-assets.ts';
import {
  FakeClock,
  InMemoryAssetCatalog,
  InMemoryAssetIndex,
  InMemoryClusterDirectory,
  InMemorySchemaRegistry,
} from '../../support/fakes/index.ts';
import { avro, CLUSTER, KEY_PREFIX, settings, topic } from './fixtures.ts';

const COUNT = 4;
const TOPICS = Array.from({ length: 32 }, (_, i) => `t${String(i).padStart(2, '0')}`);
const key = (t: string) => `${KEY_PREFIX}/${t}`;
const partitionOf = (t: string) => partitionOfKey(key(t), COUNT);
const PARTITIONS = Array.from({ length: COUNT }, (_, index) => ({ index, count: COUNT }));

/** 32 topics, every even one with a topic-name schema. */
function world() {
  const clusters = new InMemoryClusterDirectory().addCluster(CLUSTER);
  const registry = new InMemorySchemaRegistry().addRegistry('streaming');
  TOPICS.forEach((t, i) => {
    clusters.putTopic(CLUSTER.arn, topic(t));
    if (i % 2 === 0) registry.putSchema('streaming', t, avro(['id']));
  });
  const catalog = new InMemoryAssetCatalog();
  const index = new InMemoryAssetIndex();
  let runs = 0;
  const run = (options: SyncOptions = {}, overrides: Partial<SyncSettings> = {}) =>
    syncCatalog({
      settings: settings({ maxDeleteShare: 1, ...overrides }),
      ports: { forSource: () => ({ clusters, registry }), catalog, index },
      log: new MemoryLog(),
      clock: new FakeClock(),
      newId: () => `run-${++runs}`,
      random: () => 0.5,
      options,
    });
  const runAll = async (options: SyncOptions = {}) => {
    const summaries: SyncSummary[] = [];
    for (const partition of PARTITIONS) summaries.push(await run({ ...options, partition }));
    return summaries;
  };
  return { clusters, registry, catalog, index, run, runAll };
}

const byKey = (a: PlanItem, b: PlanItem) => a.key.localeCompare(b.key);

describe('syncCatalog with partitions', () => {
  it('syncs every topic in exactly one partition: one asset and one index entry each', async () => {
    // Prepare
    const w = world();

    // Act
    const summaries = await w.runAll();

    // Assess
    summaries.forEach((summary, index) => {
      expect(summary.partition).toEqual({ index, count: COUNT });
      expect(summary.created).toBe(TOPICS.filter((t) => partitionOf(t) === index).length);
      expect(summary.sources[0]).toMatchObject({ complete: true, topics: TOPICS.length });
    });
    expect(summaries.reduce((n, s) => n + s.created, 0)).toBe(TOPICS.length);
    expect([...w.index.entries.keys()].sort()).toEqual(TOPICS.map(key));
    expect(w.catalog.assets.size).toBe(TOPICS.length);
    expect(new Set(summaries.map((s) => s.created)).size).toBeGreaterThan(1);
  });

  it('reads only its own index buckets', async () => {
    // Prepare
    const w = world();

    // Act
    await w.run({ partition: { index: 2, count: COUNT } });

    // Assess
    expect(w.index.listFilters).toEqual([{ buckets: partitionBuckets({ index: 2, count: COUNT }) }]);
  });

  it('plans, over all partitions, exactly what an unpartitioned run plans', async () => {
    // Prepare: creates, updates, unchanged and deletes mixed across partitions
    const w = world();
    await w.run();
    for (const t of ['t00', 't04', 't08']) w.registry.putSchema('streaming', t, avro(['id', 'extra']));
    for (const t of ['t01', 't05', 't10', 't13']) w.clusters.removeTopic(CLUSTER.arn, t);
    for (const t of ['n1', 'n2', 'n3', 'n4', 'n5']) w.clusters.putTopic(CLUSTER.arn, topic(t));

    // Act
    const whole = await w.run({ dryRun: true });
    const parts = await w.runAll({ dryRun: true });

    // Assess
    const union = parts.flatMap((s) => s.plan ?? []).sort(byKey);
    expect(union).toEqual([...(whole.plan ?? [])].sort(byKey));
    expect(new Set(union.map((i) => i.kind))).toEqual(new Set(['create', 'update', 'unchanged', 'delete']));
    parts.forEach((s, index) => {
      for (const item of s.plan ?? []) expect(partitionOf(item.topic)).toBe(index);
    });
  });

  it('deletes gone topics of its own partition only', async () => {
    // Prepare: one gone topic per partition
    const w = world();
    await w.runAll();
    const gone = PARTITIONS.map(({ index }) => TOPICS.find((t) => partitionOf(t) === index) ?? '');
    for (const t of gone) w.clusters.removeTopic(CLUSTER.arn, t);

    // Act
    const summary = await w.run({ partition: { index: 1, count: COUNT } });

    // Assess
    expect(summary.deleted).toBe(1);
    expect(w.index.entries.has(key(gone[1] ?? ''))).toBe(false);
    for (const t of [gone[0], gone[2], gone[3]]) expect(w.index.entries.has(key(t ?? ''))).toBe(true);
  });

  it('evaluates the delete guard per partition', async () => {
    // Prepare: every topic of partition 0 is gone (a quarter of all, all of partition 0)
    const w = world();
    await w.runAll();
    const gone = TOPICS.filter((t) => partitionOf(t) === 0);
    for (const t of gone) w.clusters.removeTopic(CLUSTER.arn, t);

    // Act
    const refused = await w
      .run({ partition: { index: 0, count: COUNT } }, { maxDeleteShare: 0.5 })
      .catch((e: unknown) => e);
    const other = await w.run({ partition: { index: 1, count: COUNT } }, { maxDeleteShare: 0.5 });

    // Assess: partition 0 deletes more than half of its assets: refused; the listing was not empty
    expect(refused).toBeInstanceOf(PartialSyncError);
    const { summary, cause } = refused as PartialSyncError;
    expect(cause).toBeInstanceOf(DeleteGuardError);
    expect(summary.deleteGuard).toMatchObject({ refused: true, deletes: gone.length, indexed: gone.length });
    expect(summary.deleteGuard?.emptyScopes).toEqual([]);
    expect(other.deleted).toBe(0);
    expect(w.index.entries.size).toBe(TOPICS.length);
  });

  it('finds entries in the index layout from before buckets and moves them, without DataZone writes', async () => {
    // Prepare: the whole index as an older release wrote it
    const w = world();
    await w.run();
    for (const entry of [...w.index.entries.values()]) w.index.putLegacy(entry);
    w.index.entries.clear();
    const writes = w.catalog.writes;

    // Act
    const summaries = await w.runAll();

    // Assess
    expect(summaries.reduce((n, s) => n + s.unchanged, 0)).toBe(TOPICS.length);
    expect(w.catalog.writes).toBe(writes);
    expect(w.index.legacyEntries.size).toBe(0);
    expect([...w.index.entries.keys()].sort()).toEqual(TOPICS.map(key));
    expect([...w.index.entries.values()].every((e) => e.legacy === undefined)).toBe(true);
  });

  it('moves legacy entries in an unpartitioned run too, preferring a bucketed copy of the same key', async () => {
    // Prepare: an interrupted move left t00 in both layouts (the legacy copy stale)
    const w = world();
    await w.run();
    const t00 = w.index.entries.get(key('t00'));
    w.index.putLegacy({ key: key('t00'), assetId: t00?.assetId ?? '', fingerprint: 'stale' });
    for (const t of ['t01', 't02']) {
      const entry = w.index.entries.get(key(t));
      if (entry) w.index.putLegacy(entry);
      w.index.entries.delete(key(t));
    }
    const writes = w.catalog.writes;

    // Act
    const summary = await w.run();

    // Assess
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: TOPICS.length });
    expect(w.catalog.writes).toBe(writes);
    expect(w.index.legacyEntries.size).toBe(0);
    expect(w.index.entries.get(key('t00'))?.fingerprint).toBe(t00?.fingerprint);
  });

  it('keeps a source incomplete (no deletes) when its legacy entries cannot be read', async () => {
    // Prepare
    const w = world();
    await w.runAll();
    w.clusters.removeTopic(CLUSTER.arn, TOPICS.find((t) => partitionOf(t) === 3) ?? '');
    w.index.faults.inject('listLegacy', { error: new InvalidInputError('scope', 'x', 'broken') });

    // Act
    const error = await w.run({ partition: { index: 3, count: COUNT } }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PartialSyncError);
    expect((error as PartialSyncError).summary).toMatchObject({ deleted: 0, created: 0 });
    expect((error as PartialSyncError).summary.sources[0]?.complete).toBe(false);
    expect(w.index.entries.size).toBe(TOPICS.length);
  });

  it('treats a count of 1 as an unpartitioned run', async () => {
    // Prepare
    const w = world();

    // Act
    const summary = await w.run({ partition: { index: 0, count: 1 } });

    // Assess
    expect(summary.created).toBe(TOPICS.length);
    expect(w.index.listFilters).toEqual([undefined]);
  });

  it.each([
    [{ partition: { index: 4, count: 4 } }, 'options.partition.index'],
    [{ partition: { index: 0, count: 100 } }, 'options.partition.count'],
    [
      { partition: { index: 0, count: 4 }, only: [{ registryName: 'streaming', schemaName: 't00' }] },
      'cannot be combined with options.only',
    ],
  ])('throws InvalidInputError before any call for %j', async (options, message) => {
    // Prepare
    const w = world();

    // Act
    const error = await w.run(options as SyncOptions).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(message);
    expect(w.index.listFilters).toEqual([]);
  });
});
