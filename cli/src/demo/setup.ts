/**
 * Step 1 of the demo: the local cloud with the demo estate, the configuration file for the seeded ids,
 * the app synthesized into a temporary cdk.out and deployed on the local cloud.
 *
 * @module
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import {
  deployCloudAssembly,
  type LocalCloudHandle,
  type LocalDeployment,
  startLocalCloud,
} from '../../../local/src/index.ts';
import { demoAccounts } from './accounts.ts';
import type { DemoContext } from './context.ts';
import { demoConfig, demoEstate } from './demo-config.ts';
import { DemoExpectationError } from './errors.ts';
import type { Printer } from './printer.ts';
import { formatDuration } from './steps.ts';
import { synthesizeInChild } from './synthesize.ts';

/** Options of {@link setUpDemo}. */
export interface SetupOptions {
  readonly printer: Printer;
  /** Run the deployed schedules (a ticker every 10 s), as `--keep` does. @default false */
  readonly runSchedules?: boolean;
  /** The local cloud's port. @default 0 (a free port) */
  readonly port?: number;
  /** Registers what must be closed at the end, as soon as it exists. */
  readonly onResource: (close: () => Promise<void>) => void;
}

/** What the deployment step measured and deployed. */
export interface SetupFacts {
  readonly workDir: string;
  readonly synthMs: number;
  readonly deployMs: number;
  readonly bundledFunctions: number;
  readonly stacks: readonly string[];
  readonly unmapped: readonly string[];
}

/** The function's last log line that is not a Node.js runtime warning, as ` | <line>`. */
function lastLogLine(logs: readonly string[]): string {
  const line = [...logs].reverse().find((l) => l.startsWith('{'));
  return line ? ` | ${line.slice(0, 300)}` : '';
}

/** `<stack>/<logicalId> (<type>): <reason>` of every resource the local cloud cannot run. */
export function unmappedNames(deployment: LocalDeployment): string[] {
  return deployment.unmapped.map((r) => `${r.stack}/${r.logicalId} (${r.type}): ${r.reason}`);
}

/** A compact, person-readable account of a local deployment: one block per stack. Pure. */
export function describeCompactly(deployment: LocalDeployment): string[] {
  const lines: string[] = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  for (const stack of deployment.stacks) {
    const functions = Object.values(stack.functions);
    const rules = Object.values(stack.rules);
    lines.push(
      `${stack.stackName} (account ${stack.account}): ${count(functions.length, 'function')}, ` +
        `${count(Object.keys(stack.stateMachines).length, 'state machine')}, ${count(rules.length, 'rule')}, ` +
        `${count(Object.keys(stack.urls).length, 'function URL')}, ${count(Object.keys(stack.queues).length, 'queue')}, ` +
        `${count(Object.values(stack.others).filter((o) => o.type === 'AWS::IAM::Role').length, 'role')}` +
        `${stack.notNeeded.length > 0 ? `, ${stack.notNeeded.length} not needed locally` : ''}`,
    );
    for (const rule of rules) {
      lines.push(
        `  rule ${rule.name.replace(`${stack.stackName}-`, '')}: ${rule.scheduleExpression ?? 'event pattern'}`,
      );
    }
    for (const url of Object.values(stack.urls)) lines.push(`  URL  ${url.url} (${url.authType})`);
  }
  for (const name of unmappedNames(deployment)) lines.push(`unmapped: ${name}`);
  return lines;
}

/**
 * Starts the local cloud, writes the configuration, synthesizes and deploys the app.
 * @throws DemoExpectationError when a resource of the app failed to deploy (each by name).
 */
export async function setUpDemo(options: SetupOptions): Promise<{ context: DemoContext; facts: SetupFacts }> {
  const { printer } = options;
  const local: LocalCloudHandle = await startLocalCloud({ seed: 'demo', port: options.port ?? 0 });
  options.onResource(() => local.close());
  if (!local.seeded)
    throw new DemoExpectationError('the local cloud restored state instead of seeding the demo world');
  const estate = demoEstate(local.seeded);
  printer.detail(`local cloud ${local.url}: domain ${estate.domainId}, cluster ${estate.clusterArn}`);

  const workDir = await mkdtemp(join(tmpdir(), 'streamgov-demo-'));
  const configFile = join(workDir, 'streamgov.json');
  const raw = demoConfig(estate);
  await writeFile(configFile, `${JSON.stringify(raw, null, 2)}\n`);
  const config = parseStreamgovConfig(raw);
  printer.detail(`configuration ${configFile}`);

  const cdkOut = join(workDir, 'cdk.out');
  const synthStarted = performance.now();
  const synthesized = await synthesizeInChild({
    configFile,
    cdkOut,
    onBundling: (path, n) =>
      printer.progress(
        `synthesizing: bundling function ${n} ${path} (${formatDuration(Math.round(performance.now() - synthStarted))})`,
      ),
  });
  const synthMs = Math.round(performance.now() - synthStarted);
  printer.detail(
    `synthesized ${synthesized.stacks.join(', ')} into ${cdkOut} (${synthesized.bundled} functions bundled) in ${formatDuration(synthMs)}`,
  );

  const functionErrors: string[] = [];
  const deployStarted = performance.now();
  printer.progress('deploying the cloud assembly on the local cloud');
  const deployment = await deployCloudAssembly(local.cloud, {
    cdkOut,
    url: local.url,
    scheduleTickMs: options.runSchedules ? 10_000 : false,
    onFunctionError: (name, error, logs) =>
      functionErrors.push(`${name}: ${error.name}: ${error.message}${lastLogLine(logs)}`),
  });
  options.onResource(() => deployment.close());
  const deployMs = Math.round(performance.now() - deployStarted);
  for (const line of describeCompactly(deployment)) printer.detail(line);
  printer.detail(`deployed in ${formatDuration(deployMs)}`);
  if (deployment.failed.length > 0) {
    throw new DemoExpectationError(
      `resources failed to deploy: ${deployment.failed.map((r) => `${r.stack}/${r.logicalId} (${r.type}): ${r.reason}`).join('; ')}`,
    );
  }
  const context: DemoContext = {
    printer,
    local,
    estate,
    accounts: demoAccounts(local.url, estate),
    config,
    configFile,
    deployment,
    functionErrors,
  };
  return {
    context,
    facts: {
      workDir,
      synthMs,
      deployMs,
      bundledFunctions: synthesized.bundled,
      stacks: deployment.stacks.map((s) => s.stackName),
      unmapped: unmappedNames(deployment),
    },
  };
}
