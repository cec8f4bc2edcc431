/**
 * The ingest endpoint's answers (pure). Status codes, in order of precedence: 503 when an event was
 * neither delivered nor dead-lettered (the client must retry; forwarding is idempotent), 400 when an
 * event is invalid (the valid ones of a batch were still forwarded), 202 when events went to the
 * dead-letter queue (accepted, delivered later), else 200.
 *
 * @module
 */
import type { EventOutcome } from './ingest-events.ts';
import type { RequestProblem } from './request.ts';

/** An HTTP answer of the endpoint: status and JSON body. */
export interface IngestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Counts of a request's outcomes. */
export interface IngestSummary {
  readonly received: number;
  readonly forwarded: number;
  readonly ignored: number;
  readonly deadLettered: number;
  readonly invalid: number;
  readonly failed: number;
}

/** The JSON body of an answer to events. */
export interface IngestResponseBody {
  readonly status: 'accepted' | 'dead-lettered' | 'invalid' | 'retry';
  readonly requestId: string;
  readonly summary: IngestSummary;
  /** Every problem of every invalid event: its index in the request, JSON pointer, and what is wrong. */
  readonly problems?: readonly { readonly index: number; readonly path: string; readonly message: string }[];
  readonly deadLetters?: readonly {
    readonly index: number;
    readonly job: string;
    readonly messageId: string;
    readonly error: string;
  }[];
  readonly failures?: readonly { readonly index: number; readonly job: string; readonly error: string }[];
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** The answer to a request refused as a whole (404, 405, 413, 415, 400). */
export function problemResponse(problem: RequestProblem, requestId: string): IngestResponse {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (problem.status === 405) headers.allow = 'POST';
  return {
    status: problem.status,
    headers,
    body: JSON.stringify({ status: 'invalid', requestId, error: problem.error, message: problem.message }),
  };
}

function count(outcomes: readonly EventOutcome[], status: EventOutcome['status']): number {
  return outcomes.filter((o) => o.status === status).length;
}

/** The counts of a request's outcomes. */
export function summarise(outcomes: readonly EventOutcome[]): IngestSummary {
  return {
    received: outcomes.length,
    forwarded: count(outcomes, 'forwarded'),
    ignored: count(outcomes, 'ignored'),
    deadLettered: count(outcomes, 'dead-lettered'),
    invalid: count(outcomes, 'invalid'),
    failed: count(outcomes, 'failed'),
  };
}

/** The answer to a request whose events were ingested. */
export function outcomeResponse(outcomes: readonly EventOutcome[], requestId: string): IngestResponse {
  const summary = summarise(outcomes);
  const problems = outcomes.flatMap((o) =>
    o.status === 'invalid'
      ? o.problems.map((p) => ({ index: o.index, path: p.path, message: p.message }))
      : [],
  );
  const deadLetters = outcomes.flatMap((o) =>
    o.status === 'dead-lettered'
      ? [{ index: o.index, job: o.job, messageId: o.messageId, error: o.error }]
      : [],
  );
  const failures = outcomes.flatMap((o) =>
    o.status === 'failed' ? [{ index: o.index, job: o.job, error: o.error }] : [],
  );
  const [status, http]: [IngestResponseBody['status'], number] =
    summary.failed > 0
      ? ['retry', 503]
      : summary.invalid > 0
        ? ['invalid', 400]
        : summary.deadLettered > 0
          ? ['dead-lettered', 202]
          : ['accepted', 200];
  const body: IngestResponseBody = {
    status,
    requestId,
    summary,
    ...(problems.length > 0 ? { problems } : {}),
    ...(deadLetters.length > 0 ? { deadLetters } : {}),
    ...(failures.length > 0 ? { failures } : {}),
  };
  return {
    status: http,
    headers: http === 503 ? { ...JSON_HEADERS, 'retry-after': '5' } : { ...JSON_HEADERS },
    body: JSON.stringify(body),
  };
}
