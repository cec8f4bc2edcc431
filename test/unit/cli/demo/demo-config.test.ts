import { describe, expect, it } from 'vitest';
import { childEnvironment, localCloudVariables } from '../../../../cli/src/demo/config.ts';
import { demoConfig, demoEstate } from '../../../../cli/src/demo/demo-config.ts';
import { parseStreamgovConfig } from '../../../../infra/config/streamgov-config.ts';
import { planApp } from '../../../../infra/lib/stacks/app-plan.ts';
import type { SeededWorld } from '../../../../local/src/seed/apply-world.ts';

const CLUSTER = 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/abc-1';
const SEEDED: SeededWorld = {
  region: 'eu-west-1',
  accounts: { governance: '111111111111', producer: '222222222222', consumer: '333333333333' },
  datazone: {
    account: '111111111111',
    domainId: 'dzd_demo1',
    projects: { producer: 'prj1', consumer: 'prj2' },
    environments: {
      'producer-env': { id: 'env1', account: '222222222222' },
      'consumer-env': { id: 'env2', account: '333333333333' },
    },
  },
  clusters: { 'streaming-orders': { arn: CLUSTER, account: '222222222222' } },
  registries: {
    streaming: { arn: 'arn:aws:glue:eu-west-1:222222222222:registry/streaming', account: '222222222222' },
  },
  roles: { 'consumer/analytics-reader': 'arn:aws:iam::333333333333:role/streamgov/analytics-reader' },
};

describe('demoEstate', () => {
  it('takes the ids of the demo world', () => {
    // Act
    const estate = demoEstate(SEEDED);
    // Assess
    expect(estate).toMatchObject({
      governanceAccount: '111111111111',
      producerAccount: '222222222222',
      consumerAccount: '333333333333',
      domainId: 'dzd_demo1',
      consumerEnvironmentId: 'env2',
      clusterArn: CLUSTER,
      consumerRoleArn: 'arn:aws:iam::333333333333:role/streamgov/analytics-reader',
    });
  });

  it('throws naming what is missing when the world is not the demo world', () => {
    // Prepare
    const { datazone: _datazone, ...noDomain } = SEEDED;
    // Act / Assess
    expect(() => demoEstate({ ...SEEDED, clusters: {} })).toThrow('MSK cluster streaming-orders');
    expect(() => demoEstate(noDomain)).toThrow('DataZone domain');
  });
});

describe('demoConfig', () => {
  it('is a valid configuration that deploys a governance and two environment stacks', () => {
    // Act
    const config = parseStreamgovConfig(demoConfig(demoEstate(SEEDED)));
    const plan = planApp(config);
    // Assess
    expect(config.catalog.autoPublish).toBe(false);
    expect(config.catalog.sources[0]?.readRoleArn).toBe(
      'arn:aws:iam::222222222222:role/streamgov-catalog-read',
    );
    expect(plan.deployment.governanceAccount).toBe('111111111111');
    expect(
      plan.environments.map((e) => [e.account, e.grants, e.forwardSchemaEvents, e.forwardFlinkEvents]),
    ).toEqual([
      ['222222222222', true, true, true],
      ['333333333333', true, false, true],
    ]);
  });
});

describe('childEnvironment', () => {
  it('keeps the host environment but none of its AWS settings, and adds the local cloud', () => {
    // Act
    const env = childEnvironment(
      localCloudVariables('http://127.0.0.1:1', 'eu-west-1', { accessKeyId: 'k', secretAccessKey: 's' }),
      { PATH: '/bin', AWS_PROFILE: 'prod', AWS_REGION: 'us-east-1', UNSET: undefined },
    );
    // Assess
    expect(env).toEqual({
      PATH: '/bin',
      NODE_NO_WARNINGS: '1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: 'k',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_REGION: 'eu-west-1',
    });
  });
});
