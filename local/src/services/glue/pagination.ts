import { invalidInput } from './errors.ts';

/** Page size when the request has no `MaxResults` (Glue Schema Registry lists: 25). */
export const DEFAULT_PAGE_SIZE = 25;

/** One page of `items` after the token's position, with the token for the next page if any. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * Pages through `items` (already in list order) by an opaque token holding the last key returned,
 * so that deletions between pages do not skip or repeat items.
 * @throws InvalidInputException for a token this list did not issue.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  list: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Page<T> {
  const size = maxResults ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (nextToken !== undefined) {
    const after = decode(nextToken, list);
    const index = items.findIndex((item) => keyOf(item) > after);
    start = index === -1 ? items.length : index;
  }
  const page = items.slice(start, start + size);
  const last = page.at(-1);
  const more = start + size < items.length && last !== undefined;
  return more ? { items: page, nextToken: encode(list, keyOf(last)) } : { items: page };
}

function encode(list: string, after: string): string {
  return Buffer.from(JSON.stringify({ l: list, a: after })).toString('base64url');
}

function decode(token: string, list: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'l' in parsed && 'a' in parsed) {
      const { l, a } = parsed;
      if (l === list && typeof a === 'string') return a;
    }
  } catch {
    // Falls through to the error below: the token is not one this list issued.
  }
  throw invalidInput(`Invalid NextToken: ${token}`);
}
