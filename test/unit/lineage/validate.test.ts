import { describe, expect, it } from 'vitest';
import { LineageValidationError } from '../../../lineage/src/errors.ts';
import { assertValidEvent, validateEvent } from '../../../lineage/src/validate.ts';
import { fixture, invalidFixtureNames, VALID_FIXTURES } from '../../fixtures/openlineage/load.ts';

const EXPECTED_KIND = {
  'flink-openlineage-start': 'RunEvent',
  'flink-openlineage-running': 'RunEvent',
  'flink2-native-start': 'RunEvent',
  'dataset-event': 'DatasetEvent',
  'job-event': 'JobEvent',
} as const;

/** Each invalid fixture and the problems it must be reported with (path + message). */
const INVALID: Readonly<Record<string, readonly string[]>> = {
  'missing-run-id': ["/run must have required property 'runId'"],
  'run-id-not-uuid': ['/run/runId must match format "uuid"'],
  'bad-event-time': ['/eventTime must match format "date-time"'],
  'unknown-event-type': [
    '/eventType must be equal to one of the allowed values: "START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"',
  ],
  'missing-producer-and-schema-url': [
    "/ must have required property 'producer'",
    "/ must have required property 'schemaURL'",
  ],
  'wrong-job-type-facet': [
    "/job/facets/jobType must have required property 'integration'",
    '/job/facets/jobType/processingType must be string',
  ],
  'wrong-schema-facet': ['/inputs/0/facets/schema/fields must be array'],
  'wrong-column-lineage-facet': [
    "/outputs/0/facets/columnLineage/fields/order_id/inputFields/0 must have required property 'field'",
  ],
  'facet-without-producer': ["/run/facets/flink_job must have required property '_producer'"],
  'dataset-without-name': ["/inputs/0 must have required property 'name'"],
};

describe('validateEvent', () => {
  it.each(VALID_FIXTURES)('accepts the %s fixture', (name) => {
    // Act
    const result = validateEvent(fixture(name));
    // Assess
    expect(result).toMatchObject({ valid: true, kind: EXPECTED_KIND[name] });
  });

  it('has an expectation for every invalid fixture', () => {
    expect(invalidFixtureNames().sort()).toEqual(Object.keys(INVALID).sort());
  });

  it.each(Object.entries(INVALID))('reports every problem of %s with its JSON path', (name, expected) => {
    // Act
    const result = validateEvent(fixture(`invalid/${name}`));
    // Assess
    expect(result.valid).toBe(false);
    const problems = result.valid ? [] : result.problems.map((p) => `${p.path} ${p.message}`);
    expect(problems.sort()).toEqual([...expected].sort());
  });

  it('lists several problems of one event at once', () => {
    // Prepare
    const event = { run: { runId: 'x' }, eventType: 'PAUSED', eventTime: 'yesterday' };
    // Act
    const result = validateEvent(event);
    // Assess
    expect(result.valid).toBe(false);
    const paths = result.valid ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/run/runId', '/eventType', '/eventTime', '/']));
  });

  it('takes a value that is not an object as a broken RunEvent', () => {
    expect(validateEvent('{"run":{}}')).toMatchObject({ valid: false, kind: 'RunEvent' });
    expect(validateEvent(null)).toMatchObject({ valid: false, kind: 'RunEvent' });
  });

  it('rejects a DatasetEvent that also carries a run', () => {
    // Prepare
    const event = { ...(fixture('dataset-event') as object), job: { namespace: 'a', name: 'b' }, run: {} };
    // Act
    const result = validateEvent(event);
    // Assess: with a run it is a RunEvent, and then its run misses a runId
    expect(result).toMatchObject({ valid: false, kind: 'RunEvent' });
  });

  it('validates a known facet of a DatasetEvent by its own schema', () => {
    // Prepare
    const event = fixture('dataset-event') as {
      dataset: { facets: { symlinks: { identifiers: object[] } } };
    };
    event.dataset.facets.symlinks.identifiers = [{ namespace: 'kafka://h:1', name: 'orders' }];
    // Act
    const result = validateEvent(event);
    // Assess
    expect(result.valid ? [] : result.problems).toEqual([
      { path: '/dataset/facets/symlinks/identifiers/0', message: "must have required property 'type'" },
    ]);
  });

  it('accepts facets it has no schema for as base facets', () => {
    // Prepare
    const event = fixture('flink-openlineage-running') as { run: { facets: Record<string, unknown> } };
    event.run.facets.acme_custom = { _producer: 'urn:acme', _schemaURL: 'urn:acme:facet', anything: [1, 2] };
    // Act / Assess
    expect(validateEvent(event).valid).toBe(true);
  });
});

describe('assertValidEvent', () => {
  it('returns the event when it is valid', () => {
    const event = fixture('flink-openlineage-start');
    expect(assertValidEvent(event)).toBe(event);
  });

  it('throws LineageValidationError naming the first problems, without the event', () => {
    // Prepare
    const event = fixture('invalid/wrong-job-type-facet');
    // Act
    const error = (() => {
      try {
        assertValidEvent(event);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(LineageValidationError);
    const validation = error as LineageValidationError;
    expect(validation.name).toBe('LineageValidationError');
    expect(validation.message).toContain("/job/facets/jobType must have required property 'integration'");
    expect(validation.message).not.toContain('fraud-detector');
    expect(validation.problems).toHaveLength(2);
  });

  it('names at most five problems and counts the rest', () => {
    // Prepare: an empty object misses many things at once
    const problems = Array.from({ length: 7 }, (_, i) => ({ path: `/p${i}`, message: 'is wrong' }));
    // Act
    const error = new LineageValidationError(problems);
    // Assess
    expect(error.message).toContain('/p4 is wrong');
    expect(error.message).not.toContain('/p5');
    expect(error.message).toContain('(and 2 more)');
  });
});
