import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FaultSettings } from '../local/src/cloud/faults.ts';
import type { SeededWorld } from '../local/src/seed/apply-world.ts';
import type { World } from '../local/src/seed/world.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LocalCloudProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `streamgov local` in its own process (so the bench client and the server do not share a thread).
 * @param args arguments of `streamgov local`
 * @param nodeArgs options of the server's Node.js process, e.g. `--cpu-prof` to profile the local cloud
 */
export async function startLocalCloudProcess(
  args: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): Promise<LocalCloudProcess> {
  const child = spawn(process.execPath, [...nodeArgs, 'cli/bin/streamgov.js', 'local', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error('local cloud did not print "ready" within 30 s')),
      30_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /ready (http:\/\/\S+)/.exec(buffer);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`local cloud exited with ${code} before ready`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Settings and results of one benchmark run, recorded with versions and machine. */
export interface BenchResult {
  readonly scenario: string;
  readonly settings: Record<string, unknown>;
  readonly metrics: Record<string, number | string | boolean>;
  readonly targets?: Record<string, { readonly target: string; readonly met: boolean }>;
}

async function versions(): Promise<Record<string, string>> {
  const lock = JSON.parse(await readFile(`${ROOT}/package-lock.json`, 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const pick = (name: string) => lock.packages[`node_modules/${name}`]?.version ?? 'missing';
  return {
    node: process.version,
    '@smithy/core': pick('@smithy/core'),
    '@aws-sdk/core': pick('@aws-sdk/core'),
    '@aws-sdk/client-datazone': pick('@aws-sdk/client-datazone'),
    '@aws-sdk/client-ssm': pick('@aws-sdk/client-ssm'),
  };
}

/** Prints a result and writes it to bench/results/<scenario>.json. */
export async function record(result: BenchResult): Promise<void> {
  const full = {
    ...result,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    versions: await versions(),
  };
  await mkdir(`${ROOT}/bench/results`, { recursive: true });
  await writeFile(`${ROOT}/bench/results/${result.scenario}.json`, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: result.scenario, metrics: result.metrics, targets: result.targets })}\n`,
  );
}

/** The `/_local/` admin API of a local cloud (seeding, faults, wire-call counters). */
export interface LocalAdmin {
  /** `POST /_local/seed`: applies a world file through the cloud's own APIs. */
  seed(world: World): Promise<SeededWorld>;
  /** `PUT /_local/faults`: latency, quotas and injected errors (`{}` clears them). */
  configureFaults(settings: FaultSettings): Promise<void>;
  /** `DELETE /_local/calls`. */
  resetCalls(): Promise<void>;
  /** `GET /_local/calls`: wire calls per `service:Operation` since the last reset (throttled ones included). */
  calls(): Promise<Record<string, number>>;
}

/** A client of the admin API of the local cloud at `url` (the `ready` URL of {@link startLocalCloudProcess}). */
export function localAdmin(url: string): LocalAdmin {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url.replace(/\/$/, '')}/_local/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} /_local/${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    return JSON.parse(text) as T;
  };
  return {
    seed: (world) => call<SeededWorld>('POST', 'seed', world),
    configureFaults: async (settings) => void (await call('PUT', 'faults', settings)),
    resetCalls: async () => void (await call('DELETE', 'calls')),
    calls: () => call<Record<string, number>>('GET', 'calls'),
  };
}

/** Sum of the counts whose `service:Operation` key starts with one of `prefixes` (all of them when none). */
export function sumCalls(calls: Readonly<Record<string, number>>, ...prefixes: readonly string[]): number {
  return Object.entries(calls)
    .filter(([key]) => prefixes.length === 0 || prefixes.some((p) => key.startsWith(p)))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** What a {@link PortRecorder} saw of one port method. */
export interface MethodStats {
  calls: number;
  /** Rejections by error name (a transient one is what the sync's own retry then retries). */
  errors: Record<string, number>;
  /** When the first call started and the last one settled (recorder clock, ms). */
  firstStartMs: number;
  lastEndMs: number;
  /** Sum of the calls' durations (ms): with `calls`, the mean time one call takes, retries included. */
  busyMs: number;
}

/**
 * Observes ports (any object whose methods return promises) without changing them: calls, rejections by
 * error name, and when each method was first called and last settled — enough to tell the read phase of
 * a sync from its write phase, and the sync's own retries from the SDK's.
 */
export class PortRecorder {
  readonly stats = new Map<string, MethodStats>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A proxy of `port` whose methods are recorded under `<label>.<method>`. */
  wrap<T extends object>(label: string, port: T): T {
    return new Proxy(port, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          const stats = this.enter(`${label}.${property}`);
          const started = this.now();
          const settle = () => {
            stats.lastEndMs = this.now();
            stats.busyMs += stats.lastEndMs - started;
          };
          const result: unknown = Reflect.apply(value, target, args);
          if (!(result instanceof Promise)) {
            settle();
            return result;
          }
          return result.then(
            (v: unknown) => {
              settle();
              return v;
            },
            (error: unknown) => {
              settle();
              const name = error instanceof Error ? error.name : typeof error;
              stats.errors[name] = (stats.errors[name] ?? 0) + 1;
              throw error;
            },
          );
        };
      },
    });
  }

  /** The earliest start among the given `<label>.<method>` keys, if any was called. */
  firstStart(...keys: readonly string[]): number | undefined {
    const starts = keys.flatMap((k) => {
      const s = this.stats.get(k);
      return s ? [s.firstStartMs] : [];
    });
    return starts.length > 0 ? Math.min(...starts) : undefined;
  }

  /** Calls per `<label>.<method>`. */
  calls(): Record<string, number> {
    return Object.fromEntries([...this.stats].map(([key, s]) => [key, s.calls]));
  }

  /** Mean duration of one call per `<label>.<method>` (ms). */
  meanMs(): Record<string, number> {
    return Object.fromEntries([...this.stats].map(([key, s]) => [key, s.busyMs / s.calls]));
  }

  /** Rejections per `<label>.<method>:<ErrorName>`. */
  errors(): Record<string, number> {
    return Object.fromEntries(
      [...this.stats].flatMap(([key, s]) =>
        Object.entries(s.errors).map(([name, n]) => [`${key}:${name}`, n]),
      ),
    );
  }

  private enter(key: string): MethodStats {
    const now = this.now();
    let stats = this.stats.get(key);
    if (!stats) {
      stats = { calls: 0, errors: {}, firstStartMs: now, lastEndMs: now, busyMs: 0 };
      this.stats.set(key, stats);
    }
    stats.calls += 1;
    return stats;
  }
}

/** Names of the generated catalog world (see {@link catalogWorld}). */
export const CATALOG_WORLD = {
  region: 'eu-west-1',
  /** The local cloud's default account: plain access keys act as it, so the domain is visible to them. */
  governanceAccount: '000000000000',
  producerAccount: '222222222222',
  domainName: 'bench-governance',
  projectName: 'producer',
  clusterName: 'bench-streaming',
  registryName: 'bench-registry',
  /** A role of the producer account that the governance account may assume (the sync's readRoleArn). */
  readRoleName: 'catalog-reader',
} as const;

export interface CatalogWorldOptions {
  /** Topics on the cluster; each has a value schema. */
  readonly topics: number;
  /** Every n-th topic has `<topic>-value` and `<topic>-key` schemas instead of one named like the topic. @default 25 */
  readonly keySchemaEvery?: number;
  /** Every n-th schema has two versions (the second adds an optional field). @default 10 */
  readonly twoVersionsEvery?: number;
}

export interface CatalogWorld {
  readonly world: World;
  readonly topics: number;
  /** Schemas in the registry (value and key). */
  readonly schemas: number;
  /** Topics with a key schema. */
  readonly withKeySchema: number;
}

/** A small deterministic PRNG (mulberry32), so a world of a given size is always the same. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type AvroField = Record<string, unknown>;

const DECIMAL = { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 };
const NULLABLE_STRING = ['null', 'string'];

/** Field makers of realistic event schemas; named types are unique within one schema. */
const FIELD_POOL: readonly (() => AvroField)[] = [
  () => ({ name: 'source', type: 'string', doc: 'System that produced the event' }),
  () => ({ name: 'correlation_id', type: NULLABLE_STRING, default: null, doc: 'Request correlation id' }),
  () => ({ name: 'amount', type: DECIMAL, doc: 'Amount in the currency' }),
  () => ({
    name: 'currency',
    type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD', 'GBP', 'JPY'] },
  }),
  () => ({ name: 'quantity', type: 'int' }),
  () => ({ name: 'total_count', type: 'long' }),
  () => ({ name: 'score', type: 'double', doc: 'Model score between 0 and 1' }),
  () => ({ name: 'ratio', type: 'float' }),
  () => ({ name: 'is_test', type: 'boolean', default: false }),
  () => ({
    name: 'customer',
    doc: 'Who the event is about',
    type: {
      type: 'record',
      name: 'Customer',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'email', type: NULLABLE_STRING, default: null, doc: 'Contact e-mail' },
        {
          name: 'address',
          type: {
            type: 'record',
            name: 'Address',
            fields: [
              { name: 'street', type: 'string' },
              { name: 'city', type: 'string' },
              { name: 'postcode', type: NULLABLE_STRING, default: null },
              { name: 'country', type: 'string', doc: 'ISO 3166-1 alpha-2' },
            ],
          },
        },
      ],
    },
  }),
  () => ({
    name: 'items',
    type: {
      type: 'array',
      items: {
        type: 'record',
        name: 'LineItem',
        fields: [
          { name: 'sku', type: 'string' },
          { name: 'quantity', type: 'int' },
          { name: 'unit_price', type: DECIMAL },
          {
            name: 'discounts',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'Discount',
                fields: [
                  { name: 'code', type: 'string' },
                  { name: 'percent', type: 'float' },
                ],
              },
            },
            default: [],
          },
        ],
      },
    },
  }),
  () => ({ name: 'attributes', type: { type: 'map', values: 'string' }, default: {} }),
  () => ({ name: 'tags', type: { type: 'array', items: 'string' }, default: [] }),
  () => ({
    name: 'status',
    type: { type: 'enum', name: 'Status', symbols: ['PENDING', 'ACTIVE', 'DONE', 'FAILED'] },
  }),
  () => ({
    name: 'processed_at',
    type: ['null', { type: 'long', logicalType: 'timestamp-micros' }],
    default: null,
  }),
  () => ({ name: 'business_date', type: { type: 'int', logicalType: 'date' } }),
  () => ({ name: 'checksum', type: { type: 'fixed', name: 'Md5', size: 16 } }),
  () => ({
    name: 'metadata',
    type: {
      type: 'record',
      name: 'Metadata',
      fields: [
        { name: 'producer', type: 'string' },
        { name: 'schema_version', type: 'int' },
        { name: 'headers', type: { type: 'map', values: 'string' }, default: {} },
      ],
    },
  }),
  () => ({
    name: 'geo',
    type: [
      'null',
      {
        type: 'record',
        name: 'Geo',
        fields: [
          { name: 'lat', type: 'double' },
          { name: 'lon', type: 'double' },
        ],
      },
    ],
    default: null,
  }),
  () => ({ name: 'payload_version', type: 'string', default: '1' }),
  () => ({ name: 'region', type: 'string' }),
  () => ({ name: 'retries', type: 'int', default: 0 }),
];

const DOMAINS = ['orders', 'payments', 'shipping', 'inventory', 'customers', 'pricing', 'fraud', 'billing'];
const ENTITIES = ['events', 'changes', 'snapshots', 'commands', 'audit'];

const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`)
    .join('');

/** The Avro value schema of topic number `index`: 10–19 top-level fields, nested records, arrays, maps. */
export function avroValueSchema(index: number, topic: string): Record<string, unknown> {
  const random = seededRandom(index + 1);
  const pool = [...FIELD_POOL];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as () => AvroField, pool[i] as () => AvroField];
  }
  // 10–19 top-level fields, so that a second version (one more field) stays within 20.
  const extra = 8 + Math.floor(random() * 10);
  const [domain] = topic.split('.');
  return {
    type: 'record',
    name: pascal(topic),
    namespace: `com.example.${domain ?? 'bench'}`,
    doc: `Events of topic ${topic}`,
    fields: [
      { name: 'event_id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Unique event id' },
      {
        name: 'event_time',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: 'When it happened',
      },
      ...pool.slice(0, extra).map((make) => make()),
    ],
  };
}

function avroKeySchema(topic: string): Record<string, unknown> {
  return {
    type: 'record',
    name: `${pascal(topic)}Key`,
    namespace: 'com.example.keys',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'tenant', type: 'string' },
    ],
  };
}

/** The name of topic number `index` (e.g. `payments.changes-00042`). */
export function benchTopicName(index: number): string {
  const domain = DOMAINS[index % DOMAINS.length];
  const entity = ENTITIES[Math.floor(index / DOMAINS.length) % ENTITIES.length];
  return `${domain}.${entity}-${String(index).padStart(5, '0')}`;
}

/**
 * A world with one DataZone domain (in the local cloud's default account) and, in a producer account, one
 * MSK cluster with `topics` topics and one Glue registry with an Avro value schema per topic, named like
 * the topic — or `<topic>-value` plus `<topic>-key` for every `keySchemaEvery`-th topic — and a role the
 * governance account assumes to read them.
 */
export function catalogWorld(options: CatalogWorldOptions): CatalogWorld {
  const keyEvery = options.keySchemaEvery ?? 25;
  const twoEvery = options.twoVersionsEvery ?? 10;
  const topics: NonNullable<World['clusters']>[number]['topics'][number][] = [];
  const schemas: NonNullable<World['registries']>[number]['schemas'][number][] = [];
  let withKeySchema = 0;
  for (let i = 0; i < options.topics; i += 1) {
    const name = benchTopicName(i);
    topics.push({
      name,
      partitions: [3, 6, 12][i % 3] ?? 3,
      replicationFactor: 3,
      configs: {
        'cleanup.policy': i % 7 === 0 ? 'compact' : 'delete',
        'retention.ms': String([86_400_000, 259_200_000, 604_800_000][i % 3]),
      },
    });
    const value = avroValueSchema(i, name);
    const versions =
      schemas.length % twoEvery === twoEvery - 1
        ? [
            JSON.stringify(value),
            JSON.stringify({
              ...value,
              fields: [
                ...(value.fields as AvroField[]),
                { name: 'note', type: NULLABLE_STRING, default: null, doc: 'Added in version 2' },
              ],
            }),
          ]
        : [JSON.stringify(value)];
    if (keyEvery > 0 && i % keyEvery === keyEvery - 1) {
      withKeySchema += 1;
      schemas.push({ name: `${name}-value`, dataFormat: 'AVRO', versions });
      schemas.push({
        name: `${name}-key`,
        dataFormat: 'AVRO',
        versions: [JSON.stringify(avroKeySchema(name))],
      });
    } else {
      schemas.push({ name, dataFormat: 'AVRO', versions });
    }
  }
  const world: World = {
    region: CATALOG_WORLD.region,
    accounts: { governance: CATALOG_WORLD.governanceAccount, producer: CATALOG_WORLD.producerAccount },
    datazone: {
      account: 'governance',
      domainName: CATALOG_WORLD.domainName,
      projects: [{ name: CATALOG_WORLD.projectName, description: 'Teams that publish events' }],
      environments: [],
    },
    clusters: [{ account: 'producer', name: CATALOG_WORLD.clusterName, type: 'PROVISIONED', topics }],
    registries: [{ account: 'producer', name: CATALOG_WORLD.registryName, schemas }],
    roles: [{ account: 'producer', name: CATALOG_WORLD.readRoleName, trustedAccounts: ['governance'] }],
  };
  return { world, topics: topics.length, schemas: schemas.length, withKeySchema };
}

/** USER_HZ, which Linux fixes at 100 for /proc whatever the kernel's tick rate. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, seconds) a process has used so far, from `/proc/<pid>/stat` (Linux); undefined
 * where that is not readable. Tells whether a benchmark's bottleneck is the local cloud process.
 */
export async function processCpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ")"; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
