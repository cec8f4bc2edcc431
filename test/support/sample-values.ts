import type { NormalizedSchema } from '@smithy/core/schema';

/**
 * Builds a deterministic sample value for any SDK schema: every member of every structure set, two
 * list items and map entries, union members alternating, strings that need percent-encoding.
 */
export function sampleValue(schema: NormalizedSchema, seed: number, depth = 0): unknown {
  if (schema.isStructSchema()) {
    if (depth > 3) return undefined;
    const out: Record<string, unknown> = {};
    const members = [...schema.structIterator()];
    if (schema.isUnionSchema()) {
      const chosen = members[seed % members.length];
      if (chosen) {
        const value = sampleValue(chosen[1], seed + 1, depth + 1);
        if (value !== undefined) out[chosen[0]] = value;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    for (const [index, [name, member]] of members.entries()) {
      if (member.getMergedTraits().httpResponseCode) {
        out[name] = 200;
        continue;
      }
      const value = sampleValue(member, seed + index, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (schema.isListSchema()) {
    if (depth > 4) return undefined;
    const item = sampleValue(schema.getValueSchema(), seed + 1, depth + 1);
    return item === undefined ? undefined : [item, sampleValue(schema.getValueSchema(), seed + 2, depth + 1)];
  }
  if (schema.isMapSchema()) {
    if (depth > 4) return undefined;
    const value = sampleValue(schema.getValueSchema(), seed + 1, depth + 1);
    return value === undefined ? undefined : { k1: value, 'k 2': value };
  }
  if (schema.isBlobSchema()) return new TextEncoder().encode(`{"blob":${seed}}`);
  if (schema.isTimestampSchema()) return new Date(Date.UTC(2024, 4, 6, 7, 8, 9 + (seed % 50)));
  if (schema.isBooleanSchema()) return seed % 2 === 0;
  if (schema.isBigIntegerSchema()) return BigInt(seed + 1);
  if (schema.isBigDecimalSchema()) return undefined;
  if (schema.isNumericSchema()) return (seed % 90) + 1;
  if (schema.isDocumentSchema()) return { doc: seed, list: [1, 'x'] };
  if (schema.isStringSchema()) {
    const traits = schema.getMergedTraits();
    if (traits.mediaType === 'application/json' || traits.jsonValue) return { json: seed };
    return `v x:/é-${seed}`;
  }
  return undefined;
}

/** Makes SDK values comparable: dates to ISO strings, bytes to base64, drops undefined and $metadata. */
export function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$metadata' || v === undefined || v === null) continue;
      out[key] = normalize(v);
    }
    return out;
  }
  return value;
}
