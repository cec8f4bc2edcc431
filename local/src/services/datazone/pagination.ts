import { createHash } from 'node:crypto';
import { validationError } from './errors.ts';

/**
 * Page size when a request has no `maxResults`. DataZone documents only the 1–50 range; a small default
 * makes callers that read one page only visible in tests.
 */
export const DEFAULT_PAGE_SIZE = 25;

/** The paging members of a List or Search input. */
export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** One page of results and the token for the next, if any. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * Pages through `items` (already in list order). The opaque token holds the offset and a digest of the
 * operation and the request's other members (its filters), so that a token is only accepted by the query
 * that issued it.
 * @throws ValidationException for a token this query did not issue.
 */
export function paginate<T>(items: readonly T[], request: PageRequest, operation: string): Page<T> {
  const size = request.maxResults ?? DEFAULT_PAGE_SIZE;
  const { maxResults: _size, nextToken: _token, ...filters } = request as Record<string, unknown>;
  const digest = scopeDigest([operation, filters]);
  const start = request.nextToken === undefined ? 0 : decode(request.nextToken, digest);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { items: page, nextToken: encode(digest, end) } : { items: page };
}

function scopeDigest(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);
}

function encode(digest: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: digest, o: offset })).toString('base64url');
}

function decode(token: string, digest: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 's' in parsed && 'o' in parsed) {
      const { s, o } = parsed;
      if (s === digest && typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
    }
  } catch {
    // Falls through: the token is not one this query issued.
  }
  throw validationError('The pagination token is invalid or does not belong to this request.');
}
