import {
  formatIamRoleArn,
  formatMskClusterArn,
  parseIamRoleArn,
  parseMskClusterArn,
  parseMskTopicArn,
} from '../../common/src/arns.ts';
import type { Log } from '../../common/src/logger.ts';
import type { Clock } from '../../common/src/rate-limiter.ts';
import { applyGrant } from './apply-grant.ts';
import type { GrantAction, GrantRequest, GrantSide } from './contract.ts';
import {
  type DriftItem,
  findDrift,
  grantKey,
  hasRepairableDrift,
  type NamedDocument,
  type TargetObservation,
} from './drift.ts';
import { InvalidGrantRequestError } from './errors.ts';
import { parseTopicGrant, type TopicGrant } from './grants.ts';
import { managedPolicyPrefix } from './policy/consumer-policy.ts';
import { MalformedPolicyError } from './policy/errors.ts';
import { parsePolicyDocument } from './policy/policy-document.ts';
import type {
  ClusterPolicyStore,
  GrantLedger,
  LedgerTargetKind,
  RoleInfo,
  RolePolicyStore,
} from './ports.ts';
import {
  type ConsumerGroupMode,
  type GrantDirectory,
  type GrantKeyNote,
  type ResolvedGrant,
  resolveDesiredGrants,
} from './resolve-grants.ts';
import type { GrantSettings } from './settings.ts';

/** The target keys a ledger holds records for (role names, `<cluster>.<uuid>`), every page read. */
export interface LedgerInventory {
  targets(kind: LedgerTargetKind): Promise<string[]>;
}

/** Reconcile's ports in one environment account (acting with that account's reconcile role). */
export interface EnvironmentReconcilePorts {
  readonly account: string;
  readonly ledger: GrantLedger;
  readonly inventory: LedgerInventory;
  readonly roles: RolePolicyStore;
  readonly clusters: ClusterPolicyStore;
}

/** Everything {@link reconcileGrants} needs. */
export interface ReconcileParams {
  readonly domainId: string;
  /** Streamgov's topic asset type name (grants through targets for other types are not streamgov's). */
  readonly assetType: string;
  readonly consumerGroups: ConsumerGroupMode;
  readonly settings: GrantSettings;
  readonly directory: GrantDirectory;
  /** The configured environment accounts, by account id. */
  readonly environments: ReadonlyMap<string, EnvironmentReconcilePorts>;
  /** Repair missing, extra and stale drift (never foreign statements). */
  readonly apply: boolean;
  readonly log: Log;
  readonly clock: Clock;
  readonly random: () => number;
}

/** One repair, run through applyGrant. */
export interface RepairOutcome {
  readonly action: GrantAction;
  readonly side: GrantSide;
  readonly grantId: string;
  readonly assetId: string;
  /** Why: the drift it repairs. */
  readonly reason: string;
  readonly policies?: readonly string[];
  /** `<ErrorName>: <message>` when the repair failed. */
  readonly error?: string;
}

/** The reconcile report (the CLI's `--json` line). */
export interface ReconcileReport {
  readonly domainId: string;
  /** GRANTED topic grant assets compared. */
  readonly checkedGrants: number;
  /** In-flight grant assets: a workflow is on them, so they are neither drift nor repaired. */
  readonly pending: readonly GrantKeyNote[];
  /** GRANTED assets that could not be resolved or whose accounts are not configured: left alone. */
  readonly unresolved: readonly GrantKeyNote[];
  /** What was found (before any repair). */
  readonly drift: readonly DriftItem[];
  /** With apply: the repairs made and the drift found afterwards. */
  readonly repaired?: {
    readonly actions: readonly RepairOutcome[];
    readonly remaining: readonly DriftItem[];
  };
}

/** Grant id of the no-op revoke that re-renders a target whose ledger is right but whose policy is not. */
const CONVERGE_ID = { grantId: 'streamgov-reconcile', assetId: 'converge' } as const;

interface Desired {
  readonly granted: readonly ResolvedGrant[];
  readonly pending: readonly GrantKeyNote[];
  readonly unresolved: readonly GrantKeyNote[];
}

interface Observed {
  readonly targets: readonly TargetObservation[];
  readonly byTarget: ReadonlyMap<string, TargetObservation & { readonly account: string }>;
}

/**
 * Compares DataZone's subscription grants with the grant ledgers and the policies in force in every
 * configured environment account, and with `apply` repairs what differs: extra ledger records are
 * revoked (on the drifting target only), missing and stale ones granted again, and a target whose
 * ledger is right but whose policy is not re-rendered — all through {@link applyGrant}, so that repairs
 * converge exactly like the workflow (management guard, ordering, optimistic concurrency). Statements
 * streamgov does not own are reported and never touched.
 *
 * @param params - See {@link ReconcileParams}.
 * @returns The report; with `apply`, the repairs and the drift that remains.
 * @throws TransientAwsError or AwsCallError when DataZone, IAM, MSK or SSM cannot be read (nothing is
 *   guessed from a partial read); CorruptLedgerRecordError naming ledger parameters that are not records.
 * @example
 * const report = await reconcileGrants({ ...params, apply: false });
 * if (hasRepairableDrift(report.drift)) process.exitCode = 1;
 */
export async function reconcileGrants(params: ReconcileParams): Promise<ReconcileReport> {
  const { log } = params;
  const desired = await readDesired(params);
  const observed = await observe(params, desired);
  const drift = findDrift(driftInput(params, desired, observed));
  log.info('Reconcile checked', {
    domainId: params.domainId,
    checkedGrants: desired.granted.length,
    drift: drift.length,
  });
  const report: ReconcileReport = {
    domainId: params.domainId,
    checkedGrants: desired.granted.length,
    pending: desired.pending,
    unresolved: desired.unresolved,
    drift,
  };
  if (!params.apply || !hasRepairableDrift(drift)) {
    return params.apply ? { ...report, repaired: { actions: [], remaining: drift } } : report;
  }
  const actions = await repair(params, desired, observed, drift);
  const remaining = findDrift(driftInput(params, desired, await observe(params, desired)));
  log.info('Reconcile repaired', {
    domainId: params.domainId,
    repairs: actions.length,
    remaining: remaining.length,
  });
  return { ...report, repaired: { actions, remaining } };
}

async function readDesired(params: ReconcileParams): Promise<Desired> {
  const desired = await resolveDesiredGrants({
    directory: params.directory,
    assetType: params.assetType,
    consumerGroups: params.consumerGroups,
  });
  const granted: ResolvedGrant[] = [];
  const unresolved = [...desired.unresolved];
  for (const resolved of desired.granted) {
    const { grant } = resolved;
    const producer = parseMskClusterArn(grant.clusterArn).account;
    const absent = [grant.consumerAccount, producer].filter((a) => !params.environments.has(a));
    if (absent.length > 0) {
      unresolved.push({
        grantId: grant.grantId,
        assetId: grant.assetId,
        topicArn: grant.topicArn,
        detail: `account ${[...new Set(absent)].join(' and ')} is not in grants.environments`,
      });
    } else granted.push(resolved);
  }
  return { granted, pending: desired.pending, unresolved };
}

function driftInput(params: ReconcileParams, desired: Desired, observed: Observed) {
  return {
    granted: desired.granted.map((g) => g.grant),
    protectedGrants: [...desired.pending, ...desired.unresolved].map((note) => ({
      key: grantKey(note),
      ...(note.topicArn === undefined ? {} : { topicArn: note.topicArn }),
    })),
    targets: observed.targets,
    render: {
      managedVpcConnectivity: params.settings.managedVpcConnectivity,
      schemaScope: params.settings.schemaScope,
      schemaVersionLookupById: params.settings.schemaVersionLookupById,
    },
  };
}

function clusterKey(clusterArn: string): string {
  const cluster = parseMskClusterArn(clusterArn);
  return `${cluster.clusterName}.${cluster.clusterUuid}`;
}

function crossAccount(grant: TopicGrant): boolean {
  return grant.consumerAccount !== parseMskClusterArn(grant.clusterArn).account;
}

/** Reads every role and cluster of every environment that the ledger or DataZone's grants name. */
async function observe(params: ReconcileParams, desired: Desired): Promise<Observed> {
  const targets: (TargetObservation & { account: string })[] = [];
  const grants = desired.granted.map((g) => g.grant);
  for (const [account, ports] of params.environments) {
    // Roles: by name; the ARN (with its path) comes from IAM, or from a grant when the role is gone.
    const roleArns = new Map<string, string>();
    for (const grant of grants.filter((g) => g.consumerAccount === account)) {
      for (const principal of grant.principals) roleArns.set(parseIamRoleArn(principal).roleName, principal);
    }
    for (const name of await ports.inventory.targets('role')) {
      if (!roleArns.has(name)) roleArns.set(name, '');
    }
    for (const [roleName, knownArn] of [...roleArns].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const ledger = (await ports.ledger.list('role', roleName)).map((r) => r.grant);
      let role: RoleInfo | undefined;
      try {
        role = await ports.roles.getRole(roleName);
      } catch (error) {
        if (!(error instanceof InvalidGrantRequestError)) throw error;
      }
      const fallback =
        knownArn ||
        ledger.flatMap((g) => g.principals).find((p) => parseIamRoleArn(p).roleName === roleName) ||
        formatIamRoleArn({ partition: 'aws', account, path: '/', roleName });
      targets.push({
        kind: 'role',
        account,
        target: role?.arn ?? fallback,
        ledger,
        documents: role === undefined ? [] : await roleDocuments(params, ports, role),
        exists: role !== undefined,
      });
    }
    // Clusters: cross-account grants only (a same-account consumer needs no cluster policy).
    const clusterArns = new Set(
      grants
        .filter((g) => crossAccount(g) && parseMskClusterArn(g.clusterArn).account === account)
        .map((g) => g.clusterArn),
    );
    const recorded = new Map<string, TopicGrant[]>();
    for (const key of await ports.inventory.targets('cluster')) {
      const records = (await ports.ledger.list('cluster', key)).map((r) => r.grant);
      for (const record of records) clusterArns.add(record.clusterArn);
      recorded.set(key, records);
    }
    for (const clusterArn of [...clusterArns].sort()) {
      const key = clusterKey(clusterArn);
      const ledger = recorded.get(key) ?? (await ports.ledger.list('cluster', key)).map((r) => r.grant);
      const policy = await ports.clusters.get(clusterArn);
      targets.push({
        kind: 'cluster',
        account,
        target: clusterArn,
        ledger,
        documents: policy === undefined ? [] : [{ name: 'cluster policy', document: policy.document }],
        exists: true,
      });
    }
  }
  return { targets, byTarget: new Map(targets.map((t) => [t.target, t])) };
}

/** Streamgov's documents of a role and its other inline ones (for foreign statements). */
async function roleDocuments(
  params: ReconcileParams,
  ports: EnvironmentReconcilePorts,
  role: RoleInfo,
): Promise<NamedDocument[]> {
  const policies = await ports.roles.readPolicies(role, {
    inlinePolicyName: params.settings.inlinePolicyName,
    managedPolicyPrefix: managedPolicyPrefix(role.roleName),
  });
  const documents: NamedDocument[] = [];
  const add = (name: string, text: string) => {
    try {
      documents.push({ name, document: parsePolicyDocument(text, name) });
    } catch (error) {
      if (!(error instanceof MalformedPolicyError)) throw error;
      params.log.warn('Policy not readable; not checked for drift', {
        roleName: role.roleName,
        policy: name,
        error,
      });
    }
  };
  for (const policy of policies.inline) add(`inline policy ${policy.name} of ${role.arn}`, policy.document);
  for (const policy of policies.owned) add(`managed policy ${policy.arn}`, policy.document);
  return documents;
}

interface PlannedRepair {
  readonly action: GrantAction;
  readonly side: GrantSide;
  readonly grant: TopicGrant;
  readonly clusterType: 'PROVISIONED' | 'SERVERLESS';
  readonly reason: string;
}

/** A grant to revoke that has no record: its REVOKE deletes nothing and re-renders the target. */
function convergeGrant(
  target: TargetObservation & { account: string },
  topicArn: string,
): TopicGrant | undefined {
  const source = target.ledger[0];
  const topic = topicArn.includes(':topic/') ? topicArn : source?.topicArn;
  if (topic === undefined) return undefined;
  const { cluster } = parseMskTopicArn(topic);
  const clusterArn = formatMskClusterArn(cluster);
  let consumerAccount = target.account;
  let principals = [target.target];
  if (target.kind === 'cluster') {
    // Any role of another account will do: the revoke only re-renders the cluster policy from its ledger.
    const role = [
      ...(source?.principals ?? []),
      ...target.documents
        .flatMap((d) => d.document.Statement)
        .flatMap((s) => {
          const aws = (s.Principal as { AWS?: unknown } | undefined)?.AWS;
          return typeof aws === 'string'
            ? [aws]
            : Array.isArray(aws)
              ? aws.filter((a) => typeof a === 'string')
              : [];
        }),
    ].find((arn) => {
      try {
        return parseIamRoleArn(arn).account !== cluster.account;
      } catch {
        return false;
      }
    });
    if (role === undefined) return undefined;
    consumerAccount = parseIamRoleArn(role).account;
    principals = [role];
  }
  try {
    return parseTopicGrant({
      ...CONVERGE_ID,
      topicArn: topic,
      clusterArn,
      consumerGroups: 'all',
      schemaArns: [],
      consumerAccount,
      principals,
    });
  } catch {
    return undefined;
  }
}

function plan(desired: Desired, observed: Observed, drift: readonly DriftItem[]): PlannedRepair[] {
  const byKey = new Map(desired.granted.map((g) => [grantKey(g.grant), g]));
  const revokes = new Map<string, PlannedRepair>();
  const grants = new Map<string, PlannedRepair>();
  const converges = new Map<string, PlannedRepair>();
  const touched = new Set<string>();
  for (const item of drift) {
    const target = observed.byTarget.get(item.target);
    if (item.kind === 'foreign' || target === undefined) continue;
    const side: GrantSide = target.kind === 'role' ? 'consumer' : 'producer';
    const key = item.grantId === undefined ? undefined : `${item.grantId}.${item.assetId}`;
    const wanted = key === undefined ? undefined : byKey.get(key);
    const record = target.ledger.find((g) => grantKey(g) === key);
    if (wanted !== undefined) {
      grants.set(`${side}|${key}`, {
        action: 'GRANT',
        side,
        grant: wanted.grant,
        clusterType: wanted.clusterType,
        reason: `${item.kind}: ${item.detail}`,
      });
      touched.add(item.target);
    } else if (record !== undefined) {
      const grant = target.kind === 'role' ? { ...record, principals: [target.target] } : record;
      revokes.set(`${item.target}|${key}`, {
        action: 'REVOKE',
        side,
        grant,
        clusterType: 'PROVISIONED',
        reason: `${item.kind}: ${item.detail}`,
      });
      touched.add(item.target);
    }
  }
  for (const item of drift) {
    const target = observed.byTarget.get(item.target);
    if (item.kind === 'foreign' || target === undefined || touched.has(item.target)) continue;
    const grant = convergeGrant(target, item.topicArn);
    if (grant === undefined) continue;
    converges.set(item.target, {
      action: 'REVOKE',
      side: target.kind === 'role' ? 'consumer' : 'producer',
      grant,
      clusterType: 'PROVISIONED',
      reason: `${item.kind}: ${item.detail} (re-rendered from the ledger)`,
    });
  }
  // Revokes first (they only narrow), then grants, then re-renders of targets nothing else touched.
  return [...revokes.values(), ...grants.values(), ...converges.values()];
}

async function repair(
  params: ReconcileParams,
  desired: Desired,
  observed: Observed,
  drift: readonly DriftItem[],
): Promise<RepairOutcome[]> {
  const outcomes: RepairOutcome[] = [];
  for (const step of plan(desired, observed, drift)) {
    const { grant, side, action } = step;
    const cluster = parseMskClusterArn(grant.clusterArn);
    const account = side === 'consumer' ? grant.consumerAccount : cluster.account;
    const ports = params.environments.get(account);
    const base = { action, side, grantId: grant.grantId, assetId: grant.assetId, reason: step.reason };
    if (ports === undefined) {
      outcomes.push({ ...base, error: `ConfigError: account ${account} is not in grants.environments` });
      continue;
    }
    const request: GrantRequest = {
      domainId: params.domainId,
      action,
      grant,
      clusterType: step.clusterType,
      producerAccount: cluster.account,
      region: cluster.region,
      crossAccount: crossAccount(grant),
    };
    try {
      const result = await applyGrant({
        request,
        side,
        ports:
          side === 'consumer'
            ? { ledger: ports.ledger, roles: ports.roles }
            : { ledger: ports.ledger, clusters: ports.clusters },
        settings: params.settings,
        log: params.log,
        clock: params.clock,
        random: params.random,
      });
      outcomes.push({ ...base, policies: result.policies });
    } catch (error) {
      // One target's failure (an unmanaged role, a capacity error) must not stop the other repairs; it is
      // reported in the outcome and the drift it leaves stays in `remaining`.
      params.log.error('Repair failed', { ...base, error });
      outcomes.push({
        ...base,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return outcomes;
}

/**
 * Whether a report leaves repairable drift (foreign statements are reported, never repaired, and do not
 * count) or failed repairs.
 * @param report - A reconcile report.
 * @returns True when something is left to do.
 */
export function driftRemains(report: ReconcileReport): boolean {
  if (report.repaired === undefined) return hasRepairableDrift(report.drift);
  return (
    hasRepairableDrift(report.repaired.remaining) ||
    report.repaired.actions.some((a) => a.error !== undefined)
  );
}
