import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/src/cloud/errors.ts';
import {
  type CursorOptions,
  type Page,
  type PaginateOptions,
  paginate,
  paginateCursor,
  restartToken,
} from '../../../../local/src/cloud/pagination.ts';

const invalidToken = (token: string) => new AwsError('InvalidToken', `bad ${token}`);
const id = (item: string) => item;

/** Every page of a list, following the tokens from the first page on. */
function allPages<T>(options: PaginateOptions<T>): T[][] {
  const pages: T[][] = [];
  let token: string | undefined;
  do {
    const page: Page<T> = paginate({ ...options, token });
    pages.push(page.items);
    token = page.nextToken;
  } while (token !== undefined);
  return pages;
}

describe('paginate (after-key, the default)', () => {
  it('pages a sorted list and leaves the token off the last page', () => {
    // Prepare
    const options = { items: ['a', 'b', 'c', 'd', 'e'], key: id, limit: 2, invalidToken };

    // Act
    const pages = allPages(options);

    // Assess
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(paginate({ ...options, limit: 5 })).toEqual({ items: ['a', 'b', 'c', 'd', 'e'] });
    expect(paginate({ ...options, items: [] })).toEqual({ items: [] });
  });

  it('resumes after the last key returned, so deletions between pages skip or repeat nothing', () => {
    // Prepare
    const first = paginate({ items: ['a', 'b', 'c', 'd'], key: id, limit: 2, invalidToken });

    // Act
    const second = paginate({
      items: ['a', 'c', 'd'],
      key: id,
      limit: 2,
      token: first.nextToken,
      invalidToken,
    });
    const afterAllGone = paginate({ items: ['a'], key: id, limit: 2, token: first.nextToken, invalidToken });

    // Assess
    expect(first.items).toEqual(['a', 'b']);
    expect(second).toEqual({ items: ['c', 'd'] });
    expect(afterAllGone).toEqual({ items: [] });
  });

  it('sorts a copy of the items by key when asked to', () => {
    // Prepare
    const items = [{ n: 'c' }, { n: 'a' }, { n: 'b' }];

    // Act
    const pages = allPages({ items, key: (item) => item.n, sort: true, limit: 2, invalidToken });

    // Assess
    expect(pages).toEqual([[{ n: 'a' }, { n: 'b' }], [{ n: 'c' }]]);
    expect(items.map((item) => item.n)).toEqual(['c', 'a', 'b']);
  });

  it('ends a page where the boundary value changes', () => {
    // Prepare
    const items = ['/a/1', '/a/2', '/a/3', '/b/1', '/c/1', '/c/2'];
    const folder = (name: string) => name.slice(0, 2);

    // Act
    const pages = allPages({ items, key: id, limit: 2, boundary: folder, invalidToken });

    // Assess
    expect(pages).toEqual([['/a/1', '/a/2'], ['/a/3'], ['/b/1'], ['/c/1', '/c/2']]);
  });

  it('answers a token of another scope, or one it did not issue, with the invalidToken error', () => {
    // Prepare
    const items = ['a', 'b', 'c'];
    const { nextToken } = paginate({
      items,
      key: id,
      limit: 1,
      scope: ['list', { prefix: 'x' }],
      invalidToken,
    });
    const unscoped = paginate({ items, key: id, limit: 1, invalidToken }).nextToken;
    const token = nextToken ?? '';

    // Act
    const page = (scope: unknown, t: string | undefined) => () =>
      paginate({ items, key: id, limit: 1, scope, token: t, invalidToken });

    // Assess
    expect(page(['list', { prefix: 'x' }], token)()).toEqual({ items: ['b'], nextToken: expect.any(String) });
    expect(page(['list', { prefix: 'y' }], token)).toThrow(`bad ${token}`);
    expect(page(undefined, token)).toThrow(AwsError);
    expect(page(['list', { prefix: 'x' }], unscoped)).toThrow(AwsError);
    expect(page(undefined, 'garbage')).toThrow('bad garbage');
    expect(page(undefined, `${unscoped}x`)).toThrow(AwsError);
    expect(page(undefined, Buffer.from('{"a":1}').toString('base64url'))).toThrow(AwsError);
    expect(page(undefined, Buffer.from('"b"').toString('base64url'))).toThrow(AwsError);
  });
});

describe('paginate (after-item)', () => {
  it('pages items in their own order and resumes after the item the token names', () => {
    // Prepare
    const items = ['c', 'a', 'b', 'e', 'd'];

    // Act
    const pages = allPages({ items, resume: 'after-item', key: id, limit: 2, scope: 'S', invalidToken });

    // Assess
    expect(pages).toEqual([['c', 'a'], ['b', 'e'], ['d']]);
  });

  it('answers a token whose item is gone with the invalidToken error', () => {
    // Prepare
    const options = { resume: 'after-item', key: id, limit: 1, invalidToken } as const;
    const { nextToken } = paginate({ ...options, items: ['x', 'y'] });

    // Act
    const act = () => paginate({ ...options, items: ['y'], token: nextToken });

    // Assess
    expect(act).toThrow(`bad ${nextToken}`);
  });
});

describe('paginate (offset)', () => {
  it('pages by position and binds the token to its scope', () => {
    // Prepare
    const options = {
      items: [3, 1, 2],
      resume: 'offset',
      limit: 2,
      scope: ['Op', {}],
      invalidToken,
    } as const;

    // Act
    const first = paginate(options);
    const second = paginate({ ...options, token: first.nextToken });

    // Assess
    expect(first.items).toEqual([3, 1]);
    expect(second).toEqual({ items: [2] });
    expect(() => paginate({ ...options, scope: ['Other', {}], token: first.nextToken })).toThrow(AwsError);
  });

  it('answers an empty page for a position past the end', () => {
    // Prepare
    const { nextToken } = paginate({ items: [1, 2, 3], resume: 'offset', limit: 2, invalidToken });

    // Act
    const page = paginate({ items: [1], resume: 'offset', limit: 2, token: nextToken, invalidToken });

    // Assess
    expect(page).toEqual({ items: [] });
  });

  it('does not take a key token for a position', () => {
    // Prepare
    const { nextToken } = paginate({ items: ['a', 'b'], key: id, limit: 1, invalidToken });

    // Act
    const act = () =>
      paginate({ items: ['a', 'b'], resume: 'offset', limit: 1, token: nextToken, invalidToken });

    // Assess
    expect(act).toThrow(AwsError);
  });
});

describe('restartToken', () => {
  it('resumes a key-ordered list of the same scope at its first item', () => {
    // Act
    const page = paginate({
      items: ['a', 'b'],
      key: id,
      limit: 5,
      scope: 'q',
      token: restartToken('q'),
      invalidToken,
    });

    // Assess
    expect(page).toEqual({ items: ['a', 'b'] });
    expect(() =>
      paginate({ items: ['a'], key: id, limit: 5, scope: 'p', token: restartToken('q'), invalidToken }),
    ).toThrow(AwsError);
  });
});

describe('paginateCursor', () => {
  /** A cursor over a sorted list, counting how many items the pages read. */
  function cursorOf(sorted: readonly string[]) {
    const read = { count: 0 };
    function* from(after: string | undefined) {
      for (const item of sorted) {
        if (after !== undefined && !(item > after)) continue;
        read.count += 1;
        yield item;
      }
    }
    return { from, read };
  }

  /** Every page through `paginateCursor`, following the tokens. */
  function allCursorPages(options: Omit<CursorOptions<string>, 'token'>): Page<string>[] {
    const pages: Page<string>[] = [];
    let token: string | undefined;
    do {
      const page = paginateCursor({ ...options, token });
      pages.push(page);
      token = page.nextToken;
    } while (token !== undefined);
    return pages;
  }

  it('gives the same pages and tokens as paginate (after-key) over the whole list', () => {
    // Prepare
    const sorted = ['/a/1', '/a/2', '/a/3', '/b/1', '/c/1', '/c/2', '/c/3', '/c/4'];
    const folder = (name: string) => name.slice(0, 2);

    for (const limit of [1, 2, 3, 10]) {
      for (const boundary of [undefined, folder]) {
        const common = {
          key: id,
          limit,
          scope: ['s', limit],
          invalidToken,
          ...(boundary ? { boundary } : {}),
        };

        // Act
        const viaCursor = allCursorPages({ ...common, from: cursorOf(sorted).from });
        const viaList: Page<string>[] = [];
        let token: string | undefined;
        do {
          const page = paginate({ ...common, items: sorted, token });
          viaList.push(page);
          token = page.nextToken;
        } while (token !== undefined);

        // Assess
        expect(viaCursor).toEqual(viaList);
      }
    }
  });

  it('reads only as far as the page needs (one item past it, to know whether a token is due)', () => {
    // Prepare
    const sorted = Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const { from, read } = cursorOf(sorted);

    // Act
    const first = paginateCursor({ from, key: id, limit: 10, invalidToken });
    const second = paginateCursor({ from, key: id, limit: 10, token: first.nextToken, invalidToken });

    // Assess
    expect(second.items).toEqual(sorted.slice(10, 20));
    expect(read.count).toBe(22);
  });

  it('resumes after the last key, so deletions between pages skip or repeat nothing', () => {
    // Prepare
    const first = paginateCursor({
      from: cursorOf(['a', 'b', 'c', 'd']).from,
      key: id,
      limit: 2,
      invalidToken,
    });

    // Act
    const second = paginateCursor({
      from: cursorOf(['a', 'c', 'd']).from,
      key: id,
      limit: 2,
      token: first.nextToken,
      invalidToken,
    });

    // Assess
    expect(second).toEqual({ items: ['c', 'd'] });
  });

  it('answers a token of another scope, or one it did not issue, with the invalidToken error', () => {
    // Prepare
    const { from } = cursorOf(['a', 'b', 'c']);
    const { nextToken } = paginateCursor({ from, key: id, limit: 1, scope: 'x', invalidToken });
    const offsetToken = paginate({ items: ['a', 'b'], resume: 'offset', limit: 1, invalidToken }).nextToken;

    // Act
    const page = (scope: unknown, token: string | undefined) => () =>
      paginateCursor({ from, key: id, limit: 1, scope, token, invalidToken });

    // Assess
    expect(page('x', nextToken)()).toEqual({ items: ['b'], nextToken: expect.any(String) });
    expect(page('y', nextToken)).toThrow(`bad ${nextToken}`);
    expect(page(undefined, 'garbage')).toThrow('bad garbage');
    expect(page(undefined, offsetToken)).toThrow(AwsError);
    expect(page(undefined, restartToken())()).toEqual({ items: ['a'], nextToken: expect.any(String) });
  });
});
