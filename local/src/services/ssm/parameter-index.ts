import { DerivedIndex, SortedKeys } from '../../cloud/indexes.ts';
import { folderOf, type StoredParameter } from './state.ts';

type Parameters = Record<string, StoredParameter>;

/**
 * What the queries and PutParameter need of a Parameter Store without going through every parameter:
 * derived from `SsmState.parameters`, never persisted (see `cloud/indexes.ts`).
 */
interface ParameterIndex {
  /** Every parameter by `folderKey` (GetParametersByPath order); the reference is the name. */
  readonly byFolder: SortedKeys;
  /** Every parameter by name (DescribeParameters order). */
  readonly byName: SortedKeys;
  /** How many parameters are in the Standard tier (the per-Region quota counts them). */
  standard: number;
}

/**
 * Sort key of GetParametersByPath: folder, NUL, name. It keeps each folder together; NUL sorts before
 * every character a name may hold, so a folder comes before its sub-folders.
 */
export function folderKey(name: string): string {
  return `${folderOf(name)}\u0000${name}`;
}

const indexes = new DerivedIndex<Parameters, ParameterIndex>((parameters) => {
  const all = Object.values(parameters);
  return {
    byFolder: new SortedKeys(all.map((p) => [folderKey(p.Name), p.Name] as const)),
    byName: new SortedKeys(all.map((p) => [p.Name, p.Name] as const)),
    standard: all.filter((p) => p.Tier === 'Standard').length,
  };
});

/** How many Standard parameters `parameters` holds. */
export function standardCount(parameters: Parameters): number {
  return indexes.of(parameters).standard;
}

/** Keeps the index current after `stored` was written in place of `previous` (absent for a new one). */
export function parameterWritten(
  parameters: Parameters,
  previous: StoredParameter | undefined,
  stored: StoredParameter,
): void {
  const index = indexes.peek(parameters);
  if (!index) return;
  // An overwrite keeps its name, hence its keys (`set` then only moves nothing); only the tier may change.
  index.byFolder.set(folderKey(stored.Name), stored.Name);
  index.byName.set(stored.Name, stored.Name);
  if (previous?.Tier === 'Standard') index.standard -= 1;
  if (stored.Tier === 'Standard') index.standard += 1;
}

/** Keeps the index current after `stored` was deleted. */
export function parameterDeleted(parameters: Parameters, stored: StoredParameter): void {
  const index = indexes.peek(parameters);
  if (!index) return;
  index.byFolder.delete(folderKey(stored.Name));
  index.byName.delete(stored.Name);
  if (stored.Tier === 'Standard') index.standard -= 1;
}

type Range = readonly [start: number, end: number];

/** The parameters of `ranges` of `keys` (in order) that still exist and `match`, after key `after`. */
function* read(
  parameters: Parameters,
  keys: SortedKeys,
  ranges: readonly Range[],
  match: (parameter: StoredParameter) => boolean,
  after: string | undefined,
): Generator<StoredParameter> {
  const first = after === undefined ? 0 : keys.upperBound(after);
  for (const [start, end] of ranges) {
    for (let position = Math.max(start, first); position < end; position += 1) {
      const name = keys.ref(keys.keyAt(position)) ?? '';
      // Own properties only (as Object.values): a name that is no longer stored is skipped.
      const parameter = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
      if (parameter !== undefined && match(parameter)) yield parameter;
    }
  }
}

/** A GetParametersByPath query over the index: the matching parameters in `folderKey` order. */
export interface PathQuery {
  /** The matching parameters whose `folderKey` is greater than `after` (all when undefined). */
  from(after: string | undefined): Iterable<StoredParameter>;
  /** Whether any parameter matches. */
  any(): boolean;
  /** Whether any matching parameter lives directly in the path (not in a sub-folder). */
  anyDirect(): boolean;
}

/**
 * The parameters under `path` (directly, or at any depth when `recursive`) that `match`. `path` is a
 * checked path without its trailing slash.
 */
export function pathQuery(
  parameters: Parameters,
  path: string,
  recursive: boolean,
  match: (parameter: StoredParameter) => boolean,
): PathQuery {
  const keys = indexes.of(parameters).byFolder;
  const direct = keys.prefixRange(`${path}\u0000`);
  // Deeper parameters have folders `path/…`: a second range, after the direct ones (NUL < '/').
  const ranges: readonly Range[] = !recursive
    ? [direct]
    : path === '/'
      ? [[0, keys.size]]
      : [direct, keys.prefixRange(`${path}/`)];
  const exists = (within: readonly Range[]) => !read(parameters, keys, within, match, undefined).next().done;
  return {
    from: (after) => read(parameters, keys, ranges, match, after),
    any: () => exists(ranges),
    anyDirect: () => exists([direct]),
  };
}

/** The parameters that `match`, by name, after name `after` (all when undefined). */
export function byName(
  parameters: Parameters,
  match: (parameter: StoredParameter) => boolean,
  after: string | undefined,
): Iterable<StoredParameter> {
  const keys = indexes.of(parameters).byName;
  return read(parameters, keys, [[0, keys.size]], match, after);
}

/** Forgets the index of `parameters` (for state edited other than through the service's operations). */
export function dropParameterIndex(parameters: Parameters): void {
  indexes.drop(parameters);
}
