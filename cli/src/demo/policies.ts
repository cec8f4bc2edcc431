/**
 * The access the grant workflow put in force, as the demo shows it: the streamgov statements of the
 * consumer role (read with the grant workflow's own IAM adapter) and the producer cluster's policy
 * (read with its MSK adapter), in a compact, readable form.
 *
 * @module
 */
import { parseIamRoleArn } from '../../../common/src/arns.ts';
import type { ClientFactory } from '../../../common/src/clients.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { IamRolePolicyStore } from '../../../grant-workflow/src/adapters/iam-role-policy-store.ts';
import { MskClusterPolicyStore } from '../../../grant-workflow/src/adapters/msk-cluster-policy-store.ts';
import { managedPolicyPrefix } from '../../../grant-workflow/src/policy/consumer-policy.ts';
import {
  elementValues,
  type PolicyStatement,
  parsePolicyDocument,
} from '../../../grant-workflow/src/policy/policy-document.ts';
import { DEFAULT_GRANT_SETTINGS } from '../../../grant-workflow/src/settings.ts';

/** The statements' resources of one statement (`Resource`, as a list). */
export function statementResources(statement: PolicyStatement): string[] {
  return elementValues(statement.Resource);
}

/** The statements that name `topicArn` as a resource. Pure. */
export function statementsFor(statements: readonly PolicyStatement[], topicArn: string): PolicyStatement[] {
  return statements.filter((s) => statementResources(s).includes(topicArn));
}

/** Principals of a resource-policy statement (`Principal.AWS`, as a list). */
function principals(statement: PolicyStatement): string[] {
  const principal = statement.Principal;
  if (typeof principal === 'string') return [principal];
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    const aws = (principal as Record<string, unknown>).AWS;
    if (typeof aws === 'string') return [aws];
    if (Array.isArray(aws)) return aws.filter((a): a is string => typeof a === 'string');
  }
  return [];
}

/**
 * One statement per block: `Sid Effect actions`, then its principals and resources, one per line. Pure.
 * @example renderStatements([{ Sid: 'T', Effect: 'Allow', Action: ['kafka-cluster:ReadData'], Resource: 'arn…' }])
 */
export function renderStatements(statements: readonly PolicyStatement[]): string[] {
  if (statements.length === 0) return ['(none)'];
  return statements.flatMap((s) => [
    `${s.Sid ?? '(no Sid)'}: ${s.Effect} ${elementValues(s.Action).join(', ')}`,
    ...principals(s).map((p) => `  principal ${p}`),
    ...statementResources(s).map((r) => `  on ${r}`),
  ]);
}

/** The statements of a role's streamgov policies (its inline policy and its overflow managed policies). */
export async function roleStatements(factory: ClientFactory, roleArn: string): Promise<PolicyStatement[]> {
  const store = new IamRolePolicyStore({
    client: factory.iam(),
    managedPolicyPath: DEFAULT_GRANT_SETTINGS.managedPolicyPath,
    log: new MemoryLog(),
  });
  const role = await store.getRole(parseIamRoleArn(roleArn).roleName);
  const policies = await store.readPolicies(role, {
    inlinePolicyName: DEFAULT_GRANT_SETTINGS.inlinePolicyName,
    managedPolicyPrefix: managedPolicyPrefix(role.roleName),
  });
  const ours = [
    ...policies.inline.filter((p) => p.name === DEFAULT_GRANT_SETTINGS.inlinePolicyName),
    ...policies.owned,
  ];
  return ours.flatMap((p) => [
    ...parsePolicyDocument(p.document, `policy ${p.name} of ${roleArn}`).Statement,
  ]);
}

/** The statements of the cluster's policy; none when the cluster has no policy. */
export async function clusterStatements(
  factory: ClientFactory,
  clusterArn: string,
): Promise<PolicyStatement[]> {
  const store = new MskClusterPolicyStore({ client: factory.kafka(), log: new MemoryLog() });
  const policy = await store.get(clusterArn);
  return policy ? [...policy.document.Statement] : [];
}
