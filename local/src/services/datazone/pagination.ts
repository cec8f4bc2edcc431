import { type Page, paginate as paginateItems } from '../../cloud/pagination.ts';
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

/**
 * Pages through `items` (already in list order) by position. The token is bound to the operation and the
 * request's other members (its filters), so that a token is only accepted by the query that issued it.
 * @throws ValidationException for a token this query did not issue.
 */
export function paginate<T>(items: readonly T[], request: PageRequest, operation: string): Page<T> {
  const { maxResults: _size, nextToken: _token, ...filters } = request as Record<string, unknown>;
  return paginateItems({
    items,
    resume: 'offset',
    limit: request.maxResults ?? DEFAULT_PAGE_SIZE,
    token: request.nextToken,
    scope: [operation, filters],
    invalidToken: () =>
      validationError('The pagination token is invalid or does not belong to this request.'),
  });
}
