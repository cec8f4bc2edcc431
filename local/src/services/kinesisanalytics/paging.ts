/** Opaque NextToken pagination over items sorted by a key. */
import type { AwsError } from '../../cloud/errors.ts';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

function encode(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decode(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const after = (parsed as { after?: unknown } | null)?.after;
    return typeof after === 'string' ? after : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `items` (sorted by `key`) after `token`, at most `limit` long.
 * @throws the `invalidToken()` error when the token was not issued here.
 */
export function paginate<T>(
  items: readonly T[],
  options: { key: (item: T) => string; limit: number; token?: string; invalidToken: () => AwsError },
): Page<T> {
  const sorted = [...items].sort((a, b) => (options.key(a) < options.key(b) ? -1 : 1));
  let start = 0;
  if (options.token !== undefined) {
    const after = decode(options.token);
    if (after === undefined) throw options.invalidToken();
    start = sorted.findIndex((item) => options.key(item) > after);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + options.limit);
  const last = slice.at(-1);
  const more = start + options.limit < sorted.length;
  return more && last !== undefined
    ? { items: slice, nextToken: encode(options.key(last)) }
    : { items: slice };
}
