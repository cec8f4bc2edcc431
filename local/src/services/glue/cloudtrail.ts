/**
 * The CloudTrail management events of the Glue Schema Registry, as EventBridge delivers them
 * ("AWS API Call via CloudTrail"). Glue emits no native EventBridge events for the registry, so
 * this is what consumers (such as the catalog sync) subscribe to.
 */
import {
  CLOUDTRAIL_DETAIL_TYPE,
  emitApiCallEvent as emitCloudTrailEvent,
  toCloudTrailCase as renderForCloudTrail,
} from '../../cloud/cloudtrail.ts';
import type { CallContext } from '../../cloud/types.ts';

export { CLOUDTRAIL_DETAIL_TYPE };

/** Source of the events on the bus. */
export const GLUE_EVENT_SOURCE = 'aws.glue';

/** The Glue Schema Registry write operations that emit an event when they succeed. */
export type GlueAuditedOperation =
  | 'CreateRegistry'
  | 'DeleteRegistry'
  | 'CreateSchema'
  | 'UpdateSchema'
  | 'DeleteSchema'
  | 'RegisterSchemaVersion'
  | 'DeleteSchemaVersions';

/** The caller as CloudTrail records it. */
export interface CloudTrailUserIdentity {
  /** `Root`, `AssumedRole` or `IAMUser`, from the shape of the principal ARN. */
  readonly type: 'Root' | 'AssumedRole' | 'IAMUser';
  /** The calling principal's ARN (the assumed-role session ARN for AssumeRole keys). */
  readonly arn: string;
  readonly accountId: string;
}

/**
 * The `detail` of a CloudTrail API call event. `requestParameters` and `responseElements` are the
 * request and response with CloudTrail's lowerCamelCase member names (`{schemaId: {schemaName,
 * registryName}}`); map members such as tags keep their keys.
 */
export interface CloudTrailApiCallDetail {
  readonly eventVersion: '1.08';
  readonly userIdentity: CloudTrailUserIdentity;
  /** ISO-8601 without fractional seconds, as CloudTrail writes it. */
  readonly eventTime: string;
  readonly eventSource: 'glue.amazonaws.com';
  readonly eventName: GlueAuditedOperation;
  readonly awsRegion: string;
  readonly requestParameters: Record<string, unknown>;
  readonly responseElements: Record<string, unknown>;
  readonly requestID: string;
  readonly eventID: string;
  readonly eventType: 'AwsApiCall';
  readonly recipientAccountId: string;
}

/** Members whose values are maps of user keys: CloudTrail does not rename those keys. */
const MAP_MEMBERS = new Set(['Tags']);

/** A Glue request or response with CloudTrail's lowerCamelCase member names. */
export function toCloudTrailCase(value: unknown): unknown {
  return renderForCloudTrail(value, MAP_MEMBERS);
}

function identityType(principalArn: string): CloudTrailUserIdentity['type'] {
  if (principalArn.includes(':assumed-role/')) return 'AssumedRole';
  if (principalArn.endsWith(':root')) return 'Root';
  return 'IAMUser';
}

/**
 * Puts the CloudTrail event of a successful Glue Schema Registry call on the caller's default bus.
 * @param request the operation's input, SDK-shaped
 * @param response the operation's output, SDK-shaped
 */
export function emitApiCallEvent(
  ctx: CallContext<unknown>,
  eventName: GlueAuditedOperation,
  request: object,
  response: object,
): void {
  const { caller } = ctx;
  const userIdentity: CloudTrailUserIdentity = {
    type: identityType(caller.principalArn),
    arn: caller.principalArn,
    accountId: caller.account,
  };
  emitCloudTrailEvent(ctx, {
    source: GLUE_EVENT_SOURCE,
    eventVersion: '1.08',
    userIdentity,
    eventSource: 'glue.amazonaws.com',
    eventName,
    requestParameters: toCloudTrailCase(request),
    responseElements: toCloudTrailCase(response),
  });
}
