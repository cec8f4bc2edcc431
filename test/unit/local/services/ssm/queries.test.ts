import type { DescribeParametersResult, GetParametersByPathResult } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { ssmService } from '../../../../../local/src/services/ssm/index.ts';

const REGION = 'eu-west-1';

async function setup(names: readonly string[] = []) {
  const cloud = new LocalCloud({ services: [ssmService] });
  const caller = cloud.rootCaller('123456789012', REGION);
  const call = <T>(operation: string, input: object) => cloud.call<T>('ssm', operation, input, caller);
  for (const name of names) await call('PutParameter', { Name: name, Value: `v${name}`, Type: 'String' });
  return { cloud, call };
}

type ByPathInput = { Path: string; Recursive?: boolean; MaxResults?: number; ParameterFilters?: object[] };

async function allPages(call: <T>(op: string, input: object) => Promise<T>, input: ByPathInput) {
  const pages: string[][] = [];
  let token: string | undefined;
  do {
    const page: GetParametersByPathResult = await call('GetParametersByPath', { ...input, NextToken: token });
    pages.push((page.Parameters ?? []).map((p) => p.Name ?? ''));
    token = page.NextToken;
  } while (token);
  return pages;
}

describe('ssm GetParametersByPath', () => {
  const tree = ['/app/a', '/app/b', '/app/x/1', '/app/x/2', '/app/y/1', '/other/z', '/app-z'];

  it('returns one level unless Recursive', async () => {
    const { call } = await setup(tree);
    expect(await allPages(call, { Path: '/app' })).toEqual([['/app/a', '/app/b']]);
    expect(await allPages(call, { Path: '/app/', Recursive: false })).toEqual([['/app/a', '/app/b']]);
  });

  it('pages recursively, never crossing a hierarchy boundary (short pages)', async () => {
    const { call } = await setup(tree);
    expect(await allPages(call, { Path: '/app', Recursive: true })).toEqual([
      ['/app/a', '/app/b'],
      ['/app/x/1', '/app/x/2'],
      ['/app/y/1'],
    ]);
  });

  it('starts with an EMPTY page carrying a NextToken when the path holds nothing directly', async () => {
    const { call } = await setup(['/root/team/a', '/root/team/b']);
    const first: GetParametersByPathResult = await call('GetParametersByPath', {
      Path: '/root',
      Recursive: true,
    });
    expect(first.Parameters).toEqual([]);
    expect(first.NextToken).toBeDefined();
    expect(await allPages(call, { Path: '/root', Recursive: true })).toEqual([
      [],
      ['/root/team/a', '/root/team/b'],
    ]);
  });

  it('returns an empty page without a token when nothing matches', async () => {
    const { call } = await setup(tree);
    expect(await call('GetParametersByPath', { Path: '/none', Recursive: true })).toEqual({ Parameters: [] });
  });

  it('fills pages up to MaxResults (default 10) when short pages are switched off', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `/many/${String(i).padStart(2, '0')}`);
    const { cloud, call } = await setup([...names, '/many/sub/deep']);
    await cloud.call(
      'ssm',
      'ConfigureParameterPaging',
      { ShortPages: false },
      cloud.rootCaller('123456789012', REGION),
    );
    const pages = await allPages(call, { Path: '/many', Recursive: true });
    expect(pages.map((p) => p.length)).toEqual([10, 3]);
    expect(pages.flat()).toEqual([...names, '/many/sub/deep']);
    const small = await allPages(call, { Path: '/many', MaxResults: 5 });
    expect(small.map((p) => p.length)).toEqual([5, 5, 2]);
  });

  it('makes a caller that ignores NextToken miss parameters', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/big/p${String(i).padStart(2, '0')}`);
    const { call } = await setup(names);
    const first: GetParametersByPathResult = await call('GetParametersByPath', { Path: '/big' });
    expect(first.Parameters).toHaveLength(10);
    expect(first.NextToken).toBeDefined();
  });

  it('hides SecureString values unless WithDecryption', async () => {
    const { call } = await setup();
    await call('PutParameter', { Name: '/sec/a', Value: 'secret', Type: 'SecureString' });
    const hidden: GetParametersByPathResult = await call('GetParametersByPath', { Path: '/sec' });
    const shown: GetParametersByPathResult = await call('GetParametersByPath', {
      Path: '/sec',
      WithDecryption: true,
    });
    expect(hidden.Parameters?.[0]?.Value).not.toBe('secret');
    expect(shown.Parameters?.[0]?.Value).toBe('secret');
  });

  it('filters on Type with Equals and BeginsWith', async () => {
    const { call } = await setup(['/f/plain']);
    await call('PutParameter', { Name: '/f/list', Value: 'a,b', Type: 'StringList' });
    await call('PutParameter', { Name: '/f/sec', Value: 's', Type: 'SecureString' });
    const equals = await allPages(call, {
      Path: '/f',
      ParameterFilters: [{ Key: 'Type', Values: ['StringList'] }],
    });
    expect(equals).toEqual([['/f/list']]);
    const begins = await allPages(call, {
      Path: '/f',
      ParameterFilters: [{ Key: 'KeyId', Option: 'BeginsWith', Values: ['alias/aws'] }],
    });
    expect(begins).toEqual([['/f/sec']]);
  });

  it('rejects filter keys, options and values that AWS rejects', async () => {
    const { call } = await setup();
    await expect(
      call('GetParametersByPath', { Path: '/f', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] }),
    ).rejects.toMatchObject({ code: 'InvalidFilterKey' });
    await expect(
      call('GetParametersByPath', {
        Path: '/f',
        ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['x'] }],
      }),
    ).rejects.toMatchObject({ code: 'InvalidFilterOption' });
    await expect(
      call('GetParametersByPath', { Path: '/f', ParameterFilters: [{ Key: 'Type', Values: ['Number'] }] }),
    ).rejects.toMatchObject({ code: 'InvalidFilterValue' });
    await expect(
      call('GetParametersByPath', { Path: '/f', ParameterFilters: [{ Key: 'Type' }] }),
    ).rejects.toMatchObject({ code: 'InvalidFilterValue' });
  });

  it('requires a path starting with / and MaxResults 1-10', async () => {
    const { call } = await setup();
    await expect(call('GetParametersByPath', { Path: 'app' })).rejects.toMatchObject({
      code: 'ValidationException',
    });
    await expect(call('GetParametersByPath', { Path: '/app', MaxResults: 11 })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining("'MaxResults'"),
    });
    await expect(call('GetParametersByPath', { Path: '/app', MaxResults: 0 })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });

  it('throws InvalidNextToken for a garbled token or one from another query', async () => {
    const { call } = await setup(Array.from({ length: 3 }, (_, i) => `/t/${i}`));
    const first: GetParametersByPathResult = await call('GetParametersByPath', { Path: '/t', MaxResults: 1 });
    await expect(call('GetParametersByPath', { Path: '/t', NextToken: 'garbage!' })).rejects.toMatchObject({
      code: 'InvalidNextToken',
    });
    await expect(
      call('GetParametersByPath', { Path: '/other', NextToken: first.NextToken }),
    ).rejects.toMatchObject({ code: 'InvalidNextToken' });
  });
});

describe('ssm DescribeParameters', () => {
  it('pages by name with MaxResults (default 10)', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `/d/${String(i).padStart(2, '0')}`);
    const { call } = await setup(names);
    const first: DescribeParametersResult = await call('DescribeParameters', {});
    expect(first.Parameters).toHaveLength(10);
    const second: DescribeParametersResult = await call('DescribeParameters', { NextToken: first.NextToken });
    expect(second.Parameters?.map((p) => p.Name)).toEqual(['/d/10', '/d/11']);
    expect(second.NextToken).toBeUndefined();
    await expect(call('DescribeParameters', { MaxResults: 51 })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });

  it('returns metadata without values', async () => {
    const { call } = await setup();
    await call('PutParameter', {
      Name: '/m',
      Value: 'v',
      Type: 'String',
      Description: 'about m',
      AllowedPattern: '.*',
    });
    const result: DescribeParametersResult = await call('DescribeParameters', {});
    expect(result.Parameters?.[0]).toMatchObject({
      Name: '/m',
      Type: 'String',
      Description: 'about m',
      AllowedPattern: '.*',
      Version: 1,
      Tier: 'Standard',
      DataType: 'text',
      LastModifiedUser: 'arn:aws:iam::123456789012:root',
    });
    expect(result.Parameters?.[0]).not.toHaveProperty('Value');
  });

  it('filters by Name (Equals, BeginsWith, Contains), Path, Type, Tier and tags', async () => {
    const { call } = await setup(['/svc/a/one', '/svc/a/two', '/svc/b/one', '/svc/top']);
    await call('PutParameter', {
      Name: '/tagged',
      Value: 'v',
      Type: 'SecureString',
      Tier: 'Advanced',
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    const names = async (input: object) =>
      ((await call<DescribeParametersResult>('DescribeParameters', input)).Parameters ?? []).map(
        (p) => p.Name,
      );
    expect(await names({ ParameterFilters: [{ Key: 'Name', Values: ['/svc/top'] }] })).toEqual(['/svc/top']);
    expect(
      await names({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/svc/a'] }] }),
    ).toEqual(['/svc/a/one', '/svc/a/two']);
    expect(await names({ ParameterFilters: [{ Key: 'Name', Option: 'Contains', Values: ['one'] }] })).toEqual(
      ['/svc/a/one', '/svc/b/one'],
    );
    expect(await names({ ParameterFilters: [{ Key: 'Path', Values: ['/svc'] }] })).toEqual(['/svc/top']);
    expect(
      await names({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/svc/b'] }] }),
    ).toEqual(['/svc/b/one']);
    expect(await names({ ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] })).toEqual([
      '/tagged',
    ]);
    expect(await names({ ParameterFilters: [{ Key: 'Tier', Values: ['Advanced'] }] })).toEqual(['/tagged']);
    expect(await names({ ParameterFilters: [{ Key: 'tag:team', Values: ['data'] }] })).toEqual(['/tagged']);
    expect(await names({ ParameterFilters: [{ Key: 'tag:team' }] })).toEqual(['/tagged']);
    expect(await names({ Filters: [{ Key: 'Name', Values: ['/svc/a'] }] })).toEqual([
      '/svc/a/one',
      '/svc/a/two',
    ]);
    expect(await names({ Filters: [{ Key: 'Type', Values: ['SecureString'] }] })).toEqual(['/tagged']);
    expect(await names({ Shared: true })).toEqual([]);
  });

  it('rejects Label, bad options, duplicate keys and Filters mixed with ParameterFilters', async () => {
    const { call } = await setup();
    await expect(
      call('DescribeParameters', { ParameterFilters: [{ Key: 'Label', Values: ['x'] }] }),
    ).rejects.toMatchObject({ code: 'InvalidFilterKey' });
    await expect(
      call('DescribeParameters', { ParameterFilters: [{ Key: 'Path', Option: 'Equals', Values: ['/x'] }] }),
    ).rejects.toMatchObject({ code: 'InvalidFilterOption' });
    await expect(
      call('DescribeParameters', { ParameterFilters: [{ Key: 'Path', Values: ['x'] }] }),
    ).rejects.toMatchObject({ code: 'InvalidFilterValue' });
    await expect(
      call('DescribeParameters', {
        ParameterFilters: [
          { Key: 'Type', Values: ['String'] },
          { Key: 'Type', Values: ['SecureString'] },
        ],
      }),
    ).rejects.toMatchObject({ code: 'InvalidFilterKey' });
    await expect(
      call('DescribeParameters', {
        Filters: [{ Key: 'Name', Values: ['/a'] }],
        ParameterFilters: [{ Key: 'Type', Values: ['String'] }],
      }),
    ).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('throws InvalidNextToken for a token of another query', async () => {
    const { call } = await setup(['/a', '/b']);
    const first: DescribeParametersResult = await call('DescribeParameters', { MaxResults: 1 });
    await expect(
      call('DescribeParameters', {
        MaxResults: 1,
        NextToken: first.NextToken,
        ParameterFilters: [{ Key: 'Type', Values: ['String'] }],
      }),
    ).rejects.toMatchObject({ code: 'InvalidNextToken' });
  });
});
