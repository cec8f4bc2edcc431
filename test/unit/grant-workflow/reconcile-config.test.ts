import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { ConfigError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import {
  loadReconcileSettings,
  RECONCILE_ENV,
  type ReconcileSettings,
  reconcileEnvironment,
  reconcileGrantSettings,
  reconcileParams,
} from '../../../grant-workflow/src/reconcile-config.ts';
import type { GrantDirectory } from '../../../grant-workflow/src/resolve-grants.ts';
import { assetGrantState, consumerGroupScope } from '../../../grant-workflow/src/resolve-grants.ts';

const settings: ReconcileSettings = {
  domainId: 'dzd_abc123',
  assetTypeNames: DEFAULT_NAMES,
  ledgerPrefix: '/streamgov/dzd_abc123/grants',
  environments: [
    { account: '333333333333', region: 'eu-west-1', reconcileRoleArn: 'arn:aws:iam::333333333333:role/r' },
  ],
  consumerGroups: { prefixPerEnvironment: true },
  management: { tagKey: 'streamgov:managed', tagValue: 'true', pathPrefixes: ['/streamgov/'] },
  managedVpcConnectivity: true,
  apply: false,
};

describe('reconcile-config', () => {
  it('reads back the settings it writes to the environment', () => {
    // Act
    const env = reconcileEnvironment(settings);
    // Assess
    expect(loadReconcileSettings(env)).toEqual(settings);
    expect(Object.keys(env).sort()).toEqual(Object.values(RECONCILE_ENV).sort());
  });

  it('defaults to report-only, all consumer groups and the default management', () => {
    // Prepare
    const env = reconcileEnvironment(settings);
    delete env[RECONCILE_ENV.apply];
    delete env[RECONCILE_ENV.consumerGroups];
    delete env[RECONCILE_ENV.management];
    // Act
    const loaded = loadReconcileSettings(env);
    // Assess
    expect(loaded.apply).toBe(false);
    expect(loaded.consumerGroups).toBe('all');
    expect(loaded.management).toEqual({ tagKey: 'streamgov:managed', tagValue: 'true', pathPrefixes: [] });
  });

  it('throws ConfigError listing every invalid key', () => {
    // Act
    const attempt = () =>
      loadReconcileSettings({
        [RECONCILE_ENV.domainId]: 'abc',
        [RECONCILE_ENV.environments]: '[{"account":"1"}]',
        [RECONCILE_ENV.apply]: 'yes',
      });
    // Assess
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(5);
    }
  });

  it('renders and repairs with the configured management and connectivity', () => {
    // Act
    const grant = reconcileGrantSettings(settings);
    // Assess
    expect(grant.management.pathPrefixes).toEqual(['/streamgov/']);
    expect(grant.managedVpcConnectivity).toBe(true);
  });

  it('runs with the settings, their ports and the given runtime, report-only unless apply', () => {
    // Prepare
    const directory = {} as GrantDirectory;
    const runtime = {
      log: new MemoryLog(),
      clock: { now: () => 0, sleep: async () => {} },
      random: () => 0.5,
    };
    // Act
    const params = reconcileParams(settings, { directory, environments: new Map() }, runtime);
    const applying = reconcileParams(
      { ...settings, apply: true },
      { directory, environments: new Map() },
      runtime,
    );
    // Assess
    expect(params).toMatchObject({
      domainId: 'dzd_abc123',
      assetType: DEFAULT_NAMES.assetType,
      consumerGroups: { prefixPerEnvironment: true },
      directory,
      apply: false,
      ...runtime,
    });
    expect(params.settings).toEqual(reconcileGrantSettings(settings));
    expect(applying.apply).toBe(true);
  });
});

describe('resolve-grants', () => {
  it.each([
    ['GRANTED', 'granted'],
    ['GRANT_PENDING', 'pending'],
    ['GRANT_IN_PROGRESS', 'pending'],
    ['REVOKE_PENDING', 'pending'],
    ['REVOKE_IN_PROGRESS', 'pending'],
    ['REVOKED', 'absent'],
    ['GRANT_FAILED', 'absent'],
    ['REVOKE_FAILED', 'absent'],
  ])('maps asset status %s to %s', (status, state) => {
    expect(assetGrantState(status)).toBe(state);
  });

  it('scopes consumer groups to all or to the environment prefix', () => {
    expect(consumerGroupScope('all', 'env1')).toBe('all');
    expect(consumerGroupScope({ prefixPerEnvironment: true }, 'env1')).toEqual({ prefix: 'env1.' });
  });
});
