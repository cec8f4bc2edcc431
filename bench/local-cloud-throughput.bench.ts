import { Agent, request } from 'node:http';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ClientFactory } from '../common/src/clients.ts';
import { record, startLocalCloudProcess } from './support.ts';

const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };

async function closedLoop(total: number, concurrency: number, call: () => Promise<void>) {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        await call();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(total / seconds),
    p50Ms: Number(latencies[Math.floor(latencies.length * 0.5)]?.toFixed(2)),
    p99Ms: Number(latencies[Math.floor(latencies.length * 0.99)]?.toFixed(2)),
  };
}

/** Captures the exact signed HTTP request the SDK sends for `GetParameter`, to replay it. */
async function captureSignedRequest(url: string) {
  let captured: { path: string; headers: Record<string, string>; body: string } | undefined;
  const ssm = new ClientFactory({
    region: 'eu-west-1',
    endpoint: url,
    maxAttempts: 1,
    credentials: CREDENTIALS,
  }).ssm();
  ssm.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { path: string; headers: Record<string, string>; body: string };
      captured = { path: req.path, headers: { ...req.headers }, body: req.body };
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'captureForBench' },
  );
  await ssm.send(new GetParameterCommand({ Name: '/bench/p' }));
  if (!captured) throw new Error('no request captured');
  return captured;
}

/**
 * Issue #2's target: with faults off, the local cloud serves >= 2,000 small requests per second from one
 * client on 2 cores. The server runs in its own process. Two clients are measured:
 * - `server`: one keep-alive HTTP client replaying a real signed SDK request (the server's capacity, which
 *   is what later benchmarks need to be far from);
 * - `sdk`: one SSMClient end to end (SDK signing and parsing included, which costs more CPU than the server).
 */
export async function run(): Promise<void> {
  const requests = 20_000;
  const concurrency = 32;
  const local = await startLocalCloudProcess();
  try {
    const ssm = new ClientFactory({
      region: 'eu-west-1',
      endpoint: local.url,
      maxAttempts: 1,
      credentials: CREDENTIALS,
    }).ssm();
    await ssm.send(new PutParameterCommand({ Name: '/bench/p', Value: 'v', Type: 'String' }));
    const signed = await captureSignedRequest(local.url);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const { hostname, port } = new URL(local.url);
    const replay = () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          { host: hostname, port, method: 'POST', path: signed.path, headers: signed.headers, agent },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(signed.body);
      });
    await closedLoop(2_000, concurrency, replay);
    const server = await closedLoop(requests, concurrency, replay);
    await closedLoop(
      1_000,
      concurrency,
      async () => void (await ssm.send(new GetParameterCommand({ Name: '/bench/p' }))),
    );
    const sdk = await closedLoop(requests / 2, concurrency, async () => {
      await ssm.send(new GetParameterCommand({ Name: '/bench/p' }));
    });
    agent.destroy();
    await record({
      scenario: 'local-cloud-throughput',
      settings: {
        requests,
        concurrency,
        operation: 'ssm:GetParameter',
        faults: 'off',
        serverProcess: 'separate',
      },
      metrics: {
        serverRequestsPerSecond: server.perSecond,
        serverP50Ms: server.p50Ms,
        serverP99Ms: server.p99Ms,
        sdkClientRequestsPerSecond: sdk.perSecond,
        sdkClientP50Ms: sdk.p50Ms,
        sdkClientP99Ms: sdk.p99Ms,
      },
      targets: { serverRequestsPerSecond: { target: '>= 2000', met: server.perSecond >= 2000 } },
    });
  } finally {
    await local.stop();
  }
}
