import { describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../common/src/logger.ts';
import { createTransport, type TransportConfig } from '../../../lineage/src/create-transport.ts';
import { LineageConfigError } from '../../../lineage/src/errors.ts';
import { CompositeTransport } from '../../../lineage/src/transports/composite.ts';
import { ConsoleTransport } from '../../../lineage/src/transports/console.ts';
import { DataZoneTransport } from '../../../lineage/src/transports/datazone.ts';
import { InMemoryTransport } from '../../../lineage/src/transports/in-memory.ts';
import { runFixture } from '../../fixtures/openlineage/load.ts';
import { FakeDataZone } from './transports/fake-datazone.ts';

const log = new MemoryLog();

describe('createTransport', () => {
  it('builds each transport type from its configuration', () => {
    // Prepare
    const fake = new FakeDataZone();
    const deps = { log, dataZone: () => fake.client };
    // Act / Assess
    expect(createTransport({ type: 'datazone', domainId: 'dzd_1' }, deps)).toBeInstanceOf(DataZoneTransport);
    expect(createTransport({ type: 'console' }, deps)).toBeInstanceOf(ConsoleTransport);
    expect(createTransport({ type: 'in-memory' }, deps)).toBeInstanceOf(InMemoryTransport);
    expect(
      createTransport(
        { type: 'composite', transports: [{ type: 'console' }], continueOnFailure: true },
        deps,
      ),
    ).toBeInstanceOf(CompositeTransport);
  });

  it('wires a composite of DataZone and console end to end', async () => {
    // Prepare
    const fake = new FakeDataZone();
    const lines: string[] = [];
    const transport = createTransport(
      { type: 'composite', transports: [{ type: 'datazone', domainId: 'dzd_1' }, { type: 'console' }] },
      { log, dataZone: () => fake.client, write: (line) => lines.push(line) },
    );
    // Act
    await transport.emit(runFixture('flink-openlineage-start'));
    // Assess
    expect(fake.posts).toHaveLength(1);
    expect(lines).toHaveLength(1);
  });

  it('throws LineageConfigError naming an unknown type and the known ones, never falling back', () => {
    // Prepare
    const config = { type: 'http', url: 'https://example.com' } as unknown as TransportConfig;
    // Act / Assess
    expect(() => createTransport(config, { log })).toThrow(LineageConfigError);
    expect(() => createTransport(config, { log })).toThrow(
      'Unknown lineage transport type "http"; expected one of datazone, console, composite, in-memory',
    );
  });

  it('throws LineageConfigError for an unknown member type of a composite', () => {
    const config = { type: 'composite', transports: [{ type: 'kafka' }] } as unknown as TransportConfig;
    expect(() => createTransport(config, { log })).toThrow(/"kafka"/);
  });

  it.each([
    ['a datazone transport without domainId', { type: 'datazone', domainId: '' }, /needs a domainId/],
    [
      'a datazone transport without client',
      { type: 'datazone', domainId: 'dzd_1' },
      /needs a DataZone client/,
    ],
    ['an empty composite', { type: 'composite', transports: [] }, /at least one member/],
  ])('throws LineageConfigError for %s', (_, config, message) => {
    expect(() => createTransport(config as TransportConfig, { log })).toThrow(message);
  });
});
