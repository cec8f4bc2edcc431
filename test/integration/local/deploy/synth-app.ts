/**
 * The cloud assembly the local deployment tests deploy: real constructs synthesized (with real
 * NodejsFunction bundling) into a temporary cdk.out — the domain account 111111111111 with the topic
 * asset type, the catalog sync, the central grant workflow and a Function URL fixture; the producer
 * 222222222222 and consumer 333333333333 accounts with the environment grant workflow.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { DEFAULT_NAMES } from '../../../../asset-types/src/definition.ts';
import { CatalogSync } from '../../../../infra/lib/constructs/catalog-sync.ts';
import { GrantWorkflowCentral } from '../../../../infra/lib/constructs/grant-workflow-central.ts';
import { GrantWorkflowEnvironment } from '../../../../infra/lib/constructs/grant-workflow-environment.ts';
import { grantEnvironmentRegistration } from '../../../../infra/lib/constructs/grant-workflow-props.ts';
import { TopicAssetType } from '../../../../infra/lib/constructs/topic-asset-type.ts';
import { LOCK_FILE, PROJECT_ROOT } from '../../../../infra/lib/private/handler-entries.ts';

export const GOVERNANCE = '111111111111';
export const PRODUCER = '222222222222';
export const CONSUMER = '333333333333';
export const REGION = 'eu-west-1';

/** What the test app is built from (the demo world's ids). */
export interface TestAppInput {
  readonly domainId: string;
  readonly producerProjectId: string;
  readonly clusterArn: string;
}

/** The synthesized test app. */
export interface SynthesizedTestApp {
  readonly outdir: string;
  /** Wall time of construction + bundling + synthesis. */
  readonly synthMs: number;
}

const URL_HANDLER = fileURLToPath(new URL('./fixtures/url-handler.ts', import.meta.url));
/** ESM bundles of CommonJS dependencies need a `require` in scope (as infra's bundled functions have). */
const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  externalModules: [],
  forceDockerBundling: false,
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
};

/** Synthesizes the test app into a fresh temporary directory. */
export async function synthesizeTestApp(input: TestAppInput): Promise<SynthesizedTestApp> {
  const outdir = await mkdtemp(join(tmpdir(), 'streamgov-cdk-out-'));
  const started = performance.now();
  const app = new App({ outdir });
  const stack = (id: string, account: string) => new Stack(app, id, { env: { account, region: REGION } });

  const governance = stack('StreamgovGovernance', GOVERNANCE);
  const assetType = new TopicAssetType(governance, 'TopicAssetType', {
    domainId: input.domainId,
    owningProjectId: input.producerProjectId,
  });
  const sync = new CatalogSync(governance, 'CatalogSync', {
    settings: {
      domainId: input.domainId,
      owningProjectId: input.producerProjectId,
      sources: [
        {
          clusterName: 'streaming-orders',
          registryName: 'streaming',
          readRoleArn: `arn:aws:iam::${PRODUCER}:role/local-admin`,
          mapping: 'auto',
          includeTopicsWithoutSchema: true,
        },
      ],
      assetTypeNames: DEFAULT_NAMES,
      autoPublish: false,
      maxDeleteShare: 0.5,
      concurrency: 4,
      dataZoneWriteRate: 100,
      indexPrefix: `/streamgov/${input.domainId}/catalog`,
    },
    schedule: 'rate(6 hours)',
  });
  sync.node.addDependency(assetType);
  const central = new GrantWorkflowCentral(governance, 'GrantWorkflow', {
    domainId: input.domainId,
    environmentTimeout: Duration.seconds(30),
  });
  const echo = new NodejsFunction(governance, 'EchoFunction', {
    entry: URL_HANDLER,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: LOCK_FILE,
    runtime: lambda.Runtime.NODEJS_22_X,
    environment: { GREETING: 'hello from the template' },
    bundling: BUNDLING,
  });
  echo.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  const signed = new NodejsFunction(governance, 'SignedEchoFunction', {
    entry: URL_HANDLER,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: LOCK_FILE,
    runtime: lambda.Runtime.NODEJS_22_X,
    bundling: BUNDLING,
  });
  signed.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });

  for (const [id, account] of [
    ['StreamgovProducer', PRODUCER],
    ['StreamgovConsumer', CONSUMER],
  ] as const) {
    central.registerEnvironment(grantEnvironmentRegistration({ account, region: REGION }));
    new GrantWorkflowEnvironment(stack(id, account), 'GrantWorkflow', {
      centralAccount: GOVERNANCE,
      ...(account === PRODUCER ? { clusterArns: [input.clusterArn] } : {}),
    });
  }
  app.synth();
  return { outdir, synthMs: Math.round(performance.now() - started) };
}
