import type { LineageAudit } from './audit-lineage.ts';
import type { AuditNode, LineageView, NodeKind } from './model.ts';

const KIND_LABELS: Readonly<Record<NodeKind, string>> = {
  dataset: 'dataset',
  job: 'job',
  'job-run': 'job run',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One node on one line: kind, name, what it is linked to, when it was last seen. */
export function describeNode(node: AuditNode, byId: ReadonlyMap<string, AuditNode>): string {
  const parts = [`[${KIND_LABELS[node.kind]}] ${node.name}`];
  if (node.asset) {
    parts.push(`asset ${node.asset.typeName}${node.asset.id ? ` ${node.asset.id}` : ''}`);
  } else if (node.kind === 'dataset') {
    parts.push(
      `${node.typeName}${node.sourceIdentifier && node.sourceIdentifier !== node.name ? ` ${node.sourceIdentifier}` : ''}`,
    );
  }
  const job = node.jobId ? byId.get(node.jobId) : undefined;
  if (job) parts.push(`job ${job.sourceIdentifier ?? job.name}`);
  parts.push(
    node.history.lastEventAt
      ? `last seen ${node.history.lastEventAt} (${plural(node.history.events, 'event')})`
      : 'never seen',
  );
  return parts.join(' · ');
}

function tree(
  view: LineageView,
  direction: 'upstream' | 'downstream',
  byId: ReadonlyMap<string, AuditNode>,
): string[] {
  const distance = (n: AuditNode) => (direction === 'upstream' ? n.upstreamDistance : n.downstreamDistance);
  const truncated = new Set(view.truncatedAt);
  const children = (id: string): AuditNode[] => {
    const parentDistance = distance(byId.get(id) as AuditNode) ?? 0;
    const ids = view.edges
      .filter((e) => (direction === 'upstream' ? e.to === id : e.from === id))
      .map((e) => (direction === 'upstream' ? e.from : e.to));
    return [...new Set(ids)]
      .map((c) => byId.get(c))
      .filter((n): n is AuditNode => n !== undefined && distance(n) === parentDistance + 1)
      .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  };
  const shown = new Set<string>([view.rootId]);
  const lines: string[] = [];
  const walk = (id: string, prefix: string) => {
    const kids = children(id);
    kids.forEach((child, i) => {
      const last = i === kids.length - 1;
      const again = shown.has(child.id);
      const more =
        !again && truncated.has(child.id) && distance(child) === view.depth ? ' · more beyond depth' : '';
      lines.push(
        `${prefix}${last ? '└─ ' : '├─ '}${describeNode(child, byId)}${again ? ' (shown above)' : more}`,
      );
      if (again) return;
      shown.add(child.id);
      walk(child.id, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(view.rootId, '  ');
  return lines;
}

/**
 * The audit as text (pure): the target, then the upstream tree (what feeds it), the root node, and the
 * downstream tree (what reads it), each node with its kind, linked asset or job, and last-seen time.
 */
export function renderText(audit: LineageAudit): string {
  const { target, view } = audit;
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const root = byId.get(view.rootId) as AuditNode;
  const lines = [
    `lineage of ${target.kind} ${target.value}`,
    `  sourceIdentifier ${target.sourceIdentifier}`,
  ];
  if (target.topicArn) lines.push(`  topic ARN ${target.topicArn}`);
  if (target.asset)
    lines.push(`  asset ${target.asset.name} (${target.asset.typeName}, id ${target.asset.id})`);
  for (const warning of target.warnings) lines.push(`  warning: ${warning}`);
  const upstream = tree(view, 'upstream', byId);
  const downstream = tree(view, 'downstream', byId);
  lines.push(`upstream (depth ${view.depth}):`, ...(upstream.length > 0 ? upstream : ['  (none)']));
  lines.push(`● ${describeNode(root, byId)}`);
  lines.push(`downstream (depth ${view.depth}):`, ...(downstream.length > 0 ? downstream : ['  (none)']));
  return `${lines.join('\n')}\n`;
}
