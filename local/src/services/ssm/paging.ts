import { createHash } from 'node:crypto';
import { invalidNextToken } from './errors.ts';

interface TokenBody {
  /** Fingerprint of the query the token belongs to. */
  readonly q: string;
  /** Sort key of the last item returned ('' = nothing returned yet, an empty page was served). */
  readonly a: string;
}

/** A fingerprint of a query, so that a token is only accepted for the query that produced it. */
export function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export function encodeToken(query: string, after: string): string {
  return Buffer.from(JSON.stringify({ q: query, a: after } satisfies TokenBody)).toString('base64url');
}

/**
 * The sort key after which the next page starts (`undefined` without a token).
 * @throws InvalidNextToken when the token is malformed or belongs to another query.
 */
export function decodeToken(token: string | undefined, query: string): string | undefined {
  if (token === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidNextToken();
  }
  const { q, a } = (body ?? {}) as Partial<TokenBody>;
  if (q !== query || typeof a !== 'string') throw invalidNextToken();
  return a;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export interface PageOptions<T> {
  readonly items: readonly T[];
  /** Sort key of an item; `items` must be sorted by it. */
  readonly key: (item: T) => string;
  readonly max: number;
  readonly token: string | undefined;
  readonly query: unknown;
  /** When set, a page ends where this value changes between consecutive items. */
  readonly boundary?: (item: T) => string;
  /** When true and there is no token, the first page is empty (with a NextToken if anything matches). */
  readonly emptyFirstPage?: boolean;
}

/** One page of a sorted list, resuming after the key in the token. */
export function paginate<T>(options: PageOptions<T>): Page<T> {
  const query = fingerprint(options.query);
  const after = decodeToken(options.token, query);
  if (after === undefined && options.emptyFirstPage && options.items.length > 0) {
    return { items: [], nextToken: encodeToken(query, '') };
  }
  const start = after === undefined ? 0 : options.items.findIndex((item) => options.key(item) > after);
  if (start < 0) return { items: [] };
  const page: T[] = [];
  for (let i = start; i < options.items.length && page.length < options.max; i += 1) {
    const item = options.items[i] as T;
    const last = page[page.length - 1];
    if (last !== undefined && options.boundary && options.boundary(last) !== options.boundary(item)) break;
    page.push(item);
  }
  const last = page[page.length - 1];
  const more = start + page.length < options.items.length;
  return more && last !== undefined
    ? { items: page, nextToken: encodeToken(query, options.key(last)) }
    : { items: page };
}
