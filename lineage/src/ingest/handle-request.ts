/**
 * One HTTP request to the ingest endpoint, end to end: refuse it as a whole, or ingest its events and
 * answer with their outcomes.
 *
 * @module
 */
import type { Log } from '../../../common/src/logger.ts';
import { type MetricsRecorder, noMetrics } from '../../../common/src/metrics.ts';
import { recordIngestRequest } from '../metrics.ts';
import type { IngestSettings } from './config.ts';
import { ingestEvents } from './ingest-events.ts';
import type { IngestPorts } from './ports.ts';
import { type IngestRequest, isRequestProblem, parseIngestRequest } from './request.ts';
import { type IngestResponse, outcomeResponse, problemResponse, summarise } from './response.ts';

/** What {@link handleIngestRequest} needs besides the request. */
export interface IngestDependencies {
  readonly settings: Pick<IngestSettings, 'domainId' | 'maxBodyBytes' | 'maxBatchEvents' | 'concurrency'>;
  readonly ports: IngestPorts;
  readonly log: Log;
  /** Where the request's counts are recorded (INGEST_METRICS); the caller flushes. @default no metrics */
  readonly metrics?: MetricsRecorder;
  /** @default the system clock */
  readonly now?: () => Date;
}

/**
 * Answers one request (see `parseIngestRequest` for what is refused as a whole and `outcomeResponse`
 * for the status codes of ingested events). Never throws.
 */
export async function handleIngestRequest(
  request: IngestRequest,
  requestId: string,
  deps: IngestDependencies,
): Promise<IngestResponse> {
  const metrics = deps.metrics ?? noMetrics;
  const parsed = parseIngestRequest(request, deps.settings);
  if (isRequestProblem(parsed)) {
    deps.log.info('Lineage request refused', { requestId, status: parsed.status, error: parsed.error });
    recordIngestRequest(metrics, parsed.status);
    return problemResponse(parsed, requestId);
  }
  const outcomes = await ingestEvents({
    events: parsed.events,
    requestId,
    domainId: deps.settings.domainId,
    ports: deps.ports,
    log: deps.log,
    concurrency: deps.settings.concurrency,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const response = outcomeResponse(outcomes, requestId);
  recordIngestRequest(metrics, response.status, summarise(outcomes));
  deps.log.info('Lineage request ingested', { requestId, batch: parsed.batch, status: response.status });
  return response;
}
