import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type HandlerEntry, LOCK_FILE, PROJECT_ROOT } from './handler-entries.ts';
import { acknowledgeFinding } from './nag.ts';

/** Options of {@link createBundledFunction}. */
export interface BundledFunctionOptions {
  readonly handler: HandlerEntry;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  readonly environment?: Readonly<Record<string, string>>;
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
}

/** What {@link createBundledFunction} creates. */
export interface BundledFunction {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * ESM output bundles CommonJS dependencies (the AWS SDK among them) that call `require` for Node
 * built-ins; esbuild's shim only works when a `require` is in scope.
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __streamgovCreateRequire } from 'node:module'; const require = __streamgovCreateRequire(import.meta.url);";

/**
 * A TypeScript handler bundled by a local esbuild (offline, no Docker) into one ESM file with the pinned
 * SDK inside, on Node.js 22 / arm64, with its own role (no managed policies) and its own log group.
 * Children: `<id>Role`, `<id>LogGroup`, `<id>`.
 */
export function createBundledFunction(
  scope: Construct,
  id: string,
  options: BundledFunctionOptions,
): BundledFunction {
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${options.description}`,
  });
  const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: options.logRetention });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    entry: options.handler.entry,
    handler: options.handler.handler,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: LOCK_FILE,
    description: options.description,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    timeout: options.timeout,
    memorySize: options.memorySize,
    role,
    logGroup,
    environment: {
      ...options.environment,
      // Stack traces point at the TypeScript sources (the bundle carries its source map).
      NODE_OPTIONS: '--enable-source-maps',
    },
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    ...(options.retryAttempts === undefined ? {} : { retryAttempts: options.retryAttempts }),
    bundling: {
      minify: true,
      keepNames: true,
      sourceMap: true,
      target: 'node22',
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      banner: CREATE_REQUIRE_BANNER,
      // Bundle the SDK versions pinned in package-lock.json instead of the runtime's.
      externalModules: [],
      forceDockerBundling: false,
    },
  });
  acknowledgeFinding(
    fn,
    'AwsSolutions-L1',
    undefined,
    'Node.js 22 is the project baseline on Lambda: handlers are bundled for target node22 and tested on it; the runtime moves together with the build target, not on its own.',
  );
  return { fn, role, logGroup };
}
