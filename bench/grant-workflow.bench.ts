import { loadavg } from 'node:os';
import {
  CreateAssetCommand,
  CreateListingChangeSetCommand,
  CreateSubscriptionGrantCommand,
  CreateSubscriptionTargetCommand,
  type DataZoneClient,
  DeleteSubscriptionGrantCommand,
  GetSubscriptionGrantCommand,
} from '@aws-sdk/client-datazone';
import { Duration } from 'aws-cdk-lib';
import { applyTopicAssetType } from '../asset-types/src/adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, topicAssetType } from '../asset-types/src/definition.ts';
import { encodeTopicAssetForms } from '../asset-types/src/forms.ts';
import { MemoryLog } from '../common/src/logger.ts';
import { ENVIRONMENT_TIMEOUT_SECONDS, GRANT_STATUS } from '../grant-workflow/src/contract.ts';
import {
  clusterPolicy,
  type GrantWorld,
  resourcesWith,
  roleDocuments,
  startGrantWorld,
} from '../test/integration/grant-workflow/support.ts';
import { deployGrantWorkflow } from '../test/integration/grant-workflow/workflow-support.ts';
import { record } from './support.ts';

const LATENCY_MS = 20;
const POLL_MS = 20;
const SEQUENTIAL_GRANTS = 20;
const CONCURRENT_GRANTS = 100;
/** A grant not settled within this time counts as a failure. */
const GRANT_DEADLINE_MS = 10 * 60_000;
const ROLE_NAME = 'analytics-reader';

const progress = (message: string) => process.stderr.write(`  grant-workflow: ${message}\n`);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (nearest rank) of `values`. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

interface Listing {
  readonly topic: string;
  readonly topicArn: string;
  readonly listingId: string;
}

interface Bench {
  readonly world: GrantWorld;
  readonly dz: DataZoneClient;
  readonly domainId: string;
  readonly environmentId: string;
  readonly targetId: string;
  readonly listings: readonly Listing[];
  readonly log: MemoryLog;
}

/** The workflow test's world: demo world, topic asset type, synthesized workflow, one subscription target. */
async function setUp(topics: number): Promise<Bench> {
  const world = await startGrantWorld();
  try {
    const dz = world.local.clients().dataZone();
    const domainId = world.seeded.datazone?.domainId ?? '';
    const producerProject = world.seeded.datazone?.projects.producer ?? '';
    const environmentId = world.seeded.datazone?.environments['consumer-env']?.id ?? '';
    const reader = world.seeded.roles[`consumer/${ROLE_NAME}`] ?? '';
    const log = new MemoryLog();
    const definition = topicAssetType();
    await applyTopicAssetType({ client: dz, domainId, owningProjectId: producerProject, definition, log });
    // Topic assets on the demo cluster, published (as the catalog sync would create them).
    const listings: Listing[] = [];
    const clusterName = world.clusterArn.split('/')[1] ?? '';
    for (let n = 0; n < topics; n += 1) {
      const topic = `bench.orders.stream-${String(n).padStart(3, '0')}`;
      const asset = await dz.send(
        new CreateAssetCommand({
          domainIdentifier: domainId,
          name: topic,
          typeIdentifier: definition.names.assetType,
          owningProjectIdentifier: producerProject,
          formsInput: encodeTopicAssetForms(definition, {
            source: { cluster_arn: world.clusterArn, cluster_type: 'PROVISIONED' },
            schema: { kafka_topic: topic },
            commonDetails: { sourceIdentifier: `kafka://${clusterName}/${topic}` },
          }),
        }),
      );
      const listing = await dz.send(
        new CreateListingChangeSetCommand({
          domainIdentifier: domainId,
          entityIdentifier: asset.id ?? '',
          entityType: 'ASSET',
          action: 'PUBLISH',
        }),
      );
      listings.push({
        topic,
        topicArn: `${world.clusterArn.replace(':cluster/', ':topic/')}/${topic}`,
        listingId: listing.listingId ?? '',
      });
    }
    // The construct's default wait for an environment workflow (not the tests' short one).
    await deployGrantWorkflow(world, Duration.seconds(ENVIRONMENT_TIMEOUT_SECONDS));
    const target = await dz.send(
      new CreateSubscriptionTargetCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        name: 'msk-topics',
        type: 'MskTopicSubscriptionTarget',
        provider: 'streamgov',
        applicableAssetTypes: [DEFAULT_NAMES.assetType],
        authorizedPrincipals: [reader],
        manageAccessRole: 'arn:aws:iam::111111111111:role/streamgov-grant-central',
        subscriptionTargetConfig: [],
      }),
    );
    return { world, dz, domainId, environmentId, targetId: target.id ?? '', listings, log };
  } catch (error) {
    await world.local.close();
    throw error;
  }
}

interface GrantOutcome {
  readonly topicArn: string;
  readonly grantId: string;
  readonly status: string;
  /** From CreateSubscriptionGrant (which emits the event) to the poll that saw the final status. */
  readonly ms: number;
  readonly failureCause?: string;
}

/** Creates one grant and polls GetSubscriptionGrant every {@link POLL_MS} until GRANTED or GRANT_FAILED. */
async function grantAndWait(bench: Bench, listing: Listing): Promise<GrantOutcome> {
  const t0 = performance.now();
  let grantId = '';
  try {
    const out = await bench.dz.send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: bench.domainId,
        environmentIdentifier: bench.environmentId,
        subscriptionTargetIdentifier: bench.targetId,
        grantedEntity: { listing: { identifier: listing.listingId, revision: '1' } },
      }),
    );
    grantId = out.id ?? '';
    for (;;) {
      const got = await bench.dz.send(
        new GetSubscriptionGrantCommand({ domainIdentifier: bench.domainId, identifier: grantId }),
      );
      const [asset] = got.assets ?? [];
      const status = asset?.status ?? '';
      const ms = performance.now() - t0;
      if (status === GRANT_STATUS.GRANT.done || status === GRANT_STATUS.GRANT.failed) {
        return {
          topicArn: listing.topicArn,
          grantId,
          status,
          ms,
          ...(asset?.failureCause?.message ? { failureCause: asset.failureCause.message } : {}),
        };
      }
      if (ms > GRANT_DEADLINE_MS)
        return { topicArn: listing.topicArn, grantId, status: `TIMEOUT(${status})`, ms };
      await sleep(POLL_MS);
    }
  } catch (error) {
    return {
      topicArn: listing.topicArn,
      grantId,
      status: 'ERROR',
      ms: performance.now() - t0,
      failureCause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

function latencyMetrics(outcomes: readonly GrantOutcome[]): Record<string, number> {
  const ms = outcomes.map((o) => o.ms);
  return {
    p50Ms: round(percentile(ms, 50), 1),
    p95Ms: round(percentile(ms, 95), 1),
    maxMs: round(Math.max(...ms), 1),
    minMs: round(Math.min(...ms), 1),
    meanMs: round(ms.reduce((a, b) => a + b, 0) / ms.length, 1),
  };
}

const failuresOf = (outcomes: readonly GrantOutcome[]) =>
  outcomes.filter((o) => o.status !== GRANT_STATUS.GRANT.done);

/** Asynchronous work of the local cloud (event deliveries, executions) that failed with nowhere to land. */
function asyncFailures(bench: Bench): number {
  return bench.world.local.cloud.failures().length;
}

/** Topic ARNs with kafka-cluster:ReadData on the consumer role and on the cluster policy. */
async function policiesInForce(bench: Bench) {
  const role = await roleDocuments(bench.world, ROLE_NAME);
  const cluster = await clusterPolicy(bench.world, bench.world.clusterArn);
  return {
    role: resourcesWith(role.ours, 'kafka-cluster:ReadData'),
    cluster: resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData'),
    inlinePolicies: Object.keys(role.inline).length,
    managedPolicies: Object.keys(role.managed).length,
    clusterPolicyChars: cluster ? JSON.stringify(cluster).length : 0,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((x) => left.has(x));
};

/** Revokes grants (DeleteSubscriptionGrant) and waits for the workflows to finish. */
async function revokeAll(bench: Bench, grantIds: readonly string[]): Promise<void> {
  for (const id of grantIds) {
    if (!id) continue;
    await bench.dz.send(
      new DeleteSubscriptionGrantCommand({ domainIdentifier: bench.domainId, identifier: id }),
    );
  }
  await bench.world.local.cloud.settle();
}

/**
 * Issue #4's grant workflow benchmark on the in-process local cloud (the synthesized central and
 * environment state machines with their handlers bound in-process, three accounts), 20 ms per call:
 * 1. latency: 20 grants one after another, from CreateSubscriptionGrant to GRANTED (p50, p95, max);
 *    then revoked, so that the role and the cluster policy start part 2 empty;
 * 2. throughput: 100 grants at once (100 topics, one consumer environment and role, one cluster):
 *    seconds, grants per second, latency, failures, and the policies in force compared as sets.
 * Issue #4 gives no target for these numbers: they are reported only (failures must be 0, and the
 * policies must hold exactly the 100 topics).
 */
export async function run(): Promise<void> {
  const topics = SEQUENTIAL_GRANTS + CONCURRENT_GRANTS;
  const setupStart = performance.now();
  progress(`setting up the demo world, ${topics} topic assets and the synthesized workflow`);
  const bench = await setUp(topics);
  const setupSeconds = (performance.now() - setupStart) / 1000;
  progress(`set up in ${round(setupSeconds, 1)} s`);
  try {
    const { cloud } = bench.world.local;
    cloud.faults.configure({ latencyMs: LATENCY_MS });
    const sequentialListings = bench.listings.slice(0, SEQUENTIAL_GRANTS);
    const concurrentListings = bench.listings.slice(SEQUENTIAL_GRANTS);
    const failures0 = asyncFailures(bench);

    // 1. Latency: one grant after another (each workflow finished before the next grant).
    progress(`latency: ${SEQUENTIAL_GRANTS} grants one after another`);
    const sequential: GrantOutcome[] = [];
    cloud.resetCallCounts();
    for (const listing of sequentialListings) {
      sequential.push(await grantAndWait(bench, listing));
      await cloud.settle();
    }
    const sequentialCalls = Object.values(cloud.callCounts()).reduce((a, b) => a + b, 0);
    const sequentialFailed = failuresOf(sequential);
    const latency = latencyMetrics(sequential);
    progress(
      `latency: p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, max ${latency.maxMs} ms, ` +
        `failed ${sequentialFailed.length}`,
    );
    await revokeAll(
      bench,
      sequential.map((o) => o.grantId),
    );
    const afterRevoke = await policiesInForce(bench);
    progress(
      `revoked the ${SEQUENTIAL_GRANTS}: role ${afterRevoke.role.length}, cluster ${afterRevoke.cluster.length} topics left`,
    );

    // 2. Throughput: 100 grants at once, to one consumer environment, one cluster, the same role.
    progress(`throughput: ${CONCURRENT_GRANTS} grants at once`);
    const loadAverage = round(loadavg()[0] ?? 0);
    cloud.resetCallCounts();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const concurrent = await Promise.all(concurrentListings.map((l) => grantAndWait(bench, l)));
    const seconds = (performance.now() - t0) / 1000;
    await cloud.settle();
    const cpu = process.cpuUsage(cpu0);
    const calls = { ...cloud.callCounts() };
    cloud.faults.configure({});
    const concurrentFailed = failuresOf(concurrent);
    const inForce = await policiesInForce(bench);
    const expected = concurrentListings.map((l) => l.topicArn);
    const roleExact = sameSet(inForce.role, expected);
    const clusterExact = sameSet(inForce.cluster, expected);
    const throughput = latencyMetrics(concurrent);
    const grantsPerSecond = round(CONCURRENT_GRANTS / seconds, 2);
    progress(
      `throughput: ${round(seconds, 2)} s, ${grantsPerSecond} grants/s, p50 ${throughput.p50Ms} ms, ` +
        `p95 ${throughput.p95Ms} ms, failed ${concurrentFailed.length}, role exact ${roleExact} ` +
        `(${inForce.role.length}), cluster exact ${clusterExact} (${inForce.cluster.length})`,
    );
    for (const failed of [...sequentialFailed, ...concurrentFailed].slice(0, 3)) {
      progress(`  failed ${failed.topicArn}: ${failed.status} ${failed.failureCause ?? ''}`);
    }
    const prefixed = (prefix: string, metrics: Record<string, number>) =>
      Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}.${k}`, v]));
    const firstFailure = [...sequentialFailed, ...concurrentFailed][0];
    await record({
      scenario: 'grant-workflow',
      settings: {
        cloud:
          'in-process local cloud (synthesized state machines, Lambda handlers bound in-process), real SDK over HTTP',
        accounts: 'central 111111111111, producer 222222222222 (cluster), consumer 333333333333 (role)',
        faults: { latencyMs: LATENCY_MS },
        measured: 'CreateSubscriptionGrant (emits the event) until GetSubscriptionGrant shows GRANTED',
        pollMs: POLL_MS,
        environmentTimeoutSeconds: ENVIRONMENT_TIMEOUT_SECONDS,
        sdkMaxAttempts: 1,
        stateMachineRetryIntervals: 0,
        latencyGrants: `${SEQUENTIAL_GRANTS}, one after another, then revoked`,
        throughputGrants: `${CONCURRENT_GRANTS} different topics started at once (Promise.all), each polled on its own`,
        shared: 'one consumer environment and subscription target (one role), one cluster',
        setupSeconds: round(setupSeconds, 1),
      },
      metrics: {
        ...prefixed('latency', latency),
        'latency.failures': sequentialFailed.length,
        'latency.wireCallsPerGrant': round(sequentialCalls / SEQUENTIAL_GRANTS, 1),
        'revoke.roleTopicsLeft': afterRevoke.role.length,
        'revoke.clusterTopicsLeft': afterRevoke.cluster.length,
        'throughput.seconds': round(seconds, 3),
        'throughput.grantsPerSecond': grantsPerSecond,
        ...prefixed('throughput', throughput),
        'throughput.failures': concurrentFailed.length,
        'throughput.roleTopics': inForce.role.length,
        'throughput.clusterPolicyTopics': inForce.cluster.length,
        'throughput.roleHoldsExactly100': roleExact,
        'throughput.clusterPolicyHoldsExactly100': clusterExact,
        'throughput.roleInlinePolicies': inForce.inlinePolicies,
        'throughput.roleManagedPolicies': inForce.managedPolicies,
        'throughput.clusterPolicyChars': inForce.clusterPolicyChars,
        'throughput.wireCalls': Object.values(calls).reduce((a, b) => a + b, 0),
        'throughput.cpuSeconds': round((cpu.user + cpu.system) / 1e6, 2),
        'throughput.loadAverageAtStart': loadAverage,
        ...Object.fromEntries(Object.entries(calls).map(([op, n]) => [`throughput.calls.${op}`, n])),
        asyncFailures: asyncFailures(bench) - failures0,
        ...(firstFailure
          ? { firstFailure: `${firstFailure.status}: ${firstFailure.failureCause ?? ''}` }
          : {}),
      },
      targets: {
        latencyAndThroughput: { target: 'none given by issue 4: report only', met: true },
        failures: {
          target: '= 0 (latency and throughput)',
          met: sequentialFailed.length + concurrentFailed.length === 0,
        },
        policiesExact: {
          target: `consumer role and cluster policy hold exactly the ${CONCURRENT_GRANTS} topics`,
          met: roleExact && clusterExact,
        },
      },
    });
  } finally {
    bench.world.local.cloud.faults.configure({});
    await bench.world.local.close();
  }
}
