import { AttachRolePolicyCommand, CreatePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutClusterPolicyCommand } from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotManagedError, UnsupportedClusterError } from '../../../grant-workflow/src/errors.ts';
import {
  apply,
  applyBoth,
  CONSUMER,
  clusterPolicy,
  createCluster,
  createConsumerRole,
  type GrantWorld,
  grantRequest,
  PRODUCER,
  resourcesWith,
  roleDocuments,
  startGrantWorld,
  topicGrant,
} from './support.ts';

/**
 * The environment side of the grant workflow through the real SDK on the local cloud (demo world:
 * cluster streaming-orders in 222222222222, consumer roles tagged streamgov:managed=true under
 * /streamgov/ in 333333333333).
 */
describe('applyGrant on the local cloud', () => {
  let world: GrantWorld;
  let reader: string;
  const calls = (key: string) => world.local.cloud.callCounts()[key] ?? 0;
  const writeCalls = () =>
    Object.entries(world.local.cloud.callCounts())
      .filter(([key]) =>
        /^(iam:(Put|Delete|Create|Attach|Detach)|kafka:(Put|Delete)ClusterPolicy|ssm:DeleteParameter)/.test(
          key,
        ),
      )
      .reduce((sum, [, n]) => sum + n, 0);

  beforeAll(async () => {
    world = await startGrantWorld();
    reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
  });
  afterAll(() => world.local.close());

  it('grants Glue reads only on schemas of the consumer account: the producer’s registry is not reachable by IAM', async () => {
    // Prepare: one topic whose schemas are in the producer's registry, one in a registry of the consumer
    const remote = topicGrant(world.clusterArn, 'payments', [reader], 901, PRODUCER);
    const local = topicGrant(world.clusterArn, 'shipments', [reader], 902);
    // Act
    await applyBoth(world, grantRequest(remote, 'GRANT'));
    const remoteOnly = await roleDocuments(world, 'analytics-reader');
    await applyBoth(world, grantRequest(local, 'GRANT'));
    const both = await roleDocuments(world, 'analytics-reader');
    await applyBoth(world, grantRequest(remote, 'REVOKE'));
    await applyBoth(world, grantRequest(local, 'REVOKE'));
    // Assess
    expect(resourcesWith(remoteOnly.ours, 'kafka-cluster:ReadData')).toEqual([remote.topicArn]);
    expect(resourcesWith(remoteOnly.ours, 'glue:GetSchemaVersion', ':glue:')).toEqual([]);
    expect(resourcesWith(both.ours, 'glue:GetSchemaVersion', ':glue:')).toEqual(
      [...local.schemaArns, `arn:aws:glue:eu-west-1:${CONSUMER}:registry/streaming`].sort(),
    );
  });

  it('grants, revokes and re-grants a topic on both sides', async () => {
    // Prepare
    const grant = topicGrant(world.clusterArn, 'orders', [reader], 1);
    // Act: grant
    const granted = await applyBoth(world, grantRequest(grant, 'GRANT'));
    const afterGrant = await roleDocuments(world, 'analytics-reader');
    const clusterAfterGrant = await clusterPolicy(world, world.clusterArn);
    // Act: revoke
    const revoked = await applyBoth(world, grantRequest(grant, 'REVOKE'));
    const afterRevoke = await roleDocuments(world, 'analytics-reader');
    const clusterAfterRevoke = await clusterPolicy(world, world.clusterArn);
    // Act: re-grant
    await applyBoth(world, grantRequest(grant, 'GRANT'));
    const afterRegrant = await roleDocuments(world, 'analytics-reader');
    // Assess
    expect(granted.producer).toEqual({
      side: 'producer',
      action: 'GRANT',
      changed: true,
      policies: [world.clusterArn],
    });
    expect(granted.consumer).toEqual({
      side: 'consumer',
      action: 'GRANT',
      changed: true,
      policies: ['streamgov-kafka-access'],
    });
    expect(resourcesWith(afterGrant.ours, 'kafka-cluster:ReadData')).toEqual([grant.topicArn]);
    expect(resourcesWith(afterGrant.ours, 'glue:GetSchemaVersion', ':schema/')).toEqual(
      [...grant.schemaArns].sort(),
    );
    expect(resourcesWith(clusterAfterGrant ? [clusterAfterGrant] : [], 'kafka-cluster:ReadData')).toEqual([
      grant.topicArn,
    ]);
    expect(clusterAfterGrant?.Statement[0]?.Principal).toEqual({ AWS: [reader] });
    expect(revoked.consumer.changed).toBe(true);
    expect(afterRevoke.inline).toEqual({});
    expect(clusterAfterRevoke).toBeUndefined();
    expect(resourcesWith(afterRegrant.ours, 'kafka-cluster:ReadData')).toEqual([grant.topicArn]);
    // Clean up for the next tests.
    await applyBoth(world, grantRequest(grant, 'REVOKE'));
  });

  it('makes no policy write for a duplicate event', async () => {
    // Prepare
    const grant = topicGrant(world.clusterArn, 'payments', [reader], 2);
    await applyBoth(world, grantRequest(grant, 'GRANT'));
    world.local.cloud.resetCallCounts();
    // Act
    const again = await applyBoth(world, grantRequest(grant, 'GRANT'));
    // Assess
    expect(again.producer.changed).toBe(false);
    expect(again.consumer.changed).toBe(false);
    expect(writeCalls()).toBe(0);
    // Each side's create-only PutParameter is refused (the record exists) and a read confirms it
    // unchanged; the target's change counter is still advanced (PutParameter). The round finds the
    // policies in force equal to the rendering and stops without reading the counter again.
    expect(calls('ssm:PutParameter')).toBe(4);
    expect(calls('ssm:GetParameter')).toBe(2);
    await applyBoth(world, grantRequest(grant, 'REVOKE'));
  });

  it('keeps the other grant when one of two is revoked', async () => {
    // Prepare
    const a = topicGrant(world.clusterArn, 'orders', [reader], 3);
    const b = topicGrant(world.clusterArn, 'shipments', [reader], 4);
    await applyBoth(world, grantRequest(a, 'GRANT'));
    await applyBoth(world, grantRequest(b, 'GRANT'));
    // Act
    await applyBoth(world, grantRequest(a, 'REVOKE'));
    // Assess
    const role = await roleDocuments(world, 'analytics-reader');
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(role.ours, 'kafka-cluster:ReadData')).toEqual([b.topicArn]);
    expect(resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData')).toEqual([b.topicArn]);
    await applyBoth(world, grantRequest(b, 'REVOKE'));
  });

  it('leaves foreign inline policies, foreign managed policies and foreign cluster statements untouched', async () => {
    // Prepare
    const iam = world.consumer.iam();
    const foreignInline = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TeamBucket',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::team-bucket/*',
        },
      ],
    });
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'fraud-detector',
        PolicyName: 'team-s3',
        PolicyDocument: foreignInline,
      }),
    );
    const foreignManaged = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'team-logs',
        PolicyDocument: foreignInline.replace('TeamBucket', 'Logs'),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'fraud-detector', PolicyArn: foreignManaged.Policy?.Arn }),
    );
    const foreignStatement = {
      Sid: 'OpsDescribe',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444444444444:root' },
      Action: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
      Resource: world.clusterArn,
    };
    await world.producer.kafka().send(
      new PutClusterPolicyCommand({
        ClusterArn: world.clusterArn,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [foreignStatement] }),
      }),
    );
    const fraud = world.seeded.roles['consumer/fraud-detector'] ?? '';
    const grant = topicGrant(world.clusterArn, 'audit-log', [fraud], 5);
    // Act
    await applyBoth(world, grantRequest(grant, 'GRANT'));
    const during = await clusterPolicy(world, world.clusterArn);
    await applyBoth(world, grantRequest(grant, 'REVOKE'));
    // Assess
    const role = await roleDocuments(world, 'fraud-detector');
    expect(role.inline).toEqual({ 'team-s3': foreignInline });
    expect(role.attached).toEqual(['team-logs']);
    expect(during?.Statement[0]).toEqual(foreignStatement);
    expect(resourcesWith(during ? [during] : [], 'kafka-cluster:ReadData')).toEqual([grant.topicArn]);
    expect((await clusterPolicy(world, world.clusterArn))?.Statement).toEqual([foreignStatement]);
  });

  it('refuses an unmanaged role with NotManagedError and touches nothing', async () => {
    // Prepare
    const plain = await createConsumerRole(world, 'unmanaged-reader', false);
    const grant = topicGrant(world.clusterArn, 'orders', [reader, plain], 6);
    world.local.cloud.resetCallCounts();
    // Act
    const attempt = apply(world, grantRequest(grant, 'GRANT'), 'consumer');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotManagedError);
    await expect(attempt).rejects.toThrow(
      /unmanaged-reader.*tag-role --role-name unmanaged-reader --tags Key=streamgov:managed,Value=true/s,
    );
    expect(writeCalls()).toBe(0);
    expect(calls('iam:GetRole')).toBe(2);
  });

  it('refuses cross-account access to a serverless cluster before touching anything', async () => {
    // Prepare
    const serverless = await createCluster(world, 'events-serverless', true);
    const grant = topicGrant(serverless, 'clicks', [reader], 7);
    world.local.cloud.resetCallCounts();
    // Act: the request says PROVISIONED (stale metadata); MSK says SERVERLESS.
    const attempt = apply(world, grantRequest(grant, 'GRANT', 'PROVISIONED'), 'producer');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedClusterError);
    await expect(attempt).rejects.toThrow(`cross-account access to ${serverless} needs`);
    expect(writeCalls()).toBe(0);
    expect(grant.consumerAccount).toBe(CONSUMER);
  });
});
