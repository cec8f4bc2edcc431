import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaToColumns } from '../../../asset-types/src/columns/index.ts';
import {
  avroValueSchema,
  benchTopicName,
  CATALOG_WORLD,
  catalogWorld,
  localAdmin,
  PortRecorder,
  processCpuSeconds,
  seededRandom,
  sumCalls,
} from '../../../bench/support.ts';
import { parseWorld } from '../../../local/src/seed/world.ts';

describe('catalogWorld', () => {
  it('describes one cluster, one registry and a readable role with one asset-worthy topic per schema', () => {
    // Act
    const generated = catalogWorld({ topics: 100, keySchemaEvery: 25 });

    // Assess
    const world = parseWorld(generated.world);
    const topics = world.clusters?.[0]?.topics ?? [];
    const schemas = world.registries?.[0]?.schemas ?? [];
    expect(topics).toHaveLength(100);
    expect(generated).toMatchObject({ topics: 100, schemas: 104, withKeySchema: 4 });
    expect(schemas).toHaveLength(104);
    const names = new Set(schemas.map((s) => s.name));
    for (const topic of topics) {
      const suffixed = names.has(`${topic.name}-value`) && names.has(`${topic.name}-key`);
      expect(suffixed || names.has(topic.name), topic.name).toBe(true);
    }
    expect(world.accounts.governance).toBe(CATALOG_WORLD.governanceAccount);
    expect(world.roles).toEqual([
      { account: 'producer', name: CATALOG_WORLD.readRoleName, trustedAccounts: ['governance'] },
    ]);
  });

  it('gives every schema 10 to 20 columns that the sync can convert, some nested', () => {
    // Prepare
    const schemas = catalogWorld({ topics: 200 }).world.registries?.[0]?.schemas ?? [];

    // Act
    const converted = schemas
      .filter((s) => !s.name.endsWith('-key'))
      .flatMap((s) => s.versions.map((v) => schemaToColumns('AVRO', v)));

    // Assess
    expect(converted.length).toBeGreaterThan(200);
    for (const columns of converted) {
      expect(columns.length).toBeGreaterThanOrEqual(10);
      expect(columns.length).toBeLessThanOrEqual(20);
    }
    const types = converted.flat().map((c) => c.dataType);
    expect(types.some((t) => t.startsWith('struct<') && t.includes('struct<street'))).toBe(true);
    expect(types.some((t) => t.startsWith('array<struct<'))).toBe(true);
    expect(types.some((t) => t.startsWith('map<'))).toBe(true);
  });

  it('adds a second version to every n-th schema', () => {
    // Act
    const schemas = catalogWorld({ topics: 30, keySchemaEvery: 0, twoVersionsEvery: 10 }).world
      .registries?.[0]?.schemas;

    // Assess
    expect(schemas?.filter((s) => s.versions.length === 2)).toHaveLength(3);
  });

  it('is the same world every time for the same size', () => {
    expect(JSON.stringify(catalogWorld({ topics: 50 }))).toBe(JSON.stringify(catalogWorld({ topics: 50 })));
  });

  it('names 10,000 topics uniquely, as MSK and Glue allow', () => {
    // Act
    const names = Array.from({ length: 10_000 }, (_, i) => benchTopicName(i));

    // Assess
    expect(new Set(names).size).toBe(10_000);
    for (const name of names.slice(0, 50)) expect(name).toMatch(/^[a-zA-Z0-9._-]{1,200}$/);
  });

  it('varies the value schemas between topics', () => {
    // Act
    const a = avroValueSchema(1, benchTopicName(1));
    const b = avroValueSchema(2, benchTopicName(2));

    // Assess
    expect(a.name).not.toBe(b.name);
    expect(JSON.stringify(a.fields)).not.toBe(JSON.stringify(b.fields));
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    // Prepare
    const first = seededRandom(7);
    const second = seededRandom(7);

    // Act
    const a = Array.from({ length: 1000 }, first);
    const b = Array.from({ length: 1000 }, second);

    // Assess
    expect(a).toEqual(b);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(990);
  });
});

describe('sumCalls', () => {
  const calls = { 'datazone:CreateAsset': 3, 'datazone:GetAsset': 2, 'ssm:PutParameter': 5 };

  it('sums the operations that start with one of the prefixes', () => {
    expect(sumCalls(calls, 'datazone:Create', 'ssm:')).toBe(8);
  });

  it('sums everything without prefixes, and nothing of an empty count', () => {
    expect(sumCalls(calls)).toBe(10);
    expect(sumCalls({}, 'datazone:')).toBe(0);
  });
});

describe('PortRecorder', () => {
  class Port {
    readonly label = 'port';
    constructor(private readonly failWith?: Error) {}
    async read(n: number): Promise<number> {
      if (this.failWith) throw this.failWith;
      return n * 2;
    }
    now(): string {
      return this.label;
    }
  }

  it('records calls and when they started and settled, leaving results unchanged', async () => {
    // Prepare
    let clock = 10;
    const recorder = new PortRecorder(() => clock);
    const port = recorder.wrap('p', new Port());

    // Act
    const first = port.read(1);
    clock = 20;
    const second = port.read(2);
    clock = 30;
    const results = await Promise.all([first, second]);

    // Assess
    expect(results).toEqual([2, 4]);
    expect(recorder.calls()).toEqual({ 'p.read': 2 });
    expect(recorder.stats.get('p.read')).toMatchObject({ firstStartMs: 10, lastEndMs: 30 });
    expect(recorder.firstStart('p.read', 'p.other')).toBe(10);
    expect(recorder.firstStart('p.other')).toBeUndefined();
    expect(recorder.meanMs()).toEqual({ 'p.read': 15 });
  });

  it('counts rejections by error name and rethrows them', async () => {
    // Prepare
    const error = new Error('slow down');
    error.name = 'TransientAwsError';
    const recorder = new PortRecorder();
    const port = recorder.wrap('p', new Port(error));

    // Act
    const outcome = await port.read(1).catch((e: unknown) => e);

    // Assess
    expect(outcome).toBe(error);
    expect(recorder.errors()).toEqual({ 'p.read:TransientAwsError': 1 });
  });

  it('passes synchronous methods and plain properties through', () => {
    // Prepare
    const recorder = new PortRecorder();
    const port = recorder.wrap('p', new Port());

    // Act
    const value = port.now();

    // Assess
    expect(value).toBe('port');
    expect(port.label).toBe('port');
    expect(recorder.calls()).toEqual({ 'p.now': 1 });
  });
});

describe('localAdmin', () => {
  let server: Server | undefined;
  const requests: { method: string; url: string; body: string }[] = [];

  async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        requests.push({ method: req.method ?? '', url: req.url ?? '', body });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  afterEach(async () => {
    requests.length = 0;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('calls the admin routes with JSON bodies', async () => {
    // Prepare
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"datazone:CreateAsset":2}');
    });
    const admin = localAdmin(url);

    // Act
    await admin.configureFaults({ latencyMs: 20, quotas: 'aws-defaults' });
    await admin.resetCalls();
    const calls = await admin.calls();

    // Assess
    expect(calls).toEqual({ 'datazone:CreateAsset': 2 });
    expect(requests).toEqual([
      { method: 'PUT', url: '/_local/faults', body: '{"latencyMs":20,"quotas":"aws-defaults"}' },
      { method: 'DELETE', url: '/_local/calls', body: '' },
      { method: 'GET', url: '/_local/calls', body: '' },
    ]);
  });

  it('fails with the route, the status and the answer when the cloud refuses', async () => {
    // Prepare
    const url = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"message":"Invalid world file: accounts must be an object"}');
    });

    // Act
    const outcome = localAdmin(url).seed({ accounts: {} });

    // Assess
    await expect(outcome).rejects.toThrow(
      'POST /_local/seed answered 400: {"message":"Invalid world file: accounts must be an object"}',
    );
  });
});

describe('processCpuSeconds', () => {
  it('reads the CPU time of a running process on Linux', async () => {
    // Act
    const seconds = await processCpuSeconds(process.pid);

    // Assess
    if (process.platform === 'linux') expect(seconds).toBeGreaterThanOrEqual(0);
    else expect(seconds).toBeUndefined();
  });

  it('answers undefined for no process or one that does not exist', async () => {
    expect(await processCpuSeconds(undefined)).toBeUndefined();
    expect(await processCpuSeconds(2 ** 30)).toBeUndefined();
  });
});
