/** PutEvents: per-entry checks as AWS makes them, then asynchronous delivery through DeliverEvent. */
import { toEventTime } from '../../cloud/time.ts';
import type { CallContext, CloudEvent } from '../../cloud/types.ts';
import { any, list, required, str, struct, validated } from '../../cloud/validate.ts';
import { parseBusArn } from './bus.ts';
import { validationError } from './errors.ts';
import { busArn, DEFAULT_BUS, type EventsState } from './state.ts';

type Ctx = CallContext<EventsState>;

/** AWS's limit on the total size of a PutEvents request's entries, computed as AWS documents it. */
const MAX_REQUEST_BYTES = 256 * 1024;

interface PutEventsRequestEntry {
  readonly Time?: Date;
  readonly Source?: string;
  readonly Resources?: string[];
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
}

interface ResultEntry {
  readonly EventId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

const utf8Length = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** Size of one entry per "Calculating PutEvents event entry size": Time counts 14 bytes. */
function entrySize(entry: PutEventsRequestEntry): number {
  const resources = (entry.Resources ?? []).reduce((sum, r) => sum + utf8Length(r), 0);
  return 14 + utf8Length(entry.Source) + utf8Length(entry.DetailType) + utf8Length(entry.Detail) + resources;
}

function failure(ErrorCode: string, ErrorMessage: string): ResultEntry {
  return { ErrorCode, ErrorMessage };
}

function missing(member: string): ResultEntry {
  return failure(
    'InvalidArgument',
    `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  );
}

/** Where an entry goes: the caller's default bus or another account's default bus (by ARN). */
function destination(ctx: Ctx, name: string | undefined): { account: string; region: string } | undefined {
  const { account, region } = ctx.caller;
  if (name === undefined || name === DEFAULT_BUS || name === busArn(account, region))
    return { account, region };
  const arn = parseBusArn(name);
  return arn && arn.bus === DEFAULT_BUS ? { account: arn.account, region: arn.region } : undefined;
}

function parseDetail(detail: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function accept(ctx: Ctx, entry: PutEventsRequestEntry): ResultEntry {
  if (entry.Source === undefined) return missing('Source');
  if (entry.DetailType === undefined) return missing('DetailType');
  if (entry.Detail === undefined) return missing('Detail');
  const detail = parseDetail(entry.Detail);
  if (!detail) return failure('MalformedDetail', 'Detail is malformed.');
  if (entry.Source.startsWith('aws.'))
    return failure('NotAuthorizedForSourceException', 'Not authorized for the source.');
  const bus = destination(ctx, entry.EventBusName);
  if (!bus) return failure('ResourceNotFoundException', `Event bus ${entry.EventBusName} does not exist.`);
  const event: CloudEvent = {
    version: '0',
    id: ctx.cloud.newId(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: ctx.caller.account,
    time: toEventTime(entry.Time ?? ctx.cloud.now()),
    region: ctx.caller.region,
    resources: entry.Resources ?? [],
    detail,
  };
  const receiver = ctx.cloud.rootCaller(bus.account, bus.region);
  ctx.cloud.track(ctx.cloud.call('events', 'DeliverEvent', event, receiver));
  return { EventId: event.id };
}

export const putEvents = validated(
  {
    Entries: required(
      list(
        struct({
          Source: str(),
          DetailType: str(),
          Detail: str(),
          Resources: list(str()),
          EventBusName: str({ min: 1, max: 1600 }),
          TraceHeader: str({ min: 1, max: 500 }),
          Time: any(),
        }),
        { min: 1, max: 10 },
      ),
    ),
    EndpointId: str({ min: 1, max: 50 }),
  },
  (input: { Entries: PutEventsRequestEntry[] }, ctx: Ctx) => {
    const total = input.Entries.reduce((sum, entry) => sum + entrySize(entry), 0);
    if (total > MAX_REQUEST_BYTES)
      throw validationError('Total size of the entries in the request is over the limit.');
    const Entries = input.Entries.map((entry) => accept(ctx, entry));
    return { FailedEntryCount: Entries.filter((e) => e.ErrorCode !== undefined).length, Entries };
  },
);
