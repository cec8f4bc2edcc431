import { DerivedIndex, SortedKeys } from '../../cloud/indexes.ts';
import type { GlueState, SchemaRecord } from './state.ts';

type Registries = GlueState['registries'];

/** Where a schema is stored: its registry's key in `registries` and its key in that registry's `schemas`. */
interface SchemaRef {
  readonly registry: string;
  readonly schema: string;
}

/**
 * ListSchemas' sort key: `registryName/schemaName`. Registry and schema names hold no `/`, so the
 * schemas of one registry are the keys that begin with `registryName/`.
 */
export function schemaKey(schema: Pick<SchemaRecord, 'registryName' | 'name'>): string {
  return `${schema.registryName}/${schema.name}`;
}

/** Every schema of every registry by `schemaKey`, derived from `GlueState.registries` (not persisted). */
const indexes = new DerivedIndex<Registries, SortedKeys<SchemaRef>>(
  (registries) =>
    new SortedKeys(
      Object.entries(registries).flatMap(([registry, record]) =>
        Object.entries(record.schemas).map(([schema, s]) => [schemaKey(s), { registry, schema }] as const),
      ),
    ),
);

/** Keeps the index current after `schema` was added to its registry. */
export function schemaAdded(registries: Registries, schema: SchemaRecord): void {
  indexes.peek(registries)?.set(schemaKey(schema), { registry: schema.registryName, schema: schema.name });
}

/** Keeps the index current after `schema` was removed from its registry. */
export function schemaRemoved(registries: Registries, schema: SchemaRecord): void {
  indexes.peek(registries)?.delete(schemaKey(schema));
}

/** Keeps the index current after registry `name` was removed with all its schemas. */
export function registryRemoved(registries: Registries, name: string): void {
  indexes.peek(registries)?.deletePrefix(`${name}/`);
}

/**
 * The schemas of registry `registryName` (of every registry when undefined) by `schemaKey`, after key
 * `after` (from the first when undefined).
 */
export function* schemasFrom(
  registries: Registries,
  registryName: string | undefined,
  after: string | undefined,
): Generator<SchemaRecord> {
  const keys = indexes.of(registries);
  const [start, end] = registryName === undefined ? [0, keys.size] : keys.prefixRange(`${registryName}/`);
  const first = after === undefined ? start : Math.max(start, keys.upperBound(after));
  for (let position = first; position < end; position += 1) {
    const ref = keys.ref(keys.keyAt(position));
    if (ref === undefined) continue;
    // Own properties only (as Object.values): a schema no longer stored is skipped.
    const registry = Object.hasOwn(registries, ref.registry) ? registries[ref.registry] : undefined;
    const schema =
      registry && Object.hasOwn(registry.schemas, ref.schema) ? registry.schemas[ref.schema] : undefined;
    if (schema !== undefined) yield schema;
  }
}

/** Forgets the index of `registries` (for state edited other than through the service's operations). */
export function dropSchemaIndex(registries: Registries): void {
  indexes.drop(registries);
}
