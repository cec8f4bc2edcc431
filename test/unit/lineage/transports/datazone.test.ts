import { describe, expect, it } from 'vitest';
import { AwsCallError, TransientAwsError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { LineageEventTooLargeError, LineageTransportError } from '../../../../lineage/src/errors.ts';
import { REDUCED_FACET } from '../../../../lineage/src/fit-event.ts';
import type { LineageEvent, RunEvent } from '../../../../lineage/src/model.ts';
import { DataZoneTransport, lineageClientToken } from '../../../../lineage/src/transports/datazone.ts';
import { fixture, runFixture } from '../../../fixtures/openlineage/load.ts';
import { FakeDataZone, validationFailure } from './fake-datazone.ts';

const DOMAIN = 'dzd_abc123';

function transport(fake: FakeDataZone, log = new MemoryLog(), maxBytes?: number) {
  const sleeps: number[] = [];
  const t = new DataZoneTransport({
    client: fake.client,
    domainId: DOMAIN,
    log,
    retry: {
      attempts: 4,
      baseMs: 100,
      maxMs: 1_000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
    },
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  return { transport: t, sleeps, log };
}

/** A RunEvent padded with a large schema and column lineage facet on its output. */
function bulky(schemaFields: number, lineageFields: number): RunEvent {
  const event = runFixture('flink-openlineage-start');
  const facet = { _producer: 'urn:test', _schemaURL: 'urn:test:facet' };
  const output = event.outputs?.[0];
  return {
    ...event,
    outputs: [
      {
        namespace: output?.namespace ?? '',
        name: output?.name ?? '',
        facets: {
          schema: {
            ...facet,
            fields: Array.from({ length: schemaFields }, (_, i) => ({ name: `field_${i}`, type: 'string' })),
          },
          columnLineage: {
            ...facet,
            fields: Object.fromEntries(
              Array.from({ length: lineageFields }, (_, i) => [
                `field_${i}`,
                { inputFields: [{ namespace: 'kafka://h:9098', name: 'orders', field: `source_${i}` }] },
              ]),
            ),
          },
        },
      },
    ],
  };
}

describe('DataZoneTransport', () => {
  it('posts a RunEvent as its JSON bytes with a client token hashed from them', async () => {
    // Prepare
    const fake = new FakeDataZone();
    const { transport: t } = transport(fake);
    const event = runFixture('flink-openlineage-start');
    // Act
    await t.emit(event);
    // Assess
    expect(fake.posts).toHaveLength(1);
    const post = fake.posts[0];
    expect(post?.domainIdentifier).toBe(DOMAIN);
    expect(JSON.parse(post?.event ?? '')).toEqual(event);
    expect(post?.clientToken).toBe(lineageClientToken(new TextEncoder().encode(JSON.stringify(event))));
    expect(post?.clientToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the same client token when the same event is emitted again', async () => {
    // Prepare
    const fake = new FakeDataZone();
    const { transport: t } = transport(fake);
    // Act
    await t.emit(runFixture('flink-openlineage-start'));
    await t.emit(runFixture('flink-openlineage-start'));
    await t.emit(runFixture('flink-openlineage-running'));
    // Assess
    const [a, b, c] = fake.posts.map((p) => p.clientToken);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('retries throttling with backoff and posts once it passes', async () => {
    // Prepare
    const fake = new FakeDataZone(2);
    const { transport: t, sleeps } = transport(fake);
    // Act
    await t.emit(runFixture('flink-openlineage-running'));
    // Assess
    expect(fake.posts).toHaveLength(1);
    expect(sleeps).toEqual([100, 200]);
  });

  it('throws TransientAwsError with the job when throttling outlasts the retries', async () => {
    // Prepare
    const fake = new FakeDataZone(10);
    const { transport: t, sleeps } = transport(fake);
    // Act
    const error = await t.emit(runFixture('flink-openlineage-running')).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(TransientAwsError);
    expect((error as TransientAwsError).context).toMatchObject({
      domainId: DOMAIN,
      job: 'flink-jobs/fraud-detector',
    });
    expect((error as Error).cause).toMatchObject({ name: 'ThrottlingException' });
    expect(sleeps).toHaveLength(3);
  });

  it('throws AwsCallError without retrying when DataZone refuses the event', async () => {
    // Prepare
    const fake = new FakeDataZone(1, validationFailure);
    const { transport: t, sleeps } = transport(fake);
    // Act
    const error = await t.emit(runFixture('flink-openlineage-running')).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as Error).message).toContain('PostLineageEvent failed: ValidationException');
    expect(sleeps).toEqual([]);
  });

  it.each(['dataset-event', 'job-event'])('drops a %s with a debug log, not an error', async (name) => {
    // Prepare
    const fake = new FakeDataZone();
    const { transport: t, log } = transport(fake);
    // Act
    await t.emit(fixture(name) as LineageEvent);
    // Assess
    expect(fake.posts).toEqual([]);
    expect(log.entries).toEqual([
      expect.objectContaining({ level: 'debug', message: 'DataZone takes only RunEvents; event dropped' }),
    ]);
  });

  it('drops column lineage, notes it and warns when the event is too large', async () => {
    // Prepare
    const fake = new FakeDataZone();
    const event = bulky(20, 2_000);
    const { transport: t, log } = transport(fake, new MemoryLog(), 20_000);
    // Act
    await t.emit(event);
    // Assess
    const posted = JSON.parse(fake.posts[0]?.event ?? '') as RunEvent;
    expect(posted.outputs?.[0]?.facets?.columnLineage).toBeUndefined();
    expect(posted.outputs?.[0]?.facets?.schema?.fields).toHaveLength(20);
    expect(posted.run.facets?.[REDUCED_FACET]).toMatchObject({ droppedFacets: ['columnLineage'] });
    expect(log.entries.map((e) => e.level)).toContain('warn');
  });

  it('throws LineageEventTooLargeError naming size and job when even the reduced event is too large', async () => {
    // Prepare
    const fake = new FakeDataZone();
    const { transport: t } = transport(fake, new MemoryLog(), 500);
    // Act
    const error = await t.emit(bulky(10, 10)).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(LineageEventTooLargeError);
    expect((error as Error).message).toMatch(
      /job flink-jobs\/fraud-detector is \d+ bytes .* at most 500 bytes/,
    );
    expect(fake.posts).toEqual([]);
  });

  it('refuses emits after close', async () => {
    // Prepare
    const { transport: t } = transport(new FakeDataZone());
    await t.close();
    // Act / Assess
    await expect(t.emit(runFixture('flink-openlineage-start'))).rejects.toBeInstanceOf(LineageTransportError);
  });

  it('waits for emits in flight on close', async () => {
    // Prepare
    const fake = new FakeDataZone(1);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const t = new DataZoneTransport({
      client: fake.client,
      domainId: DOMAIN,
      log: new MemoryLog(),
      retry: { attempts: 2, baseMs: 1, maxMs: 1, sleep: () => gate },
    });
    const emitted = t.emit(runFixture('flink-openlineage-start'));
    // Act
    const closed = t.close(1_000);
    release();
    await closed;
    // Assess
    await emitted;
    expect(fake.posts).toHaveLength(1);
  });

  it('throws LineageTransportError when emits are still in flight after the close timeout', async () => {
    // Prepare
    const t = new DataZoneTransport({
      client: new FakeDataZone(1).client,
      domainId: DOMAIN,
      log: new MemoryLog(),
      retry: { attempts: 2, baseMs: 1, maxMs: 1, sleep: () => new Promise(() => undefined) },
    });
    void t.emit(runFixture('flink-openlineage-start'));
    // Act / Assess
    await expect(t.close(20)).rejects.toThrow(/1 emit\(s\) still in flight after 20 ms/);
  });
});
