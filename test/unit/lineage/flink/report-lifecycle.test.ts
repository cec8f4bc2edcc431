import { describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { InMemoryMetrics } from '../../../../common/src/metrics.ts';
import { ApplicationNotFoundError } from '../../../../lineage/src/flink/adapters/kinesis-analytics-applications.ts';
import {
  FlinkLineageConventionError,
  MalformedFlinkEventError,
} from '../../../../lineage/src/flink/errors.ts';
import type {
  ApplicationOperation,
  FlinkApplication,
  FlinkApplications,
} from '../../../../lineage/src/flink/ports.ts';
import { reportFlinkLifecycle } from '../../../../lineage/src/flink/report-lifecycle.ts';
import { createFlinkLifecycleHandler } from '../../../../lineage/src/handlers/flink-lifecycle.ts';
import { FLINK_LINEAGE_METRICS } from '../../../../lineage/src/metrics.ts';
import type { LineageEvent, RunEvent } from '../../../../lineage/src/model.ts';
import { KafkaNamespaceResolver } from '../../../../lineage/src/naming.ts';
import { InMemoryTransport } from '../../../../lineage/src/transports/in-memory.ts';
import { flinkEvent } from './fixtures/load.ts';
import { application, op } from './support.ts';

/** Applications held in memory, keyed by name. */
class InMemoryApplications implements FlinkApplications {
  constructor(
    private readonly app: FlinkApplication | undefined,
    private readonly operations: ApplicationOperation[] = [],
  ) {}
  async describe(): Promise<FlinkApplication> {
    if (!this.app) throw new ApplicationNotFoundError('gone');
    return this.app;
  }
  async listOperations(): Promise<readonly ApplicationOperation[]> {
    return this.operations;
  }
}

function ports(app: FlinkApplication | undefined, operations: ApplicationOperation[] = []) {
  const transport = new InMemoryTransport();
  const log = new MemoryLog();
  return {
    transport,
    log,
    ports: {
      applications: new InMemoryApplications(app, operations),
      transport,
      resolver: async () => KafkaNamespaceResolver.empty(),
      convention: {},
      log,
    },
  };
}

describe('reportFlinkLifecycle', () => {
  it('posts START then RUNNING for a start that succeeded', async () => {
    // Prepare
    const { ports: p, transport } = ports(application(), [
      op('op-start-0001', 'StartApplication', 'SUCCESSFUL', 3),
    ]);

    // Act
    const outcome = await reportFlinkLifecycle(flinkEvent('start-application'), p);

    // Assess
    expect(outcome).toMatchObject({
      kind: 'emitted',
      events: [{ eventType: 'START' }, { eventType: 'RUNNING' }],
    });
    expect(transport.events.map((e: LineageEvent) => (e as RunEvent).eventType)).toEqual([
      'START',
      'RUNNING',
    ]);
  });

  it('posts ABORT of the current run for a forced stop', async () => {
    // Prepare
    const { ports: p, transport } = ports(application({ status: 'READY' }), [
      op('op-start-0001', 'StartApplication', 'SUCCESSFUL', 3),
      op('op-stop-0003', 'StopApplication', 'SUCCESSFUL', 9),
    ]);

    // Act
    await reportFlinkLifecycle(flinkEvent('stop-application-force'), p);

    // Assess
    expect(transport.events).toHaveLength(1);
    expect((transport.events[0] as RunEvent).eventType).toBe('ABORT');
  });

  it.each([
    [
      'an event of another source',
      () => ({ source: 'aws.glue', 'detail-type': 'x' }),
      application(),
      /not a Managed Service/,
    ],
    ['a create', () => flinkEvent('create-application'), application({ status: 'READY' }), /runs nothing/],
    [
      'a delete',
      () => {
        const e = flinkEvent('start-application');
        e.detail.eventName = 'DeleteApplication';
        return e;
      },
      application(),
      /DeleteApplication/,
    ],
    [
      'an application that no longer exists',
      () => flinkEvent('start-application'),
      undefined,
      /no longer exists/,
    ],
    [
      'a Studio notebook',
      () => flinkEvent('start-application'),
      application({ runtime: 'ZEPPELIN-FLINK-3_0', mode: 'INTERACTIVE' }),
      /not a streaming Apache Flink/,
    ],
    [
      'an application without lineage groups',
      () => flinkEvent('start-application'),
      application({ propertyGroups: [] }),
      /declares no topics/,
    ],
  ])('ignores %s, posts nothing and logs the reason', async (_case, event, app, reason) => {
    // Prepare
    const {
      ports: p,
      transport,
      log,
    } = ports(app, [op('op-start-0001', 'StartApplication', 'SUCCESSFUL', 3)]);

    // Act
    const outcome = await reportFlinkLifecycle(event(), p);

    // Assess
    expect(outcome.kind).toBe('ignored');
    expect(outcome.kind === 'ignored' ? outcome.reason : '').toMatch(reason);
    expect(transport.events).toEqual([]);
    expect(log.entries.some((e) => e.message === 'Flink lifecycle event ignored')).toBe(true);
  });

  it('warns about Kafka groups it cannot place', async () => {
    // Prepare
    const app = application({
      propertyGroups: [
        ...application().propertyGroups,
        { id: 'mirror', properties: { 'bootstrap.servers': 'm.example:9092', topic: 'mirror' } },
      ],
    });
    const { ports: p, log } = ports(app, [op('op-start-0001', 'StartApplication', 'IN_PROGRESS', 3)]);

    // Act
    await reportFlinkLifecycle(flinkEvent('start-application'), p);

    // Assess
    expect(log.entries.find((e) => e.level === 'warn')?.extra[0]).toMatchObject({
      propertyGroupId: 'mirror',
    });
  });
});

describe('createFlinkLifecycleHandler', () => {
  it.each([
    [
      'a malformed event',
      () => ({ source: 'aws.kinesisanalytics', 'detail-type': 'AWS API Call via CloudTrail' }),
      application(),
      MalformedFlinkEventError,
    ],
    [
      'a property group that breaks the convention',
      () => flinkEvent('start-application'),
      application({
        propertyGroups: [{ id: 'streamgov.lineage', properties: { 'input.topics': 'orders' } }],
      }),
      FlinkLineageConventionError,
    ],
  ])('logs and throws for %s, posting nothing', async (_case, event, app, expected) => {
    // Prepare
    const { ports: p, transport, log } = ports(app);
    const handler = createFlinkLifecycleHandler(p);

    // Act
    const error = await handler(event()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(expected);
    expect(transport.events).toEqual([]);
    expect(log.entries.filter((e) => e.level === 'error')).toHaveLength(1);
  });

  it('throws what the transport throws', async () => {
    // Prepare
    const { ports: p } = ports(application(), [op('op-start-0001', 'StartApplication', 'SUCCESSFUL', 3)]);
    const failing = {
      ...p,
      transport: {
        emit: async () => Promise.reject(new Error('DataZone down')),
        close: async () => undefined,
      },
    };

    // Act
    const error = await createFlinkLifecycleHandler(failing)(flinkEvent('start-application')).catch(
      (e: unknown) => e,
    );

    // Assess
    expect((error as Error).message).toBe('DataZone down');
  });
});

describe('createFlinkLifecycleHandler metrics', () => {
  const { names, dimensions } = FLINK_LINEAGE_METRICS;
  const type = (eventType: string) => ({ [dimensions.eventType]: eventType });

  it('counts the events posted by event type, flushed once', async () => {
    // Prepare
    const { ports: p } = ports(application(), [op('op-start-0001', 'StartApplication', 'SUCCESSFUL', 3)]);
    const metrics = new InMemoryMetrics();
    // Act
    await createFlinkLifecycleHandler(p, metrics)(flinkEvent('start-application'));
    // Assess
    expect(metrics.total(names.emitted, type('START'))).toBe(1);
    expect(metrics.total(names.emitted, type('RUNNING'))).toBe(1);
    expect(metrics.flushes).toBe(1);
  });

  it('counts an ignored lifecycle call', async () => {
    // Prepare
    const { ports: p } = ports(undefined);
    const metrics = new InMemoryMetrics();
    // Act
    const outcome = await createFlinkLifecycleHandler(p, metrics)(flinkEvent('start-application'));
    // Assess
    expect(outcome.kind).toBe('ignored');
    expect(metrics.total(names.ignored)).toBe(1);
    expect(metrics.names()).toEqual([names.ignored]);
  });

  it('counts a convention error and flushes before it throws', async () => {
    // Prepare
    const { ports: p } = ports(
      application({
        propertyGroups: [{ id: 'streamgov.lineage', properties: { 'input.topics': 'orders' } }],
      }),
    );
    const metrics = new InMemoryMetrics();
    // Act
    const error = await createFlinkLifecycleHandler(
      p,
      metrics,
    )(flinkEvent('start-application')).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(FlinkLineageConventionError);
    expect(metrics.total(names.conventionErrors)).toBe(1);
    expect(metrics.flushes).toBe(1);
  });

  it('counts the events posted before the transport failed, and no convention error', async () => {
    // Prepare
    const { ports: p } = ports(application(), [op('op-start-0001', 'StartApplication', 'SUCCESSFUL', 3)]);
    const posted: LineageEvent[] = [];
    const failsSecond = {
      emit: async (event: LineageEvent) => {
        if (posted.length > 0) throw new Error('DataZone down');
        posted.push(event);
      },
      close: async () => undefined,
    };
    const metrics = new InMemoryMetrics();
    // Act
    const error = await createFlinkLifecycleHandler(
      { ...p, transport: failsSecond },
      metrics,
    )(flinkEvent('start-application')).catch((e: unknown) => e);
    // Assess
    expect((error as Error).message).toBe('DataZone down');
    expect(metrics.total(names.emitted, type('START'))).toBe(1);
    expect(metrics.total(names.emitted, type('RUNNING'))).toBe(0);
    expect(metrics.total(names.conventionErrors)).toBe(0);
    expect(metrics.flushes).toBe(1);
  });
});
