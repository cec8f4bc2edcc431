/**
 * From one lifecycle call to the OpenLineage RunEvents it means (docs/lineage-flink.md, "Event
 * mapping"). Pure: takes the call, the application, its operations and its declared topics.
 *
 * | call                                   | events                                                    |
 * |----------------------------------------|-----------------------------------------------------------|
 * | StartApplication                       | START; then RUNNING once the start operation SUCCEEDED,   |
 * |                                        | FAIL when it FAILED (else START alone: still starting)    |
 * | UpdateApplication of a running app     | COMPLETE of the run before; START of a new run (+ RUNNING |
 * |                                        | / FAIL as for a start): Flink restarts the job            |
 * | UpdateApplication of a stopped app     | none (the next start reports the new configuration)       |
 * | StopApplication                        | COMPLETE; ABORT with Force=true                           |
 * | CreateApplication, DeleteApplication   | none                                                      |
 *
 * @module
 */
import {
  type BaseFacet,
  type EventType,
  FACET_SCHEMA_URLS,
  type InputDataset,
  type OutputDataset,
  type RunEvent,
  SCHEMA_URLS,
  STREAMGOV_PRODUCER,
} from '../model.ts';
import type { KafkaNamespaceResolver } from '../naming.ts';
import type { FlinkApiCall } from './cloudtrail-event.ts';
import type { DeclaredLineage, DeclaredTopic } from './convention.ts';
import type { ApplicationOperation, FlinkApplication } from './ports.ts';
import { defaultJobNamespace, flinkRunId, flinkVersion } from './run-identity.ts';

/** Name of the run facet that ties a run to its application and operation. */
export const FLINK_APPLICATION_FACET = 'streamgov_flinkApplication';
/** `_schemaURL` of the {@link FLINK_APPLICATION_FACET} run facet (a streamgov custom facet). */
export const FLINK_APPLICATION_FACET_SCHEMA_URL = 'urn:streamgov:facets:FlinkApplicationRunFacet:1-0-0';

/** Statuses in which an application runs a Flink job. */
const RUNNING_STATUSES = ['RUNNING', 'UPDATING', 'AUTOSCALING', 'MAINTENANCE', 'ROLLING_BACK'];
/** Operations that begin a run. */
const RUN_OPERATIONS = ['StartApplication', 'UpdateApplication'];

/** One run state to report. */
export interface RunTransition {
  readonly eventType: EventType;
  /** The operation that began the run. */
  readonly operationId: string;
  /** Whether the event carries the application's current inputs and outputs. */
  readonly withDatasets: boolean;
}

/** What a call means: run transitions, or nothing (with the reason). */
export type LifecycleDecision =
  | { readonly kind: 'transitions'; readonly transitions: readonly RunTransition[] }
  | { readonly kind: 'ignored'; readonly reason: string };

function latestBefore(
  operations: readonly ApplicationOperation[],
  names: readonly string[],
  beforeId: string | undefined,
): ApplicationOperation | undefined {
  const end = beforeId === undefined ? -1 : operations.findIndex((op) => op.id === beforeId);
  const earlier = end === -1 ? operations : operations.slice(0, end);
  return earlier.filter((op) => names.includes(op.operation)).at(-1);
}

/** The operation of the call itself: its responseElements.operationId, else the latest of its kind. */
function ownOperation(
  call: FlinkApiCall,
  operations: readonly ApplicationOperation[],
): { id: string; status?: string } | undefined {
  if (call.operationId !== undefined) {
    const found = operations.find((op) => op.id === call.operationId);
    return { id: call.operationId, ...(found ? { status: found.status } : {}) };
  }
  const latest = latestBefore(operations, [call.eventName], undefined);
  return latest ? { id: latest.id, status: latest.status } : undefined;
}

/** START, then RUNNING or FAIL when the operation that began the run has ended. */
function startTransitions(operation: { id: string; status?: string }): RunTransition[] {
  const start: RunTransition = { eventType: 'START', operationId: operation.id, withDatasets: true };
  if (operation.status === 'SUCCESSFUL') return [start, { ...start, eventType: 'RUNNING' }];
  if (operation.status === 'FAILED') return [start, { ...start, eventType: 'FAIL' }];
  return [start];
}

/**
 * Which run transitions a lifecycle call means (see the module's table).
 * @param operations the application's operations, oldest first.
 */
export function decideTransitions(
  call: FlinkApiCall,
  application: FlinkApplication,
  operations: readonly ApplicationOperation[],
): LifecycleDecision {
  switch (call.eventName) {
    case 'CreateApplication':
      return { kind: 'ignored', reason: 'CreateApplication: the application runs nothing until it starts' };
    case 'DeleteApplication':
      return { kind: 'ignored', reason: 'DeleteApplication: a running application is stopped first' };
    case 'StartApplication': {
      const own = ownOperation(call, operations);
      if (!own)
        return { kind: 'ignored', reason: 'StartApplication: the application lists no start operation' };
      return { kind: 'transitions', transitions: startTransitions(own) };
    }
    case 'UpdateApplication': {
      const status = call.responseStatus ?? application.status;
      if (!RUNNING_STATUSES.includes(status)) {
        return {
          kind: 'ignored',
          reason: `UpdateApplication of an application in ${status}: no run changes; the next start reports the new configuration`,
        };
      }
      const own = ownOperation(call, operations);
      if (!own)
        return { kind: 'ignored', reason: 'UpdateApplication: the application lists no update operation' };
      const before = latestBefore(operations, RUN_OPERATIONS, own.id);
      const complete: RunTransition[] = before
        ? [{ eventType: 'COMPLETE', operationId: before.id, withDatasets: false }]
        : [];
      return { kind: 'transitions', transitions: [...complete, ...startTransitions(own)] };
    }
    case 'StopApplication': {
      const before = latestBefore(operations, RUN_OPERATIONS, call.operationId);
      if (!before) {
        return {
          kind: 'ignored',
          reason: 'StopApplication: no start or update operation precedes it, so there is no run to end',
        };
      }
      return {
        kind: 'transitions',
        transitions: [
          { eventType: call.force ? 'ABORT' : 'COMPLETE', operationId: before.id, withDatasets: true },
        ],
      };
    }
  }
}

/** The OpenLineage namespace of the cluster the servers reach: canonical when known, else the first broker. */
export function kafkaNamespaceOf(
  bootstrapServers: readonly string[],
  resolver: KafkaNamespaceResolver,
): string {
  const list = `kafka://${bootstrapServers.join(',')}`;
  const resolved = resolver.resolve(list);
  if (resolved !== list) return resolved;
  return resolver.resolve(`kafka://${bootstrapServers[0] ?? ''}`);
}

function datasets(
  topics: readonly DeclaredTopic[],
  direction: DeclaredTopic['direction'],
  resolver: KafkaNamespaceResolver,
): InputDataset[] & OutputDataset[] {
  const seen = new Map<string, { namespace: string; name: string }>();
  for (const topic of topics.filter((t) => t.direction === direction)) {
    const namespace = kafkaNamespaceOf(topic.bootstrapServers, resolver);
    seen.set(`${namespace}/${topic.topic}`, { namespace, name: topic.topic });
  }
  return [...seen.values()];
}

/** What {@link buildLifecycleEvents} needs. */
export interface LifecycleEventsInput {
  readonly call: FlinkApiCall;
  readonly application: FlinkApplication;
  readonly lineage: DeclaredLineage;
  readonly transitions: readonly RunTransition[];
  readonly resolver: KafkaNamespaceResolver;
  /**
   * When the call happened: its operation's StartTime (millisecond precision), else the CloudTrail
   * record's eventTime (whole seconds, which cannot order two calls made within one second).
   * @default the CloudTrail record's eventTime
   */
  readonly callTime?: Date;
}

/** The time of a call: its own operation's StartTime when the application lists it. */
export function callTimeOf(call: FlinkApiCall, operations: readonly ApplicationOperation[]): Date {
  const own =
    call.operationId === undefined ? undefined : operations.find((op) => op.id === call.operationId);
  return own && own.startTime.getTime() > 0 ? own.startTime : new Date(call.eventTime);
}

/**
 * The RunEvents of the transitions, in order. `eventTime` is the call's time plus one millisecond per
 * event, so the events of one call keep their order and a second delivery of the same record builds the
 * very same events.
 */
export function buildLifecycleEvents(input: LifecycleEventsInput): RunEvent[] {
  const { call, application, lineage, transitions, resolver } = input;
  const version = flinkVersion(application.runtime);
  const inputs = datasets(lineage.topics, 'input', resolver);
  const outputs = datasets(lineage.topics, 'output', resolver);
  const start = (input.callTime ?? new Date(call.eventTime)).getTime();
  return transitions.map((transition, i): RunEvent => {
    const applicationFacet: BaseFacet = {
      _producer: STREAMGOV_PRODUCER,
      _schemaURL: FLINK_APPLICATION_FACET_SCHEMA_URL,
      applicationArn: application.arn,
      operationId: transition.operationId,
      runtimeEnvironment: application.runtime,
      ...(transition.withDatasets ? { applicationVersionId: application.versionId } : {}),
    };
    return {
      eventTime: new Date(start + i).toISOString(),
      producer: STREAMGOV_PRODUCER,
      schemaURL: SCHEMA_URLS.RunEvent,
      eventType: transition.eventType,
      run: {
        runId: flinkRunId(application.arn, transition.operationId),
        facets: {
          ...(version === undefined
            ? {}
            : {
                processing_engine: {
                  _producer: STREAMGOV_PRODUCER,
                  _schemaURL: FACET_SCHEMA_URLS.processing_engine,
                  version,
                  name: 'flink',
                },
              }),
          [FLINK_APPLICATION_FACET]: applicationFacet,
        },
      },
      job: {
        namespace: lineage.job.namespace ?? defaultJobNamespace(call.account, call.region),
        name: lineage.job.name ?? application.name,
        facets: {
          jobType: {
            _producer: STREAMGOV_PRODUCER,
            _schemaURL: FACET_SCHEMA_URLS.jobType,
            processingType: 'STREAMING',
            integration: 'FLINK',
            jobType: 'JOB',
          },
        },
      },
      inputs: transition.withDatasets ? inputs : [],
      outputs: transition.withDatasets ? outputs : [],
    };
  });
}
