import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../common/src/errors.ts';
import {
  applicationReadRoleArn,
  FLINK_LIFECYCLE_ENV,
  flinkLifecycleEnvironment,
  loadFlinkLifecycleSettings,
} from '../../../../lineage/src/flink/config.ts';

const E = FLINK_LIFECYCLE_ENV;

describe('loadFlinkLifecycleSettings', () => {
  it('applies the defaults for what is not set', () => {
    // Act
    const settings = loadFlinkLifecycleSettings({ [E.domainId]: 'dzd_abc', [E.accountId]: '111111111111' });

    // Assess
    expect(settings).toEqual({
      domainId: 'dzd_abc',
      accountId: '111111111111',
      sources: [],
      propertyGroupId: 'streamgov.lineage',
      readKafkaGroups: true,
      applicationReadRoleName: 'streamgov-flink-lineage-read',
    });
  });

  it('reads back what flinkLifecycleEnvironment writes', () => {
    // Prepare
    const settings = {
      domainId: 'dzd_abc',
      accountId: '111111111111',
      sources: [
        {
          clusterName: 'orders',
          registryName: 'r',
          mapping: 'auto' as const,
          includeTopicsWithoutSchema: true,
        },
      ],
      propertyGroupId: 'lineage',
      readKafkaGroups: false,
      applicationReadRoleName: 'reader',
    };

    // Act
    const loaded = loadFlinkLifecycleSettings(flinkLifecycleEnvironment(settings));

    // Assess
    expect(loaded).toEqual(settings);
  });

  it('throws ConfigError listing every bad key', () => {
    // Act
    const act = () =>
      loadFlinkLifecycleSettings({
        [E.accountId]: '12',
        [E.sources]: '[{"registryName":"r"}]',
        [E.readKafkaGroups]: 'yes',
      });

    // Assess
    expect(act).toThrow(ConfigError);
    try {
      act();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });

  it('throws ConfigError for a property group id or role name AWS refuses', () => {
    // Act
    const act = () =>
      loadFlinkLifecycleSettings({
        [E.domainId]: 'dzd_abc',
        [E.accountId]: '111111111111',
        [E.propertyGroupId]: 'has space',
        [E.applicationReadRoleName]: 'a/b',
      });

    // Assess
    expect(act).toThrow(/LINEAGE_PROPERTY_GROUP_ID.*APPLICATION_READ_ROLE_NAME/);
  });
});

describe('applicationReadRoleArn', () => {
  it('names the role in the application account', () => {
    expect(applicationReadRoleArn('333333333333', 'reader')).toBe('arn:aws:iam::333333333333:role/reader');
  });
});
