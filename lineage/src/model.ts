/**
 * The OpenLineage event model, pinned to spec version {@link OPENLINEAGE_SPEC_VERSION} (the JSON Schemas in
 * `lineage/spec/<version>/` are the source of truth; these types mirror them). Facets streamgov reads or
 * writes are typed; any other facet is kept as a {@link BaseFacet}.
 *
 * @module
 */

import { isJsonObject } from '../../common/src/json.ts';

/** The pinned OpenLineage core spec version (`lineage/spec/2-0-2/OpenLineage.json`). */
export const OPENLINEAGE_SPEC_VERSION = '2-0-2';

/** `$id` of the pinned core schema. */
export const OPENLINEAGE_SPEC_URL = `https://openlineage.io/spec/${OPENLINEAGE_SPEC_VERSION}/OpenLineage.json`;

/** `schemaURL` of the events streamgov builds, per event kind. */
export const SCHEMA_URLS = {
  RunEvent: `${OPENLINEAGE_SPEC_URL}#/$defs/RunEvent`,
  DatasetEvent: `${OPENLINEAGE_SPEC_URL}#/$defs/DatasetEvent`,
  JobEvent: `${OPENLINEAGE_SPEC_URL}#/$defs/JobEvent`,
} as const;

/** `_schemaURL` of the facets streamgov builds (the pinned facet schemas' `$id`s). */
export const FACET_SCHEMA_URLS = {
  schema: 'https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  symlinks: 'https://openlineage.io/spec/facets/1-0-0/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet',
  columnLineage:
    'https://openlineage.io/spec/facets/1-0-1/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-2/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
  processing_engine:
    'https://openlineage.io/spec/facets/1-1-0/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet',
} as const;

/** The run state transitions of a RunEvent. */
export const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The three kinds of OpenLineage event. */
export type EventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

/** Fields every facet carries; anything else is facet-specific. */
export interface BaseFacet {
  readonly _producer: string;
  readonly _schemaURL: string;
  readonly [key: string]: unknown;
}

/** A dataset or job facet may be marked deleted. */
export interface DeletableFacet extends BaseFacet {
  readonly _deleted?: boolean;
}

/** One field of a dataset's schema (nested fields are allowed by later facet versions and kept). */
export interface SchemaField {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
  readonly [key: string]: unknown;
}

/** `schema` dataset facet: the fields of the dataset (for a topic, of its value schema). */
export interface SchemaDatasetFacet extends DeletableFacet {
  readonly fields?: readonly SchemaField[];
}

/** Another name of the same dataset. */
export interface SymlinkIdentifier {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
}

/** `symlinks` dataset facet. */
export interface SymlinksDatasetFacet extends DeletableFacet {
  readonly identifiers?: readonly SymlinkIdentifier[];
}

/** One input field an output column is derived from. */
export interface ColumnLineageInputField {
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly transformation?: string;
  readonly [key: string]: unknown;
}

/** `columnLineage` dataset facet: output column → the input fields it is computed from. */
export interface ColumnLineageDatasetFacet extends DeletableFacet {
  readonly fields: Readonly<Record<string, { readonly inputFields: readonly ColumnLineageInputField[] }>>;
}

/** Dataset facets, keyed by facet name. */
export interface DatasetFacets {
  readonly schema?: SchemaDatasetFacet;
  readonly symlinks?: SymlinksDatasetFacet;
  readonly columnLineage?: ColumnLineageDatasetFacet;
  readonly [name: string]: DeletableFacet | undefined;
}

/** `jobType` job facet; Flink jobs report `processingType: STREAMING`, `integration: FLINK`. */
export interface JobTypeJobFacet extends DeletableFacet {
  readonly processingType: 'BATCH' | 'STREAMING' | (string & {});
  readonly integration: 'FLINK' | (string & {});
  readonly jobType?: string;
}

/** Job facets, keyed by facet name. */
export interface JobFacets {
  readonly jobType?: JobTypeJobFacet;
  readonly [name: string]: DeletableFacet | undefined;
}

/** `processing_engine` run facet. */
export interface ProcessingEngineRunFacet extends BaseFacet {
  readonly version: string;
  readonly name?: string;
  readonly openlineageAdapterVersion?: string;
}

/** Run facets, keyed by facet name. */
export interface RunFacets {
  readonly processing_engine?: ProcessingEngineRunFacet;
  readonly [name: string]: BaseFacet | undefined;
}

/** A dataset: for Kafka, namespace `kafka://host:port` and name = topic. */
export interface Dataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: DatasetFacets;
}

/** An input dataset of a run or job. */
export interface InputDataset extends Dataset {
  readonly inputFacets?: Readonly<Record<string, BaseFacet>>;
}

/** An output dataset of a run or job. */
export interface OutputDataset extends Dataset {
  readonly outputFacets?: Readonly<Record<string, BaseFacet>>;
}

/** A job: its identity is namespace + name. */
export interface Job {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: JobFacets;
}

/** A run of a job. */
export interface Run {
  /** A UUID. */
  readonly runId: string;
  readonly facets?: RunFacets;
}

/** Fields of every event. */
export interface BaseEvent {
  /** ISO-8601 date-time with offset. */
  readonly eventTime: string;
  /** URI of the software that produced the event. */
  readonly producer: string;
  /** URI of the schema definition the event follows. */
  readonly schemaURL: string;
}

/** A run state transition of a job, with what it reads and writes. The only kind DataZone takes. */
export interface RunEvent extends BaseEvent {
  readonly eventType?: EventType;
  readonly run: Run;
  readonly job: Job;
  readonly inputs?: readonly InputDataset[];
  readonly outputs?: readonly OutputDataset[];
}

/** Static metadata about a dataset. */
export interface DatasetEvent extends BaseEvent {
  readonly dataset: Dataset;
}

/** Static metadata about a job (design-time lineage). */
export interface JobEvent extends BaseEvent {
  readonly job: Job;
  readonly inputs?: readonly InputDataset[];
  readonly outputs?: readonly OutputDataset[];
}

/** Any OpenLineage event. */
export type LineageEvent = RunEvent | DatasetEvent | JobEvent;

/**
 * The kind of an event by its shape, as the spec's `not` clauses separate them: a `run` makes a RunEvent,
 * else a `dataset` a DatasetEvent, else a `job` a JobEvent. Anything else is taken as a (broken) RunEvent,
 * the kind producers mean to send, so that validation names what it misses.
 */
export function eventKind(event: unknown): EventKind {
  if (!isJsonObject(event)) return 'RunEvent';
  if (event.run !== undefined) return 'RunEvent';
  if (event.dataset !== undefined) return 'DatasetEvent';
  if (event.job !== undefined) return 'JobEvent';
  return 'RunEvent';
}

/** True when `event` is shaped like a RunEvent (see {@link eventKind}); it says nothing about validity. */
export function isRunEvent(event: LineageEvent): event is RunEvent {
  return eventKind(event) === 'RunEvent';
}

/** `<namespace>/<name>` of a job, for messages and logs. */
export function jobLabel(event: LineageEvent): string {
  if ('job' in event && isJsonObject(event.job))
    return `${String(event.job.namespace)}/${String(event.job.name)}`;
  if ('dataset' in event && isJsonObject(event.dataset)) {
    return `${String(event.dataset.namespace)}/${String(event.dataset.name)}`;
  }
  return 'unknown';
}

/** `producer` / `_producer` of what streamgov itself builds. */
export const STREAMGOV_PRODUCER = 'urn:streamgov:lineage';
