import type { FlinkApiCall } from '../../../../lineage/src/flink/cloudtrail-event.ts';
import type { ApplicationOperation, FlinkApplication } from '../../../../lineage/src/flink/ports.ts';

export const APP_ARN = 'arn:aws:kinesisanalytics:eu-west-1:333333333333:application/orders-enricher';
export const BROKER_1 = 'b-1.orders.abc.c2.kafka.eu-west-1.amazonaws.com';
export const BROKER_2 = 'b-2.orders.abc.c2.kafka.eu-west-1.amazonaws.com';

/** A running FLINK-1_20 application reading `orders` from broker 2 and writing `alerts`. */
export function application(overrides: Partial<FlinkApplication> = {}): FlinkApplication {
  return {
    arn: APP_ARN,
    name: 'orders-enricher',
    versionId: 3,
    status: 'RUNNING',
    runtime: 'FLINK-1_20',
    mode: 'STREAMING',
    propertyGroups: [
      {
        id: 'streamgov.lineage',
        properties: {
          'bootstrap.servers': `${BROKER_2}:9098`,
          'input.topics': 'orders',
          'output.topics': 'alerts',
        },
      },
    ],
    ...overrides,
  };
}

export function call(overrides: Partial<FlinkApiCall> = {}): FlinkApiCall {
  return {
    eventName: 'StartApplication',
    eventId: 'e-1',
    eventTime: '2026-11-20T10:15:02.000Z',
    account: '333333333333',
    region: 'eu-west-1',
    applicationName: 'orders-enricher',
    operationId: 'op-2',
    force: false,
    ...overrides,
  };
}

export function op(id: string, operation: string, status: string, second: number): ApplicationOperation {
  return { id, operation, status, startTime: new Date(Date.UTC(2026, 10, 20, 10, 15, second)) };
}
