import type {
  CreatePolicyResponse,
  GetPolicyResponse,
  GetPolicyVersionResponse,
  GetRolePolicyResponse,
  ListAttachedRolePoliciesResponse,
  ListRolePoliciesResponse,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, policyOfSize, setupIam, TRUST } from './support.ts';

const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: '*' }],
});

async function withRole() {
  const setup = setupIam();
  await setup.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  return setup;
}

describe('iam inline role policies', () => {
  it('puts (upsert), gets URL-encoded, lists and deletes', async () => {
    const { call } = await withRole();
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'p1', PolicyDocument: DOC });
    const pretty = JSON.stringify(JSON.parse(DOC), null, 2);
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'p1', PolicyDocument: pretty });
    const got = await call<GetRolePolicyResponse>('GetRolePolicy', { RoleName: 'r', PolicyName: 'p1' });
    expect(got).toEqual({ RoleName: 'r', PolicyName: 'p1', PolicyDocument: encodeURIComponent(pretty) });
    expect(decodeURIComponent(got.PolicyDocument ?? '')).toBe(pretty);
    await call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'p1' });
    await expect(call('GetRolePolicy', { RoleName: 'r', PolicyName: 'p1' })).rejects.toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role policy with name p1 cannot be found.',
      status: 404,
    });
    await expect(call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'p1' })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
  });

  it.each([
    ['{oops', 'Syntax errors in policy.'],
    ['[]', 'Syntax errors in policy.'],
    [JSON.stringify({ Version: '2012-10-17' }), 'Syntax errors in policy.'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'Syntax errors in policy.'],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }),
      'Syntax errors in policy.',
    ],
    [
      JSON.stringify({
        Version: '2012-10-17',
        Extra: 1,
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
      'Syntax errors in policy.',
    ],
    [
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      'Policy document must be version 2012-10-17 or greater.',
    ],
    [
      JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      'Policy document must be version 2012-10-17 or greater.',
    ],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }),
      'Policy statement must contain actions.',
    ],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*' } }),
      'Policy statement must contain resources.',
    ],
    [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      }),
      'Policy document should not specify a principal.',
    ],
    [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'A', Effect: 'Deny', Action: '*', Resource: '*' },
        ],
      }),
      'Statement IDs (SID) in a single policy must be unique.',
    ],
  ])('rejects %s with MalformedPolicyDocument', async (document, message) => {
    const { call } = await withRole();
    await expect(
      call('PutRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: document }),
    ).rejects.toMatchObject({ code: 'MalformedPolicyDocument', message, status: 400 });
  });

  it('enforces the 10,240 aggregate inline size, white space not counted, replacing counts once', async () => {
    const { call } = await withRole();
    const half = policyOfSize(5120);
    expect(half.length).toBe(5120);
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'a', PolicyDocument: half });
    const spaced = JSON.stringify(JSON.parse(half), null, 4);
    expect(spaced.length).toBeGreaterThan(5120);
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'b', PolicyDocument: spaced });
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'b', PolicyDocument: half });
    await expect(
      call('PutRolePolicy', { RoleName: 'r', PolicyName: 'c', PolicyDocument: policyOfSize(200) }),
    ).rejects.toMatchObject({
      code: 'LimitExceeded',
      message: 'Maximum policy size of 10240 bytes exceeded for role r',
      status: 409,
    });
    await expect(
      call('PutRolePolicy', { RoleName: 'r', PolicyName: 'b', PolicyDocument: policyOfSize(5121) }),
    ).rejects.toMatchObject({ code: 'LimitExceeded' });
  });

  it('counts white space inside strings', async () => {
    const { call } = await withRole();
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${' '.repeat(10_200)}` },
      ],
    });
    await expect(
      call('PutRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: document }),
    ).rejects.toMatchObject({ code: 'LimitExceeded' });
  });

  it('lists inline policy names in pages with Marker', async () => {
    const { call } = await withRole();
    for (const name of ['c', 'a', 'b'])
      await call('PutRolePolicy', { RoleName: 'r', PolicyName: name, PolicyDocument: DOC });
    const first = await call<ListRolePoliciesResponse>('ListRolePolicies', { RoleName: 'r', MaxItems: 2 });
    expect(first).toMatchObject({ PolicyNames: ['a', 'b'], IsTruncated: true });
    const second = await call<ListRolePoliciesResponse>('ListRolePolicies', {
      RoleName: 'r',
      MaxItems: 2,
      Marker: first.Marker,
    });
    expect(second).toEqual({ PolicyNames: ['c'], IsTruncated: false });
    const all = await call<ListRolePoliciesResponse>('ListRolePolicies', { RoleName: 'r' });
    expect(all).toEqual({ PolicyNames: ['a', 'b', 'c'], IsTruncated: false });
    await expect(call('ListRolePolicies', { RoleName: 'r', MaxItems: 1001 })).rejects.toMatchObject({
      code: 'ValidationError',
    });
  });

  it('answers NoSuchEntity for a missing role', async () => {
    const { call } = setupIam();
    await expect(
      call('PutRolePolicy', { RoleName: 'x', PolicyName: 'p', PolicyDocument: DOC }),
    ).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
    await expect(call('ListRolePolicies', { RoleName: 'x' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
    await expect(call('GetRolePolicy', { RoleName: 'x', PolicyName: 'p' })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
  });
});

describe('iam managed policies', () => {
  it('creates, gets, reads version v1 URL-encoded and deletes', async () => {
    const { call } = setupIam();
    const created = await call<CreatePolicyResponse>('CreatePolicy', {
      PolicyName: 'read-topics',
      Path: '/streamgov/',
      PolicyDocument: DOC,
      Description: 'reads',
    });
    const arn = `arn:aws:iam::${ACCOUNT}:policy/streamgov/read-topics`;
    expect(created.Policy).toMatchObject({
      PolicyName: 'read-topics',
      Arn: arn,
      Path: '/streamgov/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
      Description: 'reads',
    });
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    const got = await call<GetPolicyResponse>('GetPolicy', { PolicyArn: arn });
    expect(got.Policy?.PolicyId).toBe(created.Policy?.PolicyId);
    const version = await call<GetPolicyVersionResponse>('GetPolicyVersion', {
      PolicyArn: arn,
      VersionId: 'v1',
    });
    expect(version.PolicyVersion).toMatchObject({
      Document: encodeURIComponent(DOC),
      VersionId: 'v1',
      IsDefaultVersion: true,
    });
    await expect(call('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v2' })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
    await call('DeletePolicy', { PolicyArn: arn });
    await expect(call('GetPolicy', { PolicyArn: arn })).rejects.toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
    });
    await expect(call('DeletePolicy', { PolicyArn: arn })).rejects.toMatchObject({ code: 'NoSuchEntity' });
  });

  it('rejects duplicates, malformed documents, over-size documents and invalid ARNs', async () => {
    const { call } = setupIam();
    await call('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC });
    await expect(call('CreatePolicy', { PolicyName: 'P', PolicyDocument: DOC })).rejects.toMatchObject({
      code: 'EntityAlreadyExists',
    });
    await expect(call('CreatePolicy', { PolicyName: 'q', PolicyDocument: '{' })).rejects.toMatchObject({
      code: 'MalformedPolicyDocument',
    });
    await call('CreatePolicy', { PolicyName: 'max', PolicyDocument: policyOfSize(6144) });
    await expect(
      call('CreatePolicy', { PolicyName: 'big', PolicyDocument: policyOfSize(6145) }),
    ).rejects.toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for PolicySize: 6144',
    });
    await expect(call('GetPolicy', { PolicyArn: 'arn:aws:s3:::not-a-policy' })).rejects.toMatchObject({
      code: 'InvalidInput',
    });
    await expect(
      call('CreatePolicy', { PolicyName: 'x', Path: 'no-slash', PolicyDocument: DOC }),
    ).rejects.toMatchObject({
      code: 'ValidationError',
    });
  });

  it('attaches at most 10 policies per role, idempotently, and lists them in pages', async () => {
    const { call } = await withRole();
    const arns: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      const created = await call<CreatePolicyResponse>('CreatePolicy', {
        PolicyName: `p${String(i).padStart(2, '0')}`,
        PolicyDocument: DOC,
      });
      arns.push(created.Policy?.Arn ?? '');
    }
    for (const arn of arns.slice(0, 10)) await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: arn });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: arns[0] });
    await expect(call('AttachRolePolicy', { RoleName: 'r', PolicyArn: arns[10] })).rejects.toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
      status: 409,
    });
    const first = await call<ListAttachedRolePoliciesResponse>('ListAttachedRolePolicies', {
      RoleName: 'r',
      MaxItems: 6,
    });
    expect(first.AttachedPolicies).toHaveLength(6);
    expect(first.IsTruncated).toBe(true);
    const second = await call<ListAttachedRolePoliciesResponse>('ListAttachedRolePolicies', {
      RoleName: 'r',
      MaxItems: 6,
      Marker: first.Marker,
    });
    expect(second.IsTruncated).toBe(false);
    expect(
      [...(first.AttachedPolicies ?? []), ...(second.AttachedPolicies ?? [])].map((p) => p.PolicyArn),
    ).toEqual(arns.slice(0, 10));
    const got = await call<GetPolicyResponse>('GetPolicy', { PolicyArn: arns[0] });
    expect(got.Policy?.AttachmentCount).toBe(1);
    await expect(call('DeletePolicy', { PolicyArn: arns[0] })).rejects.toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete a policy attached to entities.',
    });
  });

  it('filters attached policies by PathPrefix', async () => {
    const { call } = await withRole();
    const a = await call<CreatePolicyResponse>('CreatePolicy', {
      PolicyName: 'a',
      Path: '/team/',
      PolicyDocument: DOC,
    });
    const b = await call<CreatePolicyResponse>('CreatePolicy', { PolicyName: 'b', PolicyDocument: DOC });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: a.Policy?.Arn });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: b.Policy?.Arn });
    const listed = await call<ListAttachedRolePoliciesResponse>('ListAttachedRolePolicies', {
      RoleName: 'r',
      PathPrefix: '/team/',
    });
    expect(listed.AttachedPolicies).toEqual([{ PolicyName: 'a', PolicyArn: a.Policy?.Arn }]);
  });

  it('answers NoSuchEntity for unknown and AWS managed policies, roles and detached policies', async () => {
    const { call } = await withRole();
    await expect(
      call('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    ).rejects.toMatchObject({ code: 'NoSuchEntity', status: 404 });
    const p = await call<CreatePolicyResponse>('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC });
    await expect(
      call('AttachRolePolicy', { RoleName: 'ghost', PolicyArn: p.Policy?.Arn }),
    ).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
    await expect(call('DetachRolePolicy', { RoleName: 'r', PolicyArn: p.Policy?.Arn })).rejects.toMatchObject(
      {
        code: 'NoSuchEntity',
      },
    );
    await expect(
      call('DetachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:s3:::bucket-name' }),
    ).rejects.toMatchObject({
      code: 'InvalidInput',
    });
    await expect(call('ListAttachedRolePolicies', { RoleName: 'ghost' })).rejects.toMatchObject({
      code: 'NoSuchEntity',
    });
  });
});
