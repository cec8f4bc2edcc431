/**
 * The CloudTrail management events ("AWS API Call via CloudTrail") that each successful mutating call
 * puts on the caller's default EventBridge bus, as CloudTrail does for Managed Service for Apache Flink.
 */
import { emitApiCallEvent, toCloudTrailCase } from '../../cloud/cloudtrail.ts';
import type { CallContext } from '../../cloud/types.ts';

/** Members whose values are user maps: their keys are kept as they are. */
const MAP_MEMBERS = new Set(['PropertyMap']);

/**
 * CloudTrail's rendering of an SDK-shaped value: structure members in camelCase, timestamps as ISO
 * strings, blobs left out (CloudTrail does not log binary content).
 */
export function toCloudTrail(value: unknown): unknown {
  return toCloudTrailCase(value, MAP_MEMBERS);
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
  const responseElements = toCloudTrail(response) as Record<string, unknown>;
  emitApiCallEvent(ctx, {
    source: 'aws.kinesisanalytics',
    stampTime: true,
    eventVersion: '1.09',
    userIdentity: userIdentity(ctx),
    eventSource: 'kinesisanalytics.amazonaws.com',
    eventName,
    sourceIPAddress: '127.0.0.1',
    requestParameters: toCloudTrail(request),
    responseElements: Object.keys(responseElements).length > 0 ? responseElements : null,
    readOnly: false,
    managementEvent: true,
    eventCategory: 'Management',
  });
}
