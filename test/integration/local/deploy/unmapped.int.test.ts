/**
 * What the local cloud cannot run is reported by name: a rule with an SNS topic target, an AWS Batch
 * job queue, a custom resource whose token is an SNS topic — synthesized (no bundling) and deployed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, CustomResource, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCloudAssembly, type LocalDeployment } from '../../../../local/src/deploy/deploy.ts';
import { LocalDeployError } from '../../../../local/src/deploy/errors.ts';
import { startTestCloud, type TestCloud } from '../../../support/local-cloud.ts';

let local: TestCloud;
let outdir: string;
let deployment: LocalDeployment;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'streamgov-cdk-out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Unmappable', { env: { account: '111111111111', region: 'eu-west-1' } });
  const topic = new sns.Topic(stack, 'Alerts');
  new events.Rule(stack, 'AlertRule', {
    eventPattern: { source: ['streamgov.test'] },
    targets: [new targets.SnsTopic(topic)],
  });
  new CfnResource(stack, 'JobQueue', {
    type: 'AWS::Batch::JobQueue',
    properties: { Priority: 1, ComputeEnvironmentOrder: [] },
  });
  new CustomResource(stack, 'ByTopic', { serviceToken: topic.topicArn });
  app.synth();
  local = await startTestCloud();
  deployment = await deployCloudAssembly(local.cloud, { cdkOut: outdir, url: local.endpoint });
});

afterAll(async () => {
  await deployment?.close();
  await local?.close();
  await rm(outdir, { recursive: true, force: true });
});

describe('deployCloudAssembly with resources the local cloud cannot run', () => {
  it('reports each by logical id, type and reason, and still creates the rule', () => {
    // Assess
    const reported = deployment.unmapped.map((r) => [r.logicalId.replace(/[0-9A-F]{8}/gu, ''), r.type]);
    expect(reported).toEqual(
      expect.arrayContaining([
        ['Alerts', 'AWS::SNS::Topic'],
        ['AlertRule/Target0', 'AWS::Events::Rule target'],
        ['JobQueue', 'AWS::Batch::JobQueue'],
        ['ByTopic', 'AWS::CloudFormation::CustomResource'],
      ]),
    );
    expect(deployment.unmapped).toHaveLength(4);
    const target = deployment.unmapped.find((r) => r.type === 'AWS::Events::Rule target');
    expect(target?.reason).toMatch(
      /^target arn:aws:sns:eu-west-1:111111111111:.+: the local EventBridge does not deliver to sns targets$/,
    );
    const custom = deployment.unmapped.find((r) => r.logicalId.startsWith('ByTopic'));
    expect(custom?.reason).toMatch(/service token .+ is not a function deployed locally/);
    expect(deployment.failed).toEqual([]);
    expect(Object.values(deployment.stacks[0]?.rules ?? {}).map((r) => r.targets)).toEqual([[]]);
  });

  it('refuses an assembly directory without a manifest, naming the file', async () => {
    // Act
    const deploying = deployCloudAssembly(local.cloud, {
      cdkOut: join(outdir, 'missing'),
      url: local.endpoint,
    });

    // Assess
    await expect(deploying).rejects.toThrow(LocalDeployError);
    await expect(deploying).rejects.toThrow(/cannot read cloud assembly manifest .*missing\/manifest.json/);
  });

  it('gives no logs for a function it did not deploy', () => {
    expect(() => deployment.logs('nope')).toThrow('no function nope in this deployment');
  });
});
