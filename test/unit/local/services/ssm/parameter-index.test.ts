import type {
  DescribeParametersResult,
  GetParametersByPathResult,
  ParameterStringFilter,
  PutParameterResult,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { type CloudState, LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import { compileFilters } from '../../../../../local/src/services/ssm/filters.ts';
import { ssmService } from '../../../../../local/src/services/ssm/index.ts';
import { paginate } from '../../../../../local/src/services/ssm/paging.ts';
import {
  folderOf,
  type SsmState,
  type StoredParameter,
} from '../../../../../local/src/services/ssm/state.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function setup() {
  const cloud = new LocalCloud({ services: [ssmService] });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  const call = <T>(operation: string, input: object) => cloud.call<T>('ssm', operation, input, caller);
  const state = () => cloud.stateOf<SsmState>('ssm', ACCOUNT, REGION);
  return { cloud, call, state };
}

interface ByPath {
  readonly Path: string;
  readonly Recursive?: boolean;
  readonly MaxResults?: number;
  readonly ParameterFilters?: ParameterStringFilter[];
}

/**
 * The page GetParametersByPath answered before it had an index: every parameter filtered and sorted,
 * then paged (kept here as the reference the indexed query must equal).
 */
function referencePage(state: SsmState, input: ByPath & { NextToken?: string }): string[] | string {
  const path = input.Path.length > 1 && input.Path.endsWith('/') ? input.Path.slice(0, -1) : input.Path;
  const recursive = input.Recursive === true;
  const inPath = (name: string) =>
    recursive ? path === '/' || name.startsWith(`${path}/`) : folderOf(name) === path;
  const key = (p: StoredParameter) => `${folderOf(p.Name)}\u0000${p.Name}`;
  const matches = compileFilters('by-path', input.ParameterFilters);
  const items = Object.values(state.parameters)
    .filter((p) => inPath(p.Name) && matches(p))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const short = state.settings.shortPages;
  const page = paginate({
    items,
    key,
    limit: input.MaxResults ?? 10,
    token: input.NextToken,
    scope: ['by-path', path, recursive, input.ParameterFilters ?? []],
    ...(short ? { boundary: (p: StoredParameter) => folderOf(p.Name) } : {}),
    emptyFirstPage: short && recursive && !items.some((p) => folderOf(p.Name) === path),
  });
  return [...page.items.map((p) => p.Name), page.nextToken ?? '-'];
}

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('ssm parameter index', () => {
  it('pages GetParametersByPath exactly as filtering and sorting everything did, across writes', async () => {
    // Prepare: sibling folders that sort between a folder and its sub-folders ('-' and '.' < '/').
    const { call, state } = setup();
    const next = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const folders = ['', '/a', '/a/b', '/a-b', '/a.c', '/a/b/c', '/ab', '/z'];
    const leaves = ['1', '2', 'x', 'x-1', 'y.2'];
    const queries: ByPath[] = [];
    for (const Path of ['/', '/a', '/a/', '/a/b', '/a-b', '/nothing']) {
      for (const Recursive of [false, true]) {
        for (const MaxResults of [1, 3, 10]) queries.push({ Path, Recursive, MaxResults });
      }
    }
    queries.push({
      Path: '/a',
      Recursive: true,
      ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
    });

    for (let round = 0; round < 30; round += 1) {
      // Act: writes (creates, overwrites, deletes), then every query page by page with both implementations
      for (let w = 0; w < 8; w += 1) {
        const folder = pick(folders);
        const name = folder === '' && next() < 0.5 ? pick(leaves) : `${folder}/${pick(leaves)}`;
        const type = pick(['String', 'SecureString']);
        if (next() < 0.3) await call('DeleteParameters', { Names: [name] });
        else await call('PutParameter', { Name: name, Value: 'v', Type: type, Overwrite: true });
      }
      if (round % 10 === 9) {
        await call('ConfigureParameterPaging', { ShortPages: !state().settings.shortPages });
      }
      for (const query of queries) {
        let token: string | undefined;
        let pages = 0;
        do {
          const input = { ...query, ...(token ? { NextToken: token } : {}) };
          const expected = referencePage(state(), input);
          const actual: GetParametersByPathResult = await call('GetParametersByPath', input);

          // Assess
          expect([...(actual.Parameters ?? []).map((p) => p.Name), actual.NextToken ?? '-']).toEqual(
            expected,
          );
          token = actual.NextToken;
          pages += 1;
        } while (token && pages < 100);
        expect(token).toBeUndefined();
      }
    }
  });

  it('keeps DescribeParameters in name order after deletes and overwrites', async () => {
    // Prepare
    const { call } = setup();
    for (const name of ['/b', '/a/x', 'c', '/a-x', '/a/y']) {
      await call('PutParameter', { Name: name, Value: 'v', Type: 'String' });
    }
    const first = await call<DescribeParametersResult>('DescribeParameters', { MaxResults: 2 });

    // Act
    await call('DeleteParameter', { Name: '/a/x' });
    await call('PutParameter', { Name: '/a/y', Value: 'w', Type: 'String', Overwrite: true });
    await call('PutParameter', { Name: '/a/z', Value: 'v', Type: 'String' });
    const rest = await call<DescribeParametersResult>('DescribeParameters', {
      MaxResults: 10,
      NextToken: first.NextToken,
    });

    // Assess
    expect(first.Parameters?.map((p) => p.Name)).toEqual(['/a-x', '/a/x']);
    expect(rest.Parameters?.map((p) => [p.Name, p.Version])).toEqual([
      ['/a/y', 2],
      ['/a/z', 1],
      ['/b', 1],
      ['c', 1],
    ]);
  });

  it('counts standard parameters through overwrites, tier upgrades and deletes', async () => {
    // Prepare: the quota is counted from the state on first use, then kept by the writes
    const { call, state } = setup();
    const filler = (i: number, tier: 'Standard' | 'Advanced'): StoredParameter => ({
      Name: `/filler/${i}`,
      Type: 'String',
      Value: 'x',
      Version: 1,
      LastModifiedDate: '2026-01-01T00:00:00.000Z',
      LastModifiedUser: 'test',
      Tier: tier,
      DataType: 'text',
      Tags: [],
    });
    for (let i = 0; i < 10_000; i += 1) state().parameters[`/filler/${i}`] = filler(i, 'Standard');
    state().parameters['/filler/advanced'] = filler(10_000, 'Advanced');
    const put = (Name: string, extra: object = {}) =>
      call<PutParameterResult>('PutParameter', { Name, Value: 'v', Type: 'String', ...extra });
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof AwsError ? e.code : String(e)),
      );

    // Act
    const full = await code(put('/new'));
    const overwrite = await code(put('/filler/1', { Overwrite: true }));
    const upgraded = await code(put('/filler/2', { Overwrite: true, Tier: 'Advanced' }));
    const afterUpgrade = await code(put('/new'));
    const fullAgain = await code(put('/new-2'));
    await call('DeleteParameters', { Names: ['/filler/3', '/filler/advanced'] });
    const afterDelete = await code(put('/new-2'));
    const fullOnceMore = await code(put('/new-3'));
    const tiered = await put('/new-3', { Tier: 'Intelligent-Tiering' });

    // Assess
    expect([full, overwrite, upgraded]).toEqual(['ParameterLimitExceeded', 'ok', 'ok']);
    expect([afterUpgrade, fullAgain]).toEqual(['ok', 'ParameterLimitExceeded']);
    expect([afterDelete, fullOnceMore]).toEqual(['ok', 'ParameterLimitExceeded']);
    expect(tiered.Tier).toBe('Advanced');
  });

  it('answers from the loaded state after load(), whether persisted (new objects) or edited in place', async () => {
    // Prepare
    const { cloud, call, state } = setup();
    for (const name of ['/app/a', '/app/b'])
      await call('PutParameter', { Name: name, Value: 'v', Type: 'String' });
    const names = async () =>
      ((await call<GetParametersByPathResult>('GetParametersByPath', { Path: '/app' })).Parameters ?? []).map(
        (p) => p.Name,
      );
    const before = await names();
    const persisted = JSON.parse(JSON.stringify(cloud.dump())) as CloudState;

    // Act: edit the live objects (as a test would), reload them, then load the persisted copy
    const live = state();
    const app = live.parameters['/app/a'] as StoredParameter;
    live.parameters['/app/c'] = { ...app, Name: '/app/c' };
    cloud.load(cloud.dump());
    const reloadedLive = await names();
    cloud.load(persisted);
    const reloadedPersisted = await names();
    await call('PutParameter', { Name: '/app/d', Value: 'v', Type: 'String' });
    const afterWrite = await names();

    // Assess
    expect(before).toEqual(['/app/a', '/app/b']);
    expect(reloadedLive).toEqual(['/app/a', '/app/b', '/app/c']);
    expect(reloadedPersisted).toEqual(['/app/a', '/app/b']);
    expect(afterWrite).toEqual(['/app/a', '/app/b', '/app/d']);
  });
});
