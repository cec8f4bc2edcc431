/**
 * EventBridge event patterns: validation (as PutRule does) and matching (as rules do), pure.
 *
 * Matching follows EventBridge's flattening model: a pattern names a path of fields; the event values
 * found at that path (through arrays of objects too) are compared with the path's matchers, and the
 * field matches when any value matches any matcher. Every named field must match (AND); arrays of
 * matchers are OR; `$or` takes alternatives of sub-patterns.
 */
import { isJsonObject } from '../../../../common/src/json.ts';

/** A parsed, validated event pattern (a JSON object). */
export type EventPattern = Readonly<Record<string, unknown>>;

/** Thrown by `parseEventPattern` with the reason AWS would give in InvalidEventPatternException. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
}

const NUMERIC_OPERATORS = ['=', '<', '<=', '>', '>='];

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Parses and validates an EventPattern string; throws PatternError with AWS's reason. */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PatternError(`Filter is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) throw new PatternError('Filter is not an object');
  if (Object.keys(parsed).length === 0) throw new PatternError('Empty objects are not allowed');
  validateObject(parsed, '');
  return parsed;
}

function validateObject(pattern: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2)
        throw new PatternError('"$or" must be an array of at least 2 filters');
      for (const alternative of value) {
        if (!isJsonObject(alternative) || Object.keys(alternative).length === 0)
          throw new PatternError('"$or" alternatives must be non-empty objects');
        validateObject(alternative, path);
      }
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new PatternError(`Empty arrays are not allowed at "${at}"`);
      for (const matcher of value) validateMatcher(matcher, at);
    } else if (isJsonObject(value)) {
      if (Object.keys(value).length === 0) throw new PatternError(`Empty objects are not allowed at "${at}"`);
      validateObject(value, at);
    } else {
      throw new PatternError(`Match value must be String, number, true, false, or null at "${at}"`);
    }
  }
}

function requireString(value: unknown, what: string): void {
  if (typeof value !== 'string') throw new PatternError(`${what} match pattern must be a string`);
}

function validateIgnoreCaseOrString(value: unknown, type: string): void {
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case')
      throw new PatternError(`Unsupported ${type} pattern: only equals-ignore-case may be nested`);
    requireString(value['equals-ignore-case'], `${type} equals-ignore-case`);
    return;
  }
  requireString(value, type);
}

function validateWildcard(value: unknown): void {
  requireString(value, 'wildcard');
  if ((value as string).includes('**'))
    throw new PatternError('Consecutive wildcard characters are not allowed in wildcard patterns');
}

function validateAnythingBut(value: unknown): void {
  if (typeof value === 'string' || typeof value === 'number') return;
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PatternError('anything-but list must not be empty');
    const allStrings = value.every((v) => typeof v === 'string');
    const allNumbers = value.every((v) => typeof v === 'number');
    if (!allStrings && !allNumbers)
      throw new PatternError('Inside anything-but list, all values must be strings or all numbers');
    return;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    const [key] = keys;
    if (keys.length !== 1 || key === undefined)
      throw new PatternError('anything-but object must have one key');
    const inner = value[key];
    const strings = Array.isArray(inner) ? inner : [inner];
    if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(key))
      throw new PatternError(`Unsupported anything-but pattern: ${key}`);
    if (strings.length === 0) throw new PatternError(`anything-but ${key} list must not be empty`);
    for (const s of strings)
      (key === 'wildcard' ? validateWildcard : (v: unknown) => requireString(v, key))(s);
    return;
  }
  throw new PatternError('Value of anything-but must be an array or single string/number value');
}

function validateNumeric(value: unknown): void {
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 4))
    throw new PatternError('Value of numeric must be an array of one or two [operator, number] pairs');
  for (let i = 0; i < value.length; i += 2) {
    const operator = value[i];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.includes(operator))
      throw new PatternError(`Unrecognized numeric range operator: ${String(operator)}`);
    if (typeof value[i + 1] !== 'number' || !Number.isFinite(value[i + 1]))
      throw new PatternError(`Value of ${operator} must be numeric`);
  }
  if (value.length === 4) {
    if (!['>', '>='].includes(value[0] as string) || !['<', '<='].includes(value[2] as string))
      throw new PatternError(
        'Bad numeric range operator: a range is a lower bound followed by an upper bound',
      );
    if ((value[1] as number) >= (value[3] as number))
      throw new PatternError('Bottom must be less than top in numeric range');
  }
}

function validateCidr(value: unknown): void {
  requireString(value, 'cidr');
  if (!parseCidr(value as string)) throw new PatternError(`Nonstandard IP address: ${String(value)}`);
}

function validateExists(value: unknown): void {
  if (typeof value !== 'boolean') throw new PatternError('exists match pattern must be either true or false');
}

const VALIDATORS: Readonly<Record<string, (value: unknown) => void>> = {
  prefix: (value) => validateIgnoreCaseOrString(value, 'prefix'),
  suffix: (value) => validateIgnoreCaseOrString(value, 'suffix'),
  'equals-ignore-case': (value) => requireString(value, 'equals-ignore-case'),
  wildcard: validateWildcard,
  'anything-but': validateAnythingBut,
  numeric: validateNumeric,
  exists: validateExists,
  cidr: validateCidr,
};

function validateMatcher(matcher: unknown, at: string): void {
  if (isPrimitive(matcher)) return;
  if (!isJsonObject(matcher))
    throw new PatternError(`Match value must be String, number, true, false, or null at "${at}"`);
  const keys = Object.keys(matcher);
  const [type] = keys;
  if (keys.length !== 1 || type === undefined)
    throw new PatternError(`Match objects must have exactly one match type at "${at}"`);
  const value = matcher[type];
  const validator = VALIDATORS[type];
  if (!validator) throw new PatternError(`Unrecognized match type ${type}`);
  validator(value);
}

/** Values at one path: arrays are flattened, so a path through an array of objects reaches every element. */
function flatten(values: readonly unknown[]): unknown[] {
  return values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]));
}

function childValues(parents: readonly unknown[], key: string): unknown[] {
  const children: unknown[] = [];
  for (const parent of flatten(parents)) {
    if (isJsonObject(parent) && Object.hasOwn(parent, key)) children.push(parent[key]);
  }
  return children;
}

/** True when `event` (an envelope or any JSON object) matches the validated `pattern`. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, [event]);
}

function matchObject(pattern: Readonly<Record<string, unknown>>, parents: readonly unknown[]): boolean {
  return Object.entries(pattern).every(([key, spec]) => {
    if (key === '$or') return (spec as Record<string, unknown>[]).some((alt) => matchObject(alt, parents));
    const values = childValues(parents, key);
    if (Array.isArray(spec)) return matchLeaf(spec, values);
    return matchObject(spec as Record<string, unknown>, values);
  });
}

function matchLeaf(matchers: readonly unknown[], values: readonly unknown[]): boolean {
  const leaves = flatten(values).filter(isPrimitive);
  return matchers.some((matcher) => {
    if (isJsonObject(matcher) && 'exists' in matcher) return matcher.exists === leaves.length > 0;
    return leaves.some((leaf) => matchValue(matcher, leaf));
  });
}

function matchValue(matcher: unknown, value: string | number | boolean | null): boolean {
  if (!isJsonObject(matcher)) return matcher === value;
  const [type, operand] = Object.entries(matcher)[0] as [string, unknown];
  switch (type) {
    case 'prefix':
      return typeof value === 'string' && affix(operand, value, (v, p) => v.startsWith(p));
    case 'suffix':
      return typeof value === 'string' && affix(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (operand as string).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(operand as string).test(value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(operand as readonly (string | number)[], value);
    case 'cidr':
      return typeof value === 'string' && matchCidr(operand as string, value);
    case 'anything-but':
      return matchAnythingBut(operand, value);
    default:
      return false;
  }
}

function affix(operand: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (isJsonObject(operand)) {
    return test(value.toLowerCase(), (operand['equals-ignore-case'] as string).toLowerCase());
  }
  return test(value, operand as string);
}

function matchAnythingBut(operand: unknown, value: string | number | boolean | null): boolean {
  if (!isJsonObject(operand)) {
    const excluded = Array.isArray(operand) ? operand : [operand];
    return !excluded.includes(value);
  }
  if (typeof value !== 'string') return false;
  const [type, inner] = Object.entries(operand)[0] as [string, unknown];
  const operands = (Array.isArray(inner) ? inner : [inner]) as string[];
  const hit = operands.some((o) => {
    switch (type) {
      case 'prefix':
        return value.startsWith(o);
      case 'suffix':
        return value.endsWith(o);
      case 'equals-ignore-case':
        return value.toLowerCase() === o.toLowerCase();
      default:
        return wildcardRegExp(o).test(value);
    }
  });
  return !hit;
}

function matchNumeric(ranges: readonly (string | number)[], value: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    const bound = ranges[i + 1] as number;
    const ok = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[ranges[i] as '=' | '<' | '<=' | '>' | '>='];
    if (!ok) return false;
  }
  return true;
}

/** `*` matches any run of characters; `\*` is a literal star. */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && pattern[i + 1] === '*') {
      source += '\\*';
      i++;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    result = result * 256 + Number(part);
  }
  return result;
}

function parseCidr(text: string): { base: number; bits: number } | undefined {
  const [address, prefix, extra] = text.split('/');
  if (address === undefined || prefix === undefined || extra !== undefined || !/^\d{1,2}$/.test(prefix))
    return undefined;
  const base = parseIpv4(address);
  const bits = Number(prefix);
  return base === undefined || bits > 32 ? undefined : { base, bits };
}

function matchCidr(cidr: string, value: string): boolean {
  const range = parseCidr(cidr);
  const address = parseIpv4(value);
  if (!range || address === undefined) return false;
  const size = 2 ** (32 - range.bits);
  const start = Math.floor(range.base / size) * size;
  return address >= start && address < start + size;
}
