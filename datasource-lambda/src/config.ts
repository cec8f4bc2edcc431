import type { ClusterSource } from '../../asset-types/src/adapters/msk-clusters.ts';
import { DEFAULT_NAMES, type TopicAssetTypeNames } from '../../asset-types/src/definition.ts';
import {
  booleanKey,
  DOMAIN_ID,
  jsonKey,
  numberKey,
  optionalStringKey,
  parseSettings,
  stringFieldsKey,
  stringKey,
} from '../../common/src/config.ts';
import { isJsonObject } from '../../common/src/json.ts';

/** How a topic finds its schemas in the registry. */
export type TopicMapping =
  /** schema name = topic name (the Glue serializer's default naming strategy). */
  | 'topic-name'
  /** `<topic>-value` and `<topic>-key` (both on one asset). */
  | 'value-key-suffix'
  /** `<topic>-value`/`<topic>-key` when they exist, else `<topic>`. */
  | 'auto'
  /** An explicit map from topic to schema names. */
  | { readonly explicit: Readonly<Record<string, { readonly value?: string; readonly key?: string }>> };

/**
 * One cluster + registry pair to keep in the catalog. The cluster is named by `clusterName` (looked up
 * with ListClustersV2) or `clusterArn` (exactly one of the two); `readRoleArn` is a role in the source's
 * account that the sync assumes to read MSK and the registry (cross-account).
 */
export interface CatalogSource extends ClusterSource {
  readonly registryName: string;
  readonly mapping: TopicMapping;
  /** Catalogue topics that have no schema. */
  readonly includeTopicsWithoutSchema: boolean;
}

/** Everything one sync run needs to know (from the config file via the CLI, or from the environment). */
export interface SyncSettings {
  readonly domainId: string;
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
}

/** Environment variable keys of the sync function; infra sets them from these constants. */
export const SYNC_ENV = {
  domainId: 'DOMAIN_ID',
  owningProjectId: 'OWNING_PROJECT_ID',
  sources: 'CATALOG_SOURCES',
  assetTypeNames: 'ASSET_TYPE_NAMES',
  autoPublish: 'AUTO_PUBLISH',
  maxDeleteShare: 'MAX_DELETE_SHARE',
  concurrency: 'CONCURRENCY',
  dataZoneWriteRate: 'DATAZONE_WRITE_RATE',
  indexPrefix: 'INDEX_PREFIX',
  indexKmsKeyId: 'INDEX_KMS_KEY_ID',
} as const satisfies Record<keyof SyncSettings, string>;

/** The environment of the sync function for `settings` (infra passes this to the Lambda function). */
export function syncEnvironment(settings: SyncSettings): Record<string, string> {
  return {
    [SYNC_ENV.domainId]: settings.domainId,
    [SYNC_ENV.owningProjectId]: settings.owningProjectId,
    [SYNC_ENV.sources]: JSON.stringify(settings.sources),
    [SYNC_ENV.assetTypeNames]: JSON.stringify(settings.assetTypeNames),
    [SYNC_ENV.autoPublish]: String(settings.autoPublish),
    [SYNC_ENV.maxDeleteShare]: String(settings.maxDeleteShare),
    [SYNC_ENV.concurrency]: String(settings.concurrency),
    [SYNC_ENV.dataZoneWriteRate]: String(settings.dataZoneWriteRate),
    [SYNC_ENV.indexPrefix]: settings.indexPrefix,
    ...(settings.indexKmsKeyId ? { [SYNC_ENV.indexKmsKeyId]: settings.indexKmsKeyId } : {}),
  };
}

/**
 * Reads the sync settings from the function's environment (written by `syncEnvironment`).
 * @throws ConfigError listing every missing or invalid key.
 */
export function loadSyncSettings(env: Readonly<Record<string, string | undefined>>): SyncSettings {
  const { indexKmsKeyId, ...settings } = parseSettings(
    SYNC_ENV,
    {
      domainId: stringKey({ pattern: DOMAIN_ID }),
      owningProjectId: stringKey({ pattern: /^[a-zA-Z0-9_-]{1,36}$/ }),
      sources: jsonKey<CatalogSource[]>((v) =>
        Array.isArray(v) &&
        v.length > 0 &&
        v.every((s) => isJsonObject(s) && typeof s.registryName === 'string')
          ? []
          : ['must be a non-empty JSON array of sources with registryName'],
      ),
      assetTypeNames: stringFieldsKey(DEFAULT_NAMES),
      autoPublish: booleanKey(false),
      maxDeleteShare: numberKey({ min: 0, max: 1 }),
      concurrency: numberKey({ min: 1, max: 64, integer: true }),
      dataZoneWriteRate: numberKey({ min: 0.1, max: 1000 }),
      indexPrefix: stringKey({ pattern: /^\/[a-zA-Z0-9_.\-/]+$/ }),
      indexKmsKeyId: optionalStringKey(''),
    },
    env,
  );
  return { ...settings, ...(indexKmsKeyId ? { indexKmsKeyId } : {}) };
}

/** The sync settings of this Lambda function (its environment). @throws ConfigError */
export function syncSettingsFromEnvironment(): SyncSettings {
  return loadSyncSettings(process.env);
}
