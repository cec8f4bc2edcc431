import type { CreateRoleResponse, GetRoleResponse, ListRoleTagsResponse } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, setupIam, TRUST } from './support.ts';

describe('iam roles', () => {
  it('creates a role with ARN, AROA id, defaults and URL-encoded trust policy', async () => {
    const { call } = setupIam();
    const created = await call<CreateRoleResponse>('CreateRole', {
      RoleName: 'consumer',
      Path: '/streamgov/',
      AssumeRolePolicyDocument: TRUST,
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    expect(created.Role).toMatchObject({
      RoleName: 'consumer',
      Path: '/streamgov/',
      Arn: `arn:aws:iam::${ACCOUNT}:role/streamgov/consumer`,
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: encodeURIComponent(TRUST),
      CreateDate: new Date('2026-01-02T03:04:05.000Z'),
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    const got = await call<GetRoleResponse>('GetRole', { RoleName: 'CONSUMER' });
    expect(got.Role?.RoleId).toBe(created.Role?.RoleId);
    expect(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? '')).toBe(TRUST);
  });

  it('throws EntityAlreadyExists for a name that differs only in case', async () => {
    const { call } = setupIam();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    await expect(
      call('CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: TRUST }),
    ).rejects.toMatchObject({
      code: 'EntityAlreadyExists',
      status: 409,
    });
  });

  it.each([
    ['not json', 'Syntax errors in policy.'],
    [JSON.stringify({ Version: '2012-10-17' }), 'Syntax errors in policy.'],
    [
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }),
      'Policy document must be version 2012-10-17 or greater.',
    ],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
      'Missing required field Principal.',
    ],
    [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Resource: '*' }],
      }),
      'Has prohibited field Resource.',
    ],
  ])('rejects the trust policy %s with MalformedPolicyDocument', async (document, message) => {
    const { call } = setupIam();
    await expect(
      call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: document }),
    ).rejects.toMatchObject({
      code: 'MalformedPolicyDocument',
      message,
      status: 400,
    });
  });

  it('limits the trust policy to 2,048 characters', async () => {
    const { call } = setupIam();
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(i).padStart(12, '0')}:root`),
          },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    await expect(call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: big })).rejects.toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    });
  });

  it('validates name, path, MaxSessionDuration, permissions boundary and duplicate tags', async () => {
    const { call } = setupIam();
    await expect(
      call('CreateRole', { RoleName: 'bad name', AssumeRolePolicyDocument: TRUST }),
    ).rejects.toMatchObject({
      code: 'ValidationError',
      message: expect.stringContaining("'RoleName'"),
    });
    await expect(
      call('CreateRole', { RoleName: 'r', Path: 'nopath', AssumeRolePolicyDocument: TRUST }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    await expect(
      call('CreateRole', { RoleName: 'r', MaxSessionDuration: 100, AssumeRolePolicyDocument: TRUST }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    await expect(call('CreateRole', { RoleName: 'r' })).rejects.toMatchObject({ code: 'ValidationError' });
    await expect(
      call('CreateRole', {
        RoleName: 'r',
        AssumeRolePolicyDocument: TRUST,
        PermissionsBoundary: 'arn:aws:s3:::bucket/x',
      }),
    ).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(
      call('CreateRole', {
        RoleName: 'r',
        AssumeRolePolicyDocument: TRUST,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'A', Value: '2' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'InvalidInput' });
  });

  it('keeps a permissions boundary and a description', async () => {
    const { call } = setupIam();
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
    const created = await call<CreateRoleResponse>('CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: TRUST,
      PermissionsBoundary: boundary,
      Description: 'a role',
      MaxSessionDuration: 7200,
    });
    expect(created.Role).toMatchObject({
      Description: 'a role',
      MaxSessionDuration: 7200,
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundary,
      },
    });
  });

  it('throws NoSuchEntity for a missing role', async () => {
    const { call } = setupIam();
    await expect(call('GetRole', { RoleName: 'ghost' })).rejects.toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role with name ghost cannot be found.',
      status: 404,
    });
    await expect(call('DeleteRole', { RoleName: 'ghost' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
  });

  it('deletes a role only once its policies are gone (DeleteConflict)', async () => {
    const { call } = setupIam();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    await call('PutRolePolicy', {
      RoleName: 'r',
      PolicyName: 'p',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    });
    await expect(call('DeleteRole', { RoleName: 'r' })).rejects.toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete policies first.',
      status: 409,
    });
    await call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'p' });
    const policy = await call<{ Policy: { Arn: string } }>('CreatePolicy', {
      PolicyName: 'm',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: policy.Policy.Arn });
    await expect(call('DeleteRole', { RoleName: 'r' })).rejects.toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must detach all policies first.',
    });
    await call('DetachRolePolicy', { RoleName: 'r', PolicyArn: policy.Policy.Arn });
    await expect(call('DeleteRole', { RoleName: 'r' })).resolves.toEqual({});
    await expect(call('GetRole', { RoleName: 'r' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
  });
});

describe('iam role tags', () => {
  it('tags, replaces values, untags and lists in pages', async () => {
    const { call } = setupIam();
    await call('CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: TRUST,
      Tags: [{ Key: 'a', Value: '1' }],
    });
    await call('TagRole', {
      RoleName: 'r',
      Tags: [
        { Key: 'A', Value: '2' },
        { Key: 'b', Value: '3' },
        { Key: 'c', Value: '4' },
      ],
    });
    await call('UntagRole', { RoleName: 'r', TagKeys: ['c', 'missing'] });
    const first = await call<ListRoleTagsResponse>('ListRoleTags', { RoleName: 'r', MaxItems: 1 });
    expect(first).toMatchObject({ Tags: [{ Key: 'a', Value: '2' }], IsTruncated: true });
    const second = await call<ListRoleTagsResponse>('ListRoleTags', {
      RoleName: 'r',
      MaxItems: 1,
      Marker: first.Marker,
    });
    expect(second).toEqual({ Tags: [{ Key: 'b', Value: '3' }], IsTruncated: false });
  });

  it('limits a role to 50 tags and answers NoSuchEntity for a missing role', async () => {
    const { call } = setupIam();
    await call('CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: TRUST,
      Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
    });
    await expect(
      call('TagRole', { RoleName: 'r', Tags: [{ Key: 'one-more', Value: 'v' }] }),
    ).rejects.toMatchObject({
      code: 'LimitExceeded',
    });
    await expect(call('TagRole', { RoleName: 'x', Tags: [] })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
    await expect(call('UntagRole', { RoleName: 'x', TagKeys: [] })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
    await expect(call('ListRoleTags', { RoleName: 'x' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
    await expect(call('ListRoleTags', { RoleName: 'r', Marker: '%%%' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
  });
});
