import { describe, expect, it } from 'vitest';
import { LineageTransportError } from '../../../../lineage/src/errors.ts';
import { ConsoleTransport } from '../../../../lineage/src/transports/console.ts';
import { runFixture } from '../../../fixtures/openlineage/load.ts';

describe('ConsoleTransport', () => {
  it('writes each event as one JSON line', async () => {
    // Prepare
    const lines: string[] = [];
    const transport = new ConsoleTransport({ write: (line) => lines.push(line) });
    const event = runFixture('flink-openlineage-running');
    // Act
    await transport.emit(event);
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] ?? '')).toEqual(event);
  });

  it('refuses emits after close', async () => {
    // Prepare
    const transport = new ConsoleTransport({ write: () => undefined });
    await transport.close();
    // Act / Assess
    await expect(transport.emit(runFixture('flink-openlineage-running'))).rejects.toBeInstanceOf(
      LineageTransportError,
    );
  });
});
