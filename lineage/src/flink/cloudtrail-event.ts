/**
 * Parsing of the EventBridge events CloudTrail delivers for Managed Service for Apache Flink
 * (`source` `aws.kinesisanalytics`, `detail-type` "AWS API Call via CloudTrail"). Pure.
 *
 * @module
 */

import { isJsonObject } from '../../../common/src/json.ts';
import { MalformedFlinkEventError } from './errors.ts';

/** `source` of Managed Service for Apache Flink events. */
export const FLINK_EVENT_SOURCE = 'aws.kinesisanalytics';
/** `detail-type` of every CloudTrail-delivered API call. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
/** `detail.eventSource` of Managed Service for Apache Flink calls. */
export const FLINK_EVENT_SOURCE_HOST = 'kinesisanalytics.amazonaws.com';

/** The calls that change an application's lifecycle, which the EventBridge rule routes to the emitter. */
export const LIFECYCLE_EVENT_NAMES = [
  'CreateApplication',
  'StartApplication',
  'UpdateApplication',
  'StopApplication',
] as const;
/** Lifecycle calls the parser knows; DeleteApplication is parsed (and then ignored, see mapping). */
export const KNOWN_EVENT_NAMES = [...LIFECYCLE_EVENT_NAMES, 'DeleteApplication'] as const;
export type FlinkEventName = (typeof KNOWN_EVENT_NAMES)[number];

/** One successful lifecycle call on an application, as CloudTrail recorded it. */
export interface FlinkApiCall {
  readonly eventName: FlinkEventName;
  /** CloudTrail's `eventID`: the same in every delivery of the same record. */
  readonly eventId: string;
  /** CloudTrail's `eventTime` (ISO-8601). */
  readonly eventTime: string;
  /** The account that owns the application (the event's `account`). */
  readonly account: string;
  readonly region: string;
  readonly applicationName: string;
  /** `responseElements.operationId` (Start, Stop, Update answer one). */
  readonly operationId?: string;
  /** `requestParameters.force` of StopApplication. */
  readonly force: boolean;
  /** `responseElements.applicationDetail.applicationStatus` (UpdateApplication, CreateApplication). */
  readonly responseStatus?: string;
}

/** What an event is to the emitter: a call to act on, or something it ignores (with the reason). */
export type ParsedFlinkEvent =
  | { readonly kind: 'call'; readonly call: FlinkApiCall }
  | { readonly kind: 'ignored'; readonly reason: string };

const ACCOUNT = /^\d{12}$/u;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/u;
const APPLICATION_NAME = /^[a-zA-Z0-9_.-]{1,128}$/u;

function requiredString(value: unknown, field: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MalformedFlinkEventError(field, value, 'must be a non-empty string');
  }
  if (pattern && !pattern.test(value)) {
    throw new MalformedFlinkEventError(field, value, `must match ${pattern.source}`);
  }
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new MalformedFlinkEventError(field, value, 'must be a non-empty string when present');
  }
  return value;
}

function isKnown(name: string): name is FlinkEventName {
  return (KNOWN_EVENT_NAMES as readonly string[]).includes(name);
}

/**
 * Reads an EventBridge event. Events of other sources or detail types, other Kinesis Analytics calls
 * and calls that failed (`errorCode`: the call changed nothing) are `ignored`, with the reason.
 * @throws MalformedFlinkEventError naming the field when a Flink CloudTrail event lacks what a
 * lifecycle call must carry (account, region, eventID, eventTime, requestParameters.applicationName).
 */
export function parseFlinkEvent(event: unknown): ParsedFlinkEvent {
  if (!isJsonObject(event)) throw new MalformedFlinkEventError('event', event, 'must be a JSON object');
  if (event.source !== FLINK_EVENT_SOURCE || event['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE) {
    return {
      kind: 'ignored',
      reason: `not a Managed Service for Apache Flink CloudTrail event (source ${String(event.source)}, detail-type ${String(event['detail-type'])})`,
    };
  }
  const detail = event.detail;
  if (!isJsonObject(detail)) throw new MalformedFlinkEventError('detail', detail, 'must be an object');
  const eventName = requiredString(detail.eventName, 'detail.eventName');
  if (!isKnown(eventName)) {
    return { kind: 'ignored', reason: `${eventName} does not change an application's lifecycle` };
  }
  if (detail.errorCode !== undefined && detail.errorCode !== null) {
    return {
      kind: 'ignored',
      reason: `${eventName} failed with ${String(detail.errorCode)}; the call changed nothing`,
    };
  }
  const request = detail.requestParameters;
  if (!isJsonObject(request)) {
    throw new MalformedFlinkEventError('detail.requestParameters', request, 'must be an object');
  }
  const response = isJsonObject(detail.responseElements) ? detail.responseElements : {};
  const applicationDetail = isJsonObject(response.applicationDetail) ? response.applicationDetail : {};
  const eventTime = requiredString(detail.eventTime, 'detail.eventTime');
  if (Number.isNaN(Date.parse(eventTime))) {
    throw new MalformedFlinkEventError('detail.eventTime', eventTime, 'must be an ISO-8601 date-time');
  }
  if (request.force !== undefined && typeof request.force !== 'boolean') {
    throw new MalformedFlinkEventError('detail.requestParameters.force', request.force, 'must be a boolean');
  }
  const operationId = optionalString(response.operationId, 'detail.responseElements.operationId');
  const responseStatus = optionalString(
    applicationDetail.applicationStatus,
    'detail.responseElements.applicationDetail.applicationStatus',
  );
  return {
    kind: 'call',
    call: {
      eventName,
      eventId: requiredString(detail.eventID, 'detail.eventID'),
      eventTime: new Date(eventTime).toISOString(),
      account: requiredString(event.account, 'account', ACCOUNT),
      region: requiredString(event.region, 'region', REGION),
      applicationName: requiredString(
        request.applicationName,
        'detail.requestParameters.applicationName',
        APPLICATION_NAME,
      ),
      force: request.force === true,
      ...(operationId === undefined ? {} : { operationId }),
      ...(responseStatus === undefined ? {} : { responseStatus }),
    },
  };
}
