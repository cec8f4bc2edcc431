import type { GetClusterPolicyResponse, PutClusterPolicyResponse } from '@aws-sdk/client-kafka';
import { describe, expect, it } from 'vitest';
import { createCluster, kafkaCloud } from './harness.ts';

function policy(...sids: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: sids.map((Sid) => ({
      Sid,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:role/consumer' },
      Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
      Resource: '*',
    })),
  });
}

async function withCluster(options: { maxClusterPolicyChars?: number } = {}) {
  const harness = kafkaCloud(options);
  const clusterArn = await createCluster(harness.call, 'orders');
  return { ...harness, clusterArn };
}

describe('kafka cluster policy', () => {
  it('throws NotFoundException (404) from GetClusterPolicy when the cluster has no policy', async () => {
    const { call, clusterArn } = await withCluster();

    await expect(call('GetClusterPolicy', { ClusterArn: clusterArn })).rejects.toMatchObject({
      code: 'NotFoundException',
      fields: { InvalidParameter: 'clusterArn' },
    });
  });

  it('creates a policy without CurrentVersion and reads it back with its version', async () => {
    // Prepare
    const { call, clusterArn } = await withCluster();

    // Act
    const put = await call<PutClusterPolicyResponse>('PutClusterPolicy', {
      ClusterArn: clusterArn,
      Policy: policy('a'),
    });
    const got = await call<GetClusterPolicyResponse>('GetClusterPolicy', { ClusterArn: clusterArn });

    // Assess
    expect(put).toEqual({ CurrentVersion: expect.stringMatching(/^K[0-9A-F]{13}$/u) });
    expect(got).toEqual({ CurrentVersion: put.CurrentVersion, Policy: policy('a') });
  });

  it('updates with the current version and answers a new opaque version each time', async () => {
    // Prepare
    const { call, clusterArn } = await withCluster();
    const first = await call<PutClusterPolicyResponse>('PutClusterPolicy', {
      ClusterArn: clusterArn,
      Policy: policy('a'),
    });

    // Act
    const second = await call<PutClusterPolicyResponse>('PutClusterPolicy', {
      ClusterArn: clusterArn,
      Policy: policy('a', 'b'),
      CurrentVersion: first.CurrentVersion,
    });

    // Assess
    expect(second.CurrentVersion).not.toBe(first.CurrentVersion);
    await expect(call('GetClusterPolicy', { ClusterArn: clusterArn })).resolves.toEqual({
      CurrentVersion: second.CurrentVersion,
      Policy: policy('a', 'b'),
    });
  });

  it('throws BadRequestException "isn\'t current" for a stale or missing version and keeps the policy', async () => {
    // Prepare
    const { call, clusterArn } = await withCluster();
    const first = await call<PutClusterPolicyResponse>('PutClusterPolicy', {
      ClusterArn: clusterArn,
      Policy: policy('a'),
    });
    const second = await call<PutClusterPolicyResponse>('PutClusterPolicy', {
      ClusterArn: clusterArn,
      Policy: policy('b'),
      CurrentVersion: first.CurrentVersion,
    });
    const stale = {
      code: 'BadRequestException',
      message: "The version of the cluster policy isn't current.",
      fields: { InvalidParameter: 'currentVersion' },
    };

    // Act + Assess
    await expect(
      call('PutClusterPolicy', {
        ClusterArn: clusterArn,
        Policy: policy('c'),
        CurrentVersion: first.CurrentVersion,
      }),
    ).rejects.toMatchObject(stale);
    await expect(
      call('PutClusterPolicy', { ClusterArn: clusterArn, Policy: policy('c') }),
    ).rejects.toMatchObject(stale);
    await expect(call('GetClusterPolicy', { ClusterArn: clusterArn })).resolves.toEqual({
      CurrentVersion: second.CurrentVersion,
      Policy: policy('b'),
    });
  });

  it('throws BadRequestException for a CurrentVersion when no policy exists', async () => {
    const { call, clusterArn } = await withCluster();

    await expect(
      call('PutClusterPolicy', { ClusterArn: clusterArn, Policy: policy('a'), CurrentVersion: 'K123' }),
    ).rejects.toMatchObject({ code: 'BadRequestException', fields: { InvalidParameter: 'currentVersion' } });
  });

  it.each([
    ['{not json', 'The policy is not valid JSON'],
    ['[]', 'must be a JSON object with a Statement'],
    ['{"Version":"2012-10-17"}', 'must be a JSON object with a Statement'],
  ])('throws BadRequestException (policy) for the document %s', async (document, message) => {
    const { call, clusterArn } = await withCluster();

    await expect(
      call('PutClusterPolicy', { ClusterArn: clusterArn, Policy: document }),
    ).rejects.toMatchObject({
      code: 'BadRequestException',
      message: expect.stringContaining(message),
      fields: { InvalidParameter: 'policy' },
    });
  });

  it('throws BadRequestException for duplicate statement Sids', async () => {
    const { call, clusterArn } = await withCluster();

    await expect(
      call('PutClusterPolicy', { ClusterArn: clusterArn, Policy: policy('g1', 'g1') }),
    ).rejects.toMatchObject({
      code: 'BadRequestException',
      message: 'The Statement Ids in the policy are not unique.',
    });
  });

  it('enforces the configured maximum policy size (default 20,480 characters)', async () => {
    // Prepare
    const small = await withCluster({ maxClusterPolicyChars: 300 });
    const defaults = await withCluster();
    const big = policy(...Array.from({ length: 110 }, (_, i) => `grant-${i}`));

    // Act + Assess
    expect(big.length).toBeGreaterThan(20_480);
    await expect(
      small.call('PutClusterPolicy', { ClusterArn: small.clusterArn, Policy: policy('a', 'b') }),
    ).rejects.toMatchObject({
      code: 'BadRequestException',
      message: expect.stringContaining('300 characters'),
    });
    await expect(
      defaults.call('PutClusterPolicy', { ClusterArn: defaults.clusterArn, Policy: big }),
    ).rejects.toMatchObject({
      code: 'BadRequestException',
      message: expect.stringContaining('20480 characters'),
    });
    await expect(
      defaults.call('PutClusterPolicy', { ClusterArn: defaults.clusterArn, Policy: policy('a', 'b') }),
    ).resolves.toMatchObject({ CurrentVersion: expect.any(String) });
  });

  it('deletes the policy (200 {}), after which Get and Delete answer 404', async () => {
    const { call, clusterArn } = await withCluster();
    await call('PutClusterPolicy', { ClusterArn: clusterArn, Policy: policy('a') });

    await expect(call('DeleteClusterPolicy', { ClusterArn: clusterArn })).resolves.toEqual({});
    await expect(call('GetClusterPolicy', { ClusterArn: clusterArn })).rejects.toMatchObject({
      code: 'NotFoundException',
    });
    await expect(call('DeleteClusterPolicy', { ClusterArn: clusterArn })).rejects.toMatchObject({
      code: 'NotFoundException',
    });
    await expect(
      call('PutClusterPolicy', { ClusterArn: clusterArn, Policy: policy('a') }),
    ).resolves.toMatchObject({
      CurrentVersion: expect.any(String),
    });
  });

  it('throws NotFoundException (clusterArn) for every policy operation on an unknown cluster', async () => {
    const { call, clusterArn } = await withCluster();
    const unknown = clusterArn.replace('/orders/', '/nope/');

    for (const operation of ['GetClusterPolicy', 'PutClusterPolicy', 'DeleteClusterPolicy']) {
      await expect(call(operation, { ClusterArn: unknown, Policy: policy('a') })).rejects.toMatchObject({
        code: 'NotFoundException',
        fields: { InvalidParameter: 'clusterArn' },
      });
    }
  });

  it('rejects a missing Policy with BadRequestException naming policy', async () => {
    const { call, clusterArn } = await withCluster();

    await expect(call('PutClusterPolicy', { ClusterArn: clusterArn })).rejects.toMatchObject({
      code: 'BadRequestException',
      fields: { InvalidParameter: 'policy' },
    });
  });
});
