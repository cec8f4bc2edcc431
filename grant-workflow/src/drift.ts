/**
 * Drift between DataZone's grants, the grant ledgers and the policies in force: pure, data in, findings
 * out. reconcile.ts gathers the data and repairs; this module only decides.
 */
import { parseMskClusterArn } from '../../common/src/arns.ts';
import type { TopicGrant } from './grants.ts';
import { renderClusterPolicy } from './policy/cluster-policy.ts';
import { renderConsumerPolicies } from './policy/consumer-policy.ts';
import {
  elementValues,
  isStreamgovStatement,
  type JsonValue,
  type PolicyDocument,
  type PolicyStatement,
} from './policy/policy-document.ts';

/**
 * - `missing`: granted in DataZone, absent from the ledger or from the policy.
 * - `extra`: in the ledger or a streamgov statement, not granted in DataZone.
 * - `foreign`: a statement streamgov does not own grants a governed topic: reported, never touched.
 * - `stale`: the ledger record differs from DataZone's grant, or the ledger and the policy disagree.
 */
export type DriftKind = 'missing' | 'extra' | 'foreign' | 'stale';

/**
 * One finding. `target` is the consumer role ARN or the cluster ARN; `topicArn` the topic (for a `stale`
 * policy without a topic-level difference, the first differing resource, e.g. a group ARN).
 */
export interface DriftItem {
  readonly kind: DriftKind;
  readonly grantId?: string;
  readonly assetId?: string;
  readonly target: string;
  readonly topicArn: string;
  readonly detail: string;
}

/** A policy document in force and where it is. */
export interface NamedDocument {
  /** Inline policy name, managed policy ARN or `cluster policy`. */
  readonly name: string;
  readonly document: PolicyDocument;
}

/** What reconcile observed on one target (a consumer role or a cluster policy). */
export interface TargetObservation {
  readonly kind: 'role' | 'cluster';
  /** Role ARN or cluster ARN. */
  readonly target: string;
  /** The ledger records of the target (their grants). */
  readonly ledger: readonly TopicGrant[];
  /** Every policy document of the target streamgov reads: streamgov's own and the others (role inline). */
  readonly documents: readonly NamedDocument[];
  /** False when the role does not exist (nothing can be granted to it). */
  readonly exists: boolean;
}

/** Rendering options that change what streamgov's statements hold (from the grant settings). */
export interface DriftRenderOptions {
  readonly managedVpcConnectivity: boolean;
  readonly schemaScope: 'schema' | 'registry';
  readonly schemaVersionLookupById: boolean;
}

/** Input of {@link findDrift}. */
export interface DriftInput {
  /** DataZone's GRANTED grants (resolved). */
  readonly granted: readonly TopicGrant[];
  /** Grants in flight or unresolved (`<grantId>.<assetId>`, topic when known): left alone. */
  readonly protectedGrants: readonly { readonly key: string; readonly topicArn?: string }[];
  readonly targets: readonly TargetObservation[];
  readonly render: DriftRenderOptions;
}

const READ = 'kafka-cluster:ReadData';

/** `<grantId>.<assetId>`: the identity of a grant asset (as in the ledger's parameter names). */
export function grantKey(grant: { readonly grantId: string; readonly assetId: string }): string {
  return `${grant.grantId}.${grant.assetId}`;
}

function glob(pattern: string, flags = ''): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/** Whether an Allow statement's actions include ReadData (IAM matches actions case-insensitively). */
function readsData(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.Action !== undefined)
    return elementValues(statement.Action).some((a) => glob(a, 'i').test(READ));
  return (
    statement.NotAction !== undefined &&
    !elementValues(statement.NotAction).some((a) => glob(a, 'i').test(READ))
  );
}

/** The governed topics an Allow statement lets someone read (Resource globs; NotResource conservatively). */
function topicsRead(statement: PolicyStatement, topics: readonly string[]): string[] {
  if (!readsData(statement)) return [];
  if (statement.Resource !== undefined) {
    const patterns = elementValues(statement.Resource).map((r) => glob(r));
    return topics.filter((topic) => patterns.some((p) => p.test(topic)));
  }
  const excluded = elementValues(statement.NotResource).map((r) => glob(r));
  return topics.filter((topic) => !excluded.some((p) => p.test(topic)));
}

function principalsOf(statement: PolicyStatement): string[] {
  const principal = statement.Principal as JsonValue | undefined;
  if (typeof principal === 'string') return [principal];
  if (typeof principal === 'object' && principal !== null && !Array.isArray(principal)) {
    const aws = (principal as Record<string, JsonValue>).AWS;
    if (typeof aws === 'string') return [aws];
    if (Array.isArray(aws)) return aws.filter((p): p is string => typeof p === 'string');
  }
  return [];
}

/** Streamgov's access as `(principals) actions resource` lines: what two renderings must agree on. */
function accessLines(documents: readonly PolicyDocument[], withPrincipals: boolean): Set<string> {
  const out = new Set<string>();
  for (const statement of documents.flatMap((d) => d.Statement).filter(isStreamgovStatement)) {
    const who = withPrincipals ? `${principalsOf(statement).sort().join(',')} ` : '';
    const actions = elementValues(statement.Action).sort().join(',');
    for (const resource of elementValues(statement.Resource)) out.add(`${who}${actions} ${resource}`);
  }
  return out;
}

/** The topics streamgov's statements grant: on a cluster, per principal (`<principal> <topic>`). */
function policyTopics(observation: TargetObservation): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { document } of observation.documents) {
    for (const statement of document.Statement.filter(isStreamgovStatement)) {
      if (!readsData(statement)) continue;
      const who = observation.kind === 'cluster' ? principalsOf(statement) : [observation.target];
      for (const topic of elementValues(statement.Resource).filter((r) => r.includes(':topic/'))) {
        out.set(topic, [...(out.get(topic) ?? []), ...who]);
      }
    }
  }
  return out;
}

/** The grants of `grants` that apply on the target: its principal, or its cluster (cross-account). */
function onTarget(observation: TargetObservation, grants: readonly TopicGrant[]): TopicGrant[] {
  if (observation.kind === 'role') return grants.filter((g) => g.principals.includes(observation.target));
  return grants.filter(
    (g) =>
      g.clusterArn === observation.target && g.consumerAccount !== parseMskClusterArn(g.clusterArn).account,
  );
}

/** The access streamgov's policies should give, rendered from the ledger; undefined when it cannot render. */
function expectedAccess(observation: TargetObservation, render: DriftRenderOptions): Set<string> | undefined {
  try {
    if (observation.kind === 'cluster') {
      const document = renderClusterPolicy(undefined, observation.ledger, {
        managedVpcConnectivity: render.managedVpcConnectivity,
      });
      return accessLines(document ? [document] : [], true);
    }
    const roleName = observation.target.slice(observation.target.lastIndexOf('/') + 1);
    const rendered = renderConsumerPolicies(observation.ledger, {
      roleName,
      freeManagedSlots: Number.MAX_SAFE_INTEGER,
      otherInlineChars: 0,
      safetyMarginChars: 0,
      schemaScope: render.schemaScope,
      schemaVersionLookupById: render.schemaVersionLookupById,
    });
    const documents = [rendered.inline, ...rendered.managed.map((m) => m.document)].filter(
      (d): d is PolicyDocument => d !== undefined,
    );
    return accessLines(documents, false);
  } catch {
    // A ledger that does not render (a record of another role or cluster) shows up as stale records below.
    return undefined;
  }
}

function sameGrant(a: TopicGrant, b: TopicGrant): boolean {
  const canonical = (g: TopicGrant) =>
    JSON.stringify({
      ...g,
      principals: [...g.principals].sort(),
      schemaArns: [...g.schemaArns].sort(),
    });
  return canonical(a) === canonical(b);
}

function describeDifference(a: TopicGrant, b: TopicGrant): string {
  const fields = (Object.keys(a) as (keyof TopicGrant)[]).filter(
    (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
  return fields.join(', ');
}

/**
 * Compares DataZone's GRANTED grants with each target's ledger records and policies.
 *
 * Per grant asset on a target: granted but without ledger record → `missing`; a record of a grant that is
 * not granted (and not protected) → `extra`; a record that differs from DataZone's grant → `stale`. Per
 * topic in the policy, where the ledger is right about the grant: granted and recorded but not in a
 * streamgov statement → `missing`; in a streamgov statement but neither granted nor recorded → `extra`.
 * When nothing else is wrong on the target, streamgov's statements must hold exactly what the ledger
 * renders to, else `stale`. Every Allow statement streamgov does not own that lets someone read a
 * governed topic (granted or recorded anywhere) → `foreign`.
 *
 * @param input - See {@link DriftInput}.
 * @returns The findings, sorted by target, kind, topic and grant.
 */
export function findDrift(input: DriftInput): DriftItem[] {
  const { granted, targets, render } = input;
  const protectedKeys = new Set(input.protectedGrants.map((p) => p.key));
  const protectedTopicsAnywhere = input.protectedGrants
    .map((p) => p.topicArn)
    .filter((t): t is string => t !== undefined);
  const governed = [
    ...new Set([
      ...granted.map((g) => g.topicArn),
      ...targets.flatMap((t) => t.ledger.map((g) => g.topicArn)),
    ]),
  ].sort();
  const items: DriftItem[] = [];
  for (const observation of targets) {
    const { target } = observation;
    const found: DriftItem[] = [];
    const add = (item: Omit<DriftItem, 'target'>) => found.push({ ...item, target });
    const desired = new Map(onTarget(observation, granted).map((g) => [grantKey(g), g]));
    const recorded = new Map(observation.ledger.map((g) => [grantKey(g), g]));
    for (const [key, grant] of desired) {
      const record = recorded.get(key);
      const ids = { grantId: grant.grantId, assetId: grant.assetId, topicArn: grant.topicArn };
      if (!observation.exists) {
        add({ kind: 'missing', ...ids, detail: 'granted in DataZone, but the role does not exist' });
      } else if (record === undefined) {
        add({ kind: 'missing', ...ids, detail: 'granted in DataZone, no ledger record' });
      } else if (!sameGrant(record, grant)) {
        add({
          kind: 'stale',
          ...ids,
          detail: `the ledger record differs from DataZone's grant in ${describeDifference(record, grant)}`,
        });
      }
    }
    for (const [key, record] of recorded) {
      if (desired.has(key) || protectedKeys.has(key)) continue;
      add({
        kind: 'extra',
        grantId: record.grantId,
        assetId: record.assetId,
        topicArn: record.topicArn,
        detail: 'ledger record of a grant that is not GRANTED in DataZone',
      });
    }
    const inPolicy = policyTopics(observation);
    const protectedTopics = new Set([
      ...[...recorded.values()].filter((g) => protectedKeys.has(grantKey(g))).map((g) => g.topicArn),
      ...protectedTopicsAnywhere,
    ]);
    const inFlight =
      [...recorded.keys()].some((key) => protectedKeys.has(key)) ||
      [...inPolicy.keys()].some((topic) => protectedTopics.has(topic));
    for (const grant of desired.values()) {
      const record = recorded.get(grantKey(grant));
      if (record === undefined || !observation.exists) continue; // reported on the ledger already
      const holders = inPolicy.get(grant.topicArn) ?? [];
      const lacking =
        observation.kind === 'cluster' ? grant.principals.filter((p) => !holders.includes(p)) : [];
      if (holders.length === 0 || lacking.length > 0) {
        add({
          kind: 'missing',
          grantId: grant.grantId,
          assetId: grant.assetId,
          topicArn: grant.topicArn,
          detail:
            lacking.length > 0 && holders.length > 0
              ? `granted and recorded, but no streamgov statement lets ${lacking.join(', ')} read it`
              : 'granted and recorded, but no streamgov statement grants it',
        });
      }
    }
    const known = new Set([
      ...[...desired.values()].map((g) => g.topicArn),
      ...[...recorded.values()].map((g) => g.topicArn),
      ...protectedTopics,
    ]);
    for (const [topic, holders] of inPolicy) {
      if (known.has(topic)) continue;
      add({
        kind: 'extra',
        topicArn: topic,
        detail: `a streamgov statement grants it${observation.kind === 'cluster' ? ` to ${holders.join(', ')}` : ''}, but no grant or ledger record does`,
      });
    }
    // A workflow in flight changes the ledger before the policy: compare them only when none is.
    if (found.length === 0 && observation.exists && !inFlight) {
      const expected = expectedAccess(observation, render);
      const actual = accessLines(
        observation.documents.map((d) => d.document),
        observation.kind === 'cluster',
      );
      const differing =
        expected === undefined ? ['(ledger does not render)'] : symmetricDifference(expected, actual);
      if (differing.length > 0) {
        add({
          kind: 'stale',
          topicArn: topicOf(differing) ?? '',
          detail: `streamgov's statements differ from what the ledger renders: ${differing.slice(0, 5).join('; ')}${differing.length > 5 ? ` (+${differing.length - 5} more)` : ''}`,
        });
      }
    }
    for (const { name, document } of observation.documents) {
      for (const statement of document.Statement) {
        if (isStreamgovStatement(statement)) continue;
        for (const topic of topicsRead(statement, governed)) {
          add({
            kind: 'foreign',
            topicArn: topic,
            detail: `statement ${statement.Sid ?? '(no Sid)'} of ${name} is not streamgov's and lets ${
              observation.kind === 'cluster' ? principalsOf(statement).join(', ') || 'someone' : 'the role'
            } read it: left as it is`,
          });
        }
      }
    }
    items.push(...found);
  }
  const order = (i: DriftItem) =>
    `${i.target}\n${i.kind}\n${i.topicArn}\n${i.grantId ?? ''}.${i.assetId ?? ''}`;
  return items.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function symmetricDifference(expected: ReadonlySet<string>, actual: ReadonlySet<string>): string[] {
  return [
    ...[...expected].filter((line) => !actual.has(line)).map((line) => `lacks ${line}`),
    ...[...actual].filter((line) => !expected.has(line)).map((line) => `has ${line}`),
  ].sort();
}

function topicOf(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = /(arn:\S+:topic\/\S+)/.exec(line) ?? /(arn:\S+)/.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** Whether findings leave something to repair (foreign statements are reported only). */
export function hasRepairableDrift(items: readonly DriftItem[]): boolean {
  return items.some((item) => item.kind !== 'foreign');
}
