import { badRequest } from './errors.ts';

/**
 * Page size when the request has no `MaxResults`. AWS documents no default for ListClustersV2 and
 * ListTopics; a small page surfaces callers that do not paginate.
 */
export const DEFAULT_PAGE_SIZE = 10;

/** One page of items with the token for the next page, if any. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * Pages through `items` (sorted by `keyOf`) with an opaque token holding the last key returned.
 * @throws BadRequestException (`nextToken`) for a token this list did not issue.
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
  throw badRequest(`The nextToken is not valid: ${token}`, 'nextToken');
}
