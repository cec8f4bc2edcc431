import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MskClusters } from '../../../../asset-types/src/adapters/msk-clusters.ts';
import { ClusterNotFoundError } from '../../../../asset-types/src/errors.ts';
import { AwsCallError, InvalidInputError, TransientAwsError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import {
  calls,
  clearFaultsAndCalls,
  createPrefixClusters,
  type DemoCloud,
  startDemoCloud,
} from '../../../support/demo-world.ts';

const UNKNOWN_ARN =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/nope/00000000-0000-0000-0000-000000000000-1';

/** MskClusters on the local cloud through the real SDK, in the demo world's producer account. */
describe('MskClusters', () => {
  let demo: DemoCloud;
  let clusters: MskClusters;
  let clusterArn: string;

  beforeAll(async () => {
    demo = await startDemoCloud();
    clusterArn = demo.seeded.clusters['streaming-orders']?.arn ?? '';
    // 11 more clusters whose names start with "streaming-orders": ListClustersV2 needs 2 pages (of 10).
    await createPrefixClusters(demo, 11);
    clusters = new MskClusters({ client: demo.producer.kafka(), log: new MemoryLog() });
  });
  afterAll(() => demo.local.close());
  afterEach(() => clearFaultsAndCalls(demo));

  it('resolves a cluster by exact name when its prefix matches clusters on two pages', async () => {
    // Act
    const cluster = await clusters.resolveCluster({ clusterName: 'streaming-orders' });

    // Assess
    expect(cluster).toMatchObject({ arn: clusterArn, name: 'streaming-orders', type: 'PROVISIONED' });
    expect(cluster.brokers.BootstrapBrokerStringSaslIam).toMatch(/:9098/);
    expect(calls(demo, 'kafka:ListClustersV2')).toBe(2);
    expect(calls(demo, 'kafka:GetBootstrapBrokers')).toBe(1);
  });

  it('resolves a cluster by ARN with DescribeClusterV2, without listing clusters', async () => {
    // Act
    const cluster = await clusters.resolveCluster({ clusterArn, clusterName: 'streaming-orders' });

    // Assess
    expect(cluster).toMatchObject({ arn: clusterArn, name: 'streaming-orders', type: 'PROVISIONED' });
    expect(calls(demo, 'kafka:DescribeClusterV2')).toBe(1);
    expect(calls(demo, 'kafka:ListClustersV2')).toBe(0);
  });

  it('resolves a serverless cluster by name', async () => {
    // Act
    const cluster = await clusters.resolveCluster({ clusterName: 'streaming-orders-07' });

    // Assess
    expect(cluster.type).toBe('SERVERLESS');
    expect(cluster.name).toBe('streaming-orders-07');
  });

  it('throws ClusterNotFoundError with the name in its context when only prefix matches exist', async () => {
    // Act
    const error = await clusters.resolveCluster({ clusterName: 'streaming' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ClusterNotFoundError);
    expect(error).toMatchObject({
      name: 'ClusterNotFoundError',
      message: 'MSK cluster named streaming does not exist',
      context: { clusterName: 'streaming' },
    });
  });

  it('throws ClusterNotFoundError with the SDK error as cause when no cluster has the ARN', async () => {
    // Act
    const error = await clusters.resolveCluster({ clusterArn: UNKNOWN_ARN }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ClusterNotFoundError);
    expect(error).toMatchObject({ context: { clusterArn: UNKNOWN_ARN } });
    expect((error as Error).cause).toMatchObject({ name: 'NotFoundException' });
  });

  it('throws ClusterNotFoundError when the cluster vanishes before its brokers are read', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'kafka:GetBootstrapBrokers': { rate: 1, code: 'NotFoundException', status: 404 } },
    });

    // Act & Assess
    await expect(clusters.resolveCluster({ clusterArn })).rejects.toThrow(ClusterNotFoundError);
  });

  it('throws InvalidInputError for a malformed ARN, a bad name, a name that does not match the ARN, or no reference', async () => {
    await expect(clusters.resolveCluster({ clusterArn: 'arn:aws:s3:::bucket' })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(clusters.resolveCluster({ clusterName: 'bad name!' })).rejects.toThrow(/clusterName/);
    await expect(clusters.resolveCluster({ clusterArn, clusterName: 'other' })).rejects.toThrow(
      /does not match cluster/,
    );
    await expect(clusters.resolveCluster({})).rejects.toThrow(/give a clusterName or a clusterArn/);
    expect(calls(demo, 'kafka:ListClustersV2')).toBe(0);
  });

  it('throws TransientAwsError on a 5xx from ListClustersV2 or GetBootstrapBrokers and AwsCallError on a 403', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: {
        'kafka:ListClustersV2': { rate: 1, code: 'ServiceUnavailableException', status: 503 },
        'kafka:DescribeClusterV2': { rate: 1, code: 'ForbiddenException', status: 403 },
      },
    });

    // Act & Assess
    await expect(clusters.resolveCluster({ clusterName: 'streaming-orders' })).rejects.toThrow(
      TransientAwsError,
    );
    const denied = clusters.resolveCluster({ clusterArn });
    await expect(denied).rejects.toThrow(AwsCallError);
    await expect(denied).rejects.toThrow(/kafka:DescribeClusterV2 .*ForbiddenException/);

    demo.local.cloud.faults.configure({
      errors: { 'kafka:GetBootstrapBrokers': { rate: 1, code: 'TooManyRequestsException', status: 429 } },
    });
    await expect(clusters.resolveCluster({ clusterName: 'streaming-orders' })).rejects.toThrow(
      TransientAwsError,
    );
  });
});
