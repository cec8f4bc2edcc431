import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../local/src/cloud/cloud.ts';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  emitApiCallEvent,
  toCloudTrailCase,
} from '../../../../local/src/cloud/cloudtrail.ts';
import { AwsError } from '../../../../local/src/cloud/errors.ts';
import type { CallContext, CloudEvent, ServiceDefinition } from '../../../../local/src/cloud/types.ts';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

/** A cloud with a fixed clock, counted ids and an `events` service that records what it is given. */
function recordingCloud() {
  const events: CloudEvent[] = [];
  const eventsService: ServiceDefinition<Record<string, never>> = {
    signingName: 'events',
    initialState: () => ({}),
    validationError: (message) => new AwsError('ValidationException', message),
    operations: {},
    internal: { DeliverEvent: (event: CloudEvent) => void events.push(event) },
  };
  let ids = 0;
  const cloud = new LocalCloud({
    services: [eventsService],
    now: () => new Date('2026-03-04T05:06:07.890Z'),
    newId: () => `id-${++ids}`,
  });
  const ctx: CallContext<unknown> = {
    state: {},
    caller: cloud.rootCaller(ACCOUNT, REGION),
    cloud,
    requestId: 'request-1',
  };
  return { cloud, ctx, events };
}

describe('toCloudTrailCase', () => {
  it('lower-cases member names at every level, keeps map members, renders dates and drops blobs', () => {
    // Act
    const rendered = toCloudTrailCase(
      {
        SchemaId: { SchemaArn: 'a' },
        Items: [{ VersionNumber: 1 }, null],
        Tags: { Team: 'x', Gone: undefined },
        Created: new Date('2026-01-01T00:00:00.000Z'),
        Code: new Uint8Array([1]),
        Gone: undefined,
      },
      new Set(['Tags']),
    );

    // Assess
    expect(rendered).toStrictEqual({
      schemaId: { schemaArn: 'a' },
      items: [{ versionNumber: 1 }, null],
      tags: { Team: 'x', Gone: undefined },
      created: '2026-01-01T00:00:00.000Z',
    });
    expect(toCloudTrailCase({ Tags: { Team: 'x' } })).toEqual({ tags: { team: 'x' } });
    expect(toCloudTrailCase('text')).toBe('text');
  });
});

describe('emitApiCallEvent', () => {
  it('puts an "AWS API Call via CloudTrail" event with the call members on the default bus', async () => {
    // Prepare
    const { cloud, ctx, events } = recordingCloud();

    // Act
    emitApiCallEvent(ctx, {
      source: 'aws.glue',
      eventVersion: '1.08',
      userIdentity: { type: 'Root' },
      eventSource: 'glue.amazonaws.com',
      eventName: 'CreateRegistry',
      requestParameters: { registryName: 'r' },
      responseElements: { registryArn: 'arn' },
    });
    await cloud.settle();

    // Assess
    expect(events).toEqual([
      {
        version: '0',
        id: 'id-2',
        time: '2026-03-04T05:06:07Z',
        source: 'aws.glue',
        'detail-type': CLOUDTRAIL_DETAIL_TYPE,
        account: ACCOUNT,
        region: REGION,
        resources: [],
        detail: {
          eventVersion: '1.08',
          userIdentity: { type: 'Root' },
          eventTime: '2026-03-04T05:06:07Z',
          eventSource: 'glue.amazonaws.com',
          eventName: 'CreateRegistry',
          awsRegion: REGION,
          requestParameters: { registryName: 'r' },
          responseElements: { registryArn: 'arn' },
          requestID: 'request-1',
          eventID: 'id-1',
          eventType: 'AwsApiCall',
          recipientAccountId: ACCOUNT,
        },
      },
    ]);
  });

  it('writes the optional members in CloudTrail order and can stamp the event time', async () => {
    // Prepare
    const { cloud, ctx, events } = recordingCloud();

    // Act
    emitApiCallEvent(ctx, {
      source: 'aws.kinesisanalytics',
      stampTime: true,
      eventVersion: '1.09',
      userIdentity: {},
      eventSource: 'kinesisanalytics.amazonaws.com',
      eventName: 'DeleteApplication',
      sourceIPAddress: '127.0.0.1',
      requestParameters: {},
      responseElements: null,
      readOnly: false,
      managementEvent: true,
      eventCategory: 'Management',
    });
    await cloud.settle();

    // Assess
    const [event] = events;
    expect(Object.keys(event ?? {})).toEqual([
      'version',
      'id',
      'time',
      'source',
      'detail-type',
      'account',
      'region',
      'resources',
      'detail',
    ]);
    expect(event?.time).toBe('2026-03-04T05:06:07Z');
    expect(Object.keys(event?.detail ?? {})).toEqual([
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'requestParameters',
      'responseElements',
      'requestID',
      'eventID',
      'readOnly',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
    ]);
    expect(event?.detail).toMatchObject({ responseElements: null, readOnly: false, managementEvent: true });
  });
});
