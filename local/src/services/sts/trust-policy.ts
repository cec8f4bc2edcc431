import type { CallerIdentity } from '../../cloud/types.ts';

/** What a trust policy is evaluated against. */
export interface AssumeRequestContext {
  readonly caller: CallerIdentity;
  readonly externalId?: string;
}

interface Statement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Condition?: unknown;
}

const ASSUMED_ROLE = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/u;
const ROLE = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/u;
const ROOT = /^arn:aws:iam::(\d{12}):root$/u;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function glob(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/gu, '\\$&')
    .replace(/\*/gu, '.*')
    .replace(/\?/gu, '.');
  return new RegExp(`^${source}$`, 'iu');
}

function matchesAction(statement: Statement): boolean {
  if (statement.NotAction !== undefined) {
    return !strings(statement.NotAction).some((action) => glob(action).test('sts:AssumeRole'));
  }
  return strings(statement.Action).some((action) => glob(action).test('sts:AssumeRole'));
}

/** Whether one `Principal.AWS` entry names the caller. */
function namesCaller(entry: string, caller: CallerIdentity): boolean {
  if (entry === '*') return true;
  if (/^\d{12}$/u.test(entry)) return entry === caller.account;
  const root = ROOT.exec(entry);
  if (root) return root[1] === caller.account;
  const role = ROLE.exec(entry);
  const session = ASSUMED_ROLE.exec(caller.principalArn);
  if (role) return session !== null && session[1] === role[1] && session[2] === role[2];
  return entry === caller.principalArn;
}

function matchesPrincipal(principal: unknown, caller: CallerIdentity): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return strings(aws).some((entry) => namesCaller(entry, caller));
}

function contextValue(key: string, context: AssumeRequestContext): string | undefined {
  switch (key.toLowerCase()) {
    case 'sts:externalid':
      return context.externalId;
    case 'aws:principalaccount':
      return context.caller.account;
    case 'aws:principalarn': {
      // For a role session, IAM evaluates aws:PrincipalArn as the role's ARN, not the session's (the
      // session ARN has no path: roles with a path are matched as if they had none).
      const session = ASSUMED_ROLE.exec(context.caller.principalArn);
      return session ? `arn:aws:iam::${session[1]}:role/${session[2]}` : context.caller.principalArn;
    }
    default:
      return undefined;
  }
}

/** Condition operators the local cloud evaluates: exact matches and wildcard matches. */
const EXACT_OPERATORS = new Set(['StringEquals', 'ArnEquals']);
const LIKE_OPERATORS = new Set(['StringLike', 'ArnLike']);

/**
 * Conditions the local cloud can evaluate: StringEquals, StringLike, ArnEquals and ArnLike on
 * sts:ExternalId, aws:PrincipalAccount and aws:PrincipalArn. A statement with any other condition does
 * not apply.
 */
function conditionsHold(condition: unknown, context: AssumeRequestContext): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).every(([operator, block]) => {
    if (
      (!EXACT_OPERATORS.has(operator) && !LIKE_OPERATORS.has(operator)) ||
      typeof block !== 'object' ||
      block === null
    ) {
      return false;
    }
    return Object.entries(block as Record<string, unknown>).every(([key, expected]) => {
      const actual = contextValue(key, context);
      if (actual === undefined) return false;
      return strings(expected).some((value) =>
        EXACT_OPERATORS.has(operator) ? value === actual : glob(value).test(actual),
      );
    });
  });
}

/**
 * Whether a role's trust policy lets this caller call sts:AssumeRole: an explicit Deny wins, otherwise
 * an Allow statement whose `Principal.AWS` names the caller (account id, account root ARN, role ARN of
 * the caller's session, the caller's ARN, or `*`) is needed.
 */
export function trustAllows(document: string, context: AssumeRequestContext): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return false;
  }
  const raw = (parsed as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter(
    (statement): statement is Statement => typeof statement === 'object' && statement !== null,
  );
  const applying = statements.filter(
    (statement) =>
      matchesAction(statement) &&
      matchesPrincipal(statement.Principal, context.caller) &&
      conditionsHold(statement.Condition, context),
  );
  if (applying.some((statement) => statement.Effect === 'Deny')) return false;
  return applying.some((statement) => statement.Effect === 'Allow');
}
