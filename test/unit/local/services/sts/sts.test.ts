import type { AssumeRoleResponse, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { iamService } from '../../../../../local/src/services/iam/index.ts';
import { stsService } from '../../../../../local/src/services/sts/index.ts';

const CALLER_ACCOUNT = '111111111111';
const ROLE_ACCOUNT = '222222222222';
const REGION = 'eu-west-1';

function trust(principal: unknown, extra: object = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }],
  });
}

function setup() {
  let now = new Date('2026-01-02T03:04:05.000Z');
  const cloud = new LocalCloud({ services: [iamService, stsService], now: () => now });
  const caller = cloud.rootCaller(CALLER_ACCOUNT, REGION);
  const roleRoot = cloud.rootCaller(ROLE_ACCOUNT, REGION);
  const createRole = (name: string, document: string, extra: object = {}) =>
    cloud.call(
      'iam',
      'CreateRole',
      { RoleName: name, AssumeRolePolicyDocument: document, ...extra },
      roleRoot,
    );
  const assume = (input: object, as = caller) =>
    cloud.call<AssumeRoleResponse>('sts', 'AssumeRole', input, as);
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { cloud, caller, createRole, assume, advance };
}

const roleArn = (name: string, path = '/') => `arn:aws:iam::${ROLE_ACCOUNT}:role${path}${name}`;

describe('sts GetCallerIdentity', () => {
  it('returns the account root for an ordinary key', async () => {
    const { cloud, caller } = setup();
    const identity = await cloud.call<GetCallerIdentityResponse>('sts', 'GetCallerIdentity', {}, caller);
    expect(identity).toEqual({
      UserId: CALLER_ACCOUNT,
      Account: CALLER_ACCOUNT,
      Arn: `arn:aws:iam::${CALLER_ACCOUNT}:root`,
    });
  });
});

describe('sts AssumeRole', () => {
  it('issues ASIA credentials that act as the role account and session', async () => {
    const { cloud, createRole, assume } = setup();
    const created = await createRole('reader', trust({ AWS: CALLER_ACCOUNT }), { Path: '/team/' });
    const roleId = (created as { Role: { RoleId: string } }).Role.RoleId;
    const result = await assume({
      RoleArn: roleArn('reader', '/team/'),
      RoleSessionName: 'grant-1',
      DurationSeconds: 900,
    });
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(result.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(result.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    expect(result.Credentials?.Expiration).toEqual(new Date('2026-01-02T03:19:05.000Z'));
    const sessionArn = `arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/reader/grant-1`;
    expect(result.AssumedRoleUser).toEqual({ AssumedRoleId: `${roleId}:grant-1`, Arn: sessionArn });
    const asRole = cloud.identify(result.Credentials?.AccessKeyId ?? '', REGION);
    expect(asRole).toMatchObject({ account: ROLE_ACCOUNT, principalArn: sessionArn });
    const identity = await cloud.call<GetCallerIdentityResponse>('sts', 'GetCallerIdentity', {}, asRole);
    expect(identity).toEqual({ UserId: `${roleId}:grant-1`, Account: ROLE_ACCOUNT, Arn: sessionArn });
  });

  it.each([
    ['account id', { AWS: CALLER_ACCOUNT }],
    ['account root ARN', { AWS: [`arn:aws:iam::${CALLER_ACCOUNT}:root`] }],
    ['wildcard principal', '*'],
    ['wildcard AWS principal', { AWS: '*' }],
  ])('allows a caller trusted by %s', async (_label, principal) => {
    const { createRole, assume } = setup();
    await createRole('r', trust(principal));
    await expect(assume({ RoleArn: roleArn('r'), RoleSessionName: 's1' })).resolves.toHaveProperty(
      'Credentials',
    );
  });

  it.each([
    ['another account', trust({ AWS: '333333333333' })],
    ['a service principal only', trust({ Service: 'lambda.amazonaws.com' })],
    [
      'another action',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }],
      }),
    ],
    [
      'an explicit deny',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
          { Effect: 'Deny', Principal: { AWS: CALLER_ACCOUNT }, Action: 'sts:*' },
        ],
      }),
    ],
    [
      'an unsupported condition',
      trust('*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    ],
  ])('denies with AccessDenied 403 when the trust policy names %s', async (_label, document) => {
    const { createRole, assume } = setup();
    await createRole('r', document);
    await expect(assume({ RoleArn: roleArn('r'), RoleSessionName: 's1' })).rejects.toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${CALLER_ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn('r')}`,
    });
  });

  it('denies a role that does not exist or whose path differs', async () => {
    const { createRole, assume } = setup();
    await expect(assume({ RoleArn: roleArn('ghost'), RoleSessionName: 's1' })).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    await createRole('r', trust('*'), { Path: '/a/' });
    await expect(assume({ RoleArn: roleArn('r', '/b/'), RoleSessionName: 's1' })).rejects.toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('evaluates sts:ExternalId conditions', async () => {
    const { createRole, assume } = setup();
    await createRole(
      'r',
      trust({ AWS: CALLER_ACCOUNT }, { Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } }),
    );
    await expect(assume({ RoleArn: roleArn('r'), RoleSessionName: 's1' })).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    await expect(
      assume({ RoleArn: roleArn('r'), RoleSessionName: 's1', ExternalId: 'ext-123' }),
    ).resolves.toHaveProperty('Credentials');
  });

  it('lets a session of a trusted role chain, for at most one hour', async () => {
    const { cloud, createRole, assume } = setup();
    await createRole('first', trust({ AWS: CALLER_ACCOUNT }), { MaxSessionDuration: 43200 });
    await createRole('second', trust({ AWS: roleArn('first') }), { MaxSessionDuration: 43200 });
    const first = await assume({ RoleArn: roleArn('first'), RoleSessionName: 'one' });
    const asFirst = cloud.identify(first.Credentials?.AccessKeyId ?? '', REGION);
    await expect(assume({ RoleArn: roleArn('second'), RoleSessionName: 'two' })).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    await expect(
      assume({ RoleArn: roleArn('second'), RoleSessionName: 'two', DurationSeconds: 7200 }, asFirst),
    ).rejects.toMatchObject({ code: 'ValidationError', message: expect.stringContaining('role chaining') });
    const second = await assume({ RoleArn: roleArn('second'), RoleSessionName: 'two' }, asFirst);
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/second/two`);
  });

  it('limits DurationSeconds to 900-43200 and to the role MaxSessionDuration', async () => {
    const { createRole, assume } = setup();
    await createRole('r', trust('*'));
    await expect(
      assume({ RoleArn: roleArn('r'), RoleSessionName: 's1', DurationSeconds: 899 }),
    ).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(
      assume({ RoleArn: roleArn('r'), RoleSessionName: 's1', DurationSeconds: 7200 }),
    ).rejects.toMatchObject({
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('validates RoleSessionName, RoleArn and the session policy', async () => {
    const { createRole, assume } = setup();
    await createRole('r', trust('*'));
    await expect(assume({ RoleArn: roleArn('r'), RoleSessionName: 'x' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(assume({ RoleArn: roleArn('r'), RoleSessionName: 'has space' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(
      assume({ RoleArn: 'arn:aws:s3:::some-bucket-name', RoleSessionName: 'ok' }),
    ).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(assume({ RoleArn: roleArn('r'), RoleSessionName: 'ok', Policy: '{' })).rejects.toMatchObject(
      {
        code: 'MalformedPolicyDocument',
      },
    );
  });

  it('answers ExpiredTokenException once the session has expired', async () => {
    const { cloud, createRole, assume, advance } = setup();
    await createRole('r', trust('*'));
    const result = await assume({ RoleArn: roleArn('r'), RoleSessionName: 's1', DurationSeconds: 900 });
    const asRole = cloud.identify(result.Credentials?.AccessKeyId ?? '', REGION);
    advance(901_000);
    await expect(cloud.call('sts', 'GetCallerIdentity', {}, asRole)).rejects.toMatchObject({
      code: 'ExpiredTokenException',
    });
  });
});
