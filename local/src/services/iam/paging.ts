import { paginate } from '../../cloud/pagination.ts';
import { validationError } from './errors.ts';

/** IAM's default page size for List operations (MaxItems). */
export const DEFAULT_MAX_ITEMS = 100;

export interface MarkerPage<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/**
 * One page of a list, IAM style: `IsTruncated` and an opaque `Marker` naming the key of the last item
 * returned. `items` must be sorted by `key`.
 */
export function markerPage<T>(
  items: readonly T[],
  key: (item: T) => string,
  marker: string | undefined,
  maxItems: number | undefined,
): MarkerPage<T> {
  const invalidToken = () => validationError('Invalid Marker.');
  const page = paginate({ items, key, limit: maxItems ?? DEFAULT_MAX_ITEMS, token: marker, invalidToken });
  return page.nextToken === undefined
    ? { items: page.items, IsTruncated: false }
    : { items: page.items, IsTruncated: true, Marker: page.nextToken };
}
