import { loadavg } from 'node:os';
import { applyTopicAssetType } from '../asset-types/src/adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, topicAssetType } from '../asset-types/src/definition.ts';
import { ClientFactory } from '../common/src/clients.ts';
import { MemoryLog } from '../common/src/logger.ts';
import { systemClock } from '../common/src/rate-limiter.ts';
import type { SyncSettings } from '../datasource-lambda/src/config.ts';
import { PartialSyncError } from '../datasource-lambda/src/errors.ts';
import type { SyncPorts } from '../datasource-lambda/src/ports.ts';
import type { SyncSummary } from '../datasource-lambda/src/summary.ts';
import { syncCatalog } from '../datasource-lambda/src/sync-assets.ts';
import { createSyncPorts } from '../datasource-lambda/src/wiring.ts';
import { AWS_DEFAULT_QUOTAS, type FaultSettings } from '../local/src/cloud/faults.ts';
import {
  CATALOG_WORLD,
  type CatalogWorld,
  catalogWorld,
  type LocalAdmin,
  type LocalCloudProcess,
  localAdmin,
  PortRecorder,
  processCpuSeconds,
  record,
  startLocalCloudProcess,
  sumCalls,
} from './support.ts';

const CREDENTIALS = { accessKeyId: 'AKIDBENCHCATALOG', secretAccessKey: 'bench' };
const LATENCY_MS = 20;
/** The sync's bounded concurrency (the config default is 8; the bench leaves it open). */
const CONCURRENCY = 16;
/** DataZone's documented CreateAsset rate, which the sync's write rate is set to. */
const WRITE_QUOTA_TPS = AWS_DEFAULT_QUOTAS['datazone:CreateAsset'] ?? 20;
/** With quotas off there is no quota to pace to: the config's highest write rate (pacing effectively off). */
const UNPACED_WRITE_RATE = 1000;
const DATAZONE_WRITES = ['datazone:Create', 'datazone:Delete', 'datazone:Update'];
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling']);

const WITH_QUOTAS: FaultSettings = { latencyMs: LATENCY_MS, quotas: 'aws-defaults' };
const LATENCY_ONLY: FaultSettings = { latencyMs: LATENCY_MS };

const progress = (message: string) => process.stderr.write(`  catalog-sync: ${message}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const topicsOf = (n: number) => n.toLocaleString('en-US');

/** A seeded local cloud process with the asset type applied, and the sync's settings for it. */
interface BenchCloud {
  readonly local: LocalCloudProcess;
  readonly admin: LocalAdmin;
  readonly factory: ClientFactory;
  readonly settings: SyncSettings;
  readonly world: CatalogWorld;
  readonly seedSeconds: number;
  /** Wire attempts answered with an error, per `service:Operation:ErrorName` (SDK retries included). */
  readonly attemptErrors: Record<string, number>;
}

/**
 * Counts every failed attempt of the factory's DataZone and SSM clients (the services with quotas) under
 * `<service>:<Operation>:<ErrorName>`; MSK and Glue calls go through the assumed role's own clients.
 */
function countAttemptErrors(factory: ClientFactory, counts: Record<string, number>): void {
  const note = (service: string, operation: string | undefined, error: unknown) => {
    const name = error instanceof Error ? error.name : typeof error;
    const key = `${service}:${(operation ?? '?').replace(/Command$/, '')}:${name}`;
    counts[key] = (counts[key] ?? 0) + 1;
  };
  // Below the SDK's retry middleware (finalizeRequest, high priority): each attempt passes here.
  factory.dataZone().middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        note('datazone', context.commandName, error);
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchAttemptErrors' },
  );
  factory.ssm().middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        note('ssm', context.commandName, error);
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchAttemptErrors' },
  );
}

async function startCatalogCloud(
  topics: number,
  dataZoneWriteRate: number,
  nodeArgs: readonly string[] = [],
): Promise<BenchCloud> {
  const local = await startLocalCloudProcess([], nodeArgs);
  try {
    const admin = localAdmin(local.url);
    const world = catalogWorld({ topics });
    const t0 = performance.now();
    const seeded = await admin.seed(world.world);
    const seedSeconds = (performance.now() - t0) / 1000;
    const domainId = seeded.datazone?.domainId;
    const owningProjectId = seeded.datazone?.projects[CATALOG_WORLD.projectName];
    const readRoleArn = seeded.roles[`producer/${CATALOG_WORLD.readRoleName}`];
    if (!domainId || !owningProjectId || !readRoleArn) {
      throw new Error(`seeding did not create the domain, project and role: ${JSON.stringify(seeded)}`);
    }
    // The production client settings: the SDK's default retry (standard, 3 attempts), real HTTP.
    const factory = new ClientFactory({
      region: CATALOG_WORLD.region,
      endpoint: local.url,
      credentials: CREDENTIALS,
    });
    const attemptErrors: Record<string, number> = {};
    countAttemptErrors(factory, attemptErrors);
    await applyTopicAssetType({
      client: factory.dataZone(),
      domainId,
      owningProjectId,
      definition: topicAssetType(),
      log: new MemoryLog(),
    });
    const settings: SyncSettings = {
      domainId,
      owningProjectId,
      sources: [
        {
          clusterName: CATALOG_WORLD.clusterName,
          registryName: CATALOG_WORLD.registryName,
          readRoleArn,
          mapping: 'auto',
          includeTopicsWithoutSchema: true,
        },
      ],
      assetTypeNames: DEFAULT_NAMES,
      autoPublish: false,
      maxDeleteShare: 0.5,
      concurrency: CONCURRENCY,
      dataZoneWriteRate,
      indexPrefix: `/streamgov/${domainId}/catalog`,
    };
    progress(`seeded ${topics} topics / ${world.schemas} schemas in ${round(seedSeconds, 1)} s`);
    return { local, admin, factory, settings, world, seedSeconds, attemptErrors };
  } catch (error) {
    await local.stop();
    throw error;
  }
}

/** What one sync run cost. */
interface Phase {
  readonly seconds: number;
  /** From the start to the first DescribeTopic: asset type check, index listing, topic and schema listings. */
  readonly listSeconds: number;
  /** From the start to the first DataZone or index write (listing, describing, reading schemas). */
  readonly readSeconds: number;
  /** From the first write to the end. */
  readonly writeSeconds: number;
  readonly summary: SyncSummary;
  readonly calls: Record<string, number>;
  readonly totalCalls: number;
  readonly dataZoneWrites: number;
  /** Wire attempts answered with throttling (each retried by the SDK, or then by the sync). */
  readonly throttledAttempts: Record<string, number>;
  /** Port calls that failed (after the SDK's attempts) and that the sync's own retry took over. */
  readonly portErrors: Record<string, number>;
  /** Mean duration of one port call (SDK retries included) per `<port>.<method>`, ms. */
  readonly portMeanMs: Record<string, number>;
  readonly benchCpuSeconds: number;
  readonly cloudCpuSeconds?: number;
  /** The machine's 1-minute load average when the run started (other work on the machine skews times). */
  readonly loadAverage: number;
}

async function syncPhase(cloud: BenchCloud, label: string, faults: FaultSettings): Promise<Phase> {
  await cloud.admin.configureFaults(faults);
  await cloud.admin.resetCalls();
  for (const key of Object.keys(cloud.attemptErrors)) delete cloud.attemptErrors[key];
  const log = new MemoryLog();
  const recorder = new PortRecorder();
  const ports = createSyncPorts({ factory: cloud.factory, settings: cloud.settings, log });
  const observed: SyncPorts = {
    catalog: recorder.wrap('catalog', ports.catalog),
    index: recorder.wrap('index', ports.index),
    forSource: (source) => {
      const p = ports.forSource(source);
      return {
        clusters: recorder.wrap('clusters', p.clusters),
        registry: recorder.wrap('registry', p.registry),
      };
    },
  };
  progress(`${label}: syncing ${cloud.world.topics} topics (${JSON.stringify(faults)})`);
  const loadAverage = round(loadavg()[0] ?? 0);
  const cloudCpu0 = await processCpuSeconds(cloud.local.child.pid);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let summary: SyncSummary;
  try {
    summary = await syncCatalog({ settings: cloud.settings, ports: observed, log, clock: systemClock });
  } catch (error) {
    if (!(error instanceof PartialSyncError)) throw error;
    summary = error.summary;
    progress(`${label}: PARTIAL — ${summary.failed.length} failed, first: ${summary.failed[0]?.error}`);
  }
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const cloudCpu1 = await processCpuSeconds(cloud.local.child.pid);
  const calls = await cloud.admin.calls();
  const firstWrite =
    recorder.firstStart(
      'catalog.createAsset',
      'catalog.createRevision',
      'catalog.deleteAsset',
      'catalog.publish',
      'index.put',
      'index.delete',
    ) ?? end;
  const throttledAttempts = Object.fromEntries(
    Object.entries(cloud.attemptErrors).filter(([key]) => THROTTLING.has(key.split(':')[2] ?? '')),
  );
  const phase: Phase = {
    seconds: round((end - t0) / 1000),
    listSeconds: round(((recorder.firstStart('clusters.describeTopic') ?? end) - t0) / 1000),
    readSeconds: round((firstWrite - t0) / 1000),
    writeSeconds: round((end - firstWrite) / 1000),
    summary,
    calls,
    totalCalls: sumCalls(calls),
    dataZoneWrites: sumCalls(calls, ...DATAZONE_WRITES),
    throttledAttempts,
    portErrors: recorder.errors(),
    portMeanMs: Object.fromEntries(Object.entries(recorder.meanMs()).map(([k, ms]) => [k, round(ms, 1)])),
    benchCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    loadAverage,
    ...(cloudCpu0 !== undefined && cloudCpu1 !== undefined
      ? { cloudCpuSeconds: round(cloudCpu1 - cloudCpu0) }
      : {}),
  };
  progress(
    `${label}: ${phase.seconds} s (list ${phase.listSeconds} s, read ${phase.readSeconds} s, ` +
      `write ${phase.writeSeconds} s), ` +
      `${phase.totalCalls} calls, created ${summary.created}, unchanged ${summary.unchanged}, ` +
      `failed ${summary.failed.length}, throttled attempts ${sumCalls(throttledAttempts)}, ` +
      `cpu bench ${phase.benchCpuSeconds} s / cloud ${phase.cloudCpuSeconds ?? '?'} s, load ${loadAverage}`,
  );
  return phase;
}

/** The metrics every phase records (flattened: the result format holds scalars only). */
function phaseMetrics(phase: Phase, topics: number): Record<string, number> {
  const { summary } = phase;
  return {
    seconds: phase.seconds,
    listSeconds: phase.listSeconds,
    readSeconds: phase.readSeconds,
    writeSeconds: phase.writeSeconds,
    msPerSchema: round((phase.seconds * 1000) / topics),
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    adopted: summary.adopted,
    failed: summary.failed.length,
    parseErrors: summary.parseErrors.length,
    awsCalls: phase.totalCalls,
    awsCallsPerSchema: round(phase.totalCalls / topics, 3),
    dataZoneWrites: phase.dataZoneWrites,
    throttledAttempts: sumCalls(phase.throttledAttempts),
    syncRetriedPortErrors: sumCalls(phase.portErrors),
    benchCpuSeconds: phase.benchCpuSeconds,
    loadAverageAtStart: phase.loadAverage,
    ...(phase.cloudCpuSeconds === undefined ? {} : { cloudCpuSeconds: phase.cloudCpuSeconds }),
    ...Object.fromEntries(Object.entries(phase.calls).map(([op, n]) => [`calls.${op}`, n])),
    ...Object.fromEntries(Object.entries(phase.throttledAttempts).map(([k, n]) => [`throttled.${k}`, n])),
    ...Object.fromEntries(Object.entries(phase.portErrors).map(([k, n]) => [`portErrors.${k}`, n])),
    ...Object.fromEntries(Object.entries(phase.portMeanMs).map(([k, ms]) => [`portMeanMs.${k}`, ms])),
  };
}

function worldSettings(cloud: BenchCloud): Record<string, unknown> {
  return {
    topics: cloud.world.topics,
    schemas: cloud.world.schemas,
    topicsWithKeySchema: cloud.world.withKeySchema,
    schemaFormat: 'AVRO, 10-20 top-level fields, nested records, arrays, maps, enums, logical types',
    mapping: 'auto',
    crossAccount: 'cluster and registry read through an assumed role',
    concurrency: cloud.settings.concurrency,
    dataZoneWriteRate: cloud.settings.dataZoneWriteRate,
    autoPublish: cloud.settings.autoPublish,
    sdkRetry: 'SDK default (standard, 3 attempts)',
    syncRetry: 'DEFAULT_RETRY',
    seedSeconds: round(cloud.seedSeconds, 1),
    cloudProcess: 'separate',
  };
}

/** How many topics each part runs with (smaller sizes only to try the benchmark itself out). */
export interface BenchOptions {
  readonly withQuotas: number;
  readonly latencyOnly: readonly [number, number];
  /** Node.js options of the local cloud processes (e.g. `--cpu-prof`, to profile the emulator). */
  readonly cloudNodeArgs?: readonly string[];
}

const DEFAULT_OPTIONS: BenchOptions = { withQuotas: 1_000, latencyOnly: [1_000, 10_000] };

/**
 * Issue #3's catalog sync benchmark, on a local cloud process with 20 ms per call, through the real SDK:
 * 1. initial sync of 1,000 schemas under AWS's default quotas (target: within 1.2× of the 50 s that
 *    DataZone's CreateAsset quota of 20 TPS allows for 1,000 assets);
 * 2. re-sync with nothing changed (targets: no DataZone write, at most 1.2 AWS calls per schema);
 * 3. 1,000 and 10,000 schemas with latency only: initial sync and re-sync, per-schema time and calls
 *    (cost must grow linearly).
 */
export async function run(sizes: BenchOptions = DEFAULT_OPTIONS): Promise<void> {
  const quota = await startCatalogCloud(sizes.withQuotas, WRITE_QUOTA_TPS, sizes.cloudNodeArgs);
  let initial: Phase;
  let resync: Phase;
  try {
    initial = await syncPhase(quota, `initial ${topicsOf(sizes.withQuotas)} with quotas`, WITH_QUOTAS);
    resync = await syncPhase(quota, `re-sync ${topicsOf(sizes.withQuotas)} with quotas`, WITH_QUOTAS);
  } finally {
    await quota.local.stop();
  }
  const topics = quota.world.topics;
  const minimumSeconds = topics / WRITE_QUOTA_TPS;
  const ratio = round(initial.seconds / minimumSeconds, 3);
  await record({
    scenario: `catalog-sync-initial-${sizes.withQuotas}`,
    settings: { ...worldSettings(quota), faults: WITH_QUOTAS },
    metrics: {
      ...phaseMetrics(initial, topics),
      quotaMinimumSeconds: minimumSeconds,
      ratioToQuotaMinimum: ratio,
    },
    targets: {
      ratioToQuotaMinimum: { target: '<= 1.2', met: ratio <= 1.2 },
      allCreated: {
        target: `created = ${topics}, failed = 0`,
        met: initial.summary.created === topics && initial.summary.failed.length === 0,
      },
    },
  });
  const resyncPerSchema = resync.totalCalls / topics;
  await record({
    scenario: `catalog-sync-resync-${sizes.withQuotas}`,
    settings: { ...worldSettings(quota), faults: WITH_QUOTAS },
    metrics: phaseMetrics(resync, topics),
    targets: {
      dataZoneWrites: { target: '= 0', met: resync.dataZoneWrites === 0 },
      awsCallsPerSchema: { target: '<= 1.2', met: resyncPerSchema <= 1.2 },
      allUnchanged: {
        target: `unchanged = ${topics}, failed = 0`,
        met: resync.summary.unchanged === topics && resync.summary.failed.length === 0,
      },
    },
  });

  const scale: { topics: number; initial: Phase; resync: Phase }[] = [];
  for (const size of sizes.latencyOnly) {
    const cloud = await startCatalogCloud(size, UNPACED_WRITE_RATE, sizes.cloudNodeArgs);
    try {
      const first = await syncPhase(cloud, `initial ${topicsOf(size)} latency only`, LATENCY_ONLY);
      const again = await syncPhase(cloud, `re-sync ${topicsOf(size)} latency only`, LATENCY_ONLY);
      scale.push({ topics: size, initial: first, resync: again });
    } finally {
      await cloud.local.stop();
    }
  }
  const [small, large] = scale as [(typeof scale)[number], (typeof scale)[number]];
  const perSchema = (p: Phase, n: number) => ({
    ms: (p.seconds * 1000) / n,
    calls: p.totalCalls / n,
    benchCpu: p.benchCpuSeconds / n,
    cloudCpu: (p.cloudCpuSeconds ?? Number.NaN) / n,
  });
  const growth = (pick: (s: (typeof scale)[number]) => Phase) => {
    const a = perSchema(pick(small), small.topics);
    const b = perSchema(pick(large), large.topics);
    return {
      time: round(b.ms / a.ms, 3),
      calls: round(b.calls / a.calls, 3),
      benchCpu: round(b.benchCpu / a.benchCpu, 3),
      cloudCpu: round(b.cloudCpu / a.cloudCpu, 3),
    };
  };
  const initialGrowth = growth((s) => s.initial);
  const resyncGrowth = growth((s) => s.resync);
  const prefixed = (prefix: string, metrics: Record<string, number>) =>
    Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}.${k}`, v]));
  const linear = 1.25;
  await record({
    scenario: `catalog-sync-scale-${large.topics}`,
    settings: {
      sizes: [small.topics, large.topics],
      faults: LATENCY_ONLY,
      concurrency: CONCURRENCY,
      dataZoneWriteRate: UNPACED_WRITE_RATE,
      why: `latency only: no quota to pace writes to (at ${WRITE_QUOTA_TPS} TPS, ${large.topics} creates take >= ${large.topics / WRITE_QUOTA_TPS} s)`,
      schemas: large.initial.summary.created + large.initial.summary.unchanged,
    },
    metrics: {
      ...prefixed(`initial${small.topics}`, phaseMetrics(small.initial, small.topics)),
      ...prefixed(`resync${small.topics}`, phaseMetrics(small.resync, small.topics)),
      ...prefixed(`initial${large.topics}`, phaseMetrics(large.initial, large.topics)),
      ...prefixed(`resync${large.topics}`, phaseMetrics(large.resync, large.topics)),
      initialTimePerSchemaGrowth: initialGrowth.time,
      initialCallsPerSchemaGrowth: initialGrowth.calls,
      initialBenchCpuPerSchemaGrowth: initialGrowth.benchCpu,
      initialCloudCpuPerSchemaGrowth: initialGrowth.cloudCpu,
      resyncTimePerSchemaGrowth: resyncGrowth.time,
      resyncCallsPerSchemaGrowth: resyncGrowth.calls,
      resyncBenchCpuPerSchemaGrowth: resyncGrowth.benchCpu,
      resyncCloudCpuPerSchemaGrowth: resyncGrowth.cloudCpu,
      [`initial${large.topics}AtQuotaMinimumSeconds`]: large.topics / WRITE_QUOTA_TPS,
    },
    targets: {
      initialCallsLinear: {
        target: `AWS calls per schema at ${large.topics} <= ${linear}x those at ${small.topics}`,
        met: initialGrowth.calls <= linear,
      },
      initialTimeLinear: {
        target: `seconds per schema at ${large.topics} <= ${linear}x those at ${small.topics}`,
        met: initialGrowth.time <= linear,
      },
      resyncCallsLinear: {
        target: `AWS calls per schema at ${large.topics} <= ${linear}x those at ${small.topics}`,
        met: resyncGrowth.calls <= linear,
      },
      resyncTimeLinear: {
        target: `seconds per schema at ${large.topics} <= ${linear}x those at ${small.topics}`,
        met: resyncGrowth.time <= linear,
      },
      allSucceeded: {
        target: 'failed = 0 in every run',
        met: scale.every((x) => x.initial.summary.failed.length + x.resync.summary.failed.length === 0),
      },
      [`resync${large.topics}DataZoneWrites`]: { target: '= 0', met: large.resync.dataZoneWrites === 0 },
    },
  });
}
