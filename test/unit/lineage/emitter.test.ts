import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { buildRunEvent, emitRun } from '../../../lineage/src/emitter.ts';
import { LineageValidationError } from '../../../lineage/src/errors.ts';
import {
  FACET_SCHEMA_URLS,
  type RunEvent,
  SCHEMA_URLS,
  STREAMGOV_PRODUCER,
} from '../../../lineage/src/model.ts';
import { KafkaNamespaceResolver } from '../../../lineage/src/naming.ts';
import { InMemoryTransport } from '../../../lineage/src/transports/in-memory.ts';
import { validateEvent } from '../../../lineage/src/validate.ts';
import { FIXTURE_BROKERS, FIXTURE_CLUSTER_ARN, FIXTURE_NAMESPACE } from '../../fixtures/openlineage/load.ts';

const resolver = KafkaNamespaceResolver.fromClusters([
  { clusterArn: FIXTURE_CLUSTER_ARN, brokers: FIXTURE_BROKERS },
]);
const NOW = new Date('2025-03-14T09:26:53.589Z');
const RUN_ID = '01959347-8e35-7b8d-b1c4-2f0e9a6d3c11';
const job = { namespace: 'node-services', name: 'order-api' };

describe('emitRun', () => {
  it('emits a valid RunEvent with canonical topic namespaces, pinned schemaURL and producer', async () => {
    // Prepare
    const transport = new InMemoryTransport();
    // Act
    const event = await emitRun({
      transport,
      resolver,
      job,
      eventType: 'START',
      inputs: [{ clusterArn: FIXTURE_CLUSTER_ARN, topic: 'orders' }],
      outputs: [
        {
          namespace: 'kafka://B-3.streaming-orders.a1b2c3.c2.kafka.eu-west-1.amazonaws.com:9094',
          topic: 'alerts',
        },
      ],
      now: () => NOW,
      newId: () => RUN_ID,
    });
    // Assess
    expect(transport.events).toEqual([event]);
    expect(event).toEqual({
      eventTime: '2025-03-14T09:26:53.589Z',
      producer: STREAMGOV_PRODUCER,
      schemaURL: SCHEMA_URLS.RunEvent,
      eventType: 'START',
      run: { runId: RUN_ID },
      job,
      inputs: [{ namespace: FIXTURE_NAMESPACE, name: 'orders' }],
      outputs: [{ namespace: FIXTURE_NAMESPACE, name: 'alerts' }],
    } satisfies RunEvent);
    expect(validateEvent(event).valid).toBe(true);
  });

  it('keeps the given runId and facets across the states of a run', async () => {
    // Prepare
    const transport = new InMemoryTransport();
    const facets = {
      job: {
        jobType: {
          _producer: STREAMGOV_PRODUCER,
          _schemaURL: FACET_SCHEMA_URLS.jobType,
          processingType: 'STREAMING',
          integration: 'FLINK',
        },
      },
    };
    // Act
    const start = await emitRun({ transport, job, eventType: 'START', facets });
    await emitRun({ transport, job, eventType: 'COMPLETE', runId: start.run.runId, facets });
    // Assess
    const runIds = transport.events.map((e) => (e as RunEvent).run.runId);
    expect(runIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(runIds[1]).toBe(runIds[0]);
    expect((transport.events[1] as RunEvent).job.facets?.jobType?.integration).toBe('FLINK');
  });

  it('throws LineageValidationError and emits nothing for an invalid runId', async () => {
    // Prepare
    const transport = new InMemoryTransport();
    // Act
    const error = await emitRun({ transport, job, eventType: 'START', runId: 'run-1' }).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(LineageValidationError);
    expect((error as Error).message).toContain('/run/runId must match format "uuid"');
    expect(transport.events).toEqual([]);
  });

  it('throws LineageValidationError for a facet of the wrong shape', async () => {
    // Prepare
    const transport = new InMemoryTransport();
    const schema = {
      _producer: STREAMGOV_PRODUCER,
      _schemaURL: FACET_SCHEMA_URLS.schema,
      fields: [{ type: 'x' }],
    };
    // Act / Assess
    await expect(
      emitRun({
        transport,
        resolver,
        job,
        eventType: 'RUNNING',
        inputs: [{ clusterArn: FIXTURE_CLUSTER_ARN, topic: 'orders', facets: { schema: schema as never } }],
      }),
    ).rejects.toThrow("/inputs/0/facets/schema/fields/0 must have required property 'name'");
  });

  it('throws InvalidInputError for a cluster the resolver does not know', () => {
    expect(() =>
      buildRunEvent({
        job,
        eventType: 'START',
        inputs: [{ clusterArn: FIXTURE_CLUSTER_ARN, topic: 'orders' }],
      }),
    ).toThrow(InvalidInputError);
  });
});
