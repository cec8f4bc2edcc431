import type {
  GetLineageEventInput,
  GetLineageEventOutput,
  LineageEventSummary,
  ListLineageEventsInput,
  ListLineageEventsOutput,
  OpenLineageRunState,
  PostLineageEventInput,
  PostLineageEventOutput,
} from '@aws-sdk/client-datazone';
import { anchored, any, required, str, validated } from '../../../cloud/validate.ts';
import { notFound, validationError } from '../errors.ts';
import { idempotency } from '../idempotency.ts';
import { newResourceId, userIdOf } from '../ids.ts';
import { byCreation, type Ctx, isoOf, nowIso, own, requireDomain, toDate } from '../lookup.ts';
import { paginate } from '../pagination.ts';
import { clientToken, domainIdentifier, maxResults, nextToken, sortOrder } from '../rules.ts';
import { type LineageEventRecord, nextSeq } from '../state.ts';
import { recordRunEvent } from './nodes.ts';
import { MAX_EVENT_BYTES, parseRunEvent } from './open-lineage.ts';

const EVENT_ID = anchored('[a-z0-9]{14}');
const PROCESSING_STATUSES = ['REQUESTED', 'PROCESSING', 'SUCCESS', 'FAILED'];

/** The event bytes: the wire layer gives a Uint8Array; in-process callers may pass a string. */
function bytesOf(event: unknown): Uint8Array {
  if (event instanceof Uint8Array) return event;
  if (typeof event === 'string') return new TextEncoder().encode(event);
  throw validationError(
    "1 validation error detected: Value at 'event' failed to satisfy constraint: Member must be a blob",
  );
}

/**
 * PostLineageEvent: accepts an OpenLineage RunEvent (≤ 300,000 bytes) and processes it at once into
 * lineage nodes (processingStatus SUCCESS). A retry with the same Client-Token returns the same event id.
 */
export const postLineageEvent = validated(
  { domainIdentifier, event: required(any()), clientToken },
  (input: PostLineageEventInput, ctx: Ctx): PostLineageEventOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const bytes = bytesOf(input.event);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw validationError(
        `1 validation error detected: Value at 'event' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVENT_BYTES}`,
      );
    }
    const token = idempotency(ctx.state, 'PostLineageEvent', domain.id, input.clientToken, { event: bytes });
    const previous = own(domain.lineageEvents, token.previous?.eventId ?? '');
    if (previous) return { id: previous.id, domainId: domain.id };
    const event = parseRunEvent(bytes);
    const record: LineageEventRecord = {
      id: newResourceId(ctx.cloud),
      event: Buffer.from(bytes).toString('base64'),
      eventTime: event.eventTime,
      processingStatus: 'SUCCESS',
      summary: {
        ...(event.eventType === undefined ? {} : { eventType: event.eventType }),
        runId: event.runId,
        job: { ...event.job },
        inputs: event.inputs.map((d) => ({ ...d })),
        outputs: event.outputs.map((d) => ({ ...d })),
      },
      createdBy: userIdOf(ctx.caller),
      createdAt: nowIso(ctx),
      seq: nextSeq(ctx.state),
    };
    domain.lineageEvents[record.id] = record;
    recordRunEvent(ctx, domain, event);
    token.remember({ eventId: record.id });
    return { id: record.id, domainId: domain.id };
  },
);

/** GetLineageEvent: the event bytes and its header members. */
export const getLineageEvent = validated(
  { domainIdentifier, identifier: required(str({ pattern: EVENT_ID })) },
  (input: GetLineageEventInput, ctx: Ctx): GetLineageEventOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const record = own(domain.lineageEvents, input.identifier ?? '');
    if (!record) throw notFound(`Lineage event ${input.identifier} not found in domain ${domain.id}.`);
    return {
      domainId: domain.id,
      id: record.id,
      event: new Uint8Array(Buffer.from(record.event, 'base64')),
      createdBy: record.createdBy,
      processingStatus: record.processingStatus,
      eventTime: toDate(record.eventTime),
      createdAt: toDate(record.createdAt),
    };
  },
);

/**
 * ListLineageEvents: filtered on event time (`timestampAfter` / `timestampBefore`, inclusive) and
 * processing status; newest first unless `sortOrder` is ASCENDING.
 */
export const listLineageEvents = validated(
  {
    domainIdentifier,
    timestampAfter: any(),
    timestampBefore: any(),
    processingStatus: str({ enum: PROCESSING_STATUSES }),
    sortOrder,
    maxResults,
    nextToken,
  },
  (input: ListLineageEventsInput, ctx: Ctx): ListLineageEventsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const after = isoOf(input.timestampAfter);
    const before = isoOf(input.timestampBefore);
    const events = Object.values(domain.lineageEvents)
      .filter(
        (e) =>
          (after === undefined || e.eventTime >= after) &&
          (before === undefined || e.eventTime <= before) &&
          (input.processingStatus === undefined || e.processingStatus === input.processingStatus),
      )
      .sort((a, b) => (a.eventTime === b.eventTime ? byCreation(a, b) : a.eventTime < b.eventTime ? -1 : 1));
    const ordered = input.sortOrder === 'ASCENDING' ? events : events.reverse();
    const page = paginate(ordered, input, 'ListLineageEvents');
    const items = page.items.map(
      (e): LineageEventSummary => ({
        id: e.id,
        domainId: domain.id,
        processingStatus: e.processingStatus,
        eventTime: toDate(e.eventTime),
        eventSummary: {
          openLineageRunEventSummary: {
            eventType: e.summary.eventType as OpenLineageRunState | undefined,
            runId: e.summary.runId,
            job: { ...e.summary.job },
            inputs: e.summary.inputs.map((d) => ({ ...d })),
            outputs: e.summary.outputs.map((d) => ({ ...d })),
          },
        },
        createdBy: e.createdBy,
        createdAt: toDate(e.createdAt),
      }),
    );
    return { items, nextToken: page.nextToken };
  },
);
