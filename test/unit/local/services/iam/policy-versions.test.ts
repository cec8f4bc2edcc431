import type {
  CreatePolicyResponse,
  CreatePolicyVersionResponse,
  GetPolicyResponse,
  GetPolicyVersionResponse,
  ListPolicyVersionsResponse,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, policyOfSize, setupIam, TRUST } from './support.ts';

const doc = (action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [action], Resource: '*' }],
  });

async function withPolicy() {
  const setup = setupIam();
  const created = await setup.call<CreatePolicyResponse>('CreatePolicy', {
    PolicyName: 'p',
    Path: '/streamgov/',
    PolicyDocument: doc('kafka-cluster:Connect'),
  });
  const arn = created.Policy?.Arn ?? '';
  expect(arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/streamgov/p`);
  return { ...setup, arn };
}

describe('iam managed policy versions', () => {
  it('creates versions v2, v3 …, sets the default only when asked, and reads each one', async () => {
    // Prepare
    const { call, arn } = await withPolicy();
    // Act
    const v2 = await call<CreatePolicyVersionResponse>('CreatePolicyVersion', {
      PolicyArn: arn,
      PolicyDocument: doc('kafka-cluster:ReadData'),
      SetAsDefault: true,
    });
    const v3 = await call<CreatePolicyVersionResponse>('CreatePolicyVersion', {
      PolicyArn: arn,
      PolicyDocument: doc('kafka-cluster:DescribeTopic'),
    });
    // Assess
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
    expect(v2.PolicyVersion?.Document).toBeUndefined();
    expect(v3.PolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: false });
    const policy = await call<GetPolicyResponse>('GetPolicy', { PolicyArn: arn });
    expect(policy.Policy?.DefaultVersionId).toBe('v2');
    const read = await call<GetPolicyVersionResponse>('GetPolicyVersion', {
      PolicyArn: arn,
      VersionId: 'v3',
    });
    expect(read.PolicyVersion).toMatchObject({
      VersionId: 'v3',
      IsDefaultVersion: false,
      Document: encodeURIComponent(doc('kafka-cluster:DescribeTopic')),
    });
  });

  it('throws LimitExceeded for a sixth version and accepts one again after a delete', async () => {
    // Prepare
    const { call, arn } = await withPolicy();
    for (let i = 0; i < 4; i += 1) {
      await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc(`kafka-cluster:A${i}`) });
    }
    // Act + Assess
    await expect(
      call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('kafka-cluster:B') }),
    ).rejects.toMatchObject({
      code: 'LimitExceeded',
      status: 409,
      message:
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    const next = await call<CreatePolicyVersionResponse>('CreatePolicyVersion', {
      PolicyArn: arn,
      PolicyDocument: doc('kafka-cluster:B'),
    });
    expect(next.PolicyVersion?.VersionId).toBe('v6');
  });

  it('lists versions newest first in pages, without documents', async () => {
    // Prepare
    const { call, arn } = await withPolicy();
    await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('a:B'), SetAsDefault: true });
    await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('a:C') });
    // Act
    const first = await call<ListPolicyVersionsResponse>('ListPolicyVersions', {
      PolicyArn: arn,
      MaxItems: 2,
    });
    const second = await call<ListPolicyVersionsResponse>('ListPolicyVersions', {
      PolicyArn: arn,
      MaxItems: 2,
      Marker: first.Marker,
    });
    // Assess
    expect(first.IsTruncated).toBe(true);
    expect(second.IsTruncated).toBe(false);
    const all = [...(first.Versions ?? []), ...(second.Versions ?? [])];
    expect(all.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v3', false],
      ['v2', true],
      ['v1', false],
    ]);
    expect(all.every((v) => v.Document === undefined)).toBe(true);
  });

  it('refuses to delete the default version and deletes a policy only when one version is left', async () => {
    // Prepare
    const { call, arn } = await withPolicy();
    await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('a:B'), SetAsDefault: true });
    // Act + Assess
    await expect(call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' })).rejects.toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete the default version of a policy.',
    });
    await expect(call('DeletePolicy', { PolicyArn: arn })).rejects.toMatchObject({
      code: 'DeleteConflict',
      status: 409,
    });
    await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
    await call('DeletePolicy', { PolicyArn: arn });
    await expect(call('GetPolicy', { PolicyArn: arn })).rejects.toMatchObject({ code: 'NoSuchEntity' });
  });

  it('switches the default version with SetDefaultPolicyVersion', async () => {
    // Prepare
    const { call, arn } = await withPolicy();
    await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('a:B') });
    // Act
    await call('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    // Assess
    const policy = await call<GetPolicyResponse>('GetPolicy', { PolicyArn: arn });
    expect(policy.Policy?.DefaultVersionId).toBe('v2');
    await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
  });

  it('answers NoSuchEntity for unknown versions and policies, and checks documents and sizes', async () => {
    // Prepare
    const { call, arn } = await withPolicy();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    // Act + Assess
    for (const operation of ['GetPolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion']) {
      await expect(call(operation, { PolicyArn: arn, VersionId: 'v9' })).rejects.toMatchObject({
        code: 'NoSuchEntity',
        status: 404,
      });
    }
    await expect(call('GetPolicyVersion', { PolicyArn: arn, VersionId: 'x1' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(
      call('CreatePolicyVersion', { PolicyArn: `${arn}-gone`, PolicyDocument: doc('a:B') }),
    ).rejects.toMatchObject({ code: 'NoSuchEntity' });
    await expect(call('ListPolicyVersions', { PolicyArn: `${arn}-gone` })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
    await expect(call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: '{' })).rejects.toMatchObject({
      code: 'MalformedPolicyDocument',
    });
    await expect(
      call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: policyOfSize(6145) }),
    ).rejects.toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for PolicySize: 6144' });
  });
});
