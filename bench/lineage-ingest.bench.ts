import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { ClientFactory } from '../common/src/clients.ts';
import { MemoryLog } from '../common/src/logger.ts';
import { createIngestHandler, type FunctionUrlEvent } from '../lineage/src/handlers/ingest-handler.ts';
import { INGEST_DEFAULTS, type IngestSettings } from '../lineage/src/ingest/config.ts';
import type { IngestResponseBody } from '../lineage/src/ingest/response.ts';
import { createIngestPorts } from '../lineage/src/ingest/wiring.ts';
import type { RunEvent } from '../lineage/src/model.ts';
import type { FaultSettings } from '../local/src/cloud/faults.ts';
import { runFixture } from '../test/fixtures/openlineage/load.ts';
import {
  CATALOG_WORLD,
  catalogWorld,
  localAdmin,
  record,
  startLocalCloudProcess,
  sumCalls,
} from './support.ts';

const CREDENTIALS = { accessKeyId: 'AKIDBENCHLINEAGE', secretAccessKey: 'bench' };
const LATENCY_MS = 20;
const LATENCY_ONLY: FaultSettings = { latencyMs: LATENCY_MS };
const WITH_QUOTAS: FaultSettings = { latencyMs: LATENCY_MS, quotas: 'aws-defaults' };

const progress = (message: string) => process.stderr.write(`  lineage-ingest: ${message}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

type Handler = ReturnType<typeof createIngestHandler>;

let serial = 0;
/** A Flink RunEvent with a run id of its own (distinct bytes, so DataZone records each). */
function nextEvent(): RunEvent {
  serial += 1;
  const base = runFixture('flink-openlineage-running');
  const suffix = serial.toString(16).padStart(12, '0');
  return { ...base, run: { ...base.run, runId: `01959347-8e35-7b8d-b1c4-${suffix}` } };
}

function request(path: string, body: unknown): FunctionUrlEvent {
  return {
    rawPath: path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', http: { method: 'POST' } },
  };
}

/** Sends `requests` through the handler, `parallel` at a time; returns seconds and forwarded events. */
async function drive(handler: Handler, requests: readonly FunctionUrlEvent[], parallel: number) {
  let next = 0;
  let forwarded = 0;
  let failed = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const item = requests[next++] as FunctionUrlEvent;
      const result = await handler(item, { awsRequestId: `bench-${next}` });
      const body = JSON.parse(result.body) as IngestResponseBody;
      forwarded += body.summary?.forwarded ?? 0;
      if (result.statusCode !== 200) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { seconds: (performance.now() - t0) / 1000, forwarded, failed };
}

/**
 * Events per second through the ingest handler (in this process) to the local cloud's DataZone (its own
 * process, 20 ms latency per call): single events one by one and from parallel clients, batches, and
 * batches under DataZone's documented PostLineageEvent quota (20 per second).
 */
export async function run(): Promise<void> {
  const local = await startLocalCloudProcess();
  try {
    const admin = localAdmin(local.url);
    const seeded = await admin.seed(catalogWorld({ topics: 5 }).world);
    const domainId = seeded.datazone?.domainId;
    const readRoleArn = seeded.roles[`producer/${CATALOG_WORLD.readRoleName}`];
    if (!domainId || !readRoleArn)
      throw new Error(`seeding did not create the domain and role: ${JSON.stringify(seeded)}`);
    // The production client settings: the SDK's default retry (standard, 3 attempts), real HTTP.
    const factory = new ClientFactory({
      region: CATALOG_WORLD.region,
      endpoint: local.url,
      credentials: CREDENTIALS,
    });
    const queue = await factory.sqs().send(new CreateQueueCommand({ QueueName: 'bench-lineage-dlq' }));
    const build = (concurrency: number): Handler => {
      const settings: IngestSettings = {
        ...INGEST_DEFAULTS,
        concurrency,
        domainId,
        deadLetterQueueUrl: queue.QueueUrl ?? '',
        sources: [{ clusterName: CATALOG_WORLD.clusterName, readRoleArn }],
      };
      const log = new MemoryLog();
      return createIngestHandler({ settings, ports: createIngestPorts({ factory, settings, log }), log });
    };

    const scenarios = [
      {
        name: 'single.sequential',
        path: '/api/v1/lineage',
        events: 200,
        batch: 1,
        parallel: 1,
        concurrency: 4,
        faults: LATENCY_ONLY,
      },
      {
        name: 'single.parallel8',
        path: '/api/v1/lineage',
        events: 400,
        batch: 1,
        parallel: 8,
        concurrency: 4,
        faults: LATENCY_ONLY,
      },
      {
        name: 'batch50.concurrency4',
        path: '/api/v1/lineage/batch',
        events: 400,
        batch: 50,
        parallel: 1,
        concurrency: 4,
        faults: LATENCY_ONLY,
      },
      {
        name: 'batch50.concurrency16',
        path: '/api/v1/lineage/batch',
        events: 800,
        batch: 50,
        parallel: 1,
        concurrency: 16,
        faults: LATENCY_ONLY,
      },
      {
        name: 'batch50.awsQuota',
        path: '/api/v1/lineage/batch',
        events: 200,
        batch: 50,
        parallel: 1,
        concurrency: 4,
        faults: WITH_QUOTAS,
      },
    ] as const;

    const metrics: Record<string, number> = {};
    for (const scenario of scenarios) {
      const handler = build(scenario.concurrency);
      await admin.configureFaults({});
      // Warm up: the first request reads the cluster (AssumeRole, ListClustersV2, GetBootstrapBrokers).
      await handler(request('/api/v1/lineage', nextEvent()));
      await admin.configureFaults(scenario.faults);
      await admin.resetCalls();
      const requests: FunctionUrlEvent[] = [];
      for (let i = 0; i < scenario.events; i += scenario.batch) {
        const events = Array.from({ length: scenario.batch }, nextEvent);
        requests.push(request(scenario.path, scenario.batch === 1 ? events[0] : events));
      }
      const { seconds, forwarded, failed } = await drive(handler, requests, scenario.parallel);
      const posts = sumCalls(await admin.calls(), 'datazone:PostLineageEvent');
      metrics[`${scenario.name}.events`] = forwarded;
      metrics[`${scenario.name}.seconds`] = round(seconds, 3);
      metrics[`${scenario.name}.eventsPerSecond`] = round(forwarded / seconds, 1);
      metrics[`${scenario.name}.postLineageEventCalls`] = posts;
      metrics[`${scenario.name}.non200Responses`] = failed;
      progress(
        `${scenario.name}: ${forwarded} events in ${round(seconds, 2)} s = ${round(forwarded / seconds, 1)}/s (${posts} calls)`,
      );
    }
    await record({
      scenario: 'lineage-ingest',
      settings: {
        cloud:
          'streamgov local in its own process; the ingest handler in the bench process, real SDK over HTTP',
        latencyMs: LATENCY_MS,
        sdkRetry: 'standard, 3 attempts (production client settings)',
        transportRetry: 'DataZoneTransport default: 5 attempts, 200 ms base, 5 s cap',
        event: 'flink-openlineage-running fixture with a distinct runId per event (~2 KB)',
        scenarios: scenarios.map(({ faults, ...s }) => ({
          ...s,
          quotas: 'quotas' in faults ? faults.quotas : 'off',
        })),
        warmUp: 'one event per scenario before measuring (reads the cluster once, cached 600 s)',
      },
      metrics,
    });
  } finally {
    await local.stop();
  }
}
