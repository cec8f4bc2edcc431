import { ssmError, validationException } from './errors.ts';

/** Parameter hierarchies are limited to fifteen levels (PutParameter `Name` documentation). */
export const MAX_HIERARCHY_LEVELS = 15;
/** The usable name length, counting the ARN prefix before the name (PutParameter `Name` documentation). */
export const MAX_NAME_WITH_ARN = 1011;

const ALLOWED = /^[a-zA-Z0-9_.\-/]+$/u;

const NAME_RULES =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can ' +
  'consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and ' +
  'the following 3 symbols .-_';

/**
 * Checks a PutParameter name against Parameter Store's naming rules and returns it with leading and
 * trailing spaces removed (as the service does).
 * @throws ValidationException or HierarchyLevelLimitExceededException.
 */
export function checkParameterName(raw: string, arnPrefixLength: number): string {
  const name = raw.trim();
  if (/\s/u.test(name)) throw validationException(`Parameter name: ${NAME_RULES}`);
  if (!ALLOWED.test(name)) throw validationException(NAME_RULES);
  const segments = name.startsWith('/') ? name.slice(1).split('/') : name.split('/');
  if (name.includes('/') && !name.startsWith('/')) {
    throw validationException('Parameter name must be a fully qualified name.');
  }
  if (segments.some((segment) => segment === '')) throw validationException(NAME_RULES);
  const first = (segments[0] ?? '').toLowerCase();
  if (first.startsWith('aws') || first.startsWith('ssm')) throw validationException(NAME_RULES);
  if (segments.length > MAX_HIERARCHY_LEVELS) {
    throw ssmError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_HIERARCHY_LEVELS} levels. Reduce the number of levels.`,
    );
  }
  if (arnPrefixLength + name.length > MAX_NAME_WITH_ARN) {
    throw validationException(
      `Parameter name: the name together with its ARN prefix must be at most ${MAX_NAME_WITH_ARN} characters.`,
    );
  }
  return name;
}

const PATH_RULES =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". ' +
  'It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following ' +
  'symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, ' +
  'must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

/** Checks a GetParametersByPath path and returns it without a trailing slash (`/` stays `/`). */
export function checkPath(path: string): string {
  if (!path.startsWith('/') || !ALLOWED.test(path) || path.includes('//'))
    throw validationException(PATH_RULES);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
