import type { LineageAudit } from './audit-lineage.ts';
import type { AuditNode } from './model.ts';

/**
 * Escapes text for a quoted Mermaid label: `#` first (entity codes start with it), then the characters
 * that would end the label or be read as HTML; line breaks become spaces.
 */
export function escapeMermaidLabel(text: string): string {
  return text
    .replace(/#/gu, '#35;')
    .replace(/"/gu, '#quot;')
    .replace(/</gu, '#lt;')
    .replace(/>/gu, '#gt;')
    .replace(/[\r\n]+/gu, ' ');
}

function label(node: AuditNode): string {
  const kind = node.kind === 'job-run' ? 'job run' : node.kind;
  const detail = node.asset ? `${kind} · ${node.asset.typeName}` : kind;
  const seen = node.history.lastEventAt ? `last seen ${node.history.lastEventAt}` : 'never seen';
  return [node.name, detail, seen].map(escapeMermaidLabel).join('<br/>');
}

/**
 * The audit as a Mermaid flowchart (pure): `graph LR`, one node per lineage node with a generated id
 * (`n0`, `n1`, … in the view's stable order, so no node name can break the syntax), data-flow edges as
 * `-->`, a job's edge to its run dotted, and the root highlighted.
 */
export function renderMermaid(audit: LineageAudit): string {
  const { view } = audit;
  const ids = new Map(view.nodes.map((n, i) => [n.id, `n${i}`]));
  const kinds = new Map(view.nodes.map((n) => [n.id, n.kind]));
  const lines = ['graph LR'];
  for (const node of view.nodes) lines.push(`  ${ids.get(node.id)}["${label(node)}"]`);
  for (const edge of view.edges) {
    const dotted = kinds.get(edge.from) === 'job' && kinds.get(edge.to) === 'job-run';
    lines.push(`  ${ids.get(edge.from)} ${dotted ? '-.->' : '-->'} ${ids.get(edge.to)}`);
  }
  lines.push('  classDef root stroke-width:3px', `  class ${ids.get(view.rootId)} root`);
  return `${lines.join('\n')}\n`;
}
