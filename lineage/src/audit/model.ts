/**
 * The audit view of a topic's lineage: the nodes DataZone's lineage APIs know around one node, their
 * edges in the direction data flows, and each node's event history. Plain data (ISO-8601 strings for
 * times) so that renderers stay pure and the JSON output is stable.
 *
 * @module
 */

/** What a lineage node stands for, from its DataZone `typeName` (see {@link nodeKindOf}). */
export type NodeKind = 'dataset' | 'job' | 'job-run';

/** The catalog asset a dataset node is linked to (same sourceIdentifier as its AssetCommonDetailsForm). */
export interface LinkedAsset {
  /** The DataZone asset id, when the catalog could name it (Search by externalIdentifier). */
  readonly id?: string;
  readonly name: string;
  readonly typeName: string;
  /** The MSK topic ARN of a topic asset (MskSourceReferenceFormType.topic_arn), when present. */
  readonly externalIdentifier?: string;
}

/** A neighbour reference of a lineage node (GetLineageNode upstreamNodes / downstreamNodes). */
export interface NodeReference {
  readonly id: string;
  readonly eventTimestamp?: string;
}

/** One lineage node as the graph reader returns it (GetLineageNode, in domain terms). */
export interface LineageNodeDetails {
  readonly id: string;
  readonly name: string;
  readonly typeName: string;
  readonly sourceIdentifier?: string;
  /** The time of the node's latest event. */
  readonly eventTimestamp?: string;
  /** Forms of the linked asset keyed by form name (empty when no asset is linked). */
  readonly forms: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly upstream: readonly NodeReference[];
  readonly downstream: readonly NodeReference[];
}

/** A node's history (ListLineageNodeHistory, every page). */
export interface NodeHistory {
  readonly events: number;
  readonly firstEventAt?: string;
  readonly lastEventAt?: string;
}

/** A node of the audit view. */
export interface AuditNode {
  readonly id: string;
  readonly name: string;
  readonly kind: NodeKind;
  readonly typeName: string;
  readonly sourceIdentifier?: string;
  readonly asset?: LinkedAsset;
  /** For a job run: the id of its job node (the job-run's upstream neighbour of kind `job`). */
  readonly jobId?: string;
  readonly history: NodeHistory;
  /** Steps from the root going upstream, when the node was reached that way (0 for the root). */
  readonly upstreamDistance?: number;
  /** Steps from the root going downstream, when the node was reached that way (0 for the root). */
  readonly downstreamDistance?: number;
}

/** A data-flow edge: `from` feeds `to` (an upstream node feeds its downstream node). */
export interface AuditEdge {
  readonly from: string;
  readonly to: string;
}

/** The whole audit view around one root node. */
export interface LineageView {
  readonly rootId: string;
  /** How many steps were followed each way. */
  readonly depth: number;
  /** Nodes in a stable order: root, then upstream by distance, then downstream by distance (then name, id). */
  readonly nodes: readonly AuditNode[];
  /** Edges sorted by `from`, then `to`. */
  readonly edges: readonly AuditEdge[];
  /** Ids of nodes at the depth limit that have neighbours further out that were not followed. */
  readonly truncatedAt: readonly string[];
}

/**
 * The kind of a node from its DataZone type name: `…JobRun…` is a job run, `…Job…` a job, anything
 * else (DataZone's dataset node type, or the asset type of a linked asset) a dataset.
 */
export function nodeKindOf(typeName: string): NodeKind {
  if (/jobrun/iu.test(typeName)) return 'job-run';
  if (/job/iu.test(typeName)) return 'job';
  return 'dataset';
}
