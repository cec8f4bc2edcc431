import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../common/src/errors.ts';
import {
  appConfigPath,
  CONFIG_PATH_ENV,
  deploymentSettings,
  LOG_RETENTION_DAYS,
  parseStreamgovConfig,
  syncSettings,
} from '../../../../infra/config/streamgov-config.ts';

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
      partitions: 1,
      partitionConcurrency: 1,
    });
    expect(config.deployment).toBeUndefined();
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
        'extra is not a known key (expected one of region, domainId, catalog, grants, deployment)',
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

  it('derives the sync settings without the schedule and the partitioning', () => {
    const settings = syncSettings(parseStreamgovConfig(minimal));
    expect(settings.domainId).toBe('dzd_abc123');
    expect('schedule' in settings).toBe(false);
    expect('partitions' in settings).toBe(false);
    expect('partitionConcurrency' in settings).toBe(false);
  });

  it('accepts partitions and their concurrency, and refuses values out of range', () => {
    // Act
    const config = parseStreamgovConfig({
      ...minimal,
      catalog: { ...minimal.catalog, partitions: 8, partitionConcurrency: 2 },
    });

    // Assess
    expect([config.catalog.partitions, config.catalog.partitionConcurrency]).toEqual([8, 2]);
    expect(
      problems({ ...minimal, catalog: { ...minimal.catalog, partitions: 65, partitionConcurrency: 1.5 } }),
    ).toEqual([
      'catalog.partitions must be a number from 1 to 64, got 65',
      'catalog.partitionConcurrency must be an integer from 1 to 1, got 1.5',
    ]);
    expect(
      problems({ ...minimal, catalog: { ...minimal.catalog, partitions: 2, partitionConcurrency: 3 } }),
    ).toEqual(['catalog.partitionConcurrency must be a number from 1 to 2, got 3']);
  });
});

describe('parseStreamgovConfig (deployment)', () => {
  it('fills the defaults of a deployment section with only the governance account', () => {
    // Act
    const config = parseStreamgovConfig({ ...minimal, deployment: { governanceAccount: '111111111111' } });

    // Assess
    expect(config.deployment).toEqual({ governanceAccount: '111111111111', logRetentionDays: 30 });
    expect(deploymentSettings(config)).toBe(config.deployment);
  });

  it('takes a retention period and an alarm email', () => {
    // Act
    const config = parseStreamgovConfig({
      ...minimal,
      deployment: { governanceAccount: '111111111111', logRetentionDays: 365, alarmEmail: 'ops@example.com' },
    });

    // Assess
    expect(config.deployment).toEqual({
      governanceAccount: '111111111111',
      logRetentionDays: 365,
      alarmEmail: 'ops@example.com',
    });
  });

  it('reports every invalid deployment key with its path and value', () => {
    // Act
    const found = problems({
      ...minimal,
      deployment: { governanceAccount: '1234', logRetentionDays: 31, alarmEmail: 'nobody', region: 'x' },
    });

    // Assess
    expect(found).toEqual([
      'deployment.region is not a known key (expected one of governanceAccount, logRetentionDays, alarmEmail)',
      `deployment.logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}, got 31`,
      'deployment.alarmEmail must match ^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$, got "nobody"',
      'deployment.governanceAccount must match ^\\d{12}$, got "1234"',
    ]);
    expect(problems({ ...minimal, deployment: 'yes' })).toEqual([
      'deployment must be an object, got "yes"',
      'deployment.governanceAccount must match ^\\d{12}$, got undefined',
    ]);
  });

  it('throws ConfigError naming the missing section when the CDK app asks for it', () => {
    // Act
    const error = (() => {
      try {
        deploymentSettings(parseStreamgovConfig(minimal));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/^deployment is required by the CDK app/);
  });
});

describe('appConfigPath', () => {
  it('prefers the CDK context value, then STREAMGOV_CONFIG, then the fallback, resolved against cwd', () => {
    // Prepare
    const base = { fallback: '/repo/infra/config/example.json', cwd: '/work' };

    // Act / Assess
    expect(appConfigPath({ ...base, context: 'my.json' }, { [CONFIG_PATH_ENV]: '/env.json' })).toBe(
      '/work/my.json',
    );
    expect(appConfigPath({ ...base, context: undefined }, { [CONFIG_PATH_ENV]: 'env.json' })).toBe(
      '/work/env.json',
    );
    expect(appConfigPath({ ...base, context: undefined }, {})).toBe('/repo/infra/config/example.json');
    expect(appConfigPath({ ...base, context: undefined }, { [CONFIG_PATH_ENV]: '  ' })).toBe(
      '/repo/infra/config/example.json',
    );
  });

  it('throws ConfigError naming the value when the context value is not a path', () => {
    // Act
    const error = (() => {
      try {
        appConfigPath({ context: 42, fallback: 'x.json', cwd: '/' }, {});
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // Assess
    expect((error as ConfigError).problems).toEqual([
      'the CDK context value config must be a file path, got 42',
    ]);
  });
});
