/**
 * Pairs a cluster's topics with a registry's schemas according to a source's topic mapping. Pure.
 */

import type { TopicMapping } from './config.ts';
import type { SchemaSummary, TopicInfo } from './ports.ts';

/** The role a schema plays for a topic's records. */
export type SchemaRole = 'value' | 'key';

/** One topic with the schemas that describe its records. */
export interface TopicSchemas {
  readonly topic: TopicInfo;
  readonly valueSchema?: SchemaSummary;
  readonly keySchema?: SchemaSummary;
}

/** A schema an explicit mapping names but the registry does not hold. */
export interface MissingSchema {
  readonly topic: string;
  readonly role: SchemaRole;
  readonly schemaName: string;
}

export interface TopicMappingResult {
  /** Topics to catalogue, sorted by topic name. */
  readonly topics: readonly TopicSchemas[];
  /** Schemas no existing topic uses (reported, never catalogued), sorted by name. */
  readonly unmatchedSchemas: readonly SchemaSummary[];
  /** Explicitly mapped schemas the registry does not hold (the topic is catalogued without them). */
  readonly missingSchemas: readonly MissingSchema[];
}

export interface MapTopicsInput {
  readonly topics: readonly TopicInfo[];
  readonly schemas: readonly SchemaSummary[];
  readonly mapping: TopicMapping;
  /** Keep topics that end up with no schema at all. */
  readonly includeTopicsWithoutSchema: boolean;
}

const VALUE_SUFFIX = '-value';
const KEY_SUFFIX = '-key';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Pairs topics with schemas:
 * - `'topic-name'`: the schema named like the topic is its value schema (the Glue serializer's default);
 * - `'value-key-suffix'`: `<topic>-value` and `<topic>-key`;
 * - `'auto'`: the suffixed schemas when either exists, else the schema named like the topic;
 * - `{explicit}`: the schemas named for the topic; topics not in the map have no schema.
 *
 * @returns the topics to catalogue, the schemas no existing topic uses, and explicitly named schemas that
 *   do not exist.
 */
export function mapTopicsToSchemas(input: MapTopicsInput): TopicMappingResult {
  const schemas = new Map(input.schemas.map((s) => [s.schemaName, s]));
  const used = new Set<string>();
  const missing: MissingSchema[] = [];
  const take = (name: string | undefined): SchemaSummary | undefined => {
    if (name === undefined) return undefined;
    const schema = schemas.get(name);
    if (schema) used.add(name);
    return schema;
  };
  const { mapping } = input;
  const pairs: TopicSchemas[] = [];
  const topics = [...new Map(input.topics.map((t) => [t.name, t])).values()].sort((a, b) =>
    byName(a.name, b.name),
  );
  for (const topic of topics) {
    const name = topic.name;
    let value: SchemaSummary | undefined;
    let key: SchemaSummary | undefined;
    if (mapping === 'topic-name') {
      value = take(name);
    } else if (mapping === 'value-key-suffix') {
      value = take(`${name}${VALUE_SUFFIX}`);
      key = take(`${name}${KEY_SUFFIX}`);
    } else if (mapping === 'auto') {
      const hasSuffixed = schemas.has(`${name}${VALUE_SUFFIX}`) || schemas.has(`${name}${KEY_SUFFIX}`);
      if (hasSuffixed) {
        value = take(`${name}${VALUE_SUFFIX}`);
        key = take(`${name}${KEY_SUFFIX}`);
      } else {
        value = take(name);
      }
    } else {
      const entry = Object.hasOwn(mapping.explicit, name) ? mapping.explicit[name] : undefined;
      value = take(entry?.value);
      key = take(entry?.key);
      if (entry?.value !== undefined && !value)
        missing.push({ topic: name, role: 'value', schemaName: entry.value });
      if (entry?.key !== undefined && !key) missing.push({ topic: name, role: 'key', schemaName: entry.key });
    }
    if (!value && !key && !input.includeTopicsWithoutSchema) continue;
    pairs.push({ topic, ...(value ? { valueSchema: value } : {}), ...(key ? { keySchema: key } : {}) });
  }
  const unmatchedSchemas = [...schemas.values()]
    .filter((s) => !used.has(s.schemaName))
    .sort((a, b) => byName(a.schemaName, b.schemaName));
  return { topics: pairs, unmatchedSchemas, missingSchemas: missing };
}

/**
 * The topics a schema can describe under a mapping (whether or not they exist): used to scope a run to the
 * schema a change event names.
 */
export function candidateTopics(mapping: TopicMapping, schemaName: string): string[] {
  const strip = (suffix: string) =>
    schemaName.endsWith(suffix) && schemaName.length > suffix.length
      ? [schemaName.slice(0, -suffix.length)]
      : [];
  const suffixed = [...strip(VALUE_SUFFIX), ...strip(KEY_SUFFIX)];
  if (mapping === 'topic-name') return [schemaName];
  if (mapping === 'value-key-suffix') return suffixed;
  if (mapping === 'auto') return [...new Set([...suffixed, schemaName])];
  return Object.entries(mapping.explicit)
    .filter(([, names]) => names.value === schemaName || names.key === schemaName)
    .map(([topic]) => topic)
    .sort(byName);
}
