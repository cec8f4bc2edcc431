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
  let start = 0;
  if (marker !== undefined) {
    let after: unknown;
    try {
      after = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    } catch {
      throw validationError('Invalid Marker.');
    }
    if (typeof after !== 'string') throw validationError('Invalid Marker.');
    start = items.findIndex((item) => key(item) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + (maxItems ?? DEFAULT_MAX_ITEMS));
  const last = page[page.length - 1];
  if (start + page.length < items.length && last !== undefined) {
    return {
      items: page,
      IsTruncated: true,
      Marker: Buffer.from(JSON.stringify(key(last))).toString('base64url'),
    };
  }
  return { items: page, IsTruncated: false };
}
