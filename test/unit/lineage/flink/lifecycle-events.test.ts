import { describe, expect, it } from 'vitest';
import { declaredLineage } from '../../../../lineage/src/flink/convention.ts';
import {
  buildLifecycleEvents,
  callTimeOf,
  decideTransitions,
  FLINK_APPLICATION_FACET,
  kafkaNamespaceOf,
} from '../../../../lineage/src/flink/lifecycle-events.ts';
import { flinkRunId } from '../../../../lineage/src/flink/run-identity.ts';
import { KafkaNamespaceResolver } from '../../../../lineage/src/naming.ts';
import { assertValidEvent } from '../../../../lineage/src/validate.ts';
import { APP_ARN, application, BROKER_1, BROKER_2, call, op } from './support.ts';

const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:222222222222:cluster/orders/abc-1';
const RESOLVER = KafkaNamespaceResolver.fromClusters([
  { clusterArn: CLUSTER_ARN, brokers: { BootstrapBrokerStringSaslIam: `${BROKER_1}:9098,${BROKER_2}:9098` } },
]);

describe('decideTransitions', () => {
  it.each([
    ['SUCCESSFUL', ['START', 'RUNNING']],
    ['FAILED', ['START', 'FAIL']],
    ['IN_PROGRESS', ['START']],
  ])('reports a start whose operation is %s as %j', (status, types) => {
    // Act
    const decision = decideTransitions(call(), application(), [
      op('op-1', 'StartApplication', 'SUCCESSFUL', 1),
      op('op-2', 'StartApplication', status, 2),
    ]);

    // Assess
    expect(decision).toEqual({
      kind: 'transitions',
      transitions: types.map((eventType) => ({ eventType, operationId: 'op-2', withDatasets: true })),
    });
  });

  it('completes the previous run and starts a new one on an update of a running application', () => {
    // Act
    const decision = decideTransitions(
      call({ eventName: 'UpdateApplication', operationId: 'op-3', responseStatus: 'UPDATING' }),
      application(),
      [op('op-1', 'StartApplication', 'SUCCESSFUL', 1), op('op-3', 'UpdateApplication', 'SUCCESSFUL', 3)],
    );

    // Assess
    expect(decision).toEqual({
      kind: 'transitions',
      transitions: [
        { eventType: 'COMPLETE', operationId: 'op-1', withDatasets: false },
        { eventType: 'START', operationId: 'op-3', withDatasets: true },
        { eventType: 'RUNNING', operationId: 'op-3', withDatasets: true },
      ],
    });
  });

  it('ignores an update of a stopped application', () => {
    // Act
    const decision = decideTransitions(
      call({ eventName: 'UpdateApplication', operationId: 'op-3', responseStatus: 'READY' }),
      application({ status: 'READY' }),
      [op('op-3', 'UpdateApplication', 'SUCCESSFUL', 3)],
    );

    // Assess
    expect(decision).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('READY') });
  });

  it.each([
    [false, 'COMPLETE'],
    [true, 'ABORT'],
  ])('ends the run of the latest start or update before a stop (force %s → %s)', (force, eventType) => {
    // Act
    const decision = decideTransitions(
      call({ eventName: 'StopApplication', operationId: 'op-9', force }),
      application(),
      [
        op('op-1', 'StartApplication', 'SUCCESSFUL', 1),
        op('op-2', 'UpdateApplication', 'SUCCESSFUL', 2),
        op('op-9', 'StopApplication', 'IN_PROGRESS', 9),
        op('op-10', 'StartApplication', 'IN_PROGRESS', 10),
      ],
    );

    // Assess
    expect(decision).toEqual({
      kind: 'transitions',
      transitions: [{ eventType, operationId: 'op-2', withDatasets: true }],
    });
  });

  it('finds the start operation by kind when the record carries no operationId', () => {
    // Act
    const { operationId: _, ...rest } = call();
    const decision = decideTransitions(rest, application(), [
      op('op-7', 'StartApplication', 'IN_PROGRESS', 7),
    ]);

    // Assess
    expect(decision).toMatchObject({
      kind: 'transitions',
      transitions: [{ eventType: 'START', operationId: 'op-7' }],
    });
  });

  it.each([
    ['a create', call({ eventName: 'CreateApplication' }), []],
    ['a delete', call({ eventName: 'DeleteApplication' }), []],
    [
      'a stop with no start before it',
      call({ eventName: 'StopApplication', operationId: 'op-9' }),
      [op('op-9', 'StopApplication', 'IN_PROGRESS', 9)],
    ],
  ])('ignores %s, with the reason', (_case, c, operations) => {
    // Act
    const decision = decideTransitions(c, application(), operations);

    // Assess
    expect(decision.kind).toBe('ignored');
  });
});

describe('kafkaNamespaceOf', () => {
  it('maps servers of a known cluster to its canonical namespace and passes unknown ones as the first broker', () => {
    // Act
    const known = kafkaNamespaceOf([`${BROKER_2}:9098`], RESOLVER);
    const unknown = kafkaNamespaceOf(['kafka-1.example:9092', 'kafka-2.example:9092'], RESOLVER);

    // Assess
    expect(known).toBe(RESOLVER.namespaceOfCluster(CLUSTER_ARN));
    expect(unknown).toBe('kafka://kafka-1.example:9092');
  });
});

describe('buildLifecycleEvents', () => {
  const app = application();
  const lineage = declaredLineage(app.name, app.propertyGroups);
  if (!lineage) throw new Error('fixture declares lineage');

  it('builds valid RunEvents with the job identity, facets, canonical datasets and ordered times', () => {
    // Act
    const events = buildLifecycleEvents({
      call: call(),
      application: app,
      lineage,
      resolver: RESOLVER,
      transitions: [
        { eventType: 'COMPLETE', operationId: 'op-1', withDatasets: false },
        { eventType: 'START', operationId: 'op-2', withDatasets: true },
      ],
    });

    // Assess
    for (const event of events) assertValidEvent(event);
    const [complete, start] = events;
    expect(start).toMatchObject({
      eventType: 'START',
      eventTime: '2026-11-20T10:15:02.001Z',
      run: {
        runId: flinkRunId(APP_ARN, 'op-2'),
        facets: {
          processing_engine: { version: '1.20', name: 'flink' },
          [FLINK_APPLICATION_FACET]: {
            applicationArn: APP_ARN,
            operationId: 'op-2',
            applicationVersionId: 3,
          },
        },
      },
      job: {
        namespace: 'flink://333333333333/eu-west-1',
        name: 'orders-enricher',
        facets: { jobType: { processingType: 'STREAMING', integration: 'FLINK', jobType: 'JOB' } },
      },
      inputs: [{ namespace: RESOLVER.namespaceOfCluster(CLUSTER_ARN), name: 'orders' }],
      outputs: [{ namespace: RESOLVER.namespaceOfCluster(CLUSTER_ARN), name: 'alerts' }],
    });
    expect(complete).toMatchObject({
      eventType: 'COMPLETE',
      eventTime: '2026-11-20T10:15:02.000Z',
      inputs: [],
      outputs: [],
    });
    expect(complete?.run.runId).toBe(flinkRunId(APP_ARN, 'op-1'));
  });

  it('builds the very same events for the same call twice, and honours job overrides', () => {
    // Prepare
    const input = {
      call: call(),
      application: app,
      lineage: { ...lineage, job: { namespace: 'flink-jobs', name: 'enricher' } },
      resolver: RESOLVER,
      transitions: [{ eventType: 'START' as const, operationId: 'op-2', withDatasets: true }],
    };

    // Act
    const first = buildLifecycleEvents(input);
    const second = buildLifecycleEvents(input);

    // Assess
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first[0]?.job).toMatchObject({ namespace: 'flink-jobs', name: 'enricher' });
  });
});

describe('callTimeOf', () => {
  it("takes the call's own operation start time, else the CloudTrail time", () => {
    // Act
    const own = callTimeOf(call(), [op('op-2', 'StartApplication', 'IN_PROGRESS', 5)]);
    const fallback = callTimeOf(call({ operationId: 'op-x' }), []);

    // Assess
    expect(own.toISOString()).toBe('2026-11-20T10:15:05.000Z');
    expect(fallback.toISOString()).toBe('2026-11-20T10:15:02.000Z');
  });
});
