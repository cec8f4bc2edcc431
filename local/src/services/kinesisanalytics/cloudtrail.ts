/**
 * The CloudTrail management events ("AWS API Call via CloudTrail") that each successful mutating call
 * puts on the caller's default EventBridge bus, as CloudTrail does for Managed Service for Apache Flink.
 */
import type { CallContext } from '../../cloud/types.ts';

/** Members whose values are user maps: their keys are kept as they are. */
const MAP_MEMBERS = new Set(['PropertyMap']);

/**
 * CloudTrail's rendering of an SDK-shaped value: structure members in camelCase, timestamps as ISO
 * strings, blobs left out (CloudTrail does not log binary content).
 */
export function toCloudTrail(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map(toCloudTrail);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const rendered = MAP_MEMBERS.has(key) ? member : toCloudTrail(member);
    if (rendered !== undefined) result[key.charAt(0).toLowerCase() + key.slice(1)] = rendered;
  }
  return result;
}

function userIdentity(ctx: CallContext<unknown>) {
  const { account, accessKeyId, principalArn } = ctx.caller;
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(principalArn);
  if (assumed) {
    return {
      type: 'AssumedRole',
      principalId: `${assumed[1]}:${assumed[2]}`,
      arn: principalArn,
      accountId: account,
      accessKeyId,
    };
  }
  return { type: 'Root', principalId: account, arn: principalArn, accountId: account, accessKeyId };
}

/** Emits the CloudTrail event of a successful `eventName` call with its request and response. */
export function emitApiCall(
  ctx: CallContext<unknown>,
  { eventName, request, response }: { eventName: string; request: object; response: object },
): void {
  const time = ctx.cloud
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const responseElements = toCloudTrail(response) as Record<string, unknown>;
  ctx.cloud.emitEvent({
    source: 'aws.kinesisanalytics',
    'detail-type': 'AWS API Call via CloudTrail',
    account: ctx.caller.account,
    region: ctx.caller.region,
    time,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: userIdentity(ctx),
      eventTime: time,
      eventSource: 'kinesisanalytics.amazonaws.com',
      eventName,
      awsRegion: ctx.caller.region,
      sourceIPAddress: '127.0.0.1',
      requestParameters: toCloudTrail(request),
      responseElements: Object.keys(responseElements).length > 0 ? responseElements : null,
      requestID: ctx.requestId,
      eventID: ctx.cloud.newId(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ctx.caller.account,
      eventCategory: 'Management',
    },
  });
}
