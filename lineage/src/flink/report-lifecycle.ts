/**
 * The use case of the Flink lifecycle emitter: one CloudTrail event of a Managed Service for Apache
 * Flink application → the OpenLineage RunEvents it means, posted through a transport.
 *
 * @module
 */
import type { Log } from '../../../common/src/logger.ts';
import type { EventType } from '../model.ts';
import type { KafkaNamespaceResolver } from '../naming.ts';
import type { Transport } from '../transport.ts';
import { assertValidEvent } from '../validate.ts';
import { ApplicationNotFoundError } from './adapters/kinesis-analytics-applications.ts';
import { parseFlinkEvent } from './cloudtrail-event.ts';
import { type ConventionOptions, declaredLineage } from './convention.ts';
import { buildLifecycleEvents, callTimeOf, decideTransitions } from './lifecycle-events.ts';
import type { ApplicationRef, FlinkApplications } from './ports.ts';
import { flinkVersion } from './run-identity.ts';

/** What {@link reportFlinkLifecycle} works with. */
export interface FlinkLifecyclePorts {
  readonly applications: FlinkApplications;
  readonly transport: Transport;
  /** The resolver of the known clusters (see `CachedNamespaceResolver`). */
  readonly resolver: () => Promise<KafkaNamespaceResolver>;
  readonly convention: ConventionOptions;
  readonly log: Log;
}

/** What became of one event. */
export type FlinkLifecycleOutcome =
  | {
      readonly kind: 'emitted';
      readonly applicationName: string;
      readonly job: string;
      readonly events: readonly { readonly eventType: EventType; readonly runId: string }[];
    }
  | { readonly kind: 'ignored'; readonly reason: string; readonly applicationName?: string };

function ignored(
  log: Log,
  reason: string,
  ref?: ApplicationRef,
  level: 'info' | 'warn' = 'info',
): FlinkLifecycleOutcome {
  log[level]('Flink lifecycle event ignored', { reason, ...(ref ?? {}) });
  return { kind: 'ignored', reason, ...(ref ? { applicationName: ref.applicationName } : {}) };
}

/**
 * Reports one EventBridge event: parses it, describes the application (in its own account), reads its
 * declared topics, decides the run transitions and posts one validated RunEvent per transition, in order.
 * Events that mean nothing for lineage end as `ignored` with the reason (and a log line), never silently.
 * @throws MalformedFlinkEventError for a malformed Flink CloudTrail event.
 * @throws FlinkLineageConventionError when the application's property groups break the convention.
 * @throws LineageValidationError, the transport's errors (TransientAwsError, AwsCallError, …) and the
 * adapters' (TransientAwsError, AwsCallError, IncompleteApplicationError): the function fails, Lambda
 * retries, then the event lands in the dead-letter queue.
 */
export async function reportFlinkLifecycle(
  event: unknown,
  ports: FlinkLifecyclePorts,
): Promise<FlinkLifecycleOutcome> {
  const { log } = ports;
  const parsed = parseFlinkEvent(event);
  if (parsed.kind === 'ignored') return ignored(log, parsed.reason);
  const { call } = parsed;
  const ref: ApplicationRef = {
    account: call.account,
    region: call.region,
    applicationName: call.applicationName,
  };
  if (call.eventName === 'DeleteApplication') {
    return ignored(log, 'DeleteApplication: a running application is stopped first', ref);
  }
  let application: Awaited<ReturnType<FlinkApplications['describe']>>;
  try {
    application = await ports.applications.describe(ref);
  } catch (error) {
    if (error instanceof ApplicationNotFoundError) {
      return ignored(log, `${call.eventName}: the application no longer exists`, ref, 'warn');
    }
    throw error;
  }
  if (flinkVersion(application.runtime) === undefined || application.mode !== 'STREAMING') {
    return ignored(
      log,
      `${call.eventName}: runtime ${application.runtime} in ${application.mode} mode is not a streaming Apache Flink application`,
      ref,
    );
  }
  const lineage = declaredLineage(application.name, application.propertyGroups, ports.convention);
  for (const skipped of lineage?.skipped ?? []) {
    log.warn('Kafka property group not used for lineage', { ...ref, ...skipped });
  }
  if (!lineage || lineage.topics.length === 0) {
    return ignored(log, `${call.eventName}: the application declares no topics for lineage`, ref);
  }
  const operations =
    call.eventName === 'CreateApplication' ? [] : await ports.applications.listOperations(ref);
  const decision = decideTransitions(call, application, operations);
  if (decision.kind === 'ignored') return ignored(log, decision.reason, ref);
  const events = buildLifecycleEvents({
    call,
    application,
    lineage,
    transitions: decision.transitions,
    resolver: await ports.resolver(),
    callTime: callTimeOf(call, operations),
  });
  for (const runEvent of events) {
    assertValidEvent(runEvent);
    await ports.transport.emit(runEvent);
  }
  const job = `${events[0]?.job.namespace}/${events[0]?.job.name}`;
  const summary = events.map((e) => ({ eventType: e.eventType ?? 'OTHER', runId: e.run.runId }));
  log.info('Flink lifecycle reported', {
    ...ref,
    eventName: call.eventName,
    cloudTrailEventId: call.eventId,
    job,
    events: summary.map((e) => `${e.eventType} ${e.runId}`),
  });
  return { kind: 'emitted', applicationName: application.name, job, events: summary };
}
