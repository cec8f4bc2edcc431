/**
 * Opaque-token pagination shared by the local services.
 *
 * A token is base64url JSON naming where the next page starts (the last key returned, or a position)
 * and, when the list has a `scope`, a digest of that scope, so that a token is only accepted by the list
 * or query that issued it. A token is accepted only as it was issued: anything else, including a token
 * of another scope, is answered with the caller's `invalidToken` error.
 */
import { createHash } from 'node:crypto';
import type { AwsError } from './errors.ts';

/** One page of items and the token for the next page, absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

interface CommonOptions<T> {
  readonly items: readonly T[];
  /** Most items on a page (the caller applies its service's default page size). */
  readonly limit: number;
  /** The token of the request; absent for the first page. */
  readonly token?: string | undefined;
  /** What a token is bound to (the list and its filters): any JSON value. Unscoped tokens fit any list. */
  readonly scope?: unknown;
  /** The service's answer to a token it did not issue (or whose item is gone, see `resume`). */
  readonly invalidToken: (token: string) => AwsError;
  /** When set, a page also ends where this value changes between consecutive items (short pages). */
  readonly boundary?: (item: T) => string;
}

/**
 * `items` sorted by `key` (or sorted here when `sort` is set): a page starts at the first item whose key
 * is greater than the last key returned, so deletions between pages neither skip nor repeat items.
 */
export interface AfterKeyOptions<T> extends CommonOptions<T> {
  readonly resume?: 'after-key';
  readonly key: (item: T) => string;
  /** Sort a copy of `items` by `key` first. */
  readonly sort?: boolean;
}

/**
 * `items` in any order, with unique keys: a page starts after the item whose key was returned last; a
 * token whose item is gone is invalid.
 */
export interface AfterItemOptions<T> extends CommonOptions<T> {
  readonly resume: 'after-item';
  readonly key: (item: T) => string;
}

/** `items` in any order: a page starts at the position after the last item returned. */
export interface OffsetOptions<T> extends CommonOptions<T> {
  readonly resume: 'offset';
}

export type PaginateOptions<T> = AfterKeyOptions<T> | AfterItemOptions<T> | OffsetOptions<T>;

/** What a token holds: the scope's digest, and the last key returned (`a`) or the next position (`o`). */
interface TokenBody {
  readonly s?: string;
  readonly a?: string;
  readonly o?: number;
}

/** One page of `options.items` after `options.token`. */
export function paginate<T>(options: PaginateOptions<T>): Page<T> {
  const items =
    options.resume !== 'after-key' && options.resume !== undefined ? options.items : ordered(options);
  const scope = scopeDigest(options.scope);
  const start = options.token === undefined ? 0 : startOf(items, options, scope, options.token);
  const page = take(items, start, options.limit, options.boundary);
  const last = page.at(-1);
  if (last === undefined || start + page.length >= items.length) return { items: page };
  const position = options.resume === 'offset' ? { o: start + page.length } : { a: options.key(last) };
  return { items: page, nextToken: encode({ ...(scope === undefined ? {} : { s: scope }), ...position }) };
}

/**
 * A key-ordered list read through a cursor instead of held whole (typically an index over the state), so
 * that a page costs its own size plus finding where it starts. Pages exactly as `paginate` with
 * `resume: 'after-key'` does over the whole list (same tokens, same pages).
 */
export interface CursorOptions<T> extends Omit<CommonOptions<T>, 'items'> {
  /**
   * The items in ascending key order (unique keys), starting with the first whose key is greater than
   * `after`, or with the first item when `after` is undefined. Read lazily: only as far as a page needs.
   */
  readonly from: (after: string | undefined) => Iterable<T>;
  readonly key: (item: T) => string;
}

/** One page of `options.from` after `options.token`: `paginate` (after-key) over a cursor. */
export function paginateCursor<T>(options: CursorOptions<T>): Page<T> {
  const scope = scopeDigest(options.scope);
  let after: string | undefined;
  if (options.token !== undefined) {
    const body = decode(options.token, scope);
    if (body?.a === undefined) throw options.invalidToken(options.token);
    after = body.a;
  }
  const cursor = options.from(after)[Symbol.iterator]();
  const page: T[] = [];
  let next = cursor.next();
  while (!next.done && page.length < options.limit) {
    const last = page.at(-1);
    if (options.boundary && last !== undefined && options.boundary(last) !== options.boundary(next.value))
      break;
    page.push(next.value);
    next = cursor.next();
  }
  cursor.return?.();
  const last = page.at(-1);
  // As `paginate`: no token on an empty page or when nothing is left after this one.
  if (last === undefined || next.done) return { items: page };
  return {
    items: page,
    nextToken: encode({ ...(scope === undefined ? {} : { s: scope }), a: options.key(last) }),
  };
}

/**
 * A token that resumes a key-ordered list of `scope` at its first item, for a service that answers an
 * empty first page.
 */
export function restartToken(scope?: unknown): string {
  const digest = scopeDigest(scope);
  return encode({ ...(digest === undefined ? {} : { s: digest }), a: '' });
}

function ordered<T>(options: AfterKeyOptions<T>): readonly T[] {
  if (!options.sort) return options.items;
  const { key } = options;
  return [...options.items].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/** The index the page starts at. @throws the `invalidToken` error for a token this list did not issue. */
function startOf<T>(
  items: readonly T[],
  options: PaginateOptions<T>,
  scope: string | undefined,
  token: string,
) {
  const body = decode(token, scope);
  if (options.resume === 'offset') {
    if (body?.o !== undefined) return body.o;
  } else if (body?.a !== undefined) {
    const after = body.a;
    const { key } = options;
    if (options.resume === 'after-item') {
      const index = items.findIndex((item) => key(item) === after);
      if (index >= 0) return index + 1;
    } else {
      const index = items.findIndex((item) => key(item) > after);
      return index < 0 ? items.length : index;
    }
  }
  throw options.invalidToken(token);
}

function take<T>(items: readonly T[], start: number, limit: number, boundary?: (item: T) => string): T[] {
  if (boundary === undefined) return items.slice(start, start + limit);
  const page: T[] = [];
  for (let i = start; i < items.length && page.length < limit; i += 1) {
    const item = items[i] as T;
    const last = page.at(-1);
    if (last !== undefined && boundary(last) !== boundary(item)) break;
    page.push(item);
  }
  return page;
}

function scopeDigest(scope: unknown): string | undefined {
  if (scope === undefined) return undefined;
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);
}

function encode(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The body of `token` if it is exactly a token issued for `scope`, else undefined. */
function decode(token: string, scope: string | undefined): TokenBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { a, o } = parsed as Record<string, unknown>;
  const position =
    typeof a === 'string'
      ? { a }
      : typeof o === 'number' && Number.isInteger(o) && o >= 0
        ? { o }
        : undefined;
  if (position === undefined) return undefined;
  const body: TokenBody = { ...(scope === undefined ? {} : { s: scope }), ...position };
  return encode(body) === token ? body : undefined;
}
