import { readFile } from 'node:fs/promises';
import { DEFAULT_NAMES, type TopicAssetTypeNames } from '../../asset-types/src/definition.ts';
import { ConfigError } from '../../common/src/errors.ts';
import type { CatalogSource, SyncSettings, TopicMapping } from '../../datasource-lambda/src/config.ts';

/**
 * The streamgov configuration file: one JSON document shared by the CDK app and the CLI
 * (docs/configuration.md). Only `region`, `domainId`, `catalog.owningProjectId` and `catalog.sources`
 * are required; everything else has a default.
 */
export interface StreamgovConfig {
  readonly region: string;
  readonly domainId: string;
  readonly catalog: CatalogConfig;
}

export interface CatalogConfig {
  /** The DataZone project that owns the topic assets (the producer project). */
  readonly owningProjectId: string;
  readonly sources: readonly CatalogSource[];
  /** Asset and form type names; defaults are compatible with the reference implementation. */
  readonly assetTypeNames: TopicAssetTypeNames;
  /** Publish created and updated assets to the catalog. */
  readonly autoPublish: boolean;
  /** Largest share (0–1) of indexed assets one run may delete unless forced. */
  readonly maxDeleteShare: number;
  /** Calls in flight per run. */
  readonly concurrency: number;
  /** DataZone write rate the sync keeps to, per second (DataZone's CreateAsset quota is 20). */
  readonly dataZoneWriteRate: number;
  /** SSM Parameter Store path of the asset index, and the KMS key of its SecureString parameters. */
  readonly indexPrefix: string;
  readonly indexKmsKeyId?: string;
  /** EventBridge schedule expression of the periodic sync. */
  readonly schedule: string;
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
} as const;

const DOMAIN_ID = /^dzd[-_][a-zA-Z0-9_-]{1,36}$/;
const PROJECT_ID = /^[a-zA-Z0-9_-]{1,36}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const CLUSTER_NAME = /^[a-zA-Z0-9-]{1,64}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[a-zA-Z0-9-]{1,64}\/[a-zA-Z0-9-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const GLUE_NAME = /^[a-zA-Z0-9-_$#.]{1,255}$/;
const TYPE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;
const SSM_PATH = /^\/[a-zA-Z0-9_.\-/]{1,500}[^/]$/;
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;

type Problems = string[];
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
  if (isObject(value) && isObject(value.explicit)) {
    const explicit: Record<string, { value?: string; key?: string }> = {};
    for (const [topic, names] of Object.entries(value.explicit)) {
      const at = `${path}.explicit.${topic}`;
      if (!isObject(names) || (names.value === undefined && names.key === undefined)) {
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
  if (!isObject(value)) {
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

/** The catalog sync's settings for this configuration (CLI runs and the sync function's environment). */
export function syncSettings(config: StreamgovConfig): SyncSettings {
  const { schedule: _schedule, ...catalog } = config.catalog;
  return { domainId: config.domainId, ...catalog };
}

/**
 * Validates a parsed configuration file and fills in defaults.
 * @throws ConfigError listing every problem, each naming the key path and the value.
 */
export function parseStreamgovConfig(value: unknown): StreamgovConfig {
  const problems: Problems = [];
  if (!isObject(value))
    throw new ConfigError([`the configuration must be a JSON object, got ${show(value)}`]);
  unknownKeys(problems, '', value, ['region', 'domainId', 'catalog']);
  const region = str(problems, 'region', value.region, REGION) ?? '';
  const domainId = str(problems, 'domainId', value.domainId, DOMAIN_ID) ?? '';
  const catalog = isObject(value.catalog) ? value.catalog : {};
  if (!isObject(value.catalog)) problems.push(`catalog must be an object, got ${show(value.catalog)}`);
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
  ]);
  const rawSources = Array.isArray(catalog.sources) ? catalog.sources : [];
  if (rawSources.length === 0) problems.push('catalog.sources must be a non-empty array of sources');
  const sources = rawSources
    .map((s, i) => source(problems, `catalog.sources[${i}]`, s))
    .filter((s): s is CatalogSource => s !== undefined);
  const names = isObject(catalog.assetTypeNames) ? catalog.assetTypeNames : {};
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
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
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
