import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_NAMES, type TopicAssetTypeNames } from '../../asset-types/src/definition.ts';
import { DOMAIN_ID } from '../../common/src/config.ts';
import { ConfigError } from '../../common/src/errors.ts';
import { isJsonObject } from '../../common/src/json.ts';
import type { CatalogSource, SyncSettings, TopicMapping } from '../../datasource-lambda/src/config.ts';
import { MAX_PARTITIONS } from '../../datasource-lambda/src/partition.ts';
import type { ReconcileSettings } from '../../grant-workflow/src/reconcile-config.ts';
import { DEFAULT_GRANT_SETTINGS } from '../../grant-workflow/src/settings.ts';

/**
 * The streamgov configuration file: one JSON document shared by the CDK app and the CLI
 * (docs/configuration.md). Only `region`, `domainId`, `catalog.owningProjectId` and `catalog.sources`
 * are required; everything else has a default.
 */
export interface StreamgovConfig {
  readonly region: string;
  readonly domainId: string;
  readonly catalog: CatalogConfig;
  /** Subscription grants (issue 4); absent when the configuration only catalogs topics. */
  readonly grants?: GrantsConfig;
  /** Where and how the CDK app deploys (docs/deploy.md); only the CDK app needs it. */
  readonly deployment?: DeploymentConfig;
}

/** CloudWatch Logs retention periods in days (the values CloudWatch Logs accepts). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The CDK app's deployment settings. */
export interface DeploymentConfig {
  /** The account of the DataZone domain: the governance stack's account (12 digits). */
  readonly governanceAccount: string;
  /** Days every function and state machine log group keeps its events (one of {@link LOG_RETENTION_DAYS}). */
  readonly logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
  /** Email address subscribed to each stack's alarm topic; none when absent. */
  readonly alarmEmail?: string;
}

/** One environment account (producer or consumer) the grant workflow and reconcile act in. */
export interface GrantEnvironmentConfig {
  /** The AWS account id (12 digits); unique in `grants.environments`. */
  readonly account: string;
  /** The Region of its clusters, roles and ledger. Defaults to the top-level `region`. */
  readonly region: string;
  /** The environment state machine the central workflow starts in this account. */
  readonly stateMachineArn?: string;
  /** The role in this account the central state machine assumes to start that state machine. */
  readonly invokeRoleArn?: string;
  /** The role in this account reconcile assumes to read (and with --apply, repair) IAM, MSK and the ledger. */
  readonly reconcileRoleArn: string;
  /**
   * MSK clusters of this account whose cluster policies the grant workflow may change (producer side).
   * Absent: the catalog sources' `clusterArn`s in this account (the CDK app derives them).
   */
  readonly clusterArns?: readonly string[];
}

/** Which consumer groups a grant covers: all groups of the cluster, or `<environmentId>.*` per environment. */
export type ConsumerGroupsConfig = 'all' | { readonly prefixPerEnvironment: true };

export interface GrantsConfig {
  readonly environments: readonly GrantEnvironmentConfig[];
  /** SSM path of the per-grant ledger in each environment account. */
  readonly ledgerPrefix: string;
  /** Which consumer roles streamgov may change (opt-in tag or path). */
  readonly management: {
    readonly tagKey: string;
    readonly tagValue: string;
    readonly pathPrefixes: readonly string[];
  };
  readonly consumerGroups: ConsumerGroupsConfig;
  /** Add the multi-VPC connectivity actions to cluster policy statements. */
  readonly managedVpcConnectivity: boolean;
  /** EventBridge schedule expression of the scheduled reconcile. */
  readonly reconcileSchedule: string;
  /** The scheduled reconcile repairs drift (missing, extra, stale; never foreign statements). */
  readonly reconcileRepair: boolean;
  /** The role DataZone passes to streamgov's subscription targets (`manageAccessRole`). */
  readonly manageAccessRoleArn?: string;
}

/** The catalog sync's settings (SyncSettings, documented there) and how its runs are scheduled. */
export interface CatalogConfig extends Omit<SyncSettings, 'domainId'> {
  /** EventBridge schedule expression of the periodic sync. */
  readonly schedule: string;
  /** Partitions of the scheduled full sync (1: one function run; more: a Step Functions Map). */
  readonly partitions: number;
  /** Partitions that run at the same time (1 to `partitions`). */
  readonly partitionConcurrency: number;
}

export const CONFIG_DEFAULTS = {
  mapping: 'auto' as TopicMapping,
  includeTopicsWithoutSchema: true,
  assetTypeNames: DEFAULT_NAMES,
  autoPublish: false,
  maxDeleteShare: 0.2,
  concurrency: 8,
  dataZoneWriteRate: 20,
  schedule: 'rate(1 hour)',
  partitions: 1,
  partitionConcurrency: 1,
  logRetentionDays: 30 as DeploymentConfig['logRetentionDays'],
  grants: {
    management: DEFAULT_GRANT_SETTINGS.management,
    consumerGroups: 'all' as ConsumerGroupsConfig,
    managedVpcConnectivity: false,
    reconcileSchedule: 'rate(1 day)',
    reconcileRepair: false,
  },
} as const;

const PROJECT_ID = /^[a-zA-Z0-9_-]{1,36}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const CLUSTER_NAME = /^[a-zA-Z0-9-]{1,64}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[a-zA-Z0-9-]{1,64}\/[a-zA-Z0-9-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const GLUE_NAME = /^[a-zA-Z0-9-_$#.]{1,255}$/;
const TYPE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;
const SSM_PATH = /^\/[a-zA-Z0-9_.\-/]{1,500}[^/]$/;
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;
const ACCOUNT = /^\d{12}$/;
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[\w-]{1,80}$/;
/** SSM path segments as the grant ledger takes them (no leading aws/ssm segment). */
const LEDGER_PREFIX = /^(?!\/(aws|ssm))(\/[a-zA-Z0-9_.-]+){1,12}$/i;
const TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const IAM_PATH = /^\/([\u0021-\u007E]+\/)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

type Problems = string[];
type Json = Record<string, unknown>;

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function unknownKeys(problems: Problems, path: string, value: Json, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      problems.push(`${path}${key} is not a known key (expected one of ${allowed.join(', ')})`);
  }
}

function str(
  problems: Problems,
  path: string,
  value: unknown,
  pattern: RegExp,
  required = true,
): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) {
    problems.push(`${path} must match ${pattern.source}, got ${show(value)}`);
    return undefined;
  }
  return value;
}

function bool(problems: Problems, path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') problems.push(`${path} must be true or false, got ${show(value)}`);
  return value === true;
}

function num(
  problems: Problems,
  path: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    problems.push(`${path} must be a number from ${min} to ${max}, got ${show(value)}`);
    return fallback;
  }
  return value;
}

function mapping(problems: Problems, path: string, value: unknown): TopicMapping {
  if (value === undefined) return CONFIG_DEFAULTS.mapping;
  if (value === 'topic-name' || value === 'value-key-suffix' || value === 'auto') return value;
  if (isJsonObject(value) && isJsonObject(value.explicit)) {
    const explicit: Record<string, { value?: string; key?: string }> = {};
    for (const [topic, names] of Object.entries(value.explicit)) {
      const at = `${path}.explicit.${topic}`;
      if (!isJsonObject(names) || (names.value === undefined && names.key === undefined)) {
        problems.push(`${at} must be {"value": "<schema>", "key": "<schema>"} with at least one of them`);
        continue;
      }
      unknownKeys(problems, `${at}.`, names, ['value', 'key']);
      const v = str(problems, `${at}.value`, names.value, GLUE_NAME, false);
      const k = str(problems, `${at}.key`, names.key, GLUE_NAME, false);
      explicit[topic] = { ...(v ? { value: v } : {}), ...(k ? { key: k } : {}) };
    }
    return { explicit };
  }
  problems.push(
    `${path} must be "topic-name", "value-key-suffix", "auto" or {"explicit": {...}}, got ${show(value)}`,
  );
  return CONFIG_DEFAULTS.mapping;
}

function source(problems: Problems, path: string, value: unknown): CatalogSource | undefined {
  if (!isJsonObject(value)) {
    problems.push(`${path} must be an object, got ${show(value)}`);
    return undefined;
  }
  unknownKeys(problems, `${path}.`, value, [
    'clusterName',
    'clusterArn',
    'registryName',
    'readRoleArn',
    'mapping',
    'includeTopicsWithoutSchema',
  ]);
  if ((value.clusterName === undefined) === (value.clusterArn === undefined)) {
    problems.push(`${path} needs exactly one of clusterName and clusterArn`);
  }
  const clusterName = str(problems, `${path}.clusterName`, value.clusterName, CLUSTER_NAME, false);
  const clusterArn = str(problems, `${path}.clusterArn`, value.clusterArn, CLUSTER_ARN, false);
  const readRoleArn = str(problems, `${path}.readRoleArn`, value.readRoleArn, ROLE_ARN, false);
  return {
    ...(clusterName ? { clusterName } : {}),
    ...(clusterArn ? { clusterArn } : {}),
    registryName: str(problems, `${path}.registryName`, value.registryName, GLUE_NAME) ?? '',
    ...(readRoleArn ? { readRoleArn } : {}),
    mapping: mapping(problems, `${path}.mapping`, value.mapping),
    includeTopicsWithoutSchema: bool(
      problems,
      `${path}.includeTopicsWithoutSchema`,
      value.includeTopicsWithoutSchema,
      CONFIG_DEFAULTS.includeTopicsWithoutSchema,
    ),
  };
}

function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function environment(
  problems: Problems,
  path: string,
  value: unknown,
  region: string,
): GrantEnvironmentConfig | undefined {
  if (!isJsonObject(value)) {
    problems.push(`${path} must be an object, got ${show(value)}`);
    return undefined;
  }
  unknownKeys(problems, `${path}.`, value, [
    'account',
    'region',
    'stateMachineArn',
    'invokeRoleArn',
    'reconcileRoleArn',
    'clusterArns',
  ]);
  const account = str(problems, `${path}.account`, value.account, ACCOUNT) ?? '';
  const inAccount = (key: string, arn: string | undefined) => {
    if (arn !== undefined && account !== '' && accountOfArn(arn) !== account) {
      problems.push(`${path}.${key} ${show(arn)} is not in the environment's account ${account}`);
    }
    return arn;
  };
  const stateMachineArn = inAccount(
    'stateMachineArn',
    str(problems, `${path}.stateMachineArn`, value.stateMachineArn, STATE_MACHINE_ARN, false),
  );
  const invokeRoleArn = inAccount(
    'invokeRoleArn',
    str(problems, `${path}.invokeRoleArn`, value.invokeRoleArn, ROLE_ARN, false),
  );
  const reconcileRoleArn = inAccount(
    'reconcileRoleArn',
    str(problems, `${path}.reconcileRoleArn`, value.reconcileRoleArn, ROLE_ARN),
  );
  let clusterArns: string[] | undefined;
  if (value.clusterArns !== undefined) {
    if (!Array.isArray(value.clusterArns)) {
      problems.push(
        `${path}.clusterArns must be an array of MSK cluster ARNs, got ${show(value.clusterArns)}`,
      );
    } else {
      clusterArns = value.clusterArns
        .map((arn, i) =>
          inAccount(`clusterArns[${i}]`, str(problems, `${path}.clusterArns[${i}]`, arn, CLUSTER_ARN)),
        )
        .filter((arn): arn is string => arn !== undefined);
    }
  }
  return {
    account,
    region: str(problems, `${path}.region`, value.region ?? region, REGION) ?? region,
    ...(stateMachineArn ? { stateMachineArn } : {}),
    ...(invokeRoleArn ? { invokeRoleArn } : {}),
    reconcileRoleArn: reconcileRoleArn ?? '',
    ...(clusterArns ? { clusterArns } : {}),
  };
}

function consumerGroups(problems: Problems, path: string, value: unknown): ConsumerGroupsConfig {
  if (value === undefined) return CONFIG_DEFAULTS.grants.consumerGroups;
  if (value === 'all') return 'all';
  if (isJsonObject(value) && value.prefixPerEnvironment === true && Object.keys(value).length === 1) {
    return { prefixPerEnvironment: true };
  }
  problems.push(`${path} must be "all" or {"prefixPerEnvironment": true}, got ${show(value)}`);
  return CONFIG_DEFAULTS.grants.consumerGroups;
}

function grants(problems: Problems, value: unknown, region: string, domainId: string): GrantsConfig {
  const d = CONFIG_DEFAULTS.grants;
  const raw = isJsonObject(value) ? value : {};
  if (!isJsonObject(value)) problems.push(`grants must be an object, got ${show(value)}`);
  unknownKeys(problems, 'grants.', raw, [
    'environments',
    'ledgerPrefix',
    'management',
    'consumerGroups',
    'managedVpcConnectivity',
    'reconcileSchedule',
    'reconcileRepair',
    'manageAccessRoleArn',
  ]);
  if (!Array.isArray(raw.environments) || raw.environments.length === 0) {
    problems.push(
      `grants.environments must be a non-empty array of environments, got ${show(raw.environments)}`,
    );
  }
  const environments = (Array.isArray(raw.environments) ? raw.environments : [])
    .map((e, i) => environment(problems, `grants.environments[${i}]`, e, region))
    .filter((e): e is GrantEnvironmentConfig => e !== undefined);
  const seen = new Set<string>();
  for (const { account } of environments) {
    if (account !== '' && seen.has(account))
      problems.push(`grants.environments lists account ${account} twice`);
    seen.add(account);
  }
  const m = isJsonObject(raw.management) ? raw.management : {};
  if (raw.management !== undefined && !isJsonObject(raw.management)) {
    problems.push(`grants.management must be an object, got ${show(raw.management)}`);
  }
  unknownKeys(problems, 'grants.management.', m, ['tagKey', 'tagValue', 'pathPrefixes']);
  let pathPrefixes: readonly string[] = d.management.pathPrefixes;
  if (m.pathPrefixes !== undefined) {
    if (!Array.isArray(m.pathPrefixes)) {
      problems.push(
        `grants.management.pathPrefixes must be an array of IAM paths, got ${show(m.pathPrefixes)}`,
      );
    } else {
      pathPrefixes = m.pathPrefixes
        .map((p, i) => str(problems, `grants.management.pathPrefixes[${i}]`, p, IAM_PATH))
        .filter((p): p is string => p !== undefined);
    }
  }
  const manageAccessRoleArn = str(
    problems,
    'grants.manageAccessRoleArn',
    raw.manageAccessRoleArn,
    ROLE_ARN,
    false,
  );
  return {
    environments,
    ledgerPrefix:
      str(
        problems,
        'grants.ledgerPrefix',
        raw.ledgerPrefix ?? `/streamgov/${domainId}/grants`,
        LEDGER_PREFIX,
      ) ?? '',
    management: {
      tagKey: str(problems, 'grants.management.tagKey', m.tagKey ?? d.management.tagKey, TAG) ?? '',
      tagValue:
        str(problems, 'grants.management.tagValue', m.tagValue ?? d.management.tagValue, TAG_VALUE) ?? '',
      pathPrefixes,
    },
    consumerGroups: consumerGroups(problems, 'grants.consumerGroups', raw.consumerGroups),
    managedVpcConnectivity: bool(
      problems,
      'grants.managedVpcConnectivity',
      raw.managedVpcConnectivity,
      d.managedVpcConnectivity,
    ),
    reconcileSchedule:
      str(problems, 'grants.reconcileSchedule', raw.reconcileSchedule ?? d.reconcileSchedule, SCHEDULE) ?? '',
    reconcileRepair: bool(problems, 'grants.reconcileRepair', raw.reconcileRepair, d.reconcileRepair),
    ...(manageAccessRoleArn ? { manageAccessRoleArn } : {}),
  };
}

function integer(
  problems: Problems,
  path: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value !== undefined && !Number.isInteger(value)) {
    problems.push(`${path} must be an integer from ${min} to ${max}, got ${show(value)}`);
    return fallback;
  }
  return num(problems, path, value, fallback, min, max);
}

function partitioning(
  problems: Problems,
  catalog: Json,
): { partitions: number; partitionConcurrency: number } {
  const partitions = integer(
    problems,
    'catalog.partitions',
    catalog.partitions,
    CONFIG_DEFAULTS.partitions,
    1,
    MAX_PARTITIONS,
  );
  const partitionConcurrency = integer(
    problems,
    'catalog.partitionConcurrency',
    catalog.partitionConcurrency,
    CONFIG_DEFAULTS.partitionConcurrency,
    1,
    partitions,
  );
  return { partitions, partitionConcurrency };
}

function deployment(problems: Problems, value: unknown): DeploymentConfig {
  const raw = isJsonObject(value) ? value : {};
  if (!isJsonObject(value)) problems.push(`deployment must be an object, got ${show(value)}`);
  unknownKeys(problems, 'deployment.', raw, ['governanceAccount', 'logRetentionDays', 'alarmEmail']);
  const days = raw.logRetentionDays ?? CONFIG_DEFAULTS.logRetentionDays;
  const logRetentionDays = LOG_RETENTION_DAYS.find((d) => d === days);
  if (logRetentionDays === undefined) {
    problems.push(
      `deployment.logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}, got ${show(raw.logRetentionDays)}`,
    );
  }
  const alarmEmail = str(problems, 'deployment.alarmEmail', raw.alarmEmail, EMAIL, false);
  return {
    governanceAccount: str(problems, 'deployment.governanceAccount', raw.governanceAccount, ACCOUNT) ?? '',
    logRetentionDays: logRetentionDays ?? CONFIG_DEFAULTS.logRetentionDays,
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}

/**
 * The deployment section, which the CDK app needs.
 * @throws ConfigError when the configuration has no `deployment` section.
 */
export function deploymentSettings(config: StreamgovConfig): DeploymentConfig {
  if (config.deployment === undefined) {
    throw new ConfigError([
      'deployment is required by the CDK app: add {"deployment": {"governanceAccount": "<12-digit account of the DataZone domain>"}} (see docs/configuration.md, "deployment")',
    ]);
  }
  return config.deployment;
}

/** The catalog sync's settings for this configuration (CLI runs and the sync function's environment). */
export function syncSettings(config: StreamgovConfig): SyncSettings {
  const {
    schedule: _schedule,
    partitions: _partitions,
    partitionConcurrency: _partitionConcurrency,
    ...catalog
  } = config.catalog;
  return { domainId: config.domainId, ...catalog };
}

/**
 * Reconcile's settings for this configuration (CLI runs and the scheduled function's environment).
 * @param config - A parsed configuration.
 * @param apply - Repair drift instead of only reporting it.
 * @returns The settings.
 * @throws ConfigError when the configuration has no `grants` section.
 */
export function reconcileSettings(config: StreamgovConfig, apply = false): ReconcileSettings {
  const { grants } = config;
  if (grants === undefined) {
    throw new ConfigError(['grants is required for grant commands (see docs/configuration.md, "grants")']);
  }
  return {
    domainId: config.domainId,
    assetTypeNames: config.catalog.assetTypeNames,
    ledgerPrefix: grants.ledgerPrefix,
    environments: grants.environments.map(({ account, region, reconcileRoleArn }) => ({
      account,
      region,
      reconcileRoleArn,
    })),
    consumerGroups: grants.consumerGroups,
    management: grants.management,
    managedVpcConnectivity: grants.managedVpcConnectivity,
    apply,
  };
}

/**
 * Validates a parsed configuration file and fills in defaults.
 * @throws ConfigError listing every problem, each naming the key path and the value.
 */
export function parseStreamgovConfig(value: unknown): StreamgovConfig {
  const problems: Problems = [];
  if (!isJsonObject(value))
    throw new ConfigError([`the configuration must be a JSON object, got ${show(value)}`]);
  unknownKeys(problems, '', value, ['region', 'domainId', 'catalog', 'grants', 'deployment']);
  const region = str(problems, 'region', value.region, REGION) ?? '';
  const domainId = str(problems, 'domainId', value.domainId, DOMAIN_ID) ?? '';
  const catalog = isJsonObject(value.catalog) ? value.catalog : {};
  if (!isJsonObject(value.catalog)) problems.push(`catalog must be an object, got ${show(value.catalog)}`);
  unknownKeys(problems, 'catalog.', catalog, [
    'owningProjectId',
    'sources',
    'assetTypeNames',
    'autoPublish',
    'maxDeleteShare',
    'concurrency',
    'dataZoneWriteRate',
    'indexPrefix',
    'indexKmsKeyId',
    'schedule',
    'partitions',
    'partitionConcurrency',
  ]);
  const rawSources = Array.isArray(catalog.sources) ? catalog.sources : [];
  if (rawSources.length === 0) problems.push('catalog.sources must be a non-empty array of sources');
  const sources = rawSources
    .map((s, i) => source(problems, `catalog.sources[${i}]`, s))
    .filter((s): s is CatalogSource => s !== undefined);
  const names = isJsonObject(catalog.assetTypeNames) ? catalog.assetTypeNames : {};
  unknownKeys(problems, 'catalog.assetTypeNames.', names, Object.keys(CONFIG_DEFAULTS.assetTypeNames));
  const typeName = (key: keyof TopicAssetTypeNames) =>
    str(
      problems,
      `catalog.assetTypeNames.${key}`,
      names[key] ?? CONFIG_DEFAULTS.assetTypeNames[key],
      TYPE_NAME,
    ) ?? CONFIG_DEFAULTS.assetTypeNames[key];
  const indexKmsKeyId = str(
    problems,
    'catalog.indexKmsKeyId',
    catalog.indexKmsKeyId,
    /^[a-zA-Z0-9:/_-]{1,256}$/,
    false,
  );
  const config: StreamgovConfig = {
    region,
    domainId,
    catalog: {
      owningProjectId: str(problems, 'catalog.owningProjectId', catalog.owningProjectId, PROJECT_ID) ?? '',
      sources,
      assetTypeNames: {
        assetType: typeName('assetType'),
        mskSourceReferenceForm: typeName('mskSourceReferenceForm'),
        kafkaSchemaForm: typeName('kafkaSchemaForm'),
        kafkaTopicForm: typeName('kafkaTopicForm'),
      },
      autoPublish: bool(problems, 'catalog.autoPublish', catalog.autoPublish, CONFIG_DEFAULTS.autoPublish),
      maxDeleteShare: num(
        problems,
        'catalog.maxDeleteShare',
        catalog.maxDeleteShare,
        CONFIG_DEFAULTS.maxDeleteShare,
        0,
        1,
      ),
      concurrency: Math.round(
        num(problems, 'catalog.concurrency', catalog.concurrency, CONFIG_DEFAULTS.concurrency, 1, 64),
      ),
      dataZoneWriteRate: num(
        problems,
        'catalog.dataZoneWriteRate',
        catalog.dataZoneWriteRate,
        CONFIG_DEFAULTS.dataZoneWriteRate,
        0.1,
        1000,
      ),
      indexPrefix:
        str(
          problems,
          'catalog.indexPrefix',
          catalog.indexPrefix ?? `/streamgov/${domainId}/catalog`,
          SSM_PATH,
        ) ?? '',
      ...(indexKmsKeyId ? { indexKmsKeyId } : {}),
      schedule:
        str(problems, 'catalog.schedule', catalog.schedule ?? CONFIG_DEFAULTS.schedule, SCHEDULE) ?? '',
      ...partitioning(problems, catalog),
    },
    ...(value.grants === undefined ? {} : { grants: grants(problems, value.grants, region, domainId) }),
    ...(value.deployment === undefined ? {} : { deployment: deployment(problems, value.deployment) }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Environment variable naming the configuration file of the CDK app (when no `-c config=` is given). */
export const CONFIG_PATH_ENV = 'STREAMGOV_CONFIG';

/**
 * The configuration file the CDK app reads: the CDK context value `config` (`cdk synth -c config=FILE`),
 * else the environment variable {@link CONFIG_PATH_ENV}, else `fallback`; relative paths are resolved
 * against `cwd`.
 * @throws ConfigError when the context value is given but is not a non-empty string.
 */
export function appConfigPath(
  options: { readonly context: unknown; readonly fallback: string; readonly cwd: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const { context, fallback, cwd } = options;
  if (context !== undefined && (typeof context !== 'string' || context.trim() === '')) {
    throw new ConfigError([`the CDK context value config must be a file path, got ${show(context)}`]);
  }
  const fromEnv = env[CONFIG_PATH_ENV]?.trim();
  const chosen = (context as string | undefined)?.trim() || fromEnv || fallback;
  return resolve(cwd, chosen);
}

/**
 * Reads and validates a configuration file.
 * @throws ConfigError naming the file when it cannot be read or parsed, or listing every invalid key.
 */
export async function loadStreamgovConfig(path: string): Promise<StreamgovConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read configuration file ${path}: ${(error as Error).message}`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`configuration file ${path} is not valid JSON: ${(error as Error).message}`]);
  }
  return parseStreamgovConfig(parsed);
}
