import { parseIamRoleArn, parseMskClusterArn } from '../../common/src/arns.ts';
import { InvalidInputError, TransientAwsError } from '../../common/src/errors.ts';
import type { Log } from '../../common/src/logger.ts';
import type { Clock } from '../../common/src/rate-limiter.ts';
import type { ApplyResult, GrantRequest, GrantSide } from './contract.ts';
import {
  ConcurrentPolicyChangeError,
  InvalidGrantRequestError,
  NotManagedError,
  UnsupportedClusterError,
  VersionConflictError,
} from './errors.ts';
import { parseTopicGrant, type TopicGrant } from './grants.ts';
import { renderClusterPolicy } from './policy/cluster-policy.ts';
import { managedPolicyPrefix, renderConsumerPolicies } from './policy/consumer-policy.ts';
import { PolicyCapacityError, PolicyConflictError } from './policy/errors.ts';
import { serializePolicy } from './policy/policy-document.ts';
import type {
  ClusterPolicyStore,
  GrantLedger,
  GrantPorts,
  LedgerRecord,
  LedgerTargetKind,
  RoleInfo,
  RolePolicies,
  RolePolicyStore,
} from './ports.ts';
import type { GrantSettings } from './settings.ts';

/** Everything {@link applyGrant} needs. */
export interface ApplyGrantParams {
  /** The request as the central workflow sent it (validated here). */
  readonly request: GrantRequest;
  readonly side: GrantSide;
  readonly ports: GrantPorts;
  readonly settings: GrantSettings;
  readonly log: Log;
  /** Time for the backoff sleeps. */
  readonly clock: Clock;
  /** Uniform in [0, 1), for the full-jitter backoff. */
  readonly random: () => number;
}

interface Context extends ApplyGrantParams {
  readonly grant: TopicGrant;
}

/** The outcome of converging one target. */
interface Converged {
  readonly written: readonly string[];
  readonly rounds: number;
}

/**
 * Applies one grant or revoke on one side, level-based: the grant is recorded in (or removed from) the
 * ledger of each target it touches (and the target's change counter advanced), then each target's
 * policies are rendered from the whole ledger of that target — never patched — and written where they
 * differ, until the counter shows that no change can have been missed or that a later workflow renders
 * after this write (see {@link converge}). Concurrent grants and revokes of one role or cluster end
 * with policies that match the ledger exactly.
 *
 * - consumer side: every principal role must be managed (opt-in tag or path), checked before anything
 *   is touched; then streamgov's inline and overflow managed policies of each role.
 * - producer side (cross-account only): the cluster must be provisioned (checked before anything is
 *   touched); then the cluster policy, written with its version and retried with full-jitter backoff on
 *   version conflicts; deleted when nothing remains and it has no foreign statement.
 *
 * A grant whose rendering fails (capacity, Sid conflict) is taken out of the ledger again, so that it
 * does not block the target's other grants.
 *
 * @param params - See {@link ApplyGrantParams}.
 * @returns What changed; a duplicate request returns `changed: false` and writes no policy.
 * @throws InvalidGrantRequestError for a malformed or inconsistent request (nothing touched).
 * @throws NotManagedError naming the roles without opt-in (nothing touched).
 * @throws UnsupportedClusterError for cross-account access to a serverless cluster (nothing touched).
 * @throws PolicyCapacityError when the grants no longer fit the role's IAM quotas or the cluster policy.
 * @throws TransientAwsError for throttling, 5xx, or when the target did not settle within the rounds.
 * @example
 * const result = await applyGrant({ request, side: 'consumer', ports, settings, log, clock: systemClock, random: Math.random });
 */
export async function applyGrant(params: ApplyGrantParams): Promise<ApplyResult> {
  const grant = checkRequest(params.request, params.side);
  const context: Context = { ...params, grant };
  const { request, side, log } = params;
  const keys = { grantId: grant.grantId, assetId: grant.assetId, side, action: request.action };
  const written = side === 'consumer' ? await applyConsumerSide(context) : await applyProducerSide(context);
  const policies = [...new Set(written.flatMap((w) => w.written))];
  log.info('Grant applied', {
    ...keys,
    changed: policies.length > 0,
    policies,
    rounds: written.map((w) => w.rounds),
  });
  return { side, action: request.action, changed: policies.length > 0, policies };
}

/** The checked grant of a request; everything else in the request checked against it. */
function checkRequest(request: GrantRequest, side: GrantSide): TopicGrant {
  const fail = (reason: string, cause?: unknown) =>
    new InvalidGrantRequestError(`Invalid grant request: ${reason}`, cause === undefined ? {} : { cause });
  if (side !== 'producer' && side !== 'consumer')
    throw fail(`side ${JSON.stringify(side)} (producer or consumer)`);
  if (typeof request !== 'object' || request === null) throw fail('the request is not an object');
  if (request.action !== 'GRANT' && request.action !== 'REVOKE') {
    throw fail(`action ${JSON.stringify(request.action)} (GRANT or REVOKE)`);
  }
  if (request.clusterType !== 'PROVISIONED' && request.clusterType !== 'SERVERLESS') {
    throw fail(`clusterType ${JSON.stringify(request.clusterType)} (PROVISIONED or SERVERLESS)`);
  }
  if (typeof request.crossAccount !== 'boolean') throw fail('crossAccount must be a boolean');
  let grant: TopicGrant;
  try {
    grant = parseTopicGrant(request.grant, 'request.grant');
  } catch (error) {
    if (error instanceof InvalidInputError) throw fail(error.message, error);
    throw error;
  }
  const cluster = parseMskClusterArn(grant.clusterArn);
  if (request.producerAccount !== cluster.account || request.region !== cluster.region) {
    throw fail(
      `producerAccount ${JSON.stringify(request.producerAccount)} and region ${JSON.stringify(request.region)} ` +
        `must be those of the cluster ${grant.clusterArn}`,
    );
  }
  if (request.crossAccount !== (grant.consumerAccount !== cluster.account)) {
    throw fail(
      `crossAccount is ${request.crossAccount} but the consumer account is ${grant.consumerAccount} and the cluster's ${cluster.account}`,
    );
  }
  return grant;
}

function need<T>(port: T | undefined, name: string, side: GrantSide): T {
  if (port === undefined) throw new InvalidGrantRequestError(`The ${side} side needs the ${name} port`);
  return port;
}

/** Full-jitter exponential backoff after the n-th conflict (n ≥ 1). */
async function backoff(context: Context, conflicts: number): Promise<void> {
  const { baseMs, maxMs } = context.settings.backoff;
  await context.clock.sleep(context.random() * Math.min(maxMs, baseMs * 2 ** (conflicts - 1)));
}

/** One target's ledger, as the convergence loop uses it. */
interface LedgerTarget {
  readonly ledger: GrantLedger;
  readonly kind: LedgerTargetKind;
  readonly key: string;
  /** For messages: `Role <arn>` or `Cluster policy of <arn>`. */
  readonly name: string;
}

/**
 * Records the request's change (put or delete) in the target's ledger, then advances its counter.
 * @returns The counter's value after this change: every change it counts is in a listing started now.
 */
async function record(
  context: Context,
  target: LedgerTarget,
  action = context.request.action,
): Promise<number> {
  const { grant } = context;
  const { ledger, kind, key } = target;
  if (action === 'GRANT') await ledger.put(kind, key, grant);
  else await ledger.delete(kind, key, grant.grantId, grant.assetId);
  // Also after a duplicate: the first attempt may have stopped between its record and its counter.
  return ledger.advance(kind, key, `${grant.grantId}.${grant.assetId} ${action}`);
}

/**
 * Renders and writes the target until its policies hold this workflow's change and another workflow's
 * stale render can no longer be the last word. A round lists the ledger, reads the policies, renders
 * them and writes what differs (`round`: undefined on a conflict with a concurrent writer). The
 * target's change counter (advanced after every ledger change, see {@link record}) decides what comes
 * next:
 *
 * - **nothing to write**: the policies in force already equal the rendering of a listing taken after
 *   this workflow's own change. Done: nothing was written, so this workflow cannot have overwritten
 *   anything.
 * - **clean**: the counter did not move from before the listing to after the write. Done: the write
 *   rendered every change counted so far.
 * - **handed off**: the counter moved after the write (read after it, then again after a jittered
 *   pause), and a round of this workflow succeeded before. Done: the workflow that advanced it lists
 *   the ledger (this workflow's record included) and reads the policies after this write, then follows
 *   the same rules.
 * - otherwise another round.
 *
 * Why the final policies equal the rendering of the final ledger: take the workflow Z whose advance is
 * the last (value V). Every ledger change comes before its advance, so a listing started after reading
 * V holds the final ledger. Z cannot hand off (nobody advances after it), so it ends with a round that
 * lists after reading V and either writes that rendering or finds it in force. A workflow X whose write
 * lands after Z read the policies reads V after its write: it ends clean only if it read V before its
 * listing (so it wrote the final rendering too), cannot hand off, and otherwise renders again from a
 * listing after V. Writes before Z read the policies are seen, and overwritten, by Z.
 */
async function converge(
  context: Context,
  target: LedgerTarget,
  counted: number,
  round: (records: readonly LedgerRecord[]) => Promise<readonly string[] | undefined>,
): Promise<Converged> {
  const { ledger, kind, key, name } = target;
  const written: string[] = [];
  let conflicts = 0;
  let applied = false;
  // The counter as this workflow's own change left it: no need to read it before the first listing.
  let before = counted;
  for (let rounds = 1; rounds <= context.settings.convergeRounds; rounds += 1) {
    const out = await round(await ledger.list(kind, key));
    if (out !== undefined && out.length === 0) return { written, rounds };
    if (out !== undefined) written.push(...out);
    const after = await ledger.counter(kind, key);
    if (out !== undefined && after === before) return { written, rounds };
    applied ||= out !== undefined;
    conflicts += 1;
    await backoff(context, conflicts);
    const now = await ledger.counter(kind, key);
    if (applied && now > after) {
      context.log.debug('Ledger changed after the write; handed off', { target: name, rounds });
      return { written, rounds };
    }
    context.log.debug('Ledger or policies changed while writing; rendering again', { target: name, rounds });
    before = now;
  }
  throw new TransientAwsError(
    `${name} did not settle within ${context.settings.convergeRounds} rounds (${conflicts} conflicts with concurrent workflows); retry`,
    { context: { target: name, grantId: context.grant.grantId } },
  );
}

/** Runs `work`; on a rendering failure of a GRANT, takes the grant out of the ledger again first. */
async function withRollback<T>(
  context: Context,
  undo: () => Promise<unknown>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      context.request.action === 'GRANT' &&
      (error instanceof PolicyCapacityError || error instanceof PolicyConflictError)
    ) {
      context.log.warn('Grant does not fit; taking it out of the ledger', {
        grantId: context.grant.grantId,
        error,
      });
      try {
        await undo();
      } catch (undoError) {
        // The grant's own failure is the cause to report; the failed undo is recorded here.
        context.log.error('Taking the grant out of the ledger failed', {
          grantId: context.grant.grantId,
          error: undoError,
        });
      }
    }
    throw error;
  }
}

/** Records the change on the target and converges it; a GRANT that does not fit is taken back out. */
async function apply(
  context: Context,
  target: LedgerTarget,
  round: (records: readonly LedgerRecord[]) => Promise<readonly string[] | undefined>,
): Promise<Converged> {
  const counted = await record(context, target);
  return withRollback(
    context,
    async () => converge(context, target, await record(context, target, 'REVOKE'), round),
    () => converge(context, target, counted, round),
  );
}

// ---- consumer side ----------------------------------------------------------------------------

function remedy(role: RoleInfo, settings: GrantSettings): string {
  const { tagKey, tagValue, pathPrefixes } = settings.management;
  const paths = pathPrefixes.length > 0 ? ` or create it under the path ${pathPrefixes.join(' or ')}` : '';
  return (
    `it has neither the tag ${tagKey}=${tagValue} nor a managed path (its path is ${role.path}). To let streamgov ` +
    `manage its Kafka access, tag it (aws iam tag-role --role-name ${role.roleName} --tags Key=${tagKey},Value=${tagValue})${paths}.`
  );
}

function isManaged(role: RoleInfo, settings: GrantSettings): boolean {
  const { tagKey, tagValue, pathPrefixes } = settings.management;
  return role.tags[tagKey] === tagValue || pathPrefixes.some((prefix) => role.path.startsWith(prefix));
}

async function applyConsumerSide(context: Context): Promise<Converged[]> {
  const { ports, settings, grant, side } = context;
  const roles = need(ports.roles, 'roles', side);
  // The guard: every role is read and checked before anything is written.
  const infos: RoleInfo[] = [];
  for (const principal of grant.principals) {
    const { roleName } = parseIamRoleArn(principal);
    const info = await roles.getRole(roleName);
    if (info.arn !== principal) {
      throw new InvalidGrantRequestError(
        `Principal ${principal} is not the role ${info.arn} that IAM knows by that name (check case, path and account)`,
        { context: { principal } },
      );
    }
    infos.push(info);
  }
  const unmanaged = infos.filter((info) => !isManaged(info, settings));
  if (unmanaged.length > 0) {
    throw new NotManagedError(
      unmanaged.map((r) => `Role ${r.arn}`).join(', '),
      unmanaged.map((r) => remedy(r, settings)).join(' '),
    );
  }
  const results: Converged[] = [];
  for (const role of infos) {
    const target: LedgerTarget = {
      ledger: ports.ledger,
      kind: 'role',
      key: role.roleName,
      name: `Role ${role.arn}`,
    };
    results.push(await apply(context, target, (records) => roleRound(context, roles, role, records)));
  }
  return results;
}

/** IAM's count of a policy text: white space outside strings not counted. */
function compactSize(text: string): number {
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.length;
  }
}

async function roleRound(
  context: Context,
  roles: RolePolicyStore,
  role: RoleInfo,
  records: readonly LedgerRecord[],
): Promise<readonly string[] | undefined> {
  const { settings } = context;
  const prefix = managedPolicyPrefix(role.roleName);
  try {
    const current: RolePolicies = await roles.readPolicies(role, {
      inlinePolicyName: settings.inlinePolicyName,
      managedPolicyPrefix: prefix,
    });
    const desired = renderConsumerPolicies(
      records.map((r) => r.grant),
      {
        roleName: role.roleName,
        inlinePolicyName: settings.inlinePolicyName,
        managedPolicyPrefix: prefix,
        freeManagedSlots: Math.max(
          0,
          settings.maxManagedPoliciesPerRole - (current.attached.length - current.owned.length),
        ),
        otherInlineChars: current.inline
          .filter((p) => p.name !== settings.inlinePolicyName)
          .reduce((sum, p) => sum + compactSize(p.document), 0),
        safetyMarginChars: settings.safetyMarginChars,
        schemaScope: settings.schemaScope,
        schemaVersionLookupById: settings.schemaVersionLookupById,
      },
    );
    return await roles.writePolicies(role, current, desired);
  } catch (error) {
    if (error instanceof ConcurrentPolicyChangeError) {
      context.log.debug('Concurrent change of the role policies; retrying', {
        roleName: role.roleName,
        error,
      });
      return undefined;
    }
    throw error;
  }
}

// ---- producer side ----------------------------------------------------------------------------

async function applyProducerSide(context: Context): Promise<Converged[]> {
  const { ports, grant, request, side } = context;
  if (!request.crossAccount) return []; // same account: IAM on the consumer side is all it takes
  if (request.clusterType === 'SERVERLESS')
    throw new UnsupportedClusterError(grant.clusterArn, grant.consumerAccount);
  const clusters = need(ports.clusters, 'clusters', side);
  if ((await clusters.clusterType(grant.clusterArn)) === 'SERVERLESS') {
    throw new UnsupportedClusterError(grant.clusterArn, grant.consumerAccount);
  }
  const cluster = parseMskClusterArn(grant.clusterArn);
  const target: LedgerTarget = {
    ledger: ports.ledger,
    kind: 'cluster',
    key: `${cluster.clusterName}.${cluster.clusterUuid}`,
    name: `Cluster policy of ${grant.clusterArn}`,
  };
  return [await apply(context, target, (records) => clusterRound(context, clusters, records))];
}

async function clusterRound(
  context: Context,
  clusters: ClusterPolicyStore,
  records: readonly LedgerRecord[],
): Promise<readonly string[] | undefined> {
  const { grant, settings } = context;
  const clusterArn = grant.clusterArn;
  const current = await clusters.get(clusterArn);
  const desired = renderClusterPolicy(
    current?.document,
    records.map((r) => r.grant),
    {
      managedVpcConnectivity: settings.managedVpcConnectivity,
      ...(settings.maxClusterPolicyChars === undefined
        ? {}
        : { maxPolicyChars: settings.maxClusterPolicyChars }),
    },
  );
  try {
    if (desired === undefined) {
      if (current === undefined) return [];
      // DeleteClusterPolicy takes no version. A policy another workflow wrote in between for a grant this
      // listing lacks is restored: that grant's record was put before its policy, so the listing after
      // this delete shows it and the next round writes it again. A foreign statement added in between
      // would be lost: a window of one read and one delete.
      await clusters.delete(clusterArn);
      return [clusterArn];
    }
    if (current !== undefined && serializePolicy(current.document) === serializePolicy(desired)) return [];
    await clusters.put(clusterArn, desired, current?.version);
    return [clusterArn];
  } catch (error) {
    if (error instanceof VersionConflictError) {
      context.log.debug('Cluster policy version conflict; retrying', { clusterArn });
      return undefined;
    }
    throw error;
  }
}
