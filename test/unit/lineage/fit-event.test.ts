import { describe, expect, it } from 'vitest';
import { LineageEventTooLargeError } from '../../../lineage/src/errors.ts';
import { DATAZONE_MAX_EVENT_BYTES, fitEvent, REDUCED_FACET } from '../../../lineage/src/fit-event.ts';
import type { RunEvent } from '../../../lineage/src/model.ts';
import { validateEvent } from '../../../lineage/src/validate.ts';
import { runFixture } from '../../fixtures/openlineage/load.ts';

/** The Flink 2 fixture with its schema facets blown up to `fields` fields each. */
function withWideSchemas(fields: number): RunEvent {
  const event = runFixture('flink2-native-start');
  const widen = <D extends NonNullable<RunEvent['inputs']>[number]>(d: D): D => ({
    ...d,
    facets: {
      ...d.facets,
      schema: {
        _producer: 'urn:test',
        _schemaURL: 'urn:test:schema',
        fields: Array.from({ length: fields }, (_, i) => ({ name: `column_${i}`, type: 'STRING' })),
      },
    },
  });
  return { ...event, inputs: event.inputs?.map(widen), outputs: event.outputs?.map(widen) };
}

describe('fitEvent', () => {
  it('returns an event that fits untouched, with its bytes', () => {
    // Prepare
    const event = runFixture('flink2-native-start');
    // Act
    const fitted = fitEvent(event);
    // Assess
    expect(fitted.event).toBe(event);
    expect(fitted.droppedFacets).toEqual([]);
    expect(new TextDecoder().decode(fitted.bytes)).toBe(JSON.stringify(event));
    expect(fitted.originalBytes).toBe(fitted.bytes.length);
  });

  it('uses the PostLineageEvent limit by default', () => {
    expect(DATAZONE_MAX_EVENT_BYTES).toBe(300_000);
  });

  it('drops column lineage first, then schemas, and notes it in a valid run facet', () => {
    // Prepare: schemas alone are far above the limit
    const event = withWideSchemas(5_000);
    const size = new TextEncoder().encode(JSON.stringify(event)).length;
    // Act
    const fitted = fitEvent(event, 10_000);
    // Assess
    expect(fitted.droppedFacets).toEqual(['columnLineage', 'schema']);
    expect(fitted.bytes.length).toBeLessThanOrEqual(10_000);
    expect(fitted.event.outputs?.[0]?.facets).toEqual({});
    expect(fitted.event.inputs?.[0]?.facets?.symlinks).toBeDefined();
    expect(fitted.event.run.facets?.[REDUCED_FACET]).toMatchObject({
      droppedFacets: ['columnLineage', 'schema'],
      originalBytes: size,
    });
    expect(validateEvent(fitted.event).valid).toBe(true);
  });

  it('keeps schemas when dropping column lineage is enough', () => {
    // Prepare
    const event = runFixture('flink2-native-start');
    const full = JSON.stringify(event).length;
    const lineage = JSON.stringify(event.outputs?.[0]?.facets?.columnLineage).length;
    // Act
    const fitted = fitEvent(event, full - lineage + 200);
    // Assess
    expect(fitted.droppedFacets).toEqual(['columnLineage']);
    expect(fitted.event.outputs?.[0]?.facets?.schema).toBeDefined();
  });

  it('throws LineageEventTooLargeError with size, limit and job when nothing droppable is left', () => {
    // Prepare
    const event = runFixture('flink-openlineage-running');
    // Act
    const error = (() => {
      try {
        fitEvent(event, 100);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    // Assess
    expect(error).toBeInstanceOf(LineageEventTooLargeError);
    expect(error).toMatchObject({ limit: 100, job: 'flink-jobs/fraud-detector' });
    expect((error as LineageEventTooLargeError).bytes).toBeGreaterThan(100);
  });
});
