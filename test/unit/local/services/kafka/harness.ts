import type { CreateClusterV2Request, CreateClusterV2Response } from '@aws-sdk/client-kafka';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import {
  createKafkaService,
  type KafkaServiceOptions,
} from '../../../../../local/src/services/kafka/index.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const NOW = new Date('2026-03-04T05:06:07.890Z');

/** A local cloud with the MSK service and a fixed clock. */
export function kafkaCloud(options: KafkaServiceOptions = {}) {
  const cloud = new LocalCloud({ services: [createKafkaService(options)], now: () => NOW });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  const call = <T = Record<string, unknown>>(operation: string, input: object): Promise<T> =>
    cloud.call<T>('kafka', operation, input, caller);
  return { cloud, call };
}

/** A valid provisioned CreateClusterV2 request. */
export function provisionedRequest(
  name: string,
  provisioned: Partial<NonNullable<CreateClusterV2Request['Provisioned']>> = {},
): CreateClusterV2Request {
  return {
    ClusterName: name,
    Provisioned: {
      KafkaVersion: '3.6.0',
      NumberOfBrokerNodes: 3,
      BrokerNodeGroupInfo: {
        ClientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'],
        InstanceType: 'kafka.m5.large',
      },
      ...provisioned,
    },
  };
}

/** Creates a provisioned cluster and returns its ARN. */
export async function createCluster(
  call: ReturnType<typeof kafkaCloud>['call'],
  name = 'orders',
  provisioned: Partial<NonNullable<CreateClusterV2Request['Provisioned']>> = {},
): Promise<string> {
  const created = await call<CreateClusterV2Response>(
    'CreateClusterV2',
    provisionedRequest(name, provisioned),
  );
  return created.ClusterArn ?? '';
}
