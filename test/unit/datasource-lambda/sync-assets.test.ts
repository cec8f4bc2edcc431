import { describe, expect, it } from 'vitest';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { AssetTypeMissingError } from '../../../asset-types/src/errors.ts';
import { formsByName } from '../../../asset-types/src/forms.ts';
import { TransientAwsError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import {
  DeleteGuardError,
  PartialSyncError,
  SourceNotFoundError,
} from '../../../datasource-lambda/src/errors.ts';
import { fingerprintAsset } from '../../../datasource-lambda/src/fingerprint.ts';
import type { SyncSummary } from '../../../datasource-lambda/src/summary.ts';
import { type SyncOptions, syncCatalog } from '../../../datasource-lambda/src/sync-assets.ts';
import {
  FakeClock,
  InMemoryAssetCatalog,
  InMemoryAssetIndex,
  InMemoryClusterDirectory,
  InMemorySchemaRegistry,
} from '../../support/fakes/index.ts';
import { avro, CLUSTER, KEY_PREFIX, OTHER_CLUSTER, settings, topic } from './fixtures.ts';

const definition = topicAssetType();

/** A cluster with orders (value + key schemas), payments (topic-name schema), raw (no schema); one stray schema. */
function world() {
  const clusters = new InMemoryClusterDirectory().addCluster(CLUSTER);
  for (const name of ['orders', 'payments', 'raw']) clusters.putTopic(CLUSTER.arn, topic(name));
  const registry = new InMemorySchemaRegistry()
    .putSchema('streaming', 'orders-value', avro(['id', 'amount']))
    .putSchema('streaming', 'orders-key', avro(['id'], 'Key'))
    .putSchema('streaming', 'payments', avro(['payment_id']))
    .putSchema('streaming', 'stray', avro(['x']));
  const catalog = new InMemoryAssetCatalog();
  const index = new InMemoryAssetIndex();
  const clock = new FakeClock();
  const log = new MemoryLog();
  let runs = 0;
  const run = (options: SyncOptions = {}, s: SyncSettings = settings()) =>
    syncCatalog({
      settings: s,
      ports: { forSource: () => ({ clusters, registry }), catalog, index },
      log,
      clock,
      newId: () => `run-${++runs}`,
      random: () => 0.5,
      options,
    });
  /** Runs and returns the summary of a run that throws PartialSyncError. */
  const runFailing = async (options: SyncOptions = {}, s: SyncSettings = settings()) => {
    const error = await run(options, s).then(
      () => expect.fail('the run should have failed'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PartialSyncError);
    return { error: error as PartialSyncError, summary: (error as PartialSyncError).summary as SyncSummary };
  };
  /** Port calls since the last reset. */
  const resetCounts = () => {
    for (const faults of [clusters.faults, registry.faults, catalog.faults, index.faults]) {
      for (const key of Object.keys(faults.calls)) delete (faults.calls as Record<string, number>)[key];
    }
    catalog.writes = 0;
  };
  return { clusters, registry, catalog, index, clock, log, run, runFailing, resetCounts };
}

const key = (t: string) => `${KEY_PREFIX}/${t}`;
const counts = (s: SyncSummary) => ({
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  deleted: s.deleted,
  adopted: s.adopted,
  failed: s.failed.length,
});

describe('syncCatalog', () => {
  it('creates an asset per topic and indexes it on the first sync', async () => {
    // Prepare
    const w = world();

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      adopted: 0,
      failed: 0,
    });
    expect(summary.unmatchedSchemas).toEqual(['streaming/stray']);
    expect(summary.sources).toEqual([
      { source: 'streaming-orders + streaming', complete: true, topics: 3, schemas: 4 },
    ]);
    expect([...w.index.entries.keys()].sort()).toEqual([key('orders'), key('payments'), key('raw')]);
    for (const entry of w.index.entries.values()) {
      const asset = await w.catalog.getAsset(entry.assetId);
      expect(asset && fingerprintAsset(asset, definition)).toBe(entry.fingerprint);
    }
    const orders = w.index.entries.get(key('orders'));
    expect(Object.keys(orders?.schemaStamps ?? {}).sort()).toEqual(['key', 'value']);
    const forms = formsByName(w.catalog.latest(orders?.assetId ?? '')?.formsInput ?? []);
    expect(forms.KafkaSchemaFormType?.key_schema_arn).toContain('orders-key');
    expect(summary.apiCalls?.['catalog.createAsset']).toBe(3);
  });

  it('makes no DataZone write and reads no schema on a re-sync with nothing changed', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.resetCounts();

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 3,
      deleted: 0,
      adopted: 0,
      failed: 0,
    });
    expect(w.catalog.writes).toBe(0);
    expect(w.registry.faults.count('getLatestVersion')).toBe(0);
    expect(w.index.faults.count('put')).toBe(0);
    expect(summary.apiCalls).toEqual({
      'catalog.verifyAssetType': 1,
      'index.list': 1,
      'clusters.resolveCluster': 1,
      'clusters.listTopics': 1,
      'registry.listSchemas': 1,
      'clusters.describeTopic': 3,
    });
  });

  it('writes exactly one revision when a schema changes, reading only the schemas of the changed topic', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.registry.putSchema('streaming', 'orders-value', avro(['id', 'amount', 'currency']));
    w.resetCounts();

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 2,
      deleted: 0,
      adopted: 0,
      failed: 0,
    });
    expect(w.catalog.writesByKind).toMatchObject({ create: 3, revision: 1 });
    // the changed value schema, then its key schema for the full content of the revision
    expect(w.registry.faults.calls.getLatestVersion).toBe(2);
    const orders = w.index.entries.get(key('orders'));
    const asset = w.catalog.assets.get(orders?.assetId ?? '');
    expect(asset?.revisions).toHaveLength(2);
    expect(formsByName(asset?.revisions[1]?.formsInput ?? []).KafkaSchemaFormType?.schema_version).toBe(2);
    w.resetCounts();
    expect(counts(await w.run())).toMatchObject({ updated: 0, unchanged: 3 });
    expect(w.catalog.writes).toBe(0);
  });

  it('restamps the index without a DataZone write when a schema changes in metadata only', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.registry.touchSchema('streaming', 'payments');
    w.resetCounts();

    // Act
    const summary = await w.run();
    const puts = w.index.faults.count('put');
    w.resetCounts();
    await w.run();

    // Assess
    expect(counts(summary)).toMatchObject({ updated: 0, unchanged: 3 });
    expect(puts).toBe(1);
    expect(w.catalog.writes).toBe(0);
    expect(w.registry.faults.count('getLatestVersion')).toBe(0);
  });

  it('revises a topic whose settings changed although its schemas did not', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.clusters.putTopic(CLUSTER.arn, topic('orders', { partitions: 24 }));
    w.resetCounts();

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toMatchObject({ updated: 1, unchanged: 2 });
    expect(w.registry.faults.count('getLatestVersion')).toBe(2);
    const orders = w.catalog.latest(w.index.entries.get(key('orders'))?.assetId ?? '');
    const forms = formsByName(orders?.formsInput ?? []);
    expect(forms.KafkaTopicFormType?.partitions).toBe(24);
    expect(forms.RelationalTableFormType).toBeDefined();
  });

  it('stays within the call budget of a re-sync: one DescribeTopic per topic plus list pages', async () => {
    // Prepare: 200 topics, each with its schema
    const w = world();
    for (let i = 0; i < 200; i += 1) {
      w.clusters.putTopic(CLUSTER.arn, topic(`t-${i}`));
      w.registry.putSchema('streaming', `t-${i}`, avro(['id']));
    }
    await w.run();
    w.resetCounts();

    // Act
    const summary = await w.run();

    // Assess: port calls per schema; adapters add pages (ListSchemas 25, ListTopics 100, index 10 per page)
    const calls = Object.values(summary.apiCalls ?? {}).reduce((a, b) => a + b, 0);
    const schemas = 204;
    const pages = Math.ceil(schemas / 25) + Math.ceil(203 / 100) + Math.ceil(203 / 10);
    expect(w.catalog.writes).toBe(0);
    expect((calls - 3 + pages) / schemas).toBeLessThanOrEqual(1.2);
  });

  it('re-reads every schema on a deep run but still writes nothing when nothing changed', async () => {
    const w = world();
    await w.run();
    w.resetCounts();
    const summary = await w.run({ deep: true });
    expect(counts(summary)).toMatchObject({ unchanged: 3 });
    expect(w.registry.faults.count('getLatestVersion')).toBe(3);
    expect(w.catalog.faults.count('getAsset')).toBe(3);
    expect(w.catalog.writes).toBe(0);
  });

  it('repairs on a deep run an asset deleted or edited out of band', async () => {
    // Prepare
    const w = world();
    await w.run();
    const ordersId = w.index.entries.get(key('orders'))?.assetId ?? '';
    const paymentsId = w.index.entries.get(key('payments'))?.assetId ?? '';
    await w.catalog.deleteAsset(ordersId);
    const payments = w.catalog.assets.get(paymentsId);
    payments?.revisions.push({ ...(payments.revisions[0] ?? expect.fail()), description: 'edited by hand' });

    // Act
    const summary = await w.run({ deep: true });

    // Assess
    expect(counts(summary)).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    expect(w.index.entries.get(key('orders'))?.assetId).not.toBe(ordersId);
    expect(w.catalog.latest(paymentsId)?.description).not.toBe('edited by hand');
  });

  it('deletes the asset, then its index entry, when a topic is gone', async () => {
    // Prepare
    const w = world();
    await w.run();
    const rawId = w.index.entries.get(key('raw'))?.assetId ?? '';
    w.clusters.removeTopic(CLUSTER.arn, 'raw');

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toMatchObject({ deleted: 1, unchanged: 2 });
    expect(w.catalog.assets.has(rawId)).toBe(false);
    expect(w.index.entries.has(key('raw'))).toBe(false);
  });

  it('refuses to delete more than maxDeleteShare, deletes nothing, fails the run; force deletes', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.clusters.removeTopic(CLUSTER.arn, 'raw').removeTopic(CLUSTER.arn, 'payments');

    // Act
    const { error, summary } = await w.runFailing();

    // Assess
    expect(error.cause).toBeInstanceOf(DeleteGuardError);
    expect(error.message).toMatch(/deletes refused/);
    expect(summary.deleteGuard).toMatchObject({ refused: true, deletes: 2, indexed: 3 });
    expect(w.catalog.assets.size).toBe(3);
    expect(w.index.entries.size).toBe(3);

    const forced = await w.run({ force: true });
    expect(counts(forced)).toMatchObject({ deleted: 2, unchanged: 1 });
    expect(forced.deleteGuard).toMatchObject({ refused: false, forced: true });
    expect(w.catalog.assets.size).toBe(1);
  });

  it('adopts existing assets instead of creating duplicates when the index is lost', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.index.wipe();
    w.registry.putSchema('streaming', 'payments', avro(['payment_id', 'status']));
    w.resetCounts();

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      adopted: 3,
      failed: 0,
    });
    expect(w.catalog.assets.size).toBe(3);
    expect(w.catalog.writesByKind).toMatchObject({ create: 3, revision: 1 });
    expect(w.index.entries.size).toBe(3);
    w.resetCounts();
    expect(counts(await w.run())).toMatchObject({ unchanged: 3 });
    expect(w.catalog.writes).toBe(0);
  });

  it('adopts or re-creates when the index points to an asset that is gone', async () => {
    // Prepare: orders' asset replaced out of band (new id), payments' asset deleted; both schemas changed
    const w = world();
    await w.run();
    const ordersId = w.index.entries.get(key('orders'))?.assetId ?? '';
    const oldOrders = w.catalog.latest(ordersId) ?? expect.fail();
    await w.catalog.deleteAsset(ordersId);
    const replacement = w.catalog.seed(oldOrders);
    await w.catalog.deleteAsset(w.index.entries.get(key('payments'))?.assetId ?? '');
    w.registry.putSchema('streaming', 'orders-value', avro(['id']));
    w.registry.putSchema('streaming', 'payments', avro(['p']));

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toMatchObject({ adopted: 1, created: 1, unchanged: 1, failed: 0 });
    expect(w.index.entries.get(key('orders'))?.assetId).toBe(replacement);
    expect(w.catalog.assets.get(replacement)?.revisions).toHaveLength(2);
    expect(w.catalog.assets.size).toBe(3);
  });

  it('keeps several sources apart: same topic name on two clusters, two registries', async () => {
    // Prepare
    const w = world();
    w.clusters.addCluster(OTHER_CLUSTER).putTopic(OTHER_CLUSTER.arn, topic('orders'));
    w.registry.putSchema('payments-registry', 'orders', avro(['other']));
    const s = settings({
      sources: [
        ...settings().sources,
        {
          clusterArn: OTHER_CLUSTER.arn,
          registryName: 'payments-registry',
          mapping: 'topic-name',
          includeTopicsWithoutSchema: true,
        },
      ],
    });

    // Act
    const first = await w.run({}, s);
    w.resetCounts();
    const second = await w.run({}, s);

    // Assess
    expect(counts(first)).toMatchObject({ created: 4 });
    const external = [...w.catalog.assets.values()].map((a) => a.externalIdentifier);
    expect(new Set(external).size).toBe(4);
    expect(w.index.entries.has('222222222222/eu-west-1/streaming-payments/efgh5678-2/orders')).toBe(true);
    expect(counts(second)).toMatchObject({ unchanged: 4 });
    expect(w.catalog.writes).toBe(0);
  });

  it('fails the run and deletes nothing of a source whose listing failed', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.clusters.removeTopic(CLUSTER.arn, 'raw');
    w.registry.putSchema('streaming', 'payments', avro(['changed']));
    w.registry.faults.inject('listSchemas', { error: new SourceNotFoundError('no registry streaming') });
    w.resetCounts();

    // Act
    const { summary } = await w.runFailing();

    // Assess
    expect(summary.sources[0]).toMatchObject({
      complete: false,
      error: 'SourceNotFoundError: no registry streaming',
    });
    expect(summary.heldBack).toEqual([key('orders'), key('payments'), key('raw')]);
    expect(w.catalog.writes).toBe(0);
    expect(w.index.entries.size).toBe(3);
  });

  it('protects the assets of a cluster that could not be resolved even when another source lists it', async () => {
    // Prepare: two sources on the same cluster (by name and by ARN); resolving by name fails
    const w = world();
    w.registry.putSchema('second', 'other', avro(['o']));
    const s = settings({
      sources: [
        ...settings().sources,
        {
          clusterArn: CLUSTER.arn,
          registryName: 'second',
          mapping: 'topic-name',
          includeTopicsWithoutSchema: false,
        },
      ],
    });
    await w.run({}, s);
    w.clusters.removeTopic(CLUSTER.arn, 'raw');
    w.clusters.faults.inject('resolveCluster', {
      error: new SourceNotFoundError('timeout'),
      when: ([ref]) => (ref as { clusterName?: string }).clusterName !== undefined,
    });

    // Act
    const { summary } = await w.runFailing({}, s);

    // Assess
    expect(summary.deleted).toBe(0);
    expect(summary.heldBack).toEqual([key('orders'), key('payments'), key('raw')]);
    expect(w.index.entries.has(key('raw'))).toBe(true);
  });

  it('retries throttled writes with backoff and converges without duplicates', async () => {
    // Prepare
    const w = world();
    w.catalog.faults.inject('createAsset', {
      error: () => new TransientAwsError('ThrottlingException'),
      times: 4,
    });
    w.registry.faults.inject('getLatestVersion', {
      error: () => new TransientAwsError('InternalServiceException'),
      times: 1,
    });

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toMatchObject({ created: 3, failed: 0 });
    expect(w.catalog.assets.size).toBe(3);
    expect(w.clock.sleeps.length).toBeGreaterThanOrEqual(5);
  });

  it('fails the items whose retries run out, then converges on the next run', async () => {
    // Prepare
    const w = world();
    w.catalog.faults.inject('createAsset', {
      error: () => new TransientAwsError('ThrottlingException'),
      when: ([draft]) => (draft as { name: string }).name === 'orders',
    });

    // Act
    const { summary } = await w.runFailing();
    w.catalog.faults.clear();
    const next = await w.run();

    // Assess
    expect(summary.failed).toEqual([
      { key: key('orders'), topic: 'orders', error: 'TransientAwsError: ThrottlingException' },
    ]);
    expect(counts(summary)).toMatchObject({ created: 2 });
    expect(counts(next)).toMatchObject({ created: 1, unchanged: 2 });
    expect(w.catalog.assets.size).toBe(3);
  });

  it('adopts on the next run an asset created by a run whose index write failed', async () => {
    // Prepare
    const w = world();
    w.index.faults.inject('put', {
      error: new Error('KMS unavailable'),
      when: ([e]) => (e as { key: string }).key === key('raw'),
    });

    // Act
    const { summary } = await w.runFailing();
    w.index.faults.clear();
    const next = await w.run();

    // Assess
    expect(summary.failed.map((f) => f.topic)).toEqual(['raw']);
    expect(counts(next)).toMatchObject({ adopted: 1, unchanged: 2 });
    expect(w.catalog.assets.size).toBe(3);
    expect(w.catalog.writesByKind.revision).toBe(0);
  });

  it('records a schema that does not parse and still catalogues the topic', async () => {
    // Prepare
    const w = world();
    w.registry.putSchema('streaming', 'payments', '{"type": "record", "fields": [');

    // Act
    const summary = await w.run();

    // Assess
    expect(counts(summary)).toMatchObject({ created: 3, failed: 0 });
    expect(summary.parseErrors).toEqual([
      {
        topic: 'payments',
        schema: 'streaming/payments',
        error: expect.stringMatching(/Invalid AVRO schema/),
      },
    ]);
    const payments = w.catalog.latest(w.index.entries.get(key('payments'))?.assetId ?? '');
    expect(formsByName(payments?.formsInput ?? []).KafkaSchemaFormType?.schema_parse_error).toMatch(
      /Invalid AVRO/,
    );
  });

  it('touches only the topics of the schemas a scoped run names', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.registry.putSchema('streaming', 'orders-value', avro(['v2']));
    w.registry.putSchema('streaming', 'payments', avro(['v2']));
    w.clusters.removeTopic(CLUSTER.arn, 'raw');
    w.resetCounts();

    // Act
    const summary = await w.run({ only: [{ registryName: 'streaming', schemaName: 'orders-value' }] });

    // Assess
    expect(counts(summary)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
      deleted: 0,
      adopted: 0,
      failed: 0,
    });
    expect(w.registry.faults.count('getLatestVersion')).toBe(2);
    expect(w.clusters.faults.count('describeTopic')).toBe(1);
    expect(w.index.entries.has(key('raw'))).toBe(true);
  });

  it('deletes in a scoped run the topic of a deleted schema, and nothing else', async () => {
    // Prepare
    const w = world();
    await w.run();
    w.registry.deleteSchema('streaming', 'payments');
    w.clusters.removeTopic(CLUSTER.arn, 'payments').removeTopic(CLUSTER.arn, 'raw');

    // Act
    const summary = await w.run({ only: [{ registryName: 'streaming', schemaName: 'payments' }] });

    // Assess
    expect(counts(summary)).toMatchObject({ deleted: 1 });
    expect(w.index.entries.has(key('payments'))).toBe(false);
    expect(w.index.entries.has(key('raw'))).toBe(true);
  });

  it('skips the sources of other registries in a scoped run', async () => {
    const w = world();
    await w.run();
    w.resetCounts();
    const summary = await w.run({ only: [{ registryName: 'elsewhere', schemaName: 'x' }] });
    expect(summary.sources).toEqual([]);
    expect(w.clusters.faults.count('resolveCluster')).toBe(0);
  });

  it('plans without writing on a dry run', async () => {
    // Prepare
    const w = world();

    // Act
    const summary = await w.run({ dryRun: true });

    // Assess
    expect(summary.dryRun).toBe(true);
    expect(counts(summary)).toMatchObject({ created: 3 });
    expect(summary.plan?.map((p) => `${p.kind} ${p.topic}`)).toEqual([
      'create orders',
      'create payments',
      'create raw',
    ]);
    expect(w.catalog.writes).toBe(0);
    expect(w.index.entries.size).toBe(0);
  });

  it('publishes created and revised assets when autoPublish is on', async () => {
    // Prepare
    const w = world();
    const s = settings({ autoPublish: true });
    await w.run({}, s);
    w.registry.putSchema('streaming', 'payments', avro(['v2']));

    // Act
    await w.run({}, s);

    // Assess
    const published = [...w.catalog.assets.values()].map((a) => a.published.join(','));
    expect(published.sort()).toEqual(['1', '1', '1,2']);
  });

  it('paces DataZone writes at dataZoneWriteRate', async () => {
    // Prepare
    const w = world();
    for (let i = 0; i < 7; i += 1) w.clusters.putTopic(CLUSTER.arn, topic(`extra-${i}`));
    const start = w.clock.now();

    // Act
    await w.run({}, settings({ dataZoneWriteRate: 2 }));

    // Assess: 10 creates, a burst of 2, then 8 at 2 per second
    expect(w.clock.now() - start).toBeGreaterThanOrEqual(4000 - 1e-6);
  });

  it('reports a topic two sources claim as failed and neither writes nor deletes it', async () => {
    const w = world();
    const s = settings({ sources: [...settings().sources, { ...(settings().sources[0] ?? expect.fail()) }] });
    const { summary } = await w.runFailing({}, s);
    expect(summary.failed).toHaveLength(3);
    expect(summary.failed[0]?.error).toMatch(/claimed by two sources/);
    expect(w.catalog.assets.size).toBe(0);
  });

  it('fails the item of a topic whose schema cannot be read, and keeps its asset', async () => {
    const w = world();
    await w.run();
    w.registry.putSchema('streaming', 'payments', avro(['v2']));
    w.clusters.removeTopic(CLUSTER.arn, 'raw');
    w.registry.faults.inject('getLatestVersion', { error: new Error('AccessDeniedException') });
    const { summary } = await w.runFailing({ force: true });
    expect(summary.failed).toEqual([
      { key: key('payments'), topic: 'payments', error: 'Error: AccessDeniedException' },
    ]);
    expect(counts(summary)).toMatchObject({ deleted: 1, unchanged: 1 });
    expect(w.index.entries.has(key('payments'))).toBe(true);
  });

  it('leaves a topic or schema that vanishes during the run as is, with a warning', async () => {
    const w = world();
    await w.run();
    const describe = w.clusters.describeTopic.bind(w.clusters);
    w.clusters.describeTopic = async (arn, name) => (name === 'raw' ? undefined : describe(arn, name));
    const summary = await w.run();
    expect(summary.warnings).toEqual([expect.stringMatching(/raw disappeared during the run/)]);
    expect(w.index.entries.has(key('raw'))).toBe(true);
  });

  it('throws AssetTypeMissingError before reading anything when the asset type is missing', async () => {
    const w = world();
    w.catalog.missingAssetType = 'asset type MskTopicAssetType not found in domain dzd_abc123';
    await expect(w.run()).rejects.toThrow(AssetTypeMissingError);
    expect(w.clusters.faults.count('resolveCluster')).toBe(0);
  });

  it('throws the index error and writes nothing when the index cannot be read', async () => {
    const w = world();
    w.index.faults.inject('list', { error: new Error('AccessDeniedException: ssm:GetParametersByPath') });
    await expect(w.run()).rejects.toThrow(/GetParametersByPath/);
    expect(w.catalog.writes).toBe(0);
  });
});
