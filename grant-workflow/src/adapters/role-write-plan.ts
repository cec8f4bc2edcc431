import type { ConsumerPolicies } from '../policy/consumer-policy.ts';
import { MalformedPolicyError } from '../policy/errors.ts';
import {
  elementValues,
  type PolicyDocument,
  parsePolicyDocument,
  serializePolicy,
} from '../policy/policy-document.ts';
import type { OwnedManagedPolicy } from '../ports.ts';

/** One IAM change to a role's streamgov policies. */
export type RoleWriteStep =
  | { readonly kind: 'put-inline'; readonly name: string; readonly document: PolicyDocument }
  | { readonly kind: 'delete-inline'; readonly name: string }
  | {
      readonly kind: 'put-managed';
      readonly name: string;
      readonly document: PolicyDocument;
      /** The policy is attached already (it needs a new default version, not CreatePolicy + attach). */
      readonly attached: boolean;
    }
  | { readonly kind: 'remove-managed'; readonly name: string; readonly arn: string };

/** Streamgov's policies of a role as read: its inline document (if any) and its attached managed ones. */
export interface CurrentRolePolicies {
  readonly inlineName: string;
  readonly inline?: string;
  readonly owned: readonly OwnedManagedPolicy[];
}

/** Every (actions, resource) pair a document allows: what "access" means for the ordering. */
function grantsOf(document: PolicyDocument | undefined): Set<string> {
  const out = new Set<string>();
  for (const statement of document?.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    const actions = elementValues(statement.Action).sort().join(',');
    for (const resource of elementValues(statement.Resource)) out.add(`${actions} ${resource}`);
  }
  return out;
}

/** A document read from IAM; one streamgov cannot parse is rewritten and counts as granting nothing. */
function parsed(text: string | undefined, source: string): PolicyDocument | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePolicyDocument(text, source);
  } catch (error) {
    if (error instanceof MalformedPolicyError) return undefined;
    throw error;
  }
}

/** Whether the text in force is the rendered document (compared in canonical form). */
function same(text: string | undefined, document: PolicyDocument, source: string): boolean {
  const current = parsed(text, source);
  return current !== undefined && serializePolicy(current) === serializePolicy(document);
}

const docId = (step: RoleWriteStep) =>
  step.kind === 'put-inline' || step.kind === 'delete-inline'
    ? `inline:${step.name}`
    : `managed:${step.name}`;

/**
 * The writes that turn a role's streamgov policies into `desired`, in an order that never leaves the role
 * with less access than both before and after: a write that drops a resource still wanted afterwards
 * waits until another document already holds it (documents that gain resources go first). Documents that
 * already equal the rendered ones are not written. A cycle (two documents swapping resources, which the
 * renderer's sorted packing does not produce) is broken in the order managed puts, inline, removals.
 * @param current - Streamgov's policies as read.
 * @param desired - The rendered policies.
 * @returns The steps, in the order to run them; empty when nothing differs.
 */
export function planRoleWrites(current: CurrentRolePolicies, desired: ConsumerPolicies): RoleWriteStep[] {
  const steps: RoleWriteStep[] = [];
  const owned = new Map(current.owned.map((policy) => [policy.name, policy]));
  for (const { name, document } of desired.managed) {
    const existing = owned.get(name);
    if (existing === undefined || !same(existing.document, document, `managed policy ${name}`)) {
      steps.push({ kind: 'put-managed', name, document, attached: existing !== undefined });
    }
  }
  if (desired.inline !== undefined) {
    if (!same(current.inline, desired.inline, `inline policy ${current.inlineName}`)) {
      steps.push({ kind: 'put-inline', name: desired.inlinePolicyName, document: desired.inline });
    }
  } else if (current.inline !== undefined) {
    steps.push({ kind: 'delete-inline', name: current.inlineName });
  }
  const wanted = new Set(desired.managed.map((policy) => policy.name));
  for (const policy of current.owned) {
    if (!wanted.has(policy.name)) steps.push({ kind: 'remove-managed', name: policy.name, arn: policy.arn });
  }

  // Simulate the documents in force while ordering: id → the grants it holds now.
  const held = new Map<string, Set<string>>();
  if (current.inline !== undefined) {
    held.set(`inline:${current.inlineName}`, grantsOf(parsed(current.inline, 'inline')));
  }
  for (const policy of current.owned)
    held.set(`managed:${policy.name}`, grantsOf(parsed(policy.document, policy.name)));
  const after = new Set<string>();
  for (const document of [desired.inline, ...desired.managed.map((m) => m.document)]) {
    for (const grant of grantsOf(document)) after.add(grant);
  }
  const next = (step: RoleWriteStep) =>
    step.kind === 'put-inline' || step.kind === 'put-managed' ? grantsOf(step.document) : new Set<string>();
  const safe = (step: RoleWriteStep) => {
    const id = docId(step);
    const lost = [...(held.get(id) ?? [])].filter((grant) => !next(step).has(grant) && after.has(grant));
    return lost.every((grant) => [...held].some(([other, grants]) => other !== id && grants.has(grant)));
  };
  const ordered: RoleWriteStep[] = [];
  const pending = [...steps];
  while (pending.length > 0) {
    const index = Math.max(0, pending.findIndex(safe));
    const [step] = pending.splice(index, 1) as [RoleWriteStep];
    ordered.push(step);
    held.set(docId(step), next(step));
  }
  return ordered;
}
