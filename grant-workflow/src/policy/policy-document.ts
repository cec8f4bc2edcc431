import { isJsonObject } from '../../../common/src/json.ts';
import { MalformedPolicyError } from './errors.ts';

/** Any JSON value, as found in statements streamgov keeps without interpreting them. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * One statement of an IAM identity policy or a resource policy (MSK cluster policy). The elements streamgov
 * reads are typed; any other element is kept exactly as it was read.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: JsonValue;
  readonly NotPrincipal?: JsonValue;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: JsonValue;
  readonly [element: string]: JsonValue | undefined;
}

/** The values of a list element (`Action`, `Resource`, …), which IAM allows as one string or a list. */
export function elementValues(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** A policy document. `Statement` is always a list here (a single statement object is read as a list of one). */
export interface PolicyDocument {
  /** Absent only when a document read from AWS had none (IAM then assumes 2008-10-17). */
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** The policy language version streamgov writes. */
export const POLICY_VERSION = '2012-10-17';

/**
 * Sid prefix of the statements streamgov owns. It is reserved: streamgov rewrites or removes any Allow
 * statement whose Sid starts with it (see {@link isStreamgovStatement}).
 */
export const STREAMGOV_SID_PREFIX = 'Streamgov';

/** The order in which statement elements are serialised; other elements follow in key order. */
const ELEMENT_ORDER = [
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
const LIST_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'];
const TOP_LEVEL = ['Version', 'Id', 'Statement'];

function isStringList(value: unknown): boolean {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

function checkStatement(value: unknown, index: number, source: string): PolicyStatement {
  const where = `Statement[${index}]`;
  if (!isJsonObject(value)) throw new MalformedPolicyError(source, `${where} is not an object`);
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
    throw new MalformedPolicyError(
      source,
      `${where} has Effect ${JSON.stringify(value.Effect)} (Allow or Deny)`,
    );
  }
  if (value.Sid !== undefined && typeof value.Sid !== 'string') {
    throw new MalformedPolicyError(source, `${where} has a Sid that is not a string`);
  }
  for (const element of LIST_ELEMENTS) {
    if (value[element] !== undefined && !isStringList(value[element])) {
      throw new MalformedPolicyError(source, `${where}.${element} is not a string or a list of strings`);
    }
  }
  return value as PolicyStatement;
}

/**
 * Checks a parsed value as a policy document streamgov can rewrite, keeping every element of every
 * statement. A single `Statement` object becomes a list of one (IAM treats both alike).
 * @param value - The parsed JSON.
 * @param source - Where the document comes from, for the error message (e.g. `cluster policy of <arn>`).
 * @returns The document.
 * @throws MalformedPolicyError naming `source` and the problem.
 */
export function toPolicyDocument(value: unknown, source: string): PolicyDocument {
  if (!isJsonObject(value)) throw new MalformedPolicyError(source, 'the document is not a JSON object');
  const unknown = Object.keys(value).filter((key) => !TOP_LEVEL.includes(key));
  if (unknown.length > 0) {
    throw new MalformedPolicyError(source, `unknown top-level element(s) ${unknown.join(', ')}`);
  }
  if (value.Version !== undefined && typeof value.Version !== 'string') {
    throw new MalformedPolicyError(source, 'Version is not a string');
  }
  if (value.Id !== undefined && typeof value.Id !== 'string') {
    throw new MalformedPolicyError(source, 'Id is not a string');
  }
  const raw = value.Statement;
  if (raw === undefined) throw new MalformedPolicyError(source, 'the document has no Statement');
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return {
    ...(value.Version === undefined ? {} : { Version: value.Version }),
    ...(value.Id === undefined ? {} : { Id: value.Id }),
    Statement: list.map((statement, index) => checkStatement(statement, index, source)),
  };
}

/**
 * Parses a policy document from its JSON text (already URL-decoded: IAM's GetRolePolicy returns it
 * URL-encoded, the adapter decodes it).
 * @param text - The JSON text.
 * @param source - Where the text comes from, for the error message.
 * @returns The document.
 * @throws MalformedPolicyError naming `source` when the text is not JSON or not a policy document.
 * @example
 * const current = parsePolicyDocument(response.Policy, `cluster policy of ${clusterArn}`);
 */
export function parsePolicyDocument(text: string, source: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MalformedPolicyError(
      source,
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return toPolicyDocument(parsed, source);
}

function canonicalValue(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((item) => canonicalValue(item) ?? null);
  if (isJsonObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = canonicalValue((value as Record<string, JsonValue>)[key]);
      if (inner !== undefined) out[key] = inner;
    }
    return out;
  }
  return value;
}

function canonicalStatement(statement: PolicyStatement): Record<string, JsonValue> {
  const keys = [
    ...ELEMENT_ORDER.filter((key) => key in statement),
    ...Object.keys(statement)
      .filter((key) => !ELEMENT_ORDER.includes(key))
      .sort(),
  ];
  const out: Record<string, JsonValue> = {};
  for (const key of keys) {
    const value = canonicalValue(statement[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The canonical text of a document: no white space, `Version`, `Id`, `Statement` in that order, statement
 * elements in IAM's documented order (unknown ones after, by name), object keys inside elements sorted.
 * Lists keep their order (statement order and list order are the caller's).
 * @param document - The document.
 * @returns The JSON text to send to IAM or MSK.
 */
export function serializePolicy(document: PolicyDocument): string {
  return JSON.stringify({
    ...(document.Version === undefined ? {} : { Version: document.Version }),
    ...(document.Id === undefined ? {} : { Id: document.Id }),
    Statement: document.Statement.map(canonicalStatement),
  });
}

/**
 * The size IAM counts against its quotas: IAM does not count white space, so this is the length of the
 * canonical text (which has none).
 * @param document - The document.
 * @returns Its size in characters.
 */
export function iamSize(document: PolicyDocument): number {
  return serializePolicy(document).length;
}

/**
 * Whether streamgov owns a statement: an Allow whose Sid starts with `Streamgov`. Streamgov rewrites and
 * removes only these. A Deny is never streamgov's whatever its Sid, since removing it could widen access;
 * removing an Allow can only narrow it.
 * @param statement - Any statement.
 * @returns True for streamgov's statements.
 */
export function isStreamgovStatement(statement: PolicyStatement): boolean {
  return (
    statement.Effect === 'Allow' &&
    typeof statement.Sid === 'string' &&
    statement.Sid.startsWith(STREAMGOV_SID_PREFIX)
  );
}

function asSortedSet(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return [...new Set(value as readonly string[])].sort();
  }
  return value;
}

/**
 * The text two statements share when IAM treats them alike: list elements (and each principal type's
 * list) as sorted sets, keys sorted.
 */
function semanticKey(statement: PolicyStatement): string {
  const normalised: Record<string, JsonValue | undefined> = { ...statement };
  for (const element of LIST_ELEMENTS) normalised[element] = asSortedSet(statement[element]);
  for (const element of ['Principal', 'NotPrincipal']) {
    const principal = statement[element];
    if (isJsonObject(principal)) {
      normalised[element] = Object.fromEntries(
        Object.entries(principal as Record<string, JsonValue>).map(([type, ids]) => [type, asSortedSet(ids)]),
      ) as JsonValue;
    }
  }
  return JSON.stringify(canonicalStatement(normalised as PolicyStatement));
}

/** A streamgov statement in a diff. */
export interface StatementRef {
  readonly sid: string;
  readonly statement: PolicyStatement;
}

/** How the statements in force differ from the desired ones. */
export interface PolicyDiff {
  /** Streamgov statements of the desired document whose Sid is absent from the actual one. */
  readonly missing: readonly StatementRef[];
  /** Streamgov statements in force whose Sid the desired document does not have. */
  readonly extra: readonly StatementRef[];
  /** Streamgov statements present on both sides with different content (sets compared as sets). */
  readonly changed: readonly {
    readonly sid: string;
    readonly desired: PolicyStatement;
    readonly actual: PolicyStatement;
  }[];
  /** Statements in force streamgov does not own: reported for the record, never changed. */
  readonly foreign: readonly { readonly sid: string | undefined; readonly statement: PolicyStatement }[];
  /** True when nothing is missing, extra or changed. */
  readonly inSync: boolean;
}

/**
 * Compares the desired document of one policy with the one in force, statement by statement (by Sid),
 * looking only at streamgov's statements; foreign statements are listed, not compared.
 * @param desired - The rendered document, or undefined when no policy should exist.
 * @param actual - The document in force, or undefined when there is none.
 * @returns The missing, extra and changed streamgov statements, and the foreign ones.
 */
export function diffPolicies(
  desired: PolicyDocument | undefined,
  actual: PolicyDocument | undefined,
): PolicyDiff {
  const ours = (document: PolicyDocument | undefined) =>
    new Map(
      (document?.Statement ?? [])
        .filter(isStreamgovStatement)
        .map((statement) => [statement.Sid as string, statement] as const),
    );
  const want = ours(desired);
  const have = ours(actual);
  const missing: StatementRef[] = [];
  const changed: { sid: string; desired: PolicyStatement; actual: PolicyStatement }[] = [];
  for (const [sid, statement] of want) {
    const current = have.get(sid);
    if (current === undefined) missing.push({ sid, statement });
    else if (semanticKey(current) !== semanticKey(statement))
      changed.push({ sid, desired: statement, actual: current });
  }
  const extra = [...have].filter(([sid]) => !want.has(sid)).map(([sid, statement]) => ({ sid, statement }));
  const foreign = (actual?.Statement ?? [])
    .filter((statement) => !isStreamgovStatement(statement))
    .map((statement) => ({ sid: statement.Sid, statement }));
  return {
    missing,
    extra,
    changed,
    foreign,
    inSync: missing.length === 0 && extra.length === 0 && changed.length === 0,
  };
}
