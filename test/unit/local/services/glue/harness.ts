import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import type { CallerIdentity, CloudEvent, ServiceDefinition } from '../../../../../local/src/cloud/types.ts';
import { glueService } from '../../../../../local/src/services/glue/index.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const NOW = new Date('2026-03-04T05:06:07.890Z');

/** A stand-in `events` service that records the events the cloud delivers (`DeliverEvent`). */
export function recordingEventsService(events: CloudEvent[]): ServiceDefinition<Record<string, never>> {
  return {
    signingName: 'events',
    initialState: () => ({}),
    validationError: (message) => new AwsError('ValidationException', message),
    operations: {},
    internal: {
      DeliverEvent: (event: CloudEvent) => {
        events.push(event);
        return {};
      },
    },
  };
}

/** A local cloud with the Glue service, a recording events service and a fixed clock. */
export function glueCloud(caller?: CallerIdentity) {
  const events: CloudEvent[] = [];
  const cloud = new LocalCloud({ services: [glueService, recordingEventsService(events)], now: () => NOW });
  const identity = caller ?? cloud.rootCaller(ACCOUNT, REGION);
  const call = <T = Record<string, unknown>>(operation: string, input: object): Promise<T> =>
    cloud.call<T>('glue', operation, input, identity);
  return { cloud, call, events, caller: identity };
}

export const AVRO_V1 = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [{ name: 'id', type: 'string' }],
});
export const AVRO_V2 = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: ['null', 'double'], default: null },
  ],
});
export const AVRO_V3 = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: ['null', 'double'], default: null },
    { name: 'currency', type: ['null', 'string'], default: null },
  ],
});
