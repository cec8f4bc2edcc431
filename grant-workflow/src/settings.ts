import { ConfigError } from '../../common/src/errors.ts';
import { DEFAULT_INLINE_POLICY_NAME, DEFAULT_SAFETY_MARGIN_CHARS } from './policy/consumer-policy.ts';

/** Which consumer roles streamgov may change: those that opted in by tag, or live under a path. */
export interface ManagementSettings {
  /** Tag key of the opt-in. @default `streamgov:managed` */
  readonly tagKey: string;
  /** Tag value of the opt-in. @default `true` */
  readonly tagValue: string;
  /** Role paths whose roles are managed without a tag, e.g. `/streamgov/`. @default none */
  readonly pathPrefixes: readonly string[];
}

/** How the environment workflow applies grants (one object, built once per cold start). */
export interface GrantSettings {
  readonly management: ManagementSettings;
  /** Name of streamgov's inline policy on each consumer role. @default `streamgov-kafka-access` */
  readonly inlinePolicyName: string;
  /** IAM path of streamgov's overflow managed policies (`streamgov-<role>-<n>`). @default `/streamgov/` */
  readonly managedPolicyPath: string;
  /** Managed policies a role may have attached (IAM's default quota; raise with the quota). @default 10 */
  readonly maxManagedPoliciesPerRole: number;
  /** Inline characters kept free under IAM's 10,240 aggregate. @default 256 */
  readonly safetyMarginChars: number;
  /** Glue access per schema or per registry (see ConsumerPolicyOptions.schemaScope). @default 'schema' */
  readonly schemaScope: 'schema' | 'registry';
  /** Also allow glue:GetSchemaVersion on `*` (lookups by version id). @default false */
  readonly schemaVersionLookupById: boolean;
  /** Add the multi-VPC connectivity actions to cluster policy statements. @default false */
  readonly managedVpcConnectivity: boolean;
  /** Largest cluster policy to render, in characters. @default no limit (AWS documents none) */
  readonly maxClusterPolicyChars?: number;
  /**
   * Rounds of "list the ledger, render, write what differs, check the target's change counter" before
   * giving up with TransientAwsError (the state machine retries the task). Sized so that 100 concurrent
   * workflows on one role settle. @default 30
   */
  readonly convergeRounds: number;
  /** Full-jitter backoff between rounds that met a conflict (version conflict, concurrent IAM change). */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
}

/** The defaults of {@link GrantSettings}. */
export const DEFAULT_GRANT_SETTINGS: GrantSettings = {
  management: { tagKey: 'streamgov:managed', tagValue: 'true', pathPrefixes: [] },
  inlinePolicyName: DEFAULT_INLINE_POLICY_NAME,
  managedPolicyPath: '/streamgov/',
  maxManagedPoliciesPerRole: 10,
  safetyMarginChars: DEFAULT_SAFETY_MARGIN_CHARS,
  schemaScope: 'schema',
  schemaVersionLookupById: false,
  managedVpcConnectivity: false,
  convergeRounds: 30,
  backoff: { baseMs: 50, maxMs: 2_000 },
};

/** Overrides of {@link GrantSettings}; `management` and `backoff` are merged member by member. */
export type GrantSettingsInput = Partial<Omit<GrantSettings, 'management' | 'backoff'>> & {
  readonly management?: Partial<ManagementSettings>;
  readonly backoff?: Partial<GrantSettings['backoff']>;
};

const IAM_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
const TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

function positiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * The settings with every override checked and the defaults filled in.
 * @param input - Overrides (typically from config.ts, which reads the environment).
 * @returns The complete settings.
 * @throws ConfigError listing every invalid member.
 * @example
 * const settings = grantSettings({ management: { pathPrefixes: ['/streamgov/'] } });
 */
export function grantSettings(input: GrantSettingsInput = {}): GrantSettings {
  const d = DEFAULT_GRANT_SETTINGS;
  const settings: GrantSettings = {
    ...d,
    ...input,
    management: { ...d.management, ...input.management },
    backoff: { ...d.backoff, ...input.backoff },
  };
  const problems: string[] = [];
  const { management: m } = settings;
  if (!TAG.test(m.tagKey))
    problems.push(`management.tagKey ${JSON.stringify(m.tagKey)} is not an IAM tag key`);
  if (typeof m.tagValue !== 'string' || m.tagValue.length > 256)
    problems.push('management.tagValue must be a string');
  for (const prefix of m.pathPrefixes) {
    if (!IAM_PATH.test(prefix) || prefix === '/') {
      problems.push(
        `management.pathPrefixes ${JSON.stringify(prefix)} must be an IAM path other than "/" (e.g. /streamgov/)`,
      );
    }
  }
  if (!IAM_NAME.test(settings.inlinePolicyName)) problems.push('inlinePolicyName must be an IAM policy name');
  if (!IAM_PATH.test(settings.managedPolicyPath)) problems.push('managedPolicyPath must be an IAM path');
  for (const key of ['maxManagedPoliciesPerRole', 'convergeRounds'] as const) {
    if (!positiveInteger(settings[key])) problems.push(`${key} must be a positive integer`);
  }
  if (!Number.isInteger(settings.safetyMarginChars) || settings.safetyMarginChars < 0) {
    problems.push('safetyMarginChars must be a non-negative integer');
  }
  if (settings.schemaScope !== 'schema' && settings.schemaScope !== 'registry') {
    problems.push('schemaScope must be "schema" or "registry"');
  }
  for (const key of ['schemaVersionLookupById', 'managedVpcConnectivity'] as const) {
    if (typeof settings[key] !== 'boolean') problems.push(`${key} must be a boolean`);
  }
  if (settings.maxClusterPolicyChars !== undefined && !positiveInteger(settings.maxClusterPolicyChars)) {
    problems.push('maxClusterPolicyChars must be a positive integer');
  }
  if (!(settings.backoff.baseMs >= 0) || !(settings.backoff.maxMs >= settings.backoff.baseMs)) {
    problems.push('backoff needs 0 <= baseMs <= maxMs');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
