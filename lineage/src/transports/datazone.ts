import { createHash } from 'node:crypto';
import { type DataZoneClient, PostLineageEventCommand } from '@aws-sdk/client-datazone';
import { isTransientAwsError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { retryWithJitter } from '../../../common/src/retry.ts';
import { DATAZONE_MAX_EVENT_BYTES, fitEvent } from '../fit-event.ts';
import { eventKind, jobLabel, type LineageEvent, type RunEvent } from '../model.ts';
import { InFlight, type Transport } from '../transport.ts';

/** Retry settings of the DataZone transport (throttling and 5xx only). */
export interface DataZoneRetryOptions {
  /** Total attempts, including the first. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Options of {@link DataZoneTransport}. */
export interface DataZoneTransportOptions {
  /** The DataZone client (built by `ClientFactory`); only `send` is used. */
  readonly client: Pick<DataZoneClient, 'send'>;
  readonly domainId: string;
  readonly log: Log;
  /**
   * Retries on throttling and 5xx, with full-jitter backoff.
   * @default 5 attempts, 200 ms base, 5 s cap
   */
  readonly retry?: DataZoneRetryOptions;
  /**
   * Largest event posted, in bytes.
   * @default 300,000 (PostLineageEvent's limit)
   */
  readonly maxBytes?: number;
}

const DEFAULT_RETRY: DataZoneRetryOptions = { attempts: 5, baseMs: 200, maxMs: 5_000 };

/**
 * The idempotency token of an event: a hash of the exact bytes posted, so that a retried emit of the
 * same event is the same request to DataZone and is not recorded twice.
 */
export function lineageClientToken(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Posts RunEvents to Amazon DataZone (PostLineageEvent). DataZone takes only RunEvents: DatasetEvents
 * and JobEvents are dropped with a debug log. Events above the size limit are reduced (column lineage,
 * then schema facets dropped, noted in a `streamgov_reduced` run facet) or refused.
 */
export class DataZoneTransport implements Transport {
  private readonly inFlight = new InFlight('datazone');
  private readonly retry: DataZoneRetryOptions;
  private readonly maxBytes: number;

  constructor(private readonly options: DataZoneTransportOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxBytes = options.maxBytes ?? DATAZONE_MAX_EVENT_BYTES;
  }

  /**
   * @throws LineageEventTooLargeError when the event does not fit even reduced.
   * @throws TransientAwsError when throttling or 5xx outlast the retries; AwsCallError for other
   * DataZone refusals (both with the SDK error as `cause`).
   * @throws LineageTransportError after close.
   */
  emit(event: LineageEvent): Promise<void> {
    return this.inFlight.run(() => this.post(event));
  }

  close(timeoutMs?: number): Promise<void> {
    return this.inFlight.close(timeoutMs);
  }

  private async post(event: LineageEvent): Promise<void> {
    const { client, domainId, log } = this.options;
    const kind = eventKind(event);
    if (kind !== 'RunEvent') {
      log.debug('DataZone takes only RunEvents; event dropped', { domainId, kind, job: jobLabel(event) });
      return;
    }
    const run = event as RunEvent;
    const fitted = fitEvent(run, this.maxBytes);
    const context = { domainId, job: jobLabel(run), runId: run.run.runId };
    if (fitted.droppedFacets.length > 0) {
      log.warn('Lineage event reduced to fit the DataZone size limit', {
        ...context,
        droppedFacets: fitted.droppedFacets,
        originalBytes: fitted.originalBytes,
        bytes: fitted.bytes.length,
      });
    }
    const clientToken = lineageClientToken(fitted.bytes);
    try {
      const output = await retryWithJitter(
        () =>
          client.send(
            new PostLineageEventCommand({ domainIdentifier: domainId, event: fitted.bytes, clientToken }),
          ),
        { ...this.retry, isRetryable: isTransientAwsError },
      );
      log.debug('Lineage event posted', { ...context, lineageEventId: output.id });
    } catch (error) {
      throw translateAwsError(error, 'PostLineageEvent', context);
    }
  }
}
