/**
 * Builds the audit view around one lineage node: follows upstream and downstream references a bounded
 * number of steps (cycle-safe: each node is fetched once), names each job run's job, reads every node's
 * history and the catalog asset linked to each dataset node. Calls go through injected ports with a
 * bounded number in flight.
 *
 * @module
 */
import { mapSettledWithConcurrency } from '../../../common/src/retry.ts';
import { type LineageTargetKind, LineageTargetNotFoundError } from './errors.ts';
import {
  type AuditEdge,
  type AuditNode,
  type LineageNodeDetails,
  type LineageView,
  type LinkedAsset,
  type NodeHistory,
  nodeKindOf,
} from './model.ts';
import type { AssetLookup, AuditAsset, LineageGraphReader } from './ports.ts';

/** Steps followed each way unless told otherwise. */
export const DEFAULT_DEPTH = 3;
/** The largest depth the audit view follows. */
export const MAX_DEPTH = 10;
/** Calls in flight unless told otherwise. */
export const DEFAULT_CONCURRENCY = 4;

export interface CollectLineageOptions {
  readonly reader: LineageGraphReader;
  /** Names the asset id of linked dataset nodes; without it, linked assets carry no id. */
  readonly assets?: AssetLookup;
  /** The root node: its DataZone node id or its sourceIdentifier. */
  readonly root: string;
  /** What the root stands for, named by the not-found error (e.g. topic `streaming-orders/orders`). */
  readonly rootLabel?: { readonly kind: LineageTargetKind; readonly value: string };
  /** The asset the root is known to be linked to (saves a Search). */
  readonly rootAsset?: AuditAsset;
  /** Steps followed upstream and downstream. @default 3 */
  readonly depth?: number;
  /** Calls in flight. @default 4 */
  readonly concurrency?: number;
}

type Direction = 'upstream' | 'downstream';

/** Maps with bounded concurrency and rethrows the first failure (after every call settled). */
async function mapAll<I, O>(items: readonly I[], limit: number, fn: (item: I) => Promise<O>): Promise<O[]> {
  const settled = await mapSettledWithConcurrency(items, limit, (item) => fn(item));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<O>).value);
}

/** The job's sourceIdentifier of a job run (`<namespace>.<name>/<runId>` → `<namespace>.<name>`). */
export function jobSourceIdentifierOf(runSourceIdentifier: string | undefined): string | undefined {
  if (runSourceIdentifier === undefined) return undefined;
  const slash = runSourceIdentifier.lastIndexOf('/');
  return slash > 0 ? runSourceIdentifier.slice(0, slash) : undefined;
}

/** The catalog asset facts a linked dataset node carries in its forms. */
function linkedAssetOf(node: LineageNodeDetails): LinkedAsset | undefined {
  const forms = Object.values(node.forms);
  if (forms.length === 0 || nodeKindOf(node.typeName) !== 'dataset') return undefined;
  const topicArn = forms.map((f) => f.topic_arn).find((v): v is string => typeof v === 'string');
  return {
    name: node.name,
    typeName: node.typeName,
    ...(topicArn === undefined ? {} : { externalIdentifier: topicArn }),
  };
}

function compareNodes(a: AuditNode, b: AuditNode): number {
  const group = (n: AuditNode) =>
    n.upstreamDistance === 0
      ? 0
      : n.upstreamDistance !== undefined
        ? 1
        : n.downstreamDistance !== undefined
          ? 2
          : 3;
  const distance = (n: AuditNode) => n.upstreamDistance ?? n.downstreamDistance ?? 0;
  return (
    group(a) - group(b) ||
    distance(a) - distance(b) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Collects the lineage around `root`.
 * @returns The audit view (nodes in a stable order, data-flow edges, the nodes cut off by the depth).
 * @throws LineageTargetNotFoundError when the root (or a referenced node) does not exist.
 */
export async function collectLineage(options: CollectLineageOptions): Promise<LineageView> {
  const { reader, assets } = options;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
  const root = await reader.getNode(options.root);
  if (!root) {
    const label = options.rootLabel;
    throw new LineageTargetNotFoundError(
      label?.kind ?? 'lineage node',
      label?.value ?? options.root,
      `has no lineage node yet${label ? ` (sourceIdentifier ${options.root})` : ''}: no lineage event names it, or the events use another sourceIdentifier`,
    );
  }
  const fetched = new Map<string, LineageNodeDetails>([[root.id, root]]);
  const fetchNode = async (id: string): Promise<LineageNodeDetails> => {
    const known = fetched.get(id);
    if (known) return known;
    const node = await reader.getNode(id);
    if (!node)
      throw new LineageTargetNotFoundError(
        'lineage node',
        id,
        'is referenced by a neighbour but does not exist',
      );
    fetched.set(node.id, node);
    return node;
  };

  const edges = new Map<string, AuditEdge>();
  const addEdge = (from: string, to: string) => edges.set(`${from}\u0000${to}`, { from, to });
  const distances: Record<Direction, Map<string, number>> = {
    upstream: new Map([[root.id, 0]]),
    downstream: new Map([[root.id, 0]]),
  };
  const truncatedAt = new Set<string>();

  for (const direction of ['upstream', 'downstream'] as const) {
    const seen = distances[direction];
    let frontier: LineageNodeDetails[] = [root];
    for (let level = 1; level <= depth && frontier.length > 0; level += 1) {
      const next: string[] = [];
      for (const node of frontier) {
        for (const ref of node[direction]) {
          if (direction === 'upstream') addEdge(ref.id, node.id);
          else addEdge(node.id, ref.id);
          if (!seen.has(ref.id)) {
            seen.set(ref.id, level);
            next.push(ref.id);
          }
        }
      }
      frontier = await mapAll(next, limit, fetchNode);
    }
    for (const node of frontier) {
      if (node[direction].some((ref) => !seen.has(ref.id))) truncatedAt.add(node.id);
    }
  }

  // Each job run's job: fetched by the job's sourceIdentifier, kept when it is a job upstream of the run.
  const jobOfRun = new Map<string, string>();
  const jobLookups = new Map<string, Promise<LineageNodeDetails | undefined>>();
  const lookupJob = (identifier: string) => {
    const pending = jobLookups.get(identifier) ?? reader.getNode(identifier);
    jobLookups.set(identifier, pending);
    return pending;
  };
  const runs = [...fetched.values()].filter((n) => nodeKindOf(n.typeName) === 'job-run');
  await mapAll(runs, limit, async (run) => {
    const identifier = jobSourceIdentifierOf(run.sourceIdentifier);
    const candidate = run.upstream.find((ref) => {
      const node = fetched.get(ref.id);
      return node !== undefined && nodeKindOf(node.typeName) === 'job';
    });
    const job = candidate ? fetched.get(candidate.id) : identifier ? await lookupJob(identifier) : undefined;
    if (!job || nodeKindOf(job.typeName) !== 'job' || !run.upstream.some((ref) => ref.id === job.id)) return;
    if (!fetched.has(job.id)) fetched.set(job.id, job);
    jobOfRun.set(run.id, job.id);
    addEdge(job.id, run.id);
  });

  const nodes = [...fetched.values()];
  const histories = await mapAll(nodes, limit, (n) => reader.nodeHistory(n.id));
  const linked = await mapAll(nodes, limit, async (node): Promise<LinkedAsset | undefined> => {
    const asset = linkedAssetOf(node);
    if (!asset) return undefined;
    if (node.id === root.id && options.rootAsset) return { ...asset, id: options.rootAsset.id };
    if (!assets || asset.externalIdentifier === undefined) return asset;
    const found = await assets.findByExternalIdentifier(asset.externalIdentifier);
    return found ? { ...asset, id: found.id } : asset;
  });

  const auditNodes = nodes.map((node, i): AuditNode => {
    const up = distances.upstream.get(node.id);
    const down = distances.downstream.get(node.id);
    const asset = linked[i];
    const jobId = jobOfRun.get(node.id);
    return {
      id: node.id,
      name: node.name,
      kind: nodeKindOf(node.typeName),
      typeName: node.typeName,
      ...(node.sourceIdentifier === undefined ? {} : { sourceIdentifier: node.sourceIdentifier }),
      ...(asset ? { asset } : {}),
      ...(jobId ? { jobId } : {}),
      history: histories[i] as NodeHistory,
      ...(up === undefined ? {} : { upstreamDistance: up }),
      ...(down === undefined ? {} : { downstreamDistance: down }),
    };
  });
  const inView = new Set(auditNodes.map((n) => n.id));
  return {
    rootId: root.id,
    depth,
    nodes: auditNodes.sort(compareNodes),
    edges: [...edges.values()]
      .filter((e) => inView.has(e.from) && inView.has(e.to))
      .sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1)),
    truncatedAt: [...truncatedAt].sort(),
  };
}
