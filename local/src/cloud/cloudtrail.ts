/**
 * CloudTrail management events ("AWS API Call via CloudTrail") as EventBridge delivers them: the services
 * that record their successful calls put one on the caller's default bus through `emitApiCallEvent`.
 */
import { toEventTime } from './time.ts';
import type { CallContext } from './types.ts';

/** `detail-type` of every CloudTrail-delivered API call event. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

const NO_MAP_MEMBERS: ReadonlySet<string> = new Set();

/**
 * CloudTrail's rendering of an SDK-shaped value: structure members in lowerCamelCase at every level,
 * timestamps as ISO strings, blobs and undefined members left out (CloudTrail does not log binary
 * content). The values of members named in `mapMembers` are user maps: they are kept as they are.
 */
export function toCloudTrailCase(value: unknown, mapMembers: ReadonlySet<string> = NO_MAP_MEMBERS): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map((item) => toCloudTrailCase(item, mapMembers));
  if (typeof value !== 'object' || value === null) return value;
  const members: [string, unknown][] = [];
  for (const [key, member] of Object.entries(value)) {
    const rendered = mapMembers.has(key) ? member : toCloudTrailCase(member, mapMembers);
    if (rendered !== undefined) members.push([`${key.charAt(0).toLowerCase()}${key.slice(1)}`, rendered]);
  }
  return Object.fromEntries(members);
}

/**
 * What a service says about one API call; the rest of the record (time, region, request and event ids,
 * accounts) comes from the call. Optional members are left out of the record when not given.
 */
export interface ApiCallRecord {
  /** `source` of the event on the bus (`aws.glue`). */
  readonly source: string;
  readonly eventVersion: string;
  readonly userIdentity: object;
  /** The service's endpoint name (`glue.amazonaws.com`). */
  readonly eventSource: string;
  readonly eventName: string;
  readonly sourceIPAddress?: string;
  /** The request, usually rendered with `toCloudTrailCase`. */
  readonly requestParameters: unknown;
  /** The response, usually rendered with `toCloudTrailCase`. */
  readonly responseElements: unknown;
  readonly readOnly?: boolean;
  readonly managementEvent?: boolean;
  readonly eventCategory?: string;
  /** Stamp the event's `time` with the record's `eventTime` (else the bus stamps it when it is put). */
  readonly stampTime?: boolean;
}

/** The `detail` of an API call event, members in CloudTrail's order. */
export function apiCallDetail(
  ctx: CallContext<unknown>,
  record: Omit<ApiCallRecord, 'source' | 'stampTime'>,
  eventTime: string,
): Record<string, unknown> {
  const { caller } = ctx;
  return {
    eventVersion: record.eventVersion,
    userIdentity: record.userIdentity,
    eventTime,
    eventSource: record.eventSource,
    eventName: record.eventName,
    awsRegion: caller.region,
    ...(record.sourceIPAddress === undefined ? {} : { sourceIPAddress: record.sourceIPAddress }),
    requestParameters: record.requestParameters,
    responseElements: record.responseElements,
    requestID: ctx.requestId,
    eventID: ctx.cloud.newId(),
    ...(record.readOnly === undefined ? {} : { readOnly: record.readOnly }),
    eventType: 'AwsApiCall',
    ...(record.managementEvent === undefined ? {} : { managementEvent: record.managementEvent }),
    recipientAccountId: caller.account,
    ...(record.eventCategory === undefined ? {} : { eventCategory: record.eventCategory }),
  };
}

/** Puts the CloudTrail event of a successful call on the caller's default bus. */
export function emitApiCallEvent(ctx: CallContext<unknown>, record: ApiCallRecord): void {
  const { source, stampTime, ...fields } = record;
  const eventTime = toEventTime(ctx.cloud.now());
  ctx.cloud.emitEvent({
    source,
    'detail-type': CLOUDTRAIL_DETAIL_TYPE,
    account: ctx.caller.account,
    region: ctx.caller.region,
    ...(stampTime ? { time: eventTime } : {}),
    resources: [],
    detail: apiCallDetail(ctx, fields, eventTime),
  });
}
