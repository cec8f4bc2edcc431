/**
 * The local deployment of a synthesized app: real constructs (topic asset type, catalog sync, grant
 * workflow in three accounts, Function URL fixtures) synthesized with real bundling into a temporary
 * cdk.out, deployed on a local cloud with the demo world, and used through the real SDK and HTTP.
 */
import { rm } from 'node:fs/promises';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetAssetTypeCommand, SearchCommand } from '@aws-sdk/client-datazone';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCloudAssembly } from '../../../../local/src/deploy/assembly.ts';
import { deployCloudAssembly, type LocalDeployment } from '../../../../local/src/deploy/deploy.ts';
import type { EventsState } from '../../../../local/src/services/events/index.ts';
import { type DemoCloud, startDemoCloud } from '../../../support/demo-world.ts';
import { GOVERNANCE, PRODUCER, REGION, type SynthesizedTestApp, synthesizeTestApp } from './synth-app.ts';

let demo: DemoCloud;
let app: SynthesizedTestApp;
let deployment: LocalDeployment;
let deployMs: number;
const functionErrors: string[] = [];

function stack(account: string) {
  const found = deployment.stacks.find((s) => s.account === account);
  if (!found) throw new Error(`no stack in ${account}`);
  return found;
}

function functionNamed(account: string, prefix: string) {
  const entry = Object.entries(stack(account).functions).find(([id]) => id.startsWith(prefix));
  if (!entry) throw new Error(`no function ${prefix} in ${account}`);
  return entry[1];
}

beforeAll(async () => {
  demo = await startDemoCloud();
  const cluster = demo.seeded.clusters['streaming-orders'];
  app = await synthesizeTestApp({
    domainId: demo.domainId,
    producerProjectId: demo.producerProjectId,
    clusterArn: cluster?.arn ?? '',
  });
  const started = performance.now();
  deployment = await deployCloudAssembly(demo.local.cloud, {
    cdkOut: app.outdir,
    url: demo.local.endpoint,
    scheduleTickMs: false,
    retryIntervalOverrides: { '*': 0 },
    onFunctionError: (name, error) => functionErrors.push(`${name}: ${error.name}: ${error.message}`),
  });
  deployMs = Math.round(performance.now() - started);
  process.stderr.write(`local deployment test app: synth ${app.synthMs} ms, deploy ${deployMs} ms\n`);
}, 120_000);

afterAll(async () => {
  await deployment?.close();
  await demo?.local.close();
  if (app) await rm(app.outdir, { recursive: true, force: true });
});

describe('deployCloudAssembly', () => {
  it('deploys every stack in its own account with nothing failed', () => {
    // Assess
    expect(deployment.failed).toEqual([]);
    expect(deployment.stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['StreamgovGovernance', GOVERNANCE, REGION],
      ['StreamgovProducer', PRODUCER, REGION],
      ['StreamgovConsumer', '333333333333', REGION],
    ]);
    expect(deployment.unmapped).toEqual([]);
  });

  it('accounts for every resource of the synthesized templates: mapped, not needed, or reported', async () => {
    // Prepare
    const assembly = await readCloudAssembly(app.outdir);

    // Act
    const missing = assembly.stacks.flatMap((synthesized) => {
      const deployed = deployment.stacks.find((s) => s.stackName === synthesized.stackName);
      const accounted = new Set([
        ...Object.keys(deployed?.functions ?? {}),
        ...Object.keys(deployed?.stateMachines ?? {}),
        ...Object.keys(deployed?.rules ?? {}),
        ...Object.keys(deployed?.urls ?? {}),
        ...Object.keys(deployed?.queues ?? {}),
        ...Object.keys(deployed?.others ?? {}),
        ...[...(deployed?.notNeeded ?? []), ...(deployed?.unmapped ?? []), ...(deployed?.failed ?? [])].map(
          (r) => r.logicalId,
        ),
      ]);
      return Object.entries(synthesized.template.Resources ?? {})
        .filter(([id]) => !accounted.has(id))
        .map(([id, r]) => `${synthesized.stackName}/${id} (${r.Type})`);
    });

    // Assess
    expect(missing).toEqual([]);
    const governance = stack(GOVERNANCE);
    expect(Object.keys(governance.functions)).toHaveLength(7);
    expect(Object.keys(governance.stateMachines)).toHaveLength(1);
    expect(Object.keys(governance.rules)).toHaveLength(3);
    expect(Object.keys(governance.urls)).toHaveLength(2);
    expect(Object.keys(governance.queues)).toHaveLength(2);
    expect(new Set(governance.notNeeded.map((r) => r.type))).toContain('AWS::CloudWatch::Alarm');
    expect(Object.keys(stack(PRODUCER).stateMachines)).toHaveLength(1);
  });

  it('registers each function with its configuration and runs it with its own role and Region', async () => {
    // Prepare
    const apply = functionNamed(PRODUCER, 'GrantWorkflowApplyFunction');

    // Act
    const configuration = await demo.producer
      .lambda()
      .send(new GetFunctionConfigurationCommand({ FunctionName: apply.name }));

    // Assess
    expect(configuration.FunctionArn).toBe(apply.arn);
    expect(configuration.Runtime).toBe('nodejs22.x');
    expect(configuration.Environment?.Variables?.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(configuration.Environment?.Variables?.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(apply.roleArn).toMatch(/^arn:aws:iam::222222222222:role\//);
  });

  it('runs the custom resource: the topic asset type exists in the domain', async () => {
    // Act
    const assetType = await demo.governance
      .dataZone()
      .send(new GetAssetTypeCommand({ domainIdentifier: demo.domainId, identifier: 'MskTopicAssetType' }));

    // Assess
    expect(assetType.name).toBe('MskTopicAssetType');
  });

  it('invokes the bundled sync function through Lambda Invoke: the topics become assets', async () => {
    // Prepare
    const sync = functionNamed(GOVERNANCE, 'CatalogSyncFunction');

    // Act
    const output = await demo.governance
      .lambda()
      .send(new InvokeCommand({ FunctionName: sync.name, Payload: new TextEncoder().encode('{}') }));

    // Assess
    const payload = new TextDecoder().decode(output.Payload);
    expect(output.FunctionError, `${payload}\n${deployment.logs(sync.name).join('\n')}`).toBeUndefined();
    const search = await demo.governance.dataZone().send(
      new SearchCommand({
        domainIdentifier: demo.domainId,
        searchScope: 'ASSET',
        owningProjectIdentifier: demo.producerProjectId,
      }),
    );
    expect((search.items ?? []).map((i) => i.assetItem?.name).sort()).toContain('orders');
  });
});

describe('deployed event rules', () => {
  it('route a Glue schema change (CloudTrail) to the sync function', async () => {
    // Prepare
    const rule = Object.entries(stack(GOVERNANCE).rules).find(([id]) =>
      id.startsWith('CatalogSyncSchemaChange'),
    );
    const sync = functionNamed(GOVERNANCE, 'CatalogSyncFunction');

    // Act
    demo.local.cloud.emitEvent({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.glue',
      account: GOVERNANCE,
      region: REGION,
      resources: [],
      detail: {
        eventSource: 'glue.amazonaws.com',
        eventName: 'RegisterSchemaVersion',
        requestParameters: { schemaId: { registryName: 'streaming', schemaName: 'orders-value' } },
      },
    });
    await demo.local.cloud.settle();

    // Assess
    const events = demo.local.cloud.stateOf<EventsState>('events', GOVERNANCE, REGION);
    const deliveries = events.deliveries.filter((d) => d.ruleArn === rule?.[1].arn);
    expect(deliveries.map((d) => [d.targetArn, d.outcome])).toEqual([[sync.arn, 'delivered']]);
    const rules = await demo.governance.eventBridge().send(new ListRulesCommand({}));
    expect(rules.Rules?.map((r) => r.Name)).toContain(rule?.[1].name);
  });

  it('route a DataZone grant event to the central state machine', async () => {
    // Prepare
    const central = Object.values(stack(GOVERNANCE).stateMachines)[0];
    const grantRule = Object.values(stack(GOVERNANCE).rules).find((r) =>
      r.eventPattern?.includes('aws.datazone'),
    );
    const targets = await demo.governance
      .eventBridge()
      .send(new ListTargetsByRuleCommand({ Rule: grantRule?.name ?? '' }));

    // Act
    demo.local.cloud.emitEvent({
      'detail-type': 'Subscription Grant Requested',
      source: 'aws.datazone',
      account: GOVERNANCE,
      region: REGION,
      resources: [],
      detail: {
        metadata: { domain: demo.domainId, id: 'grant-1' },
        data: { asset: { typeName: 'MskTopicAssetType', id: 'asset-1' } },
      },
    });
    await demo.local.cloud.settle();

    // Assess
    expect(targets.Targets?.map((t) => t.Arn)).toEqual([central?.arn]);
    const executions = await demo.governance
      .sfn()
      .send(new ListExecutionsCommand({ stateMachineArn: central?.arn ?? '' }));
    expect(executions.executions?.length).toBeGreaterThanOrEqual(1);
  });
});

describe('deployed Function URLs', () => {
  function url(prefix: string): string {
    const entry = Object.entries(stack(GOVERNANCE).urls).find(([id]) => id.startsWith(prefix));
    if (!entry) throw new Error(`no URL ${prefix}`);
    return entry[1].url;
  }

  it('turn an HTTP request into a Function URL event and the result into the response', async () => {
    // Act
    const response = await fetch(`${url('EchoFunction')}orders/42?b=2&a=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'Yes' },
      body: JSON.stringify({ hello: 'there' }),
    });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('yes');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      method: 'POST',
      rawPath: '/orders/42',
      rawQueryString: 'b=2&a=1',
      body: '{"hello":"there"}',
      isBase64Encoded: false,
      region: REGION,
      greeting: 'hello from the template',
    });
    expect(body.callerArn).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/StreamgovGovernance-EchoFunctionServiceRole/,
    );
  });

  it('answer a plain result as a JSON 200 and a failed function with a 502', async () => {
    // Act
    const plain = await fetch(`${url('EchoFunction')}plain`);
    const failed = await fetch(`${url('EchoFunction')}fail`);

    // Assess
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ hello: 'world' });
    expect(failed.status).toBe(502);
    const echo = functionNamed(GOVERNANCE, 'EchoFunction');
    expect(deployment.logs(echo.name).some((line) => line.includes('"message":"echo"'))).toBe(true);
  });

  it('refuse an unsigned request to an AWS_IAM URL and serve a signed one', async () => {
    // Prepare
    const target = new URL(`${url('SignedEchoFunction')}signed`);
    const signer = new SignatureV4({
      service: 'lambda',
      region: REGION,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' },
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      headers: { host: target.host },
    });

    // Act
    const unsigned = await fetch(target);
    const accepted = await fetch(target, { headers: signed.headers });

    // Assess
    expect(unsigned.status).toBe(403);
    expect(accepted.status).toBe(201);
  });
});
