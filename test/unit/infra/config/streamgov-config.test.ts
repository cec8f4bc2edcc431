import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../common/src/errors.ts';
import { parseStreamgovConfig, syncSettings } from '../../../../infra/config/streamgov-config.ts';

const minimal = {
  region: 'eu-west-1',
  domainId: 'dzd_abc123',
  catalog: {
    owningProjectId: 'proj1',
    sources: [{ clusterName: 'streaming-orders', registryName: 'streaming' }],
  },
};

function problems(value: unknown): readonly string[] {
  try {
    parseStreamgovConfig(value);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('parseStreamgovConfig', () => {
  it('accepts the minimal file and fills every default', () => {
    const config = parseStreamgovConfig(minimal);
    expect(config.catalog).toEqual({
      owningProjectId: 'proj1',
      sources: [
        {
          clusterName: 'streaming-orders',
          registryName: 'streaming',
          mapping: 'auto',
          includeTopicsWithoutSchema: true,
        },
      ],
      assetTypeNames: {
        assetType: 'MskTopicAssetType',
        mskSourceReferenceForm: 'MskSourceReferenceFormType',
        kafkaSchemaForm: 'KafkaSchemaFormType',
        kafkaTopicForm: 'KafkaTopicFormType',
      },
      autoPublish: false,
      maxDeleteShare: 0.2,
      concurrency: 8,
      dataZoneWriteRate: 20,
      indexPrefix: '/streamgov/dzd_abc123/catalog',
      schedule: 'rate(1 hour)',
    });
  });

  it('reports every invalid key at once with its path and value', () => {
    const found = problems({
      region: 'mars',
      domainId: 'abc',
      extra: 1,
      catalog: {
        sources: [
          { clusterName: 'a b', registryName: 'r', mapping: 'guess' },
          {
            clusterName: 'x',
            clusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/x/u-1',
            registryName: 'r',
          },
        ],
        maxDeleteShare: 2,
        autoPublish: 'false',
      },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'extra is not a known key (expected one of region, domainId, catalog, grants)',
        'region must match ^[a-z]{2}(-[a-z]+)+-\\d$, got "mars"',
        'domainId must match ^dzd[-_][a-zA-Z0-9_-]{1,36}$, got "abc"',
        'catalog.sources[0].clusterName must match ^[a-zA-Z0-9-]{1,64}$, got "a b"',
        'catalog.sources[0].mapping must be "topic-name", "value-key-suffix", "auto" or {"explicit": {...}}, got "guess"',
        'catalog.sources[1] needs exactly one of clusterName and clusterArn',
        'catalog.maxDeleteShare must be a number from 0 to 1, got 2',
        'catalog.autoPublish must be true or false, got "false"',
      ]),
    );
    expect(found.some((p) => p.startsWith('catalog.owningProjectId'))).toBe(true);
  });

  it('accepts an explicit mapping and refuses an empty entry', () => {
    const config = parseStreamgovConfig({
      ...minimal,
      catalog: {
        ...minimal.catalog,
        sources: [
          {
            clusterName: 'c',
            registryName: 'r',
            mapping: { explicit: { orders: { value: 'order-v3', key: 'order-key' } } },
          },
        ],
      },
    });
    expect(config.catalog.sources[0]?.mapping).toEqual({
      explicit: { orders: { value: 'order-v3', key: 'order-key' } },
    });
    expect(
      problems({
        ...minimal,
        catalog: {
          ...minimal.catalog,
          sources: [{ clusterName: 'c', registryName: 'r', mapping: { explicit: { orders: {} } } }],
        },
      }),
    ).toEqual([
      'catalog.sources[0].mapping.explicit.orders must be {"value": "<schema>", "key": "<schema>"} with at least one of them',
    ]);
  });

  it('derives the sync settings without the schedule', () => {
    const settings = syncSettings(parseStreamgovConfig(minimal));
    expect(settings.domainId).toBe('dzd_abc123');
    expect('schedule' in settings).toBe(false);
  });
});
