/**
 * The local deployment of a synthesized CDK app: every stack of the cloud assembly, in dependency
 * order, in its own account and Region of the local cloud. Each resource is created in creation order
 * (references first) by the local service that plays its part, is recorded as not needed locally, or is
 * reported by name with the reason the local cloud cannot run it — never skipped silently.
 */
import type { LocalCloud } from '../cloud/cloud.ts';
import type { ResolveContext } from './asl.ts';
import { resolveIntrinsics } from './asl.ts';
import { type AssemblyStack, readCloudAssembly } from './assembly.ts';
import { LocalDeployError } from './errors.ts';
import type { FunctionWorker } from './function-worker.ts';
import { DEFAULT_LOG_LINES } from './function-worker.ts';
import { creationOrder } from './graph.ts';
import {
  NOT_NEEDED_LOCALLY,
  physicalName,
  type ResourceValues,
  resourceKind,
  syntheticValues,
} from './resource-kinds.ts';
import {
  createCustomResource,
  createFormType,
  createFunction,
  createFunctionUrl,
  createParameter,
  createQueue,
  createRole,
  createRule,
  createStateMachine,
  type DeployRun,
  type ResourceCall,
  UnmappedResource,
} from './resources.ts';
import type { ReportedResource, StackDeployment } from './types.ts';

/** Options of {@link deployCloudAssembly}. */
export interface DeployOptions {
  /** The synthesized cloud assembly directory (`cdk.out`). */
  readonly cdkOut: string;
  /** The local cloud's base URL: functions reach AWS through it (`AWS_ENDPOINT_URL`). */
  readonly url: string;
  /** @default 'aws' */
  readonly partition?: string;
  /**
   * How often scheduled rules are checked (a ticker per account and Region with scheduled rules), or
   * `false` to leave schedules to explicit `RunSchedules` calls.
   * @default 10_000
   */
  readonly scheduleTickMs?: number | false;
  /** Output lines kept per function. @default DEFAULT_LOG_LINES */
  readonly logLines?: number;
  /** Retry waits of the state machines in ms per state name (`*` = all). @default - as in the ASL */
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
  /** Called when an invocation of a deployed function fails, with the function's recent output. */
  readonly onFunctionError?: (functionName: string, error: Error, logs: readonly string[]) => void;
}

/** A deployed cloud assembly. */
export interface LocalDeployment {
  readonly cdkOut: string;
  readonly stacks: readonly StackDeployment[];
  /** Everything reported as not runnable locally, across stacks. */
  readonly unmapped: readonly ReportedResource[];
  /** Everything whose creation failed, across stacks. */
  readonly failed: readonly ReportedResource[];
  /** The recent output lines of a deployed function (by name or ARN). */
  logs(functionNameOrArn: string): readonly string[];
  /** Stops the schedule tickers and the function workers. */
  close(): Promise<void>;
}

type Handler = (call: ResourceCall) => ResourceValues | Promise<ResourceValues>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  'AWS::IAM::Role': createRole,
  'AWS::Lambda::Function': createFunction,
  'AWS::Lambda::Url': createFunctionUrl,
  'AWS::Events::Rule': createRule,
  'AWS::StepFunctions::StateMachine': createStateMachine,
  'AWS::SQS::Queue': createQueue,
  'AWS::SSM::Parameter': createParameter,
  'AWS::DataZone::FormType': createFormType,
};

function emptyResult(stack: AssemblyStack): StackDeployment {
  return {
    stackName: stack.stackName,
    account: stack.account,
    region: stack.region,
    functions: {},
    stateMachines: {},
    rules: {},
    urls: {},
    queues: {},
    others: {},
    notNeeded: [],
    unmapped: [],
    failed: [],
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function deployStack(
  run: DeployRun,
  stack: AssemblyStack,
  exports: Record<string, string>,
): Promise<StackDeployment> {
  const result = emptyResult(stack);
  const refs: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(stack.template.Parameters ?? {})) {
    if (parameter.Default !== undefined) refs[name] = String(parameter.Default);
  }
  const context: ResolveContext = {
    account: stack.account,
    region: stack.region,
    partition: run.partition,
    refs,
    attributes,
    imports: exports,
  };
  const record = (logicalId: string, values: ResourceValues) => {
    refs[logicalId] = values.ref;
    for (const [name, value] of Object.entries(values.attributes)) attributes[`${logicalId}.${name}`] = value;
  };
  const where = { account: stack.account, region: stack.region, partition: run.partition };
  const resources = stack.template.Resources ?? {};
  for (const logicalId of creationOrder(resources)) {
    const resource = resources[logicalId];
    if (!resource) continue;
    const { Type: type } = resource;
    const synthetic = () => syntheticValues(type, physicalName(stack.stackName, logicalId, 64), where);
    const report = { stack: stack.stackName, logicalId, type };
    const kind = resourceKind(type);
    if (kind === 'not-needed') {
      result.notNeeded.push({ ...report, reason: NOT_NEEDED_LOCALLY[type] ?? 'no local behaviour' });
      record(logicalId, synthetic());
      continue;
    }
    if (kind === 'unmapped') {
      result.unmapped.push({ ...report, reason: `the local cloud has no ${type}` });
      record(logicalId, synthetic());
      continue;
    }
    const handler = kind === 'custom' ? createCustomResource : HANDLERS[type];
    try {
      if (!handler) throw new UnmappedResource(`the local deployment has no handler for ${type}`);
      record(logicalId, await handler({ run, stack, result, logicalId, resource, context }));
    } catch (error) {
      // Resources that refer to this one still resolve; they fail on their own if they need it.
      record(logicalId, synthetic());
      if (error instanceof LocalDeployError) result.unmapped.push({ ...report, reason: describe(error) });
      else result.failed.push({ ...report, reason: describe(error) });
    }
  }
  for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
    if (output.Export === undefined) continue;
    try {
      const exportName = String(resolveIntrinsics(output.Export.Name, context, `Outputs.${name}.Export`));
      exports[exportName] = String(resolveIntrinsics(output.Value, context, `Outputs.${name}`));
    } catch (error) {
      result.unmapped.push({
        stack: stack.stackName,
        logicalId: `Outputs.${name}`,
        type: 'Output',
        reason: describe(error),
      });
    }
  }
  return result;
}

/**
 * Deploys the cloud assembly in `options.cdkOut` on `cloud` (served at `options.url`).
 * @throws LocalDeployError when the assembly cannot be read (no manifest, an environment-agnostic
 *   stack, a dependency cycle); problems of single resources are reported in the result instead.
 */
export async function deployCloudAssembly(
  cloud: LocalCloud,
  options: DeployOptions,
): Promise<LocalDeployment> {
  const assembly = await readCloudAssembly(options.cdkOut);
  const workers = new Map<string, FunctionWorker>();
  const run: DeployRun = {
    cloud,
    url: options.url.replace(/\/$/u, ''),
    assemblyDir: assembly.directory,
    partition: options.partition ?? 'aws',
    logLines: options.logLines ?? DEFAULT_LOG_LINES,
    ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
    ...(options.onFunctionError ? { onFunctionError: options.onFunctionError } : {}),
    functions: new Map(),
    workers,
    scheduled: new Set(),
  };
  const exports: Record<string, string> = {};
  const stacks: StackDeployment[] = [];
  for (const stack of assembly.stacks) stacks.push(await deployStack(run, stack, exports));

  const tick = options.scheduleTickMs ?? 10_000;
  const schedulers = tick === false ? [] : [...run.scheduled];
  for (const key of schedulers) {
    const [account = '', region = ''] = key.split('/');
    await cloud.call('events', 'StartScheduler', { IntervalMs: tick }, cloud.rootCaller(account, region));
  }
  const byName = new Map<string, FunctionWorker>();
  for (const [arn, worker] of workers) {
    byName.set(arn, worker);
    byName.set(arn.split(':').pop() ?? arn, worker);
  }
  return {
    cdkOut: assembly.directory,
    stacks,
    unmapped: stacks.flatMap((s) => s.unmapped),
    failed: stacks.flatMap((s) => s.failed),
    logs: (nameOrArn) => {
      const worker = byName.get(nameOrArn);
      if (!worker) throw new LocalDeployError(`no function ${nameOrArn} in this deployment`);
      return worker.logs();
    },
    close: async () => {
      for (const key of schedulers) {
        const [account = '', region = ''] = key.split('/');
        await cloud.call('events', 'StopScheduler', {}, cloud.rootCaller(account, region));
      }
      await Promise.all([...workers.values()].map((worker) => worker.close()));
    },
  };
}
