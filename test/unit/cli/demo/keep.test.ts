import { describe, expect, it } from 'vitest';
import type { DemoEstate } from '../../../../cli/src/demo/demo-config.ts';
import { keepInstructions } from '../../../../cli/src/demo/keep.ts';
import type { LocalDeployment, StackDeployment } from '../../../../local/src/index.ts';

const ESTATE: DemoEstate = {
  region: 'eu-west-1',
  governanceAccount: '111111111111',
  producerAccount: '222222222222',
  consumerAccount: '333333333333',
  domainId: 'dzd_demo1',
  producerProjectId: 'prj1',
  consumerProjectId: 'prj2',
  producerEnvironmentId: 'env1',
  consumerEnvironmentId: 'env2',
  clusterArn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/abc-1',
  registryName: 'streaming',
  consumerRoleArn: 'arn:aws:iam::333333333333:role/streamgov/analytics-reader',
};

function stack(account: string, extra: Partial<StackDeployment>): StackDeployment {
  return {
    stackName: `s-${account}`,
    account,
    region: 'eu-west-1',
    functions: {},
    stateMachines: {},
    rules: {},
    urls: {},
    queues: {},
    others: {},
    notNeeded: [],
    unmapped: [],
    failed: [],
    ...extra,
  };
}

const DEPLOYMENT: LocalDeployment = {
  cdkOut: '/tmp/x/cdk.out',
  stacks: [
    stack('222222222222', {
      stateMachines: { Env: { name: 'env', arn: 'arn:aws:states:eu-west-1:222222222222:stateMachine:env' } },
    }),
    stack('111111111111', {
      functions: {
        CatalogSyncFunctionAB: {
          name: 'gov-CatalogSyncFunctionAB',
          arn: 'arn:aws:lambda:eu-west-1:111111111111:function:gov-CatalogSyncFunctionAB',
          roleArn: 'arn:aws:iam::111111111111:role/r',
          codeDir: '/tmp/x',
          handler: 'index.handler',
        },
      },
      stateMachines: {
        Central: { name: 'central', arn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:central' },
      },
      urls: {
        IngestUrl: {
          url: 'http://127.0.0.1:9/lambda-url/abc/',
          functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:ingest',
          authType: 'AWS_IAM',
        },
      },
    }),
  ],
  unmapped: [],
  failed: [],
  logs: () => [],
  close: async () => undefined,
};

describe('keepInstructions', () => {
  it('names the endpoint, keys, accounts, the roles to assume, the functions, URLs and example commands', () => {
    // Act
    const text = keepInstructions({
      url: 'http://127.0.0.1:9',
      estate: ESTATE,
      deployment: DEPLOYMENT,
      configFile: '/tmp/x/streamgov.json',
      cdkOut: '/tmp/x/cdk.out',
    }).join('\n');
    // Assess
    expect(text).toContain(
      'export AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=eu-west-1',
    );
    expect(text).toContain('act as the governance account 111111111111');
    expect(text).toContain('--role-arn arn:aws:iam::222222222222:role/local-admin');
    expect(text).toContain('aws lambda invoke --function-name gov-CatalogSyncFunctionAB');
    expect(text).toContain('--state-machine-arn arn:aws:states:eu-west-1:111111111111:stateMachine:central');
    expect(text).toContain('http://127.0.0.1:9/lambda-url/abc/ (AWS_IAM, ingest)');
    expect(text).toContain(
      'npx streamgov lineage --config /tmp/x/streamgov.json --topic streaming-orders/orders',
    );
  });
});
