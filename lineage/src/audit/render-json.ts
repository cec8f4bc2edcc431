import type { LineageAudit } from './audit-lineage.ts';
import type { AuditNode } from './model.ts';

/** Version of the JSON document below; bumped on any incompatible change. */
export const LINEAGE_JSON_VERSION = 1;

/** One node of the JSON document: every member always present (`null` when unknown). */
export interface LineageJsonNode {
  readonly id: string;
  readonly name: string;
  readonly kind: AuditNode['kind'];
  readonly typeName: string;
  readonly sourceIdentifier: string | null;
  readonly asset: {
    readonly id: string | null;
    readonly name: string;
    readonly typeName: string;
    readonly externalIdentifier: string | null;
  } | null;
  /** For a job run: the id of its job node. */
  readonly job: string | null;
  readonly upstreamDistance: number | null;
  readonly downstreamDistance: number | null;
  readonly history: {
    readonly events: number;
    readonly firstEventAt: string | null;
    readonly lastEventAt: string | null;
  };
}

/** The JSON document of `streamgov lineage --format json` (docs/lineage-audit.md describes it). */
export interface LineageJson {
  readonly version: typeof LINEAGE_JSON_VERSION;
  readonly target: {
    readonly kind: 'topic' | 'asset';
    readonly value: string;
    readonly sourceIdentifier: string;
    readonly clusterArn: string | null;
    readonly topicArn: string | null;
    readonly assetId: string | null;
    readonly warnings: readonly string[];
  };
  readonly rootNodeId: string;
  readonly depth: number;
  readonly nodes: readonly LineageJsonNode[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
  readonly truncatedAt: readonly string[];
}

function jsonNode(node: AuditNode): LineageJsonNode {
  return {
    id: node.id,
    name: node.name,
    kind: node.kind,
    typeName: node.typeName,
    sourceIdentifier: node.sourceIdentifier ?? null,
    asset: node.asset
      ? {
          id: node.asset.id ?? null,
          name: node.asset.name,
          typeName: node.asset.typeName,
          externalIdentifier: node.asset.externalIdentifier ?? null,
        }
      : null,
    job: node.jobId ?? null,
    upstreamDistance: node.upstreamDistance ?? null,
    downstreamDistance: node.downstreamDistance ?? null,
    history: {
      events: node.history.events,
      firstEventAt: node.history.firstEventAt ?? null,
      lastEventAt: node.history.lastEventAt ?? null,
    },
  };
}

/** The audit as a stable JSON document (pure): same members in the same order, nodes and edges sorted. */
export function lineageJson(audit: LineageAudit): LineageJson {
  const { target, view } = audit;
  return {
    version: LINEAGE_JSON_VERSION,
    target: {
      kind: target.kind,
      value: target.value,
      sourceIdentifier: target.sourceIdentifier,
      clusterArn: target.clusterArn ?? null,
      topicArn: target.topicArn ?? null,
      assetId: target.asset?.id ?? null,
      warnings: target.warnings,
    },
    rootNodeId: view.rootId,
    depth: view.depth,
    nodes: view.nodes.map(jsonNode),
    edges: view.edges.map((e) => ({ from: e.from, to: e.to })),
    truncatedAt: view.truncatedAt,
  };
}

/** The JSON document as one line of text. */
export function renderJson(audit: LineageAudit): string {
  return JSON.stringify(lineageJson(audit));
}
