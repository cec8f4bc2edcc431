import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../../lineage/src/model.ts';
import { InMemoryTransport } from '../../../../lineage/src/transports/in-memory.ts';
import { runFixture } from '../../../fixtures/openlineage/load.ts';

describe('InMemoryTransport', () => {
  it('records copies of the emitted events in order', async () => {
    // Prepare
    const transport = new InMemoryTransport();
    const first = runFixture('flink-openlineage-start');
    const second = runFixture('flink-openlineage-running');
    // Act
    await transport.emit(first);
    await transport.emit(second);
    (first as { eventType?: string }).eventType = 'FAIL';
    // Assess
    expect(transport.events.map((e) => (e as RunEvent).eventType)).toEqual(['START', 'RUNNING']);
  });
});
