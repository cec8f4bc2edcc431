import { isJsonObject } from '../../../../common/src/json.ts';
import { malformedPolicyDocument } from './errors.ts';

/** Identity policies (inline and managed) need resources; trust policies need a principal instead. */
export type PolicyKind = 'identity' | 'trust';

const TOP_LEVEL = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];

/** A statement of a parsed policy document. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

function isStringOrStrings(value: unknown): boolean {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

const SYNTAX = 'Syntax errors in policy.';

/**
 * Parses and checks a policy document as IAM does before storing it, returning its statements.
 * @throws MalformedPolicyDocument with IAM's messages.
 */
export function checkPolicyDocument(document: string, kind: PolicyKind): PolicyStatement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformedPolicyDocument(SYNTAX);
  }
  if (!isJsonObject(parsed) || Object.keys(parsed).some((key) => !TOP_LEVEL.includes(key))) {
    throw malformedPolicyDocument(SYNTAX);
  }
  const rawStatements = parsed.Statement;
  const statements = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (rawStatements === undefined || statements.length === 0) throw malformedPolicyDocument(SYNTAX);
  for (const statement of statements) {
    if (!isJsonObject(statement) || Object.keys(statement).some((key) => !STATEMENT_ELEMENTS.includes(key))) {
      throw malformedPolicyDocument(SYNTAX);
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw malformedPolicyDocument(SYNTAX);
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      if (statement[key] !== undefined && !isStringOrStrings(statement[key]))
        throw malformedPolicyDocument(SYNTAX);
    }
    if (statement.Condition !== undefined && !isJsonObject(statement.Condition))
      throw malformedPolicyDocument(SYNTAX);
  }
  if (parsed.Version !== '2012-10-17') {
    throw malformedPolicyDocument('Policy document must be version 2012-10-17 or greater.');
  }
  const sids = statements
    .map((statement) => statement.Sid)
    .filter((sid) => typeof sid === 'string' && sid !== '');
  if (new Set(sids).size !== sids.length) {
    throw malformedPolicyDocument('Statement IDs (SID) in a single policy must be unique.');
  }
  for (const statement of statements) {
    if (statement.Action === undefined && statement.NotAction === undefined) {
      throw malformedPolicyDocument('Policy statement must contain actions.');
    }
    if (kind === 'identity') {
      if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
        throw malformedPolicyDocument('Policy document should not specify a principal.');
      }
      if (statement.Resource === undefined && statement.NotResource === undefined) {
        throw malformedPolicyDocument('Policy statement must contain resources.');
      }
    } else {
      if (statement.Resource !== undefined || statement.NotResource !== undefined) {
        throw malformedPolicyDocument('Has prohibited field Resource.');
      }
      if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
        throw malformedPolicyDocument('Missing required field Principal.');
      }
    }
  }
  return statements as PolicyStatement[];
}

/**
 * The size IAM counts against its policy quotas: IAM does not count white space (IAM quotas page), so
 * this is the length of the document re-serialised without white space outside strings.
 */
export function policySize(document: string): number {
  return JSON.stringify(JSON.parse(document)).length;
}
