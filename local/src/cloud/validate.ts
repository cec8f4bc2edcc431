/**
 * Model validation that the SDK leaves to the server: required members, lengths, patterns, enums and
 * ranges, declared per operation from the constraints in the service model (shared/reference/api-shapes).
 */

interface Common {
  readonly required?: boolean;
}
export interface StringRule extends Common {
  readonly kind: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly enum?: readonly string[];
}
export interface NumberRule extends Common {
  readonly kind: 'number';
  readonly min?: number;
  readonly max?: number;
}
export interface BooleanRule extends Common {
  readonly kind: 'boolean';
}
export interface ListRule extends Common {
  readonly kind: 'list';
  readonly min?: number;
  readonly max?: number;
  readonly member?: Rule;
}
export interface MapRule extends Common {
  readonly kind: 'map';
  readonly min?: number;
  readonly max?: number;
  readonly key?: StringRule;
  readonly value?: Rule;
}
export interface StructRule extends Common {
  readonly kind: 'struct';
  readonly members: Readonly<Record<string, Rule>>;
  /** Exactly one member must be set (Smithy unions). */
  readonly union?: boolean;
}
export interface AnyRule extends Common {
  readonly kind: 'any';
}
export type Rule = StringRule | NumberRule | BooleanRule | ListRule | MapRule | StructRule | AnyRule;

type Opts<R> = Omit<R, 'kind'>;
export const str = (o: Opts<StringRule> = {}): StringRule => ({ kind: 'string', ...o });
export const num = (o: Opts<NumberRule> = {}): NumberRule => ({ kind: 'number', ...o });
export const bool = (o: Opts<BooleanRule> = {}): BooleanRule => ({ kind: 'boolean', ...o });
export const list = (member?: Rule, o: Omit<Opts<ListRule>, 'member'> = {}): ListRule => ({
  kind: 'list',
  ...(member ? { member } : {}),
  ...o,
});
export const map = (o: Opts<MapRule> = {}): MapRule => ({ kind: 'map', ...o });
export const struct = (
  members: Record<string, Rule>,
  o: Omit<Opts<StructRule>, 'members'> = {},
): StructRule => ({
  kind: 'struct',
  members,
  ...o,
});
export const union = (members: Record<string, Rule>, o: Omit<Opts<StructRule>, 'members' | 'union'> = {}) =>
  struct(members, { ...o, union: true });
export const any = (o: Opts<AnyRule> = {}): AnyRule => ({ kind: 'any', ...o });
export const required = <R extends Rule>(rule: R): R => ({ ...rule, required: true });

/** Patterns from the service models are anchored here, as Smithy's `@pattern` is not implicitly anchored
 * but AWS validates the whole value for the id and name patterns streamgov relies on. */
export function anchored(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function check(rule: Rule, value: unknown, path: string, problems: string[]): void {
  if (value === undefined || value === null) {
    if (rule.required)
      problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return;
  }
  const constraint = violation(rule, value, path, problems);
  if (constraint)
    problems.push(`Value '${describe(value)}' at '${path}' failed to satisfy constraint: ${constraint}`);
}

function sizeViolation(rule: { min?: number; max?: number }, size: number, what: 'length' | 'value') {
  if (rule.min !== undefined && size < rule.min)
    return `Member must have ${what} greater than or equal to ${rule.min}`;
  if (rule.max !== undefined && size > rule.max)
    return `Member must have ${what} less than or equal to ${rule.max}`;
  return undefined;
}

/** The constraint `value` breaks at this level, if any; problems of nested members go to `problems`. */
function violation(rule: Rule, value: unknown, path: string, problems: string[]): string | undefined {
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return 'Member must be a string';
      return (
        sizeViolation(rule, value.length, 'length') ??
        (rule.enum && !rule.enum.includes(value)
          ? `Member must satisfy enum value set: [${rule.enum.join(', ')}]`
          : undefined) ??
        (rule.pattern && !rule.pattern.test(value)
          ? `Member must satisfy regular expression pattern: ${rule.pattern.source}`
          : undefined)
      );
    case 'number':
      if (typeof value !== 'number' || Number.isNaN(value)) return 'Member must be a number';
      return sizeViolation(rule, value, 'value');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Member must be a boolean';
    case 'list': {
      if (!Array.isArray(value)) return 'Member must be a list';
      const size = sizeViolation(rule, value.length, 'length');
      if (size) return size;
      if (rule.member)
        for (const [i, item] of value.entries()) check(rule.member, item, `${path}.${i + 1}`, problems);
      return undefined;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return 'Member must be a map';
      const entries = Object.entries(value as Record<string, unknown>);
      const size = sizeViolation(rule, entries.length, 'length');
      if (size) return size;
      for (const [k, v] of entries) {
        if (rule.key) check(rule.key, k, `${path}.key`, problems);
        if (rule.value) check(rule.value, v, `${path}.${k}`, problems);
      }
      return undefined;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return 'Member must be a structure';
      const record = value as Record<string, unknown>;
      if (rule.union) {
        const set = Object.keys(rule.members).filter((k) => record[k] !== undefined && record[k] !== null);
        if (set.length !== 1) return 'Member must have exactly one member set';
      }
      for (const [name, memberRule] of Object.entries(rule.members)) {
        check(memberRule, record[name], path ? `${path}.${name}` : name, problems);
      }
      return undefined;
    }
    case 'any':
      return undefined;
  }
}

/**
 * Validates `input` against `members`; throws `toError(message)` listing every violation, AWS style
 * ("2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: ...").
 */
export function validateInput(
  members: Readonly<Record<string, Rule>>,
  input: unknown,
  toError: (message: string) => Error,
): void {
  const problems: string[] = [];
  check(struct(members, { required: true }), input ?? {}, '', problems);
  if (problems.length === 0) return;
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  throw toError(`${count} detected: ${problems.join('; ')}`);
}

export type ValidatedHandler<H> = H & { readonly rules: Readonly<Record<string, Rule>> };

/** Attaches input rules to an operation handler; the cloud validates before calling it. */
export function validated<H extends (...args: never[]) => unknown>(
  rules: Readonly<Record<string, Rule>>,
  handler: H,
): ValidatedHandler<H> {
  return Object.assign(handler, { rules });
}
