/** A person-readable summary of a local deployment (what the CLI prints at start). Pure. */
import type { LocalDeployment } from './deploy.ts';

/** One line per deployed item, then every unmapped and failed resource by name with its reason. */
export function describeDeployment(deployment: LocalDeployment): string[] {
  const lines: string[] = [];
  for (const stack of deployment.stacks) {
    lines.push(`stack ${stack.stackName} (${stack.account}/${stack.region})`);
    for (const [id, fn] of Object.entries(stack.functions))
      lines.push(`  function       ${fn.name}  [${id}]`);
    for (const [id, sm] of Object.entries(stack.stateMachines))
      lines.push(`  state machine  ${sm.arn}  [${id}]`);
    for (const [id, rule] of Object.entries(stack.rules)) {
      const trigger = rule.scheduleExpression ?? 'event pattern';
      lines.push(`  rule           ${rule.name} (${trigger}) -> ${rule.targets.length} target(s)  [${id}]`);
    }
    for (const [id, url] of Object.entries(stack.urls))
      lines.push(`  function URL   ${url.url} (${url.authType})  [${id}]`);
    for (const [id, queue] of Object.entries(stack.queues))
      lines.push(`  queue          ${queue.url}  [${id}]`);
    for (const [id, other] of Object.entries(stack.others))
      lines.push(`  ${other.type}  ${other.physicalId}  [${id}]`);
    if (stack.notNeeded.length > 0) lines.push(`  not needed locally: ${stack.notNeeded.length} resource(s)`);
  }
  for (const item of deployment.unmapped) {
    lines.push(`UNMAPPED ${item.stack}/${item.logicalId} (${item.type}): ${item.reason}`);
  }
  for (const item of deployment.failed) {
    lines.push(`FAILED ${item.stack}/${item.logicalId} (${item.type}): ${item.reason}`);
  }
  return lines;
}
