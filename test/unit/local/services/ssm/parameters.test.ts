import type {
  DeleteParametersResult,
  GetParameterResult,
  GetParametersResult,
  PutParameterResult,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { ssmService } from '../../../../../local/src/services/ssm/index.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const NOW = new Date('2026-01-02T03:04:05.000Z');

function setup() {
  const cloud = new LocalCloud({ services: [ssmService], now: () => NOW });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  const call = <T>(operation: string, input: object) => cloud.call<T>('ssm', operation, input, caller);
  return { cloud, call };
}

describe('ssm PutParameter and GetParameter', () => {
  it('creates version 1 and returns the parameter with ARN and date', async () => {
    const { call } = setup();
    const put = await call<PutParameterResult>('PutParameter', {
      Name: '/app/db/url',
      Value: 'jdbc:x',
      Type: 'String',
    });
    expect(put).toEqual({ Version: 1, Tier: 'Standard' });
    const got = await call<GetParameterResult>('GetParameter', { Name: '/app/db/url' });
    expect(got.Parameter).toEqual({
      Name: '/app/db/url',
      Type: 'String',
      Value: 'jdbc:x',
      Version: 1,
      LastModifiedDate: NOW,
      ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/url`,
      DataType: 'text',
    });
  });

  it('gives a name without a leading slash an ARN with one', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: 'plain', Value: 'v', Type: 'String' });
    const got = await call<GetParameterResult>('GetParameter', { Name: 'plain' });
    expect(got.Parameter?.ARN).toBe(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/plain`);
  });

  it('throws ParameterAlreadyExists without Overwrite and increments the version with it', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/a', Value: '1', Type: 'String', Description: 'first' });
    await expect(call('PutParameter', { Name: '/a', Value: '2', Type: 'String' })).rejects.toMatchObject({
      code: 'ParameterAlreadyExists',
      message: expect.stringContaining('set the overwrite option'),
    });
    const put = await call<PutParameterResult>('PutParameter', { Name: '/a', Value: '2', Overwrite: true });
    expect(put.Version).toBe(2);
    const got = await call<GetParameterResult>('GetParameter', { Name: '/a' });
    expect(got.Parameter).toMatchObject({ Value: '2', Type: 'String', Version: 2 });
  });

  it('rejects Tags together with Overwrite', async () => {
    const { call } = setup();
    await expect(
      call('PutParameter', {
        Name: '/a',
        Value: '1',
        Type: 'String',
        Overwrite: true,
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining("tags and overwrite can't"),
    });
  });

  it('requires a Type on create', async () => {
    const { call } = setup();
    await expect(call('PutParameter', { Name: '/a', Value: '1' })).rejects.toMatchObject({
      code: 'ValidationException',
      message: 'A parameter type is required when you create a parameter.',
    });
  });

  it.each([
    ['awsThing', 'prefix aws'],
    ['/SSM/x', 'prefix ssm'],
    ['a/b', 'hierarchy without leading slash'],
    ['/a b', 'inner space'],
    ['/a/#', 'disallowed character'],
    ['/a//b', 'empty level'],
  ])('rejects the name %s (%s) with ValidationException', async (name) => {
    const { call } = setup();
    await expect(call('PutParameter', { Name: name, Value: '1', Type: 'String' })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });

  it('strips leading and trailing spaces from the name', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '  /trim/me ', Value: '1', Type: 'String' });
    const got = await call<GetParameterResult>('GetParameter', { Name: '/trim/me' });
    expect(got.Parameter?.Name).toBe('/trim/me');
  });

  it('accepts 15 levels and throws HierarchyLevelLimitExceededException at 16', async () => {
    const { call } = setup();
    const levels = (n: number) => `/${Array.from({ length: n }, (_, i) => `l${i}`).join('/')}`;
    await call('PutParameter', { Name: levels(15), Value: '1', Type: 'String' });
    await expect(
      call('PutParameter', { Name: levels(16), Value: '1', Type: 'String' }),
    ).rejects.toMatchObject({
      code: 'HierarchyLevelLimitExceededException',
    });
  });

  it('limits values to 4 KB standard and 8 KB advanced, and Intelligent-Tiering upgrades', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/s', Value: 'x'.repeat(4096), Type: 'String' });
    await expect(
      call('PutParameter', { Name: '/s2', Value: 'x'.repeat(4097), Type: 'String' }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining('Standard tier parameters support a maximum'),
    });
    const advanced = await call<PutParameterResult>('PutParameter', {
      Name: '/adv',
      Value: 'x'.repeat(8192),
      Type: 'String',
      Tier: 'Advanced',
    });
    expect(advanced.Tier).toBe('Advanced');
    await expect(
      call('PutParameter', { Name: '/adv2', Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' }),
    ).rejects.toMatchObject({ code: 'ValidationException' });
    const smart = await call<PutParameterResult>('PutParameter', {
      Name: '/smart',
      Value: 'x'.repeat(5000),
      Type: 'String',
      Tier: 'Intelligent-Tiering',
    });
    expect(smart.Tier).toBe('Advanced');
  });

  it('never downgrades an advanced parameter and keeps its tier when none is given', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/adv', Value: 'v', Type: 'String', Tier: 'Advanced' });
    await expect(
      call('PutParameter', { Name: '/adv', Value: 'v', Overwrite: true, Tier: 'Standard' }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining("can't downgrade"),
    });
    const kept = await call<PutParameterResult>('PutParameter', {
      Name: '/adv',
      Value: 'w',
      Overwrite: true,
    });
    expect(kept).toEqual({ Version: 2, Tier: 'Advanced' });
  });

  it('checks AllowedPattern and refuses an invalid one', async () => {
    const { call } = setup();
    await expect(
      call('PutParameter', { Name: '/n', Value: 'abc', Type: 'String', AllowedPattern: '^\\d+$' }),
    ).rejects.toMatchObject({ code: 'ParameterPatternMismatchException' });
    await expect(
      call('PutParameter', { Name: '/n', Value: 'abc', Type: 'String', AllowedPattern: '(' }),
    ).rejects.toMatchObject({ code: 'InvalidAllowedPatternException' });
    await call('PutParameter', { Name: '/n', Value: '42', Type: 'String', AllowedPattern: '^\\d+$' });
    await expect(call('PutParameter', { Name: '/n', Value: 'x', Overwrite: true })).rejects.toMatchObject({
      code: 'ParameterPatternMismatchException',
    });
  });

  it('rejects unknown data types, {{ }} references and policies on the standard tier', async () => {
    const { call } = setup();
    await expect(
      call('PutParameter', { Name: '/d', Value: 'v', Type: 'String', DataType: 'Text' }),
    ).rejects.toMatchObject({ code: 'ValidationException', message: expect.stringContaining('data type') });
    await expect(
      call('PutParameter', { Name: '/d', Value: '{{ssm:/x}}', Type: 'String' }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
    });
    await expect(
      call('PutParameter', { Name: '/d', Value: 'v', Type: 'String', Policies: '[]' }),
    ).rejects.toMatchObject({ code: 'ValidationException', message: expect.stringContaining('policies') });
    await expect(
      call('PutParameter', { Name: '/d', Value: 'v', Type: 'String', Tier: 'Advanced', Policies: '{' }),
    ).rejects.toMatchObject({ code: 'InvalidPolicyTypeException' });
  });

  it('validates the model constraints (enum, KeyId pattern, missing Value)', async () => {
    const { call } = setup();
    await expect(call('PutParameter', { Name: '/x', Value: 'v', Type: 'Number' })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining("at 'Type'"),
    });
    await expect(
      call('PutParameter', { Name: '/x', Value: 'v', Type: 'SecureString', KeyId: 'bad key!' }),
    ).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(call('PutParameter', { Name: '/x', Type: 'String' })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining('Member must not be null'),
    });
    await expect(call('PutParameter', { Name: '/x', Value: '', Type: 'String' })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });

  it('throws ParameterNotFound for a missing name', async () => {
    const { call } = setup();
    await expect(call('GetParameter', { Name: '/nope' })).rejects.toMatchObject({
      code: 'ParameterNotFound',
    });
  });
});

describe('ssm SecureString', () => {
  it('returns the value only WithDecryption, else a stable stand-in ciphertext', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/sec', Value: 's3cret', Type: 'SecureString' });
    await call('PutParameter', { Name: '/sec2', Value: 's3cret', Type: 'SecureString' });
    await call('PutParameter', { Name: '/sec3', Value: 'other', Type: 'SecureString' });
    const plain = await call<GetParameterResult>('GetParameter', { Name: '/sec', WithDecryption: true });
    expect(plain.Parameter?.Value).toBe('s3cret');
    const hidden = await call<GetParameterResult>('GetParameter', { Name: '/sec' });
    const hiddenAgain = await call<GetParameterResult>('GetParameter', {
      Name: '/sec2',
      WithDecryption: false,
    });
    const other = await call<GetParameterResult>('GetParameter', { Name: '/sec3' });
    expect(hidden.Parameter?.Value).not.toContain('s3cret');
    expect(hidden.Parameter?.Value).toMatch(/^AQICAH/);
    expect(hiddenAgain.Parameter?.Value).toBe(hidden.Parameter?.Value);
    expect(other.Parameter?.Value).not.toBe(hidden.Parameter?.Value);
  });

  it('uses alias/aws/ssm unless a KeyId is given, and keeps it on overwrite', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/k1', Value: 'v', Type: 'SecureString' });
    await call('PutParameter', { Name: '/k2', Value: 'v', Type: 'SecureString', KeyId: 'alias/custom' });
    await call('PutParameter', { Name: '/k2', Value: 'w', Overwrite: true });
    const described = await call<{ Parameters: { Name: string; KeyId?: string }[] }>(
      'DescribeParameters',
      {},
    );
    expect(described.Parameters.map((p) => [p.Name, p.KeyId])).toEqual([
      ['/k1', 'alias/aws/ssm'],
      ['/k2', 'alias/custom'],
    ]);
  });
});

describe('ssm GetParameters', () => {
  it('returns found parameters and lists unknown names in InvalidParameters', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/a', Value: '1', Type: 'String' });
    await call('PutParameter', { Name: '/s', Value: 'x', Type: 'SecureString' });
    const result = await call<GetParametersResult>('GetParameters', {
      Names: ['/a', '/missing', '/s'],
      WithDecryption: true,
    });
    expect(result.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/a', '1'],
      ['/s', 'x'],
    ]);
    expect(result.InvalidParameters).toEqual(['/missing']);
  });

  it('accepts at most 10 names', async () => {
    const { call } = setup();
    const names = Array.from({ length: 11 }, (_, i) => `/p${i}`);
    await expect(call('GetParameters', { Names: names })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining('less than or equal to 10'),
    });
    await expect(call('GetParameters', { Names: [] })).rejects.toMatchObject({ code: 'ValidationException' });
  });
});

describe('ssm DeleteParameter(s)', () => {
  it('deletes and then throws ParameterNotFound', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/a', Value: '1', Type: 'String' });
    await expect(call('DeleteParameter', { Name: '/a' })).resolves.toEqual({});
    await expect(call('DeleteParameter', { Name: '/a' })).rejects.toMatchObject({
      code: 'ParameterNotFound',
      message: 'Parameter /a not found.',
    });
  });

  it('reports deleted and invalid names and accepts 1 to 10 names', async () => {
    const { call } = setup();
    await call('PutParameter', { Name: '/a', Value: '1', Type: 'String' });
    await call('PutParameter', { Name: '/b', Value: '1', Type: 'String' });
    const result = await call<DeleteParametersResult>('DeleteParameters', { Names: ['/a', '/x', '/b'] });
    expect(result).toEqual({ DeletedParameters: ['/a', '/b'], InvalidParameters: ['/x'] });
    await expect(call('GetParameter', { Name: '/b' })).rejects.toMatchObject({ code: 'ParameterNotFound' });
    await expect(
      call('DeleteParameters', { Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) }),
    ).rejects.toMatchObject({ code: 'ValidationException' });
  });
});
