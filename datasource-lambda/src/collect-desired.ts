/**
 * The read side of a sync: lists every source's topics and schemas and builds what each topic asset should
 * be, reading a schema only when its stamp says it changed (or the run is deep, or an event names it).
 */

import type { TopicAssetTypeDefinition } from '../../asset-types/src/definition.ts';
import { type MskClusterArn, parseMskClusterArn } from '../../common/src/arns.ts';
import type { Log } from '../../common/src/logger.ts';
import { mapSettledWithConcurrency } from '../../common/src/retry.ts';
import { buildTopicAsset, registryArnOfSchema } from './build-topic-asset.ts';
import type { CatalogSource } from './config.ts';
import { combineFingerprint, draftContent, fingerprintParts, type SchemaDigests } from './fingerprint.ts';
import type { SchemaRef } from './glue-events.ts';
import { inPartition, type Partition } from './partition.ts';
import { clusterScope, type DesiredAsset, indexKey, type SchemaStamps } from './plan-asset-sync.ts';
import type { ClusterInfo, IndexEntry, SchemaSummary, SchemaVersion, SourcePorts } from './ports.ts';
import { describeError, type FailedItem, type ParseErrorItem, type SourceReport } from './summary.ts';
import { candidateTopics, mapTopicsToSchemas, type SchemaRole, type TopicSchemas } from './topic-mapping.ts';

/** Runs one port call with the run's retry policy. */
export type Retrying = <T>(fn: () => Promise<T>) => Promise<T>;

export interface CollectInput {
  readonly sources: readonly CatalogSource[];
  readonly index: ReadonlyMap<string, IndexEntry>;
  readonly definition: TopicAssetTypeDefinition;
  readonly forSource: (source: CatalogSource) => SourcePorts;
  readonly concurrency: number;
  readonly retrying: Retrying;
  /** Re-read every schema, whatever its stamp says. */
  readonly deep: boolean;
  /** A scoped run: only the topics these schemas describe. */
  readonly only?: readonly SchemaRef[];
  /** A partitioned run: only the topics of this partition are read and built. */
  readonly partition?: Partition;
  /**
   * Index entries of a cluster that the run's index listing could not see (a partitioned run's legacy
   * entries): read once per cluster whose listings succeeded, before its topics are built, and added to
   * `index`. A failure makes the source incomplete.
   */
  readonly moreEntries?: (scope: string) => Promise<readonly IndexEntry[]>;
  readonly log: Log;
}

export interface Collected {
  readonly desired: DesiredAsset[];
  readonly completeScopes: Set<string>;
  readonly protectedKeys: Set<string>;
  readonly onlyKeys?: Set<string>;
  readonly failed: FailedItem[];
  readonly parseErrors: ParseErrorItem[];
  readonly unmatchedSchemas: string[];
  readonly warnings: string[];
  readonly sources: SourceReport[];
  /** Scopes whose listing yielded at least one topic to sync, before partition filtering. */
  readonly populatedScopes: Set<string>;
  /** The index as the run knows it: the listed entries and those `moreEntries` added. */
  readonly index: Map<string, IndexEntry>;
}

const ROLES: readonly SchemaRole[] = ['value', 'key'];

function sourceLabel(source: CatalogSource): string {
  return `${source.clusterName ?? source.clusterArn ?? '?'} + ${source.registryName}`;
}

interface TopicWork {
  readonly ports: SourcePorts;
  readonly pair: TopicSchemas;
  readonly cluster: ClusterInfo;
  readonly arn: MskClusterArn;
  /** Schema names whose stamps must not be trusted in this run. */
  readonly named: ReadonlySet<string>;
}

type Built =
  | {
      readonly kind: 'desired';
      readonly desired: DesiredAsset;
      readonly parseError?: ParseErrorItem;
      readonly notes: readonly string[];
    }
  | { readonly kind: 'vanished'; readonly key: string; readonly warning: string };

/** Reads and builds one topic; throws on a failure of its own (the caller records it). */
async function buildOne(input: CollectInput, work: TopicWork): Promise<Built> {
  const { pair, cluster, arn } = work;
  const topic = pair.topic.name;
  const key = indexKey(arn, topic);
  const entry = input.index.get(key);
  const summaries: Partial<Record<SchemaRole, SchemaSummary>> = {
    ...(pair.valueSchema ? { value: pair.valueSchema } : {}),
    ...(pair.keySchema ? { key: pair.keySchema } : {}),
  };
  const versions: Partial<Record<SchemaRole, SchemaVersion>> = {};
  let reused: SchemaDigests = {};
  const toRead: SchemaRole[] = [];
  for (const role of ROLES) {
    const summary = summaries[role];
    if (!summary) continue;
    const stamp = entry?.schemaStamps?.[role];
    const trusted =
      !input.deep && !work.named.has(summary.schemaName) && stamp?.updatedTime === summary.updatedTime;
    if (trusted && stamp) reused = { ...reused, [role]: stamp.digest };
    else toRead.push(role);
  }
  /** Reads the schemas of `roles` at the same time; the first one that vanished, if any. */
  const readAll = async (roles: readonly SchemaRole[]): Promise<SchemaSummary | undefined> => {
    const read = await Promise.all(
      roles.map(async (role) => {
        const summary = summaries[role] as SchemaSummary;
        const version = await input.retrying(() =>
          work.ports.registry.getLatestVersion(summary.registryName, summary.schemaName),
        );
        if (version) versions[role] = version;
        return version ? undefined : summary;
      }),
    );
    return read.find((missing) => missing !== undefined);
  };
  const vanishedSchema = (summary: SchemaSummary): Built => ({
    kind: 'vanished',
    key,
    warning: `schema ${summary.registryName}/${summary.schemaName} disappeared during the run; ${key} left as is`,
  });
  // The topic and the schemas that need reading are fetched at the same time (one round trip, not three).
  const [details, missing] = await Promise.all([
    input.retrying(() => work.ports.clusters.describeTopic(cluster.arn, topic)),
    readAll(toRead),
  ]);
  if (!details)
    return { kind: 'vanished', key, warning: `topic ${key} disappeared during the run; left as is` };
  if (missing) return vanishedSchema(missing);
  const anySchema = summaries.value ?? summaries.key;
  const registryArn = anySchema ? registryArnOfSchema(anySchema.schemaArn) : undefined;
  const build = () =>
    buildTopicAsset({
      definition: input.definition,
      cluster,
      topic: details,
      ...(versions.value ? { value: versions.value } : {}),
      ...(versions.key ? { key: versions.key } : {}),
      ...(registryArn ? { registryArn } : {}),
    });
  let built = build();
  let parts = fingerprintParts(draftContent(built.draft), input.definition);
  let fingerprint = combineFingerprint({ base: parts.base, digests: { ...parts.digests, ...reused } });
  if (Object.keys(reused).length > 0 && fingerprint !== entry?.fingerprint) {
    // Something else changed (topic settings, cluster): the write needs the whole content after all.
    const gone = await readAll(Object.keys(reused) as SchemaRole[]);
    if (gone) return vanishedSchema(gone);
    reused = {};
    built = build();
    parts = fingerprintParts(draftContent(built.draft), input.definition);
    fingerprint = combineFingerprint(parts);
  }
  const stamps: Record<string, { updatedTime: string; digest: string }> = {};
  for (const role of ROLES) {
    const summary = summaries[role];
    const digest = reused[role] ?? parts.digests[role];
    if (summary && digest) stamps[role] = { updatedTime: summary.updatedTime, digest };
  }
  const complete = Object.keys(reused).length === 0;
  const desired: DesiredAsset = {
    key,
    topic,
    fingerprint,
    ...(complete ? { draft: built.draft } : {}),
    ...(Object.keys(stamps).length > 0 ? { schemaStamps: stamps as SchemaStamps } : {}),
  };
  return {
    kind: 'desired',
    desired,
    notes: built.notes,
    ...(built.parseError ? { parseError: { topic, ...built.parseError } } : {}),
  };
}

/**
 * Lists every source and builds the desired assets. A source whose cluster, topics or schemas cannot be
 * listed is reported incomplete (no deletes for its cluster); a topic that fails is a failed item whose
 * key is protected (neither written nor deleted).
 */
export async function collectDesired(input: CollectInput): Promise<Collected> {
  const out: Collected = {
    desired: [],
    completeScopes: new Set(),
    protectedKeys: new Set(),
    ...(input.only ? { onlyKeys: new Set<string>() } : {}),
    failed: [],
    parseErrors: [],
    unmatchedSchemas: [],
    warnings: [],
    sources: [],
    populatedScopes: new Set(),
    index: new Map(input.index),
  };
  const { index } = out;
  const incompleteScopes = new Set<string>();
  const incompleteClusterNames = new Set<string>();
  const claimedBy = new Map<string, string>();
  for (const source of input.sources) {
    const label = sourceLabel(source);
    const ports = input.forSource(source);
    const refs = input.only?.filter((r) => r.registryName === source.registryName);
    if (refs && refs.length === 0) continue;
    const fail = (error: unknown, scope?: string) => {
      if (scope) incompleteScopes.add(scope);
      else if (source.clusterArn) {
        try {
          incompleteScopes.add(clusterScope(parseMskClusterArn(source.clusterArn, 'clusterArn')));
        } catch {
          // A malformed ARN names no cluster whose assets could be protected; the failure itself is reported.
        }
      } else if (source.clusterName) incompleteClusterNames.add(source.clusterName);
      out.sources.push({
        source: label,
        complete: false,
        topics: 0,
        schemas: 0,
        error: describeError(error),
      });
      out.failed.push({ key: label, topic: '', error: describeError(error) });
      input.log.warn('catalog source listing failed', { source: label, error });
    };
    let cluster: ClusterInfo;
    let arn: MskClusterArn;
    try {
      cluster = await input.retrying(() =>
        ports.clusters.resolveCluster({
          ...(source.clusterName ? { clusterName: source.clusterName } : {}),
          ...(source.clusterArn ? { clusterArn: source.clusterArn } : {}),
        }),
      );
      arn = parseMskClusterArn(cluster.arn, 'clusterArn');
    } catch (error) {
      fail(error);
      continue;
    }
    const scope = clusterScope(arn);
    const [topics, schemas] = await Promise.allSettled([
      input.retrying(() => ports.clusters.listTopics(cluster.arn)),
      input.retrying(() => ports.registry.listSchemas(source.registryName)),
    ]);
    if (topics.status === 'rejected' || schemas.status === 'rejected') {
      fail(topics.status === 'rejected' ? topics.reason : (schemas as PromiseRejectedResult).reason, scope);
      continue;
    }
    const mapped = mapTopicsToSchemas({
      topics: topics.value,
      schemas: schemas.value,
      mapping: source.mapping,
      includeTopicsWithoutSchema: source.includeTopicsWithoutSchema,
    });
    out.unmatchedSchemas.push(...mapped.unmatchedSchemas.map((s) => `${s.registryName}/${s.schemaName}`));
    for (const m of mapped.missingSchemas)
      out.warnings.push(`${label}: the ${m.role} schema ${m.schemaName} of topic ${m.topic} does not exist`);
    let pairs = mapped.topics;
    const named = new Set((refs ?? []).map((r) => r.schemaName));
    if (refs) {
      const wanted = new Set(refs.flatMap((r) => candidateTopics(source.mapping, r.schemaName)));
      for (const topic of wanted) out.onlyKeys?.add(indexKey(arn, topic));
      pairs = pairs.filter((p) => wanted.has(p.topic.name));
    }
    if (input.moreEntries) {
      try {
        const more = await input.retrying(() =>
          (input.moreEntries as NonNullable<typeof input.moreEntries>)(scope),
        );
        for (const entry of more) {
          const listed = index.get(entry.key);
          // A legacy copy next to a bucketed entry (an interrupted move): the bucketed value counts.
          index.set(entry.key, listed ? { ...listed, legacy: true } : entry);
        }
      } catch (error) {
        fail(error, scope);
        continue;
      }
    }
    if (pairs.length > 0) out.populatedScopes.add(scope);
    const { partition } = input;
    if (partition) pairs = pairs.filter((p) => inPartition(indexKey(arn, p.topic.name), partition));
    out.sources.push({
      source: label,
      complete: true,
      topics: topics.value.length,
      schemas: schemas.value.length,
    });
    out.completeScopes.add(scope);
    const fresh: TopicSchemas[] = [];
    for (const pair of pairs) {
      const key = indexKey(arn, pair.topic.name);
      const owner = claimedBy.get(key);
      if (owner !== undefined) {
        out.protectedKeys.add(key);
        out.failed.push({
          key,
          topic: pair.topic.name,
          error: `CatalogSyncError: topic claimed by two sources (${owner} and ${label}); configure it in one only`,
        });
        continue;
      }
      claimedBy.set(key, label);
      fresh.push(pair);
    }
    const results = await mapSettledWithConcurrency(fresh, input.concurrency, (pair) =>
      buildOne({ ...input, index }, { ports, pair, cluster, arn, named }),
    );
    results.forEach((result, i) => {
      const pair = fresh[i] as TopicSchemas;
      const key = indexKey(arn, pair.topic.name);
      if (result.status === 'rejected') {
        out.protectedKeys.add(key);
        out.failed.push({ key, topic: pair.topic.name, error: describeError(result.reason) });
        input.log.error('topic could not be read or built', { key, error: result.reason });
        return;
      }
      const built = result.value;
      if (built.kind === 'vanished') {
        out.protectedKeys.add(built.key);
        out.warnings.push(built.warning);
        return;
      }
      out.desired.push(built.desired);
      out.warnings.push(...built.notes);
      if (built.parseError) out.parseErrors.push(built.parseError);
    });
  }
  for (const scope of [...out.completeScopes]) {
    const clusterName = scope.split('/')[2] ?? '';
    if (incompleteScopes.has(scope) || incompleteClusterNames.has(clusterName))
      out.completeScopes.delete(scope);
  }
  return out;
}
