/**
 * The lineage convention for Managed Service for Apache Flink applications without OpenLineage: runtime
 * property groups name the Kafka topics an application reads and writes (docs/lineage-flink.md). Pure.
 *
 * 1. The lineage group (id `streamgov.lineage` by default):
 *    `bootstrap.servers`, `input.topics`, `output.topics` (comma lists), optionally
 *    `input.bootstrap.servers` / `output.bootstrap.servers` (another cluster per direction) and
 *    `job.namespace` / `job.name` (to match the names the job reports elsewhere). Unknown keys are
 *    errors, so a typo never drops a topic silently.
 * 2. Kafka source and sink groups (on by default): any other group with `bootstrap.servers` and `topic`
 *    or `topics`, its direction given by `lineage.direction` (`input` | `output`) or by its id
 *    (`Input0`, `KafkaSource`, … → input; `Output0`, `KafkaSink`, … → output). A group whose direction
 *    cannot be told is skipped and reported, never guessed.
 *
 * @module
 */
import { TOPIC_NAME } from '../../../common/src/arns.ts';
import { FlinkLineageConventionError } from './errors.ts';
import type { PropertyGroup } from './ports.ts';

/** Default id of the lineage property group. */
export const DEFAULT_LINEAGE_PROPERTY_GROUP_ID = 'streamgov.lineage';

/** Keys of the lineage property group. */
export const LINEAGE_GROUP_KEYS = {
  bootstrapServers: 'bootstrap.servers',
  inputBootstrapServers: 'input.bootstrap.servers',
  outputBootstrapServers: 'output.bootstrap.servers',
  inputTopics: 'input.topics',
  outputTopics: 'output.topics',
  jobNamespace: 'job.namespace',
  jobName: 'job.name',
} as const;

/** Key of a Kafka source/sink group that states its direction. */
export const DIRECTION_KEY = 'lineage.direction';

/** Options of the convention. */
export interface ConventionOptions {
  /** @default {@link DEFAULT_LINEAGE_PROPERTY_GROUP_ID} */
  readonly propertyGroupId?: string;
  /** Also read Kafka source and sink groups. @default true */
  readonly readKafkaGroups?: boolean;
}

export type Direction = 'input' | 'output';

/** A topic the application reads or writes, with the bootstrap servers that reach it. */
export interface DeclaredTopic {
  readonly direction: Direction;
  readonly topic: string;
  /** `host:port` endpoints, as configured (scheme prefixes removed). */
  readonly bootstrapServers: readonly string[];
  /** The property group that declared it. */
  readonly propertyGroupId: string;
}

/** A property group that looks like Kafka configuration but was not used, and why. */
export interface SkippedGroup {
  readonly propertyGroupId: string;
  readonly reason: string;
}

/** What an application's property groups declare. */
export interface DeclaredLineage {
  readonly topics: readonly DeclaredTopic[];
  /** `job.namespace` / `job.name` overrides of the lineage group. */
  readonly job: { readonly namespace?: string; readonly name?: string };
  /** Ids of the groups the topics came from. */
  readonly groups: readonly string[];
  readonly skipped: readonly SkippedGroup[];
}

const SERVER = /^(?:[a-z][a-z0-9_+.-]*:\/\/)?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?):(\d{1,5})$/iu;
const JOB_PART = /^[^\s]{1,512}$/u;
const INPUT_ID = /(^|[^a-z])(input|source|consumer)|^(in|source)\d*$/iu;
const OUTPUT_ID = /(^|[^a-z])(output|sink|producer)|^(out|sink)\d*$/iu;
const KAFKA_SOURCE_SINK_ID = /kafka[-_.]?(source|sink|input|output|consumer|producer)/iu;

/** Splits a comma list; empty items (`a,,b`, a trailing comma) are errors. */
function commaList(fail: (reason: string) => never, value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) fail(`has an empty item in ${JSON.stringify(value)}`);
  return items;
}

function servers(fail: (reason: string) => never, value: string): string[] {
  return commaList(fail, value).map((server) => {
    const match = SERVER.exec(server);
    const port = Number(match?.[2]);
    if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535) {
      fail(`has ${JSON.stringify(server)}, which is not a host:port bootstrap server`);
    }
    return `${match[1].toLowerCase()}:${port}`;
  });
}

function topics(fail: (reason: string) => never, value: string): string[] {
  const names = commaList(fail, value);
  const bad = names.find((name) => !TOPIC_NAME.test(name));
  if (bad !== undefined)
    fail(`has ${JSON.stringify(bad)}, which is not a Kafka topic name (${TOPIC_NAME.source})`);
  return names;
}

function fail(applicationName: string, groupId: string, key: string, reason: string): never {
  throw new FlinkLineageConventionError(applicationName, groupId, key, reason);
}

function failer(applicationName: string, groupId: string, key: string): (reason: string) => never {
  return (reason) => {
    throw new FlinkLineageConventionError(applicationName, groupId, key, reason);
  };
}

function lineageGroup(applicationName: string, group: PropertyGroup): Omit<DeclaredLineage, 'skipped'> {
  const known = Object.values(LINEAGE_GROUP_KEYS) as string[];
  const unknown = Object.keys(group.properties).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    failer(
      applicationName,
      group.id,
      unknown,
    )(`is not a key of the lineage convention; use ${known.join(', ')}`);
  }
  const read = (key: string) => {
    const value = group.properties[key];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const K = LINEAGE_GROUP_KEYS;
  const shared = read(K.bootstrapServers);
  const declared: DeclaredTopic[] = [];
  for (const direction of ['input', 'output'] as const) {
    const topicsKey = direction === 'input' ? K.inputTopics : K.outputTopics;
    const serversKey = direction === 'input' ? K.inputBootstrapServers : K.outputBootstrapServers;
    const list = read(topicsKey);
    if (list === undefined) continue;
    const own = read(serversKey);
    const serverText = own ?? shared;
    if (serverText === undefined) {
      fail(
        applicationName,
        group.id,
        K.bootstrapServers,
        `is missing: ${topicsKey} needs ${K.bootstrapServers} (or ${serversKey})`,
      );
    }
    const endpoints = servers(
      failer(applicationName, group.id, own ? serversKey : K.bootstrapServers),
      serverText,
    );
    for (const topic of topics(failer(applicationName, group.id, topicsKey), list)) {
      declared.push({ direction, topic, bootstrapServers: endpoints, propertyGroupId: group.id });
    }
  }
  if (declared.length === 0) {
    failer(
      applicationName,
      group.id,
      `${K.inputTopics}/${K.outputTopics}`,
    )('are both missing: the lineage group must name at least one topic');
  }
  const job: { namespace?: string; name?: string } = {};
  for (const [field, key] of [
    ['namespace', K.jobNamespace],
    ['name', K.jobName],
  ] as const) {
    const value = read(key);
    if (value === undefined) continue;
    if (!JOB_PART.test(value.trim()))
      failer(applicationName, group.id, key)('must be 1 to 512 characters without spaces');
    job[field] = value.trim();
  }
  return { topics: declared, job, groups: [group.id] };
}

function directionOf(group: PropertyGroup): Direction | 'ambiguous' | undefined {
  const stated = group.properties[DIRECTION_KEY]?.trim().toLowerCase();
  if (stated === 'input' || stated === 'output') return stated;
  if (stated !== undefined) return undefined;
  const kafka = KAFKA_SOURCE_SINK_ID.exec(group.id)?.[1]?.toLowerCase();
  if (kafka) return ['source', 'input', 'consumer'].includes(kafka) ? 'input' : 'output';
  const input = INPUT_ID.test(group.id);
  const output = OUTPUT_ID.test(group.id);
  if (input && output) return 'ambiguous';
  return input ? 'input' : output ? 'output' : 'ambiguous';
}

function kafkaGroup(
  applicationName: string,
  group: PropertyGroup,
): { topics: DeclaredTopic[] } | { skipped: SkippedGroup } | undefined {
  const serverText = group.properties['bootstrap.servers'];
  const topicKey = ['topics', 'topic'].find((key) => group.properties[key] !== undefined);
  if (serverText === undefined || topicKey === undefined) return undefined;
  const stated = group.properties[DIRECTION_KEY];
  const direction = directionOf(group);
  if (direction === undefined) {
    fail(applicationName, group.id, DIRECTION_KEY, `is ${JSON.stringify(stated)}; use input or output`);
  }
  if (direction === 'ambiguous') {
    return {
      skipped: {
        propertyGroupId: group.id,
        reason: `its id does not tell input from output; add ${DIRECTION_KEY}=input or output`,
      },
    };
  }
  const endpoints = servers(failer(applicationName, group.id, 'bootstrap.servers'), serverText);
  return {
    topics: topics(failer(applicationName, group.id, topicKey), group.properties[topicKey] ?? '').map(
      (topic) => ({ direction, topic, bootstrapServers: endpoints, propertyGroupId: group.id }),
    ),
  };
}

/**
 * The topics an application's property groups declare under the convention.
 * @returns undefined when the application takes no part (no lineage group, no usable Kafka group).
 * @throws FlinkLineageConventionError naming the group and key of the first bad value: an unknown key
 * in the lineage group, a list with an empty item, a server that is not `host:port`, a topic that is not
 * a Kafka topic name, topics without bootstrap servers, a lineage group with no topic, a bad
 * `lineage.direction`.
 */
export function declaredLineage(
  applicationName: string,
  groups: readonly PropertyGroup[],
  options: ConventionOptions = {},
): DeclaredLineage | undefined {
  const id = options.propertyGroupId ?? DEFAULT_LINEAGE_PROPERTY_GROUP_ID;
  const main = groups.find((g) => g.id === id);
  const declared = main ? lineageGroup(applicationName, main) : { topics: [], job: {}, groups: [] };
  const topicsFound = [...declared.topics];
  const used = [...declared.groups];
  const skipped: SkippedGroup[] = [];
  if (options.readKafkaGroups ?? true) {
    for (const group of groups) {
      if (group.id === id) continue;
      const found = kafkaGroup(applicationName, group);
      if (found === undefined) continue;
      if ('skipped' in found) skipped.push(found.skipped);
      else {
        topicsFound.push(...found.topics);
        used.push(group.id);
      }
    }
  }
  if (topicsFound.length === 0 && !main)
    return skipped.length > 0 ? { topics: [], job: {}, groups: [], skipped } : undefined;
  return { topics: topicsFound, job: declared.job, groups: used, skipped };
}
