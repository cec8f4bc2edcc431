import type {
  GetLineageNodeInput,
  GetLineageNodeOutput,
  LineageNodeReference,
  LineageNodeSummary,
  ListLineageNodeHistoryInput,
  ListLineageNodeHistoryOutput,
} from '@aws-sdk/client-datazone';
import { any, required, str, validated } from '../../../cloud/validate.ts';
import { formOutput, latestRevision, sourceIdentifierOf } from '../assets.ts';
import { notFound } from '../errors.ts';
import { newResourceId, userIdOf } from '../ids.ts';
import { type Ctx, isoOf, nowIso, own, requireDomain, toDate } from '../lookup.ts';
import { paginate } from '../pagination.ts';
import { domainIdentifier, maxResults, nextToken, sortOrder } from '../rules.ts';
import type {
  AssetRecord,
  AssetRevisionRecord,
  DomainRecord,
  LineageNodeHistoryRecord,
  LineageNodeKind,
  LineageNodeRecord,
} from '../state.ts';
import {
  type DatasetName,
  datasetSourceIdentifier,
  jobSourceIdentifier,
  type RunEvent,
  runSourceIdentifier,
} from './open-lineage.ts';

/** Type names of the nodes built from OpenLineage events (a dataset linked to an asset takes the asset's type). */
const NODE_TYPES: Readonly<Record<LineageNodeKind, string>> = {
  JOB: 'amazon.datazone.JobNodeType',
  JOB_RUN: 'amazon.datazone.JobRunNodeType',
  DATASET: 'amazon.datazone.DatasetNodeType',
};

/** GetLineageNode answers at most 100 upstream and 100 downstream references. */
const MAX_REFERENCES = 100;

function upsertNode(
  ctx: Ctx,
  domain: DomainRecord,
  kind: LineageNodeKind,
  sourceIdentifier: string,
  name: string,
) {
  const existingId = own(domain.lineageNodeIndex, sourceIdentifier);
  const existing = existingId === undefined ? undefined : own(domain.lineageNodes, existingId);
  const now = nowIso(ctx);
  const user = userIdOf(ctx.caller);
  if (existing) {
    existing.updatedAt = now;
    existing.updatedBy = user;
    return existing;
  }
  const node: LineageNodeRecord = {
    id: newResourceId(ctx.cloud),
    kind,
    sourceIdentifier,
    name,
    createdBy: user,
    createdAt: now,
    updatedBy: user,
    updatedAt: now,
    history: [],
  };
  domain.lineageNodes[node.id] = node;
  domain.lineageNodeIndex[sourceIdentifier] = node.id;
  return node;
}

/** The history entry of a node at an event time, created in time order when missing. */
function entryAt(node: LineageNodeRecord, eventTimestamp: string): LineageNodeHistoryRecord {
  const found = node.history.find((h) => h.eventTimestamp === eventTimestamp);
  if (found) return found;
  const entry: LineageNodeHistoryRecord = { eventTimestamp, upstream: {}, downstream: {} };
  const index = node.history.findIndex((h) => h.eventTimestamp > eventTimestamp);
  node.history.splice(index === -1 ? node.history.length : index, 0, entry);
  return entry;
}

/**
 * Turns a RunEvent into lineage: a job node, a job-run node and a node per input and output dataset,
 * with the edges job → run, input → run and run → output, all recorded at the event time.
 */
export function recordRunEvent(ctx: Ctx, domain: DomainRecord, event: RunEvent): void {
  const at = event.eventTime;
  const job = upsertNode(ctx, domain, 'JOB', jobSourceIdentifier(event.job), event.job.name);
  const run = upsertNode(
    ctx,
    domain,
    'JOB_RUN',
    runSourceIdentifier(event.job, event.runId),
    `${event.job.name}/${event.runId}`,
  );
  const dataset = (d: DatasetName) => upsertNode(ctx, domain, 'DATASET', datasetSourceIdentifier(d), d.name);
  const link = (from: LineageNodeRecord, to: LineageNodeRecord) => {
    entryAt(from, at).downstream[to.id] = at;
    entryAt(to, at).upstream[from.id] = at;
  };
  link(job, run);
  for (const input of event.inputs) link(dataset(input), run);
  for (const output of event.outputs) link(run, dataset(output));
}

/** The asset a dataset node is linked to: its AssetCommonDetailsForm.sourceIdentifier equals the node's. */
function linkedAsset(
  domain: DomainRecord,
  node: LineageNodeRecord,
): { asset: AssetRecord; rev: AssetRevisionRecord } | undefined {
  if (node.kind !== 'DATASET') return undefined;
  for (const asset of Object.values(domain.assets)) {
    const rev = latestRevision(asset);
    if (sourceIdentifierOf(rev) === node.sourceIdentifier) return { asset, rev };
  }
  return undefined;
}

function resolveNode(domain: DomainRecord, identifier: string): LineageNodeRecord {
  const byId = own(domain.lineageNodes, identifier);
  if (byId) return byId;
  const id = own(domain.lineageNodeIndex, identifier);
  const bySource = id === undefined ? undefined : own(domain.lineageNodes, id);
  if (!bySource) throw notFound(`Lineage node ${identifier} not found in domain ${domain.id}.`);
  return bySource;
}

function summary(domain: DomainRecord, node: LineageNodeRecord, eventTimestamp: string): LineageNodeSummary {
  const linked = linkedAsset(domain, node);
  return {
    domainId: domain.id,
    id: node.id,
    typeName: linked ? linked.asset.typeIdentifier : NODE_TYPES[node.kind],
    typeRevision: linked ? linked.rev.typeRevision : '1',
    name: linked ? linked.rev.name : node.name,
    description: linked?.rev.description,
    sourceIdentifier: node.sourceIdentifier,
    eventTimestamp: toDate(eventTimestamp),
    createdAt: toDate(node.createdAt),
    createdBy: node.createdBy,
    updatedAt: toDate(node.updatedAt),
    updatedBy: node.updatedBy,
  };
}

function references(
  entries: readonly LineageNodeHistoryRecord[],
  side: 'upstream' | 'downstream',
): LineageNodeReference[] {
  const latest = new Map<string, string>();
  for (const entry of entries) {
    for (const [id, at] of Object.entries(entry[side])) {
      const seen = latest.get(id);
      if (seen === undefined || at > seen) latest.set(id, at);
    }
  }
  return [...latest]
    .sort(([, a], [, b]) => (a < b ? 1 : a > b ? -1 : 0))
    .slice(0, MAX_REFERENCES)
    .map(([id, at]) => ({ id, eventTimestamp: toDate(at) }));
}

/**
 * GetLineageNode by node id or sourceIdentifier: the node as of its latest event (or as of
 * `eventTimestamp`), with every upstream and downstream neighbour recorded up to then. A dataset node
 * linked to an asset shows the asset's type, name and forms.
 */
export const getLineageNode = validated(
  { domainIdentifier, identifier: required(str({ min: 1, max: 2086 })), eventTimestamp: any() },
  (input: GetLineageNodeInput, ctx: Ctx): GetLineageNodeOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const node = resolveNode(domain, input.identifier ?? '');
    const at = isoOf(input.eventTimestamp);
    const entries = at === undefined ? node.history : node.history.filter((h) => h.eventTimestamp <= at);
    const current = entries.at(-1);
    if (!current) throw notFound(`Lineage node ${node.id} has no event at or before ${at}.`);
    const linked = linkedAsset(domain, node);
    return {
      ...summary(domain, node, current.eventTimestamp),
      formsOutput: linked ? linked.rev.forms.map(formOutput) : [],
      upstreamNodes: references(entries, 'upstream'),
      downstreamNodes: references(entries, 'downstream'),
    };
  },
);

/**
 * ListLineageNodeHistory: one summary per event time of the node, newest first unless
 * `sortOrder` is ASCENDING; `direction` keeps the entries that have neighbours on that side.
 */
export const listLineageNodeHistory = validated(
  {
    domainIdentifier,
    identifier: required(str({ min: 1, max: 2086 })),
    direction: str({ enum: ['UPSTREAM', 'DOWNSTREAM'] }),
    eventTimestampGTE: any(),
    eventTimestampLTE: any(),
    sortOrder,
    maxResults,
    nextToken,
  },
  (input: ListLineageNodeHistoryInput, ctx: Ctx): ListLineageNodeHistoryOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const node = resolveNode(domain, input.identifier ?? '');
    const from = isoOf(input.eventTimestampGTE);
    const to = isoOf(input.eventTimestampLTE);
    const entries = node.history.filter(
      (h) =>
        (from === undefined || h.eventTimestamp >= from) &&
        (to === undefined || h.eventTimestamp <= to) &&
        (input.direction === undefined ||
          Object.keys(input.direction === 'UPSTREAM' ? h.upstream : h.downstream).length > 0),
    );
    const ordered = input.sortOrder === 'ASCENDING' ? entries : [...entries].reverse();
    const page = paginate(ordered, input, 'ListLineageNodeHistory');
    return {
      nodes: page.items.map((h) => summary(domain, node, h.eventTimestamp)),
      nextToken: page.nextToken,
    };
  },
);
