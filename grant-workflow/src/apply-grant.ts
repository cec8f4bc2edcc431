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
import { renderConsumerPolicies } from './policy/consumer-policy.ts';
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
 * ledger of each target it touches, then each target's policies are rendered from the whole ledger of
 * that target — never patched — and written where they differ, until a fresh listing of the ledger
 * equals the one rendered. Whoever writes last has rendered from the latest ledger, so concurrent
 * grants and revokes of one role or cluster end with policies that match the ledger exactly.
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

function sameRecords(a: readonly LedgerRecord[], b: readonly LedgerRecord[]): boolean {
  const key = (records: readonly LedgerRecord[]) =>
    records.map((r) => `${r.grantId}.${r.assetId}\n${r.text}`).join('\n\n');
  return key(a) === key(b);
}

async function record(
  context: Context,
  ledger: GrantLedger,
  kind: LedgerTargetKind,
  key: string,
): Promise<void> {
  const { grant, request } = context;
  if (request.action === 'GRANT') await ledger.put(kind, key, grant);
  else await ledger.delete(kind, key, grant.grantId, grant.assetId);
}

/**
 * Runs `round` (render from a listing, write) until a listing taken after the writes equals the one
 * rendered. `round` returning undefined means it met a conflict: back off and go again.
 */
async function converge(
  context: Context,
  list: () => Promise<LedgerRecord[]>,
  round: (records: readonly LedgerRecord[]) => Promise<readonly string[] | undefined>,
  target: string,
): Promise<Converged> {
  const written: string[] = [];
  let conflicts = 0;
  let records = await list();
  for (let rounds = 1; rounds <= context.settings.convergeRounds; rounds += 1) {
    const out = await round(records);
    if (out === undefined) {
      conflicts += 1;
      await backoff(context, conflicts);
      records = await list();
      continue;
    }
    written.push(...out);
    const again = await list();
    if (sameRecords(records, again)) return { written, rounds };
    context.log.debug('Ledger changed while writing; rendering again', { target, rounds });
    records = again;
  }
  throw new TransientAwsError(
    `${target} did not settle within ${context.settings.convergeRounds} rounds (${conflicts} conflicts with concurrent workflows); retry`,
    { context: { target, grantId: context.grant.grantId } },
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
    await record(context, ports.ledger, 'role', role.roleName);
    const list = () => ports.ledger.list('role', role.roleName);
    results.push(
      await withRollback(
        context,
        async () => {
          await ports.ledger.delete('role', role.roleName, grant.grantId, grant.assetId);
          await converge(
            context,
            list,
            (records) => roleRound(context, roles, role, records),
            `Role ${role.arn}`,
          );
        },
        () =>
          converge(context, list, (records) => roleRound(context, roles, role, records), `Role ${role.arn}`),
      ),
    );
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
  const managedPolicyPrefix = `streamgov-${role.roleName}`;
  try {
    const current: RolePolicies = await roles.readPolicies(role, {
      inlinePolicyName: settings.inlinePolicyName,
      managedPolicyPrefix,
    });
    const desired = renderConsumerPolicies(
      records.map((r) => r.grant),
      {
        roleName: role.roleName,
        inlinePolicyName: settings.inlinePolicyName,
        managedPolicyPrefix,
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
  const key = `${cluster.clusterName}.${cluster.clusterUuid}`;
  await record(context, ports.ledger, 'cluster', key);
  const list = () => ports.ledger.list('cluster', key);
  const target = `Cluster policy of ${grant.clusterArn}`;
  const round = (records: readonly LedgerRecord[]) => clusterRound(context, clusters, records);
  return [
    await withRollback(
      context,
      async () => {
        await ports.ledger.delete('cluster', key, grant.grantId, grant.assetId);
        await converge(context, list, round, target);
      },
      () => converge(context, list, round, target),
    ),
  ];
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
