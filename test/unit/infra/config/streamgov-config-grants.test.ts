import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../common/src/errors.ts';
import { parseStreamgovConfig, reconcileSettings } from '../../../../infra/config/streamgov-config.ts';

const base = {
  region: 'eu-west-1',
  domainId: 'dzd_abc123',
  catalog: {
    owningProjectId: 'proj1',
    sources: [{ clusterName: 'streaming-orders', registryName: 'streaming' }],
  },
};
const consumer = {
  account: '333333333333',
  reconcileRoleArn: 'arn:aws:iam::333333333333:role/streamgov-reconcile',
};

function problems(grants: unknown): readonly string[] {
  try {
    parseStreamgovConfig({ ...base, grants });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('parseStreamgovConfig grants', () => {
  it('keeps grants optional so catalog-only files stay valid', () => {
    // Act
    const config = parseStreamgovConfig(base);
    // Assess
    expect(config.grants).toBeUndefined();
    expect(() => reconcileSettings(config)).toThrow(/grants is required/);
  });

  it('fills every default of a minimal grants section', () => {
    // Act
    const config = parseStreamgovConfig({ ...base, grants: { environments: [consumer] } });
    // Assess
    expect(config.grants).toEqual({
      environments: [{ ...consumer, region: 'eu-west-1' }],
      ledgerPrefix: '/streamgov/dzd_abc123/grants',
      management: { tagKey: 'streamgov:managed', tagValue: 'true', pathPrefixes: [] },
      consumerGroups: 'all',
      managedVpcConnectivity: false,
      reconcileSchedule: 'rate(1 day)',
      reconcileRepair: false,
    });
  });

  it('takes every key and maps them to the reconcile settings', () => {
    // Prepare
    const grants = {
      environments: [
        {
          account: '222222222222',
          region: 'eu-central-1',
          stateMachineArn: 'arn:aws:states:eu-central-1:222222222222:stateMachine:streamgov-env',
          invokeRoleArn: 'arn:aws:iam::222222222222:role/streamgov-invoke',
          reconcileRoleArn: 'arn:aws:iam::222222222222:role/streamgov-reconcile',
        },
        consumer,
      ],
      ledgerPrefix: '/team/grants',
      management: { tagKey: 'owner', tagValue: 'streamgov', pathPrefixes: ['/streamgov/'] },
      consumerGroups: { prefixPerEnvironment: true },
      managedVpcConnectivity: true,
      reconcileSchedule: 'cron(0 3 * * ? *)',
      reconcileRepair: true,
      manageAccessRoleArn: 'arn:aws:iam::111111111111:role/streamgov-grant',
    };
    // Act
    const config = parseStreamgovConfig({ ...base, grants });
    const settings = reconcileSettings(config, true);
    // Assess
    expect(config.grants).toEqual({
      ...grants,
      environments: [grants.environments[0], { ...consumer, region: 'eu-west-1' }],
    });
    expect(settings).toEqual({
      domainId: 'dzd_abc123',
      assetTypeNames: config.catalog.assetTypeNames,
      ledgerPrefix: '/team/grants',
      environments: [
        {
          account: '222222222222',
          region: 'eu-central-1',
          reconcileRoleArn: grants.environments[0]?.reconcileRoleArn,
        },
        { ...consumer, region: 'eu-west-1' },
      ],
      consumerGroups: { prefixPerEnvironment: true },
      management: grants.management,
      managedVpcConnectivity: true,
      apply: true,
    });
  });

  it('reports every problem at once, each with its path', () => {
    // Act
    const found = problems({
      environments: [
        { account: '12', reconcileRoleArn: 'role' },
        { ...consumer, invokeRoleArn: 'arn:aws:iam::444444444444:role/x', extra: 1 },
        consumer,
      ],
      ledgerPrefix: '/aws/grants',
      management: { tagKey: '', pathPrefixes: ['streamgov'] },
      consumerGroups: 'some',
      managedVpcConnectivity: 'yes',
      reconcileSchedule: 'daily',
      reconcileRepair: 1,
      manageAccessRoleArn: 'arn:aws:iam::1:user/x',
      other: true,
    });
    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        'grants.other is not a known key (expected one of environments, ledgerPrefix, management, consumerGroups, managedVpcConnectivity, reconcileSchedule, reconcileRepair, manageAccessRoleArn)',
        expect.stringMatching(/^grants\.environments\[0\]\.account must match/),
        expect.stringMatching(/^grants\.environments\[0\]\.reconcileRoleArn must match/),
        expect.stringMatching(/^grants\.environments\[1\]\.extra is not a known key/),
        expect.stringMatching(
          /^grants\.environments\[1\]\.invokeRoleArn .* is not in the environment's account 333333333333/,
        ),
        'grants.environments lists account 333333333333 twice',
        expect.stringMatching(/^grants\.ledgerPrefix must match/),
        expect.stringMatching(/^grants\.management\.tagKey must match/),
        expect.stringMatching(/^grants\.management\.pathPrefixes\[0\] must match/),
        'grants.consumerGroups must be "all" or {"prefixPerEnvironment": true}, got "some"',
        'grants.managedVpcConnectivity must be true or false, got "yes"',
        expect.stringMatching(/^grants\.reconcileSchedule must match/),
        'grants.reconcileRepair must be true or false, got 1',
        expect.stringMatching(/^grants\.manageAccessRoleArn must match/),
      ]),
    );
    expect(found).toHaveLength(14);
  });

  it.each([
    ['not an object', 'yes', 'grants must be an object, got "yes"'],
    ['no environments', {}, 'grants.environments must be a non-empty array of environments, got undefined'],
    [
      'empty environments',
      { environments: [] },
      'grants.environments must be a non-empty array of environments, got []',
    ],
  ])('rejects grants that are %s', (_case, grants, message) => {
    // Act / Assess
    expect(problems(grants)).toContain(message);
  });

  it('takes the clusters of an environment whose policies the grant workflow may change', () => {
    // Prepare
    const clusterArn = 'arn:aws:kafka:eu-west-1:333333333333:cluster/orders/abcd-1';

    // Act
    const config = parseStreamgovConfig({
      ...base,
      grants: { environments: [{ ...consumer, clusterArns: [clusterArn] }] },
    });

    // Assess
    expect(config.grants?.environments[0]?.clusterArns).toEqual([clusterArn]);
    expect(config.grants?.environments[0]).not.toHaveProperty('clusterArns', undefined);
  });

  it('rejects cluster ARNs that are malformed or in another account, naming each', () => {
    // Act
    const found = problems({
      environments: [
        {
          ...consumer,
          clusterArns: ['arn:aws:kafka:eu-west-1:222222222222:cluster/orders/abcd-1', 'orders'],
        },
      ],
    });
    const notArray = problems({ environments: [{ ...consumer, clusterArns: 'orders' }] });

    // Assess
    expect(found).toEqual([
      'grants.environments[0].clusterArns[0] "arn:aws:kafka:eu-west-1:222222222222:cluster/orders/abcd-1" is not in the environment\'s account 333333333333',
      expect.stringMatching(/^grants\.environments\[0\]\.clusterArns\[1\] must match .*, got "orders"$/),
    ]);
    expect(notArray).toEqual([
      'grants.environments[0].clusterArns must be an array of MSK cluster ARNs, got "orders"',
    ]);
  });
});
