/**
 * The emitter API for Node producers and consumers: one call reports a run reading or writing topics,
 * as a valid OpenLineage RunEvent with canonical Kafka dataset names.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type {
  DatasetFacets,
  EventType,
  InputDataset,
  JobFacets,
  OutputDataset,
  RunEvent,
  RunFacets,
} from './model.ts';
import { SCHEMA_URLS, STREAMGOV_PRODUCER } from './model.ts';
import { canonicaliseEvent, KafkaNamespaceResolver } from './naming.ts';
import type { Transport } from './transport.ts';
import { assertValidEvent } from './validate.ts';

/** A topic, by the ARN of its MSK cluster (resolved to the canonical namespace) or by Kafka namespace. */
export type TopicRef = (
  | { readonly clusterArn: string; readonly namespace?: never }
  | { readonly namespace: string; readonly clusterArn?: never }
) & {
  readonly topic: string;
  /** Dataset facets of this topic, e.g. its `schema`. */
  readonly facets?: DatasetFacets;
};

/** What {@link emitRun} reports. */
export interface EmitRunOptions {
  readonly transport: Transport;
  readonly job: { readonly namespace: string; readonly name: string };
  readonly eventType: EventType;
  readonly inputs?: readonly TopicRef[];
  readonly outputs?: readonly TopicRef[];
  /** @default a new random UUID */
  readonly runId?: string;
  readonly facets?: { readonly run?: RunFacets; readonly job?: JobFacets };
  /**
   * Maps cluster ARNs and broker endpoints to canonical namespaces.
   * @default a resolver that knows no cluster (only `namespace` refs, passed through)
   */
  readonly resolver?: KafkaNamespaceResolver;
  /** @default `urn:streamgov:lineage` */
  readonly producer?: string;
  /** @default the system clock */
  readonly now?: () => Date;
  /** @default `crypto.randomUUID` */
  readonly newId?: () => string;
}

function dataset(ref: TopicRef, resolver: KafkaNamespaceResolver): InputDataset & OutputDataset {
  const namespace =
    ref.clusterArn === undefined
      ? resolver.resolve(ref.namespace)
      : resolver.namespaceOfCluster(ref.clusterArn);
  return { namespace, name: ref.topic, ...(ref.facets ? { facets: ref.facets } : {}) };
}

/**
 * Builds a RunEvent (pure): the pinned spec's `schemaURL`, canonical Kafka namespaces, the given facets.
 * @throws InvalidInputError when a `clusterArn` is unknown to the resolver.
 */
export function buildRunEvent(options: Omit<EmitRunOptions, 'transport'>): RunEvent {
  const resolver = options.resolver ?? KafkaNamespaceResolver.empty();
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const event: RunEvent = {
    eventTime: now().toISOString(),
    producer: options.producer ?? STREAMGOV_PRODUCER,
    schemaURL: SCHEMA_URLS.RunEvent,
    eventType: options.eventType,
    run: { runId: options.runId ?? newId(), ...(options.facets?.run ? { facets: options.facets.run } : {}) },
    job: {
      namespace: options.job.namespace,
      name: options.job.name,
      ...(options.facets?.job ? { facets: options.facets.job } : {}),
    },
    inputs: (options.inputs ?? []).map((ref) => dataset(ref, resolver)),
    outputs: (options.outputs ?? []).map((ref) => dataset(ref, resolver)),
  };
  return canonicaliseEvent(event, resolver);
}

/**
 * Reports one run state of a job reading `inputs` and writing `outputs`: builds the RunEvent, validates
 * it against the pinned schemas and emits it.
 * @returns the event emitted (keep its `run.runId` for the run's next states).
 * @throws InvalidInputError for an unknown cluster ARN; LineageValidationError for an invalid event (a
 * bad `runId`, a facet of the wrong shape); whatever the transport throws.
 * @example
 * const { run } = await emitRun({
 *   transport, resolver, eventType: 'START',
 *   job: { namespace: 'flink-jobs', name: 'fraud-detector' },
 *   inputs: [{ clusterArn, topic: 'orders' }],
 *   outputs: [{ clusterArn, topic: 'alerts' }],
 * });
 */
export async function emitRun(options: EmitRunOptions): Promise<RunEvent> {
  const event = buildRunEvent(options);
  assertValidEvent(event);
  await options.transport.emit(event);
  return event;
}
