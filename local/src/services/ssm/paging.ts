import {
  type AfterKeyOptions,
  type CursorOptions,
  type Page,
  paginateCursor as paginateFrom,
  paginate as paginateItems,
  restartToken,
} from '../../cloud/pagination.ts';
import { invalidNextToken } from './errors.ts';

export interface PageOptions<T> extends Omit<AfterKeyOptions<T>, 'invalidToken' | 'resume' | 'sort'> {
  /** When true and there is no token, the first page is empty (with a NextToken if anything matches). */
  readonly emptyFirstPage?: boolean;
}

/** One page of a list sorted by key; SSM's short pages (`boundary`, `emptyFirstPage`) when asked for. */
export function paginate<T>({ emptyFirstPage, ...options }: PageOptions<T>): Page<T> {
  if (options.token === undefined && emptyFirstPage && options.items.length > 0) {
    return { items: [], nextToken: restartToken(options.scope) };
  }
  return paginateItems({ ...options, invalidToken: invalidNextToken });
}

export interface CursorPageOptions<T> extends Omit<CursorOptions<T>, 'invalidToken'> {
  /**
   * Asked only for a request without a token: when true, the first page is empty, with a NextToken (the
   * caller answers true only if anything matches).
   */
  readonly emptyFirstPage?: () => boolean;
}

/** `paginate` over a cursor (an index of the state) instead of the whole sorted list. */
export function paginateCursor<T>({ emptyFirstPage, ...options }: CursorPageOptions<T>): Page<T> {
  if (options.token === undefined && emptyFirstPage?.()) {
    return { items: [], nextToken: restartToken(options.scope) };
  }
  return paginateFrom({ ...options, invalidToken: invalidNextToken });
}
