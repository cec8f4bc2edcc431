import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/src/errors.ts';
import {
  loadSyncSettings,
  SYNC_ENV,
  type SyncSettings,
  syncEnvironment,
} from '../../../datasource-lambda/src/config.ts';

const settings: SyncSettings = {
  domainId: 'dzd_abc123',
  owningProjectId: 'proj1',
  sources: [{ clusterName: 'c', registryName: 'r', mapping: 'auto', includeTopicsWithoutSchema: true }],
  assetTypeNames: {
    assetType: 'MskTopicAssetType',
    mskSourceReferenceForm: 'MskSourceReferenceFormType',
    kafkaSchemaForm: 'KafkaSchemaFormType',
    kafkaTopicForm: 'KafkaTopicFormType',
  },
  autoPublish: true,
  maxDeleteShare: 0.25,
  concurrency: 4,
  dataZoneWriteRate: 20,
  indexPrefix: '/streamgov/dzd_abc123/catalog',
  indexKmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k1',
};

describe('sync settings in the environment', () => {
  it('round-trips through the function environment', () => {
    expect(loadSyncSettings(syncEnvironment(settings))).toEqual(settings);
  });

  it('reports every missing or invalid key', () => {
    const env: Record<string, string | undefined> = {
      ...syncEnvironment(settings),
      [SYNC_ENV.autoPublish]: 'yes',
      [SYNC_ENV.sources]: '[]',
      [SYNC_ENV.domainId]: undefined,
    };
    let error: unknown;
    try {
      loadSyncSettings(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'DOMAIN_ID is required but not set',
      'CATALOG_SOURCES: must be a non-empty JSON array of sources with registryName',
      'AUTO_PUBLISH="yes" must be "true" or "false"',
    ]);
  });
});
