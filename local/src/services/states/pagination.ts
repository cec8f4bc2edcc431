import { invalidToken } from './errors.ts';

/** Step Functions' page size when maxResults is absent or 0. */
export const DEFAULT_PAGE_SIZE = 100;

interface Cursor {
  readonly scope: string;
  readonly after: string;
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decode(token: string, scope: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (cursor.scope === scope && typeof cursor.after === 'string') return cursor as Cursor;
  } catch {
    // Falls through to the InvalidToken answer below.
  }
  throw invalidToken(token);
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * One page of `items` (already in answer order) after the item the token points at. Tokens are opaque,
 * bound to `scope` (the listing and its filters) and name the last item returned; a token from another
 * listing, or whose item is gone, is `InvalidToken`.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  scope: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Page<T> {
  const size = maxResults && maxResults > 0 ? maxResults : DEFAULT_PAGE_SIZE;
  let start = 0;
  if (nextToken !== undefined) {
    const { after } = decode(nextToken, scope);
    const index = items.findIndex((item) => keyOf(item) === after);
    if (index < 0) throw invalidToken(nextToken);
    start = index + 1;
  }
  const page = items.slice(start, start + size);
  const last = page.at(-1);
  return start + size < items.length && last !== undefined
    ? { items: page, nextToken: encode({ scope, after: keyOf(last) }) }
    : { items: page };
}
