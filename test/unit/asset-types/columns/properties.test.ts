import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_FORMATS, tryColumns } from '../../../../asset-types/src/columns/index.ts';
import { jsonSyntaxErrorOffset } from '../../../../asset-types/src/columns/json-text.ts';
import { balanced } from './support.ts';

/** A schema shape, turned into Avro or JSON Schema by the converters below. */
type Shape =
  | { readonly kind: 'leaf'; readonly name: 'int' | 'long' | 'string' | 'boolean' | 'double' | 'bytes' }
  | { readonly kind: 'array' | 'map' | 'nullable'; readonly of: Shape }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, Shape])[] };

const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);

const shapes = fc.letrec<{ shape: Shape; record: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('leaf' as const),
      name: fc.constantFrom('int', 'long', 'string', 'boolean', 'double', 'bytes'),
    }),
    fc.record({
      kind: fc.constantFrom('array' as const, 'map' as const, 'nullable' as const),
      of: tie('shape'),
    }),
    tie('record'),
  ),
  record: fc.record({
    kind: fc.constant('record' as const),
    fields: fc.uniqueArray(fc.tuple(fieldName, tie('shape')), { maxLength: 5, selector: ([name]) => name }),
  }),
}));

const topRecords = fc.record({
  kind: fc.constant('record' as const),
  fields: fc.uniqueArray(fc.tuple(fieldName, shapes.shape), {
    minLength: 1,
    maxLength: 8,
    selector: ([name]) => name,
  }),
});

function toAvro(shape: Shape, names: { next: number }): unknown {
  switch (shape.kind) {
    case 'leaf':
      return shape.name;
    case 'array':
      return { type: 'array', items: toAvro(shape.of, names) };
    case 'map':
      return { type: 'map', values: toAvro(shape.of, names) };
    case 'nullable': {
      const inner = toAvro(shape.of, names);
      return Array.isArray(inner) ? inner : ['null', inner];
    }
    case 'record':
      names.next++;
      return {
        type: 'record',
        name: `R${names.next}`,
        fields: shape.fields.map(([name, type]) => ({ name, type: toAvro(type, names) })),
      };
  }
}

function toJsonSchema(shape: Shape): unknown {
  switch (shape.kind) {
    case 'leaf':
      return {
        type:
          { int: 'integer', long: 'integer', double: 'number', boolean: 'boolean' }[shape.name as string] ??
          'string',
      };
    case 'array':
      return { type: 'array', items: toJsonSchema(shape.of) };
    case 'map':
      return { type: 'object', additionalProperties: toJsonSchema(shape.of) };
    case 'nullable':
      return { oneOf: [{ type: 'null' }, toJsonSchema(shape.of)] };
    case 'record':
      return {
        type: 'object',
        properties: Object.fromEntries(shape.fields.map(([name, type]) => [name, toJsonSchema(type)])),
      };
  }
}

describe('properties of the conversion', () => {
  it('gives any Avro record one column per top-level field, in order, with balanced type strings', () => {
    fc.assert(
      fc.property(topRecords, (record) => {
        // Prepare
        const definition = JSON.stringify(toAvro(record, { next: 0 }));

        // Act
        const result = tryColumns('AVRO', definition);

        // Assess
        if (!result.ok) throw result.error;
        expect(result.columns.map((column) => column.columnName)).toEqual(
          record.fields.map(([name]) => name),
        );
        for (const column of result.columns) {
          expect(column.dataType).not.toBe('');
          expect(balanced(column.dataType)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('types the same shape identically from Avro and JSON Schema, up to their number and binary types', () => {
    fc.assert(
      fc.property(topRecords, (record) => {
        // Prepare
        const avro = tryColumns('AVRO', JSON.stringify(toAvro(record, { next: 0 })));
        const json = tryColumns('JSON', JSON.stringify(toJsonSchema(record)));
        const normalize = (type: string): string =>
          type.replaceAll('bigint', 'int').replaceAll('binary', 'string');

        // Act
        if (!avro.ok) throw avro.error;
        if (!json.ok) throw json.error;
        const avroTypes = avro.columns.map((column) => normalize(column.dataType));
        const jsonTypes = json.columns.map((column) => normalize(column.dataType));

        // Assess
        expect(jsonTypes).toEqual(avroTypes);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws from tryColumns, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATA_FORMATS),
        fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })),
        (format, text) => {
          // Act
          const result = tryColumns(format, text);

          // Assess
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error.message).toContain(`Invalid ${format} schema`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('locates a JSON syntax error exactly when JSON.parse rejects the text', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\n', '\\'))
      .map(
        ([json, at, insert]) =>
          `${json.slice(0, at % (json.length + 1))}${insert}${json.slice(at % (json.length + 1))}`,
      );
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (text) => {
        // Prepare
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }

        // Act
        const offset = jsonSyntaxErrorOffset(text);

        // Assess
        expect(offset === undefined).toBe(parses);
        if (offset !== undefined) expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 1_000 },
    );
  });
});
