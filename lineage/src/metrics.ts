/**
 * The lineage functions' metrics (namespace `streamgov`): names, services and dimensions in one place,
 * recorded by the handlers and graphed by infra's dashboard.
 *
 * @module
 */
import type { MetricsRecorder } from '../../common/src/metrics.ts';
import { EVENT_TYPES, type EventType } from './model.ts';
import type { Transport } from './transport.ts';

/** Metrics of the ingest endpoint (service `lineage-ingest`), one data point set per request. */
export const INGEST_METRICS = {
  service: 'lineage-ingest',
  names: {
    /** RunEvents posted to DataZone. */
    posted: 'EventsPosted',
    /** Events refused: schema problems, or larger than DataZone takes. */
    invalid: 'EventsInvalid',
    /** Valid DatasetEvents and JobEvents: accepted, not posted (DataZone takes RunEvents only). */
    ignored: 'EventsIgnored',
    /** Events DataZone did not take, stored in the dead-letter queue. */
    deadLettered: 'EventsDeadLettered',
    /** Events neither delivered nor dead-lettered (the request is answered 503). */
    failed: 'EventsFailed',
    /** Requests, by `StatusClass` (2xx, 4xx, 5xx). */
    requests: 'Requests',
  },
  dimensions: { statusClass: 'StatusClass' },
  statusClasses: ['2xx', '4xx', '5xx'],
} as const;

/** Metrics of the Flink lifecycle emitter (service `flink-lineage`), one data point set per event. */
export const FLINK_LINEAGE_METRICS = {
  service: 'flink-lineage',
  names: {
    /** RunEvents posted to DataZone, by `EventType` (START, RUNNING, COMPLETE, ABORT, FAIL, OTHER). */
    emitted: 'LineageEventsEmitted',
    /** Lifecycle calls that mean nothing for lineage (no topics declared, not streaming, …). */
    ignored: 'LifecycleCallsIgnored',
    /** Applications whose property groups break the lineage convention (FlinkLineageConventionError). */
    conventionErrors: 'ConventionErrors',
  },
  dimensions: { eventType: 'EventType' },
  eventTypes: EVENT_TYPES,
} as const;

/** The counts of one ingest request. */
export interface IngestCounts {
  readonly forwarded: number;
  readonly invalid: number;
  readonly ignored: number;
  readonly deadLettered: number;
  readonly failed: number;
}

/** `2xx`, `4xx` or `5xx` of an HTTP status. */
export function statusClass(status: number): (typeof INGEST_METRICS.statusClasses)[number] {
  return status >= 500 ? '5xx' : status >= 400 ? '4xx' : '2xx';
}

/**
 * Records one ingest request: its status class and, when its events were ingested, their outcomes.
 * @param counts - The outcomes; absent for a request refused as a whole (no event ingested).
 */
export function recordIngestRequest(metrics: MetricsRecorder, status: number, counts?: IngestCounts): void {
  const { names, dimensions } = INGEST_METRICS;
  metrics.count(names.requests, 1, { [dimensions.statusClass]: statusClass(status) });
  if (!counts) return;
  metrics.count(names.posted, counts.forwarded);
  metrics.count(names.invalid, counts.invalid);
  metrics.count(names.ignored, counts.ignored);
  metrics.count(names.deadLettered, counts.deadLettered);
  metrics.count(names.failed, counts.failed);
}

/**
 * The transport, counting each event it delivered by event type (an emit that throws counts nothing),
 * so that a run whose later events fail still shows the ones that were posted.
 */
export function countingTransport(transport: Transport, metrics: MetricsRecorder): Transport {
  const { names, dimensions } = FLINK_LINEAGE_METRICS;
  return {
    emit: async (event) => {
      await transport.emit(event);
      const eventType: EventType = ('eventType' in event ? event.eventType : undefined) ?? 'OTHER';
      metrics.count(names.emitted, 1, { [dimensions.eventType]: eventType });
    },
    close: (timeoutMs) => transport.close(timeoutMs),
  };
}
