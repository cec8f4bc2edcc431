import type { ParameterStringFilter, ParametersFilter } from '@aws-sdk/client-ssm';
import { invalidFilterKey, invalidFilterOption, invalidFilterValue, validationException } from './errors.ts';
import { folderOf, type StoredParameter } from './state.ts';

const TYPES = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

type Predicate = (parameter: StoredParameter) => boolean;

/** Where a filter is used: the two operations accept different keys and options. */
export type FilterUse = 'by-path' | 'describe';

const KEYS: Record<FilterUse, readonly string[]> = {
  'by-path': ['Type', 'KeyId', 'Label'],
  describe: ['Name', 'Type', 'KeyId', 'Path', 'Tier', 'DataType', 'tag:'],
};

function optionsFor(key: string, use: FilterUse): readonly string[] {
  if (key === 'Path') return ['Recursive', 'OneLevel'];
  if (key === 'Label') return ['Equals'];
  if (key === 'Name' && use === 'describe') return ['Equals', 'BeginsWith', 'Contains'];
  return ['Equals', 'BeginsWith'];
}

function matchText(option: string, actual: string | undefined, values: readonly string[]): boolean {
  if (actual === undefined) return false;
  switch (option) {
    case 'BeginsWith':
      return values.some((value) => actual.startsWith(value));
    case 'Contains':
      return values.some((value) => actual.includes(value));
    default:
      return values.includes(actual);
  }
}

function withSlash(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

function pathPredicate(option: string, values: readonly string[]): Predicate {
  const paths = values.map((value) => (value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value));
  if (paths.some((path) => !path.startsWith('/'))) {
    throw invalidFilterValue(
      'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
    );
  }
  return (parameter) =>
    paths.some((path) => {
      const folder = folderOf(parameter.Name);
      if (option === 'Recursive') return path === '/' || withSlash(parameter.Name).startsWith(`${path}/`);
      return folder === path;
    });
}

/** Turns one `ParameterStringFilter` into a predicate, checking key, option and values as AWS does. */
function stringFilter(filter: ParameterStringFilter, use: FilterUse): Predicate {
  const key = filter.Key ?? '';
  const isTag = key.startsWith('tag:');
  const allowed = KEYS[use];
  if (!(isTag ? allowed.includes('tag:') : allowed.includes(key))) {
    const shown = allowed.map((k) => (k === 'tag:' ? 'tag' : k)).join(', ');
    throw invalidFilterKey(
      `The following filter key is not valid: ${key}. Valid filter keys include: [${shown}].`,
    );
  }
  const options = isTag ? ['Equals', 'BeginsWith'] : optionsFor(key, use);
  const option = filter.Option ?? (key === 'Path' ? 'OneLevel' : 'Equals');
  if (!options.includes(option)) {
    throw invalidFilterOption(
      `The following filter option is not valid: ${option}. Valid options include: [${options.join(', ')}].`,
    );
  }
  const values = filter.Values ?? [];
  if (values.length === 0 && !isTag) {
    throw invalidFilterValue(`The following filter values are missing : null for filter key ${key}.`);
  }
  if (key === 'Type') checkValues(values, TYPES);
  if (key === 'Tier') checkValues(values, TIERS);
  if (isTag) {
    const tagKey = key.slice('tag:'.length);
    return (parameter) => {
      const tag = parameter.Tags.find((t) => t.Key === tagKey);
      return tag !== undefined && (values.length === 0 || matchText(option, tag.Value, values));
    };
  }
  switch (key) {
    case 'Name':
      return (parameter) =>
        matchText(option, parameter.Name, values) ||
        matchText(option, withSlash(parameter.Name), values.map(withSlash));
    case 'Type':
      return (parameter) => matchText(option, parameter.Type, values);
    case 'KeyId':
      return (parameter) => matchText(option, parameter.KeyId, values);
    case 'Tier':
      return (parameter) => matchText(option, parameter.Tier, values);
    case 'DataType':
      return (parameter) => matchText(option, parameter.DataType, values);
    case 'Path':
      return pathPredicate(option, values);
    default:
      // Label: this Parameter Store keeps no labels, so no parameter carries one.
      return () => false;
  }
}

function checkValues(values: readonly string[], valid: readonly string[]): void {
  for (const value of values) {
    if (!valid.includes(value)) {
      throw invalidFilterValue(
        `The following filter value is not valid: ${value}. Valid values include: [${valid.join(', ')}].`,
      );
    }
  }
}

/** The deprecated `Filters` of DescribeParameters: Name (begins with), Type and KeyId (equal). */
function legacyFilter(filter: ParametersFilter): Predicate {
  const values = filter.Values ?? [];
  switch (filter.Key) {
    case 'Name':
      return (parameter) => matchText('BeginsWith', parameter.Name, values);
    case 'Type':
      checkValues(values, TYPES);
      return (parameter) => values.includes(parameter.Type);
    default:
      return (parameter) => matchText('Equals', parameter.KeyId, values);
  }
}

/** One predicate for all filters of a request (they are ANDed). */
export function compileFilters(
  use: FilterUse,
  parameterFilters: readonly ParameterStringFilter[] | undefined,
  legacy?: readonly ParametersFilter[],
): Predicate {
  if (parameterFilters && parameterFilters.length > 0 && legacy && legacy.length > 0) {
    throw validationException('You can use either Filters or ParameterFilters in a single request.');
  }
  const seen = new Set<string>();
  for (const filter of parameterFilters ?? []) {
    if (seen.has(filter.Key ?? ''))
      throw invalidFilterKey(`The following filter is duplicated in the request: ${filter.Key}.`);
    seen.add(filter.Key ?? '');
  }
  const predicates = [
    ...(parameterFilters ?? []).map((filter) => stringFilter(filter, use)),
    ...(legacy ?? []).map(legacyFilter),
  ];
  return (parameter) => predicates.every((predicate) => predicate(parameter));
}
