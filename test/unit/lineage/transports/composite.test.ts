import { describe, expect, it } from 'vitest';
import { LineageTransportError } from '../../../../lineage/src/errors.ts';
import type { LineageEvent } from '../../../../lineage/src/model.ts';
import type { Transport } from '../../../../lineage/src/transport.ts';
import { CompositeTransport } from '../../../../lineage/src/transports/composite.ts';
import { InMemoryTransport } from '../../../../lineage/src/transports/in-memory.ts';
import { runFixture } from '../../../fixtures/openlineage/load.ts';

class FailingTransport implements Transport {
  constructor(private readonly error = new Error('endpoint down')) {}
  emit(_event: LineageEvent): Promise<void> {
    return Promise.reject(this.error);
  }
  close(): Promise<void> {
    return Promise.reject(new Error('cannot flush'));
  }
}

const event = runFixture('flink-openlineage-start');

describe('CompositeTransport', () => {
  it('emits each event to every member in order', async () => {
    // Prepare
    const a = new InMemoryTransport();
    const b = new InMemoryTransport();
    // Act
    await new CompositeTransport({ transports: [a, b] }).emit(event);
    // Assess
    expect(a.events).toEqual([event]);
    expect(b.events).toEqual([event]);
  });

  it('stops at the first failure by default and throws it wrapped', async () => {
    // Prepare
    const after = new InMemoryTransport();
    const failure = new Error('endpoint down');
    // Act
    const error = await new CompositeTransport({ transports: [new FailingTransport(failure), after] })
      .emit(event)
      .catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(LineageTransportError);
    expect((error as LineageTransportError).errors).toEqual([failure]);
    expect((error as Error).cause).toBe(failure);
    expect((error as Error).message).toContain('Transport 0 of the composite failed: Error: endpoint down');
    expect(after.events).toEqual([]);
  });

  it('with continueOnFailure, delivers to the others and then throws every failure', async () => {
    // Prepare
    const middle = new InMemoryTransport();
    const composite = new CompositeTransport({
      transports: [new FailingTransport(new Error('one')), middle, new FailingTransport(new Error('two'))],
      continueOnFailure: true,
    });
    // Act
    const error = await composite.emit(event).catch((e: unknown) => e);
    // Assess
    expect(middle.events).toEqual([event]);
    expect(error).toBeInstanceOf(LineageTransportError);
    expect((error as LineageTransportError).errors.map((e) => (e as Error).message)).toEqual(['one', 'two']);
    expect((error as Error).message).toMatch(/^2 of 3 transports failed/);
  });

  it('closes every member and aggregates close failures', async () => {
    // Prepare
    const ok = new InMemoryTransport();
    const composite = new CompositeTransport({ transports: [new FailingTransport(), ok] });
    // Act
    const error = await composite.close().catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(LineageTransportError);
    expect((error as Error).message).toContain('1 of 2 transports failed to close: Error: cannot flush');
    await expect(ok.emit(event)).rejects.toThrow('The in-memory transport is closed');
  });

  it('closes quietly when every member closes', async () => {
    await expect(
      new CompositeTransport({ transports: [new InMemoryTransport()] }).close(),
    ).resolves.toBeUndefined();
  });
});
