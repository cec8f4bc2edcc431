/**
 * The ingest use case: validate each event, canonicalise its Kafka namespaces, check it fits DataZone's
 * size limit, forward it; an event DataZone does not take after retries goes to the dead-letter queue.
 * One outcome per event; nothing is dropped silently.
 *
 * @module
 */

import type { Log } from '../../../common/src/logger.ts';
import { mapSettledWithConcurrency } from '../../../common/src/retry.ts';
import { LineageEventTooLargeError, type ValidationProblem } from '../errors.ts';
import { fitEvent } from '../fit-event.ts';
import { type EventKind, jobLabel, type LineageEvent, type RunEvent } from '../model.ts';
import { canonicaliseEvent, type KafkaNamespaceResolver } from '../naming.ts';
import { validateEvent } from '../validate.ts';
import type { DeadLetterError, IngestPorts } from './ports.ts';

/** What became of one event of a request. */
export type EventOutcome =
  /** Posted to DataZone. */
  | {
      readonly index: number;
      readonly status: 'forwarded';
      readonly kind: 'RunEvent';
      readonly job: string;
      readonly runId: string;
    }
  /** A valid DatasetEvent or JobEvent: accepted, not posted (DataZone takes only RunEvents). */
  | { readonly index: number; readonly status: 'ignored'; readonly kind: EventKind; readonly job: string }
  /** Refused: what is wrong, by JSON pointer. */
  | {
      readonly index: number;
      readonly status: 'invalid';
      readonly kind: EventKind;
      readonly problems: readonly ValidationProblem[];
    }
  /** Not taken by DataZone after retries (or not forwardable now): stored in the dead-letter queue. */
  | {
      readonly index: number;
      readonly status: 'dead-lettered';
      readonly kind: EventKind;
      readonly job: string;
      readonly error: string;
      readonly messageId: string;
    }
  /** Neither delivered nor dead-lettered: the request must be retried. */
  | {
      readonly index: number;
      readonly status: 'failed';
      readonly kind: EventKind;
      readonly job: string;
      readonly error: string;
    };

/** Options of {@link ingestEvents}. */
export interface IngestEventsOptions {
  /** Parsed JSON values, in request order. */
  readonly events: readonly unknown[];
  /** The request id (Lambda's), carried into dead letters and logs. */
  readonly requestId: string;
  readonly domainId: string;
  readonly ports: IngestPorts;
  readonly log: Log;
  /** Events forwarded at the same time. */
  readonly concurrency: number;
  /** @default the system clock */
  readonly now?: () => Date;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The streamgov error, and the AWS error behind it (its `cause`), as a dead letter records them. */
export function deadLetterError(error: unknown): DeadLetterError {
  const outer = error instanceof Error ? error : new Error(String(error));
  const cause = (outer as { cause?: unknown }).cause;
  const aws = (cause ?? outer) as { name?: unknown; $metadata?: { requestId?: unknown } };
  const requestId = aws.$metadata?.requestId;
  const hasAws = aws.$metadata !== undefined;
  return {
    name: outer.name,
    message: outer.message,
    ...(hasAws && typeof aws.name === 'string' ? { awsErrorName: aws.name } : {}),
    ...(typeof requestId === 'string' ? { awsRequestId: requestId } : {}),
  };
}

function tooLargeProblem(error: LineageEventTooLargeError): ValidationProblem {
  return { path: '/', message: error.message };
}

/**
 * Ingests the events of one request. Never throws: each event ends with one outcome.
 * @returns the outcomes, in request order.
 */
export async function ingestEvents(options: IngestEventsOptions): Promise<EventOutcome[]> {
  const { ports, log, requestId, domainId } = options;
  const now = options.now ?? (() => new Date());
  const receivedAt = now().toISOString();
  let resolver: KafkaNamespaceResolver | undefined;
  let resolverError: unknown;
  try {
    resolver = await ports.namespaces.resolver();
  } catch (error) {
    resolverError = error;
    log.error('The Kafka clusters could not be read; valid events go to the dead-letter queue', {
      requestId,
      error,
    });
  }

  const deadLetter = async (
    index: number,
    kind: EventKind,
    event: LineageEvent,
    error: unknown,
  ): Promise<EventOutcome> => {
    const job = jobLabel(event);
    try {
      const { messageId } = await ports.deadLetters.send({
        requestId,
        index,
        receivedAt,
        domainId,
        error: deadLetterError(error),
        event,
      });
      log.warn('Lineage event dead-lettered', { requestId, index, job, messageId, error });
      return { index, status: 'dead-lettered', kind, job, error: describe(error), messageId };
    } catch (dlqError) {
      log.error('Lineage event neither delivered nor dead-lettered', {
        requestId,
        index,
        job,
        error,
        dlqError,
      });
      return {
        index,
        status: 'failed',
        kind,
        job,
        error: `${describe(error)}; dead-letter queue: ${describe(dlqError)}`,
      };
    }
  };

  const ingestOne = async (raw: unknown, index: number): Promise<EventOutcome> => {
    const result = validateEvent(raw);
    if (!result.valid) return { index, status: 'invalid', kind: result.kind, problems: result.problems };
    const { kind } = result;
    if (!resolver) return deadLetter(index, kind, result.event, resolverError);
    const event = canonicaliseEvent(result.event, resolver);
    const job = jobLabel(event);
    if (kind === 'RunEvent') {
      try {
        fitEvent(event as RunEvent);
      } catch (error) {
        if (error instanceof LineageEventTooLargeError) {
          return { index, status: 'invalid', kind, problems: [tooLargeProblem(error)] };
        }
        throw error;
      }
    }
    try {
      await ports.transport.emit(event);
    } catch (error) {
      if (error instanceof LineageEventTooLargeError) {
        return { index, status: 'invalid', kind, problems: [tooLargeProblem(error)] };
      }
      return deadLetter(index, kind, event, error);
    }
    return kind === 'RunEvent'
      ? { index, status: 'forwarded', kind, job, runId: (event as RunEvent).run.runId }
      : { index, status: 'ignored', kind, job };
  };

  const settled = await mapSettledWithConcurrency(options.events, options.concurrency, ingestOne);
  return settled.map((s, index) =>
    s.status === 'fulfilled'
      ? s.value
      : { index, status: 'failed', kind: 'RunEvent', job: 'unknown', error: describe(s.reason) },
  );
}
