/**
 * Creating one template resource of each mapped type on the local cloud, as CloudFormation would
 * create it in AWS: its properties resolved, the local service called in the stack's account and
 * Region, and its `Ref` / `Fn::GetAtt` values returned for the resources that refer to it.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { LocalCloud } from '../cloud/cloud.ts';
import { AwsError } from '../cloud/errors.ts';
import type { CallerIdentity } from '../cloud/types.ts';
import {
  type FunctionUrlAuthType,
  functionUrl,
  registerFunctionUrl,
} from '../services/lambda/function-urls.ts';
import type { LocalLambdaContext } from '../services/lambda/handlers.ts';
import { registerLocalFunction } from '../services/lambda/register.ts';
import { newCredentials } from '../services/sts/credentials.ts';
import type { StsState } from '../services/sts/state.ts';
import { type ResolveContext, resolveIntrinsics } from './asl.ts';
import type { AssemblyStack, TemplateResource } from './assembly.ts';
import { LocalDeployError } from './errors.ts';
import { FunctionWorker } from './function-worker.ts';
import { physicalName, type ResourceValues } from './resource-kinds.ts';
import type { DeployedFunction, StackDeployment } from './types.ts';

/** A resource the local cloud cannot run: reported by name, with the reason, instead of created. */
export class UnmappedResource extends LocalDeployError {
  override readonly name: string = 'UnmappedResource';
}

/** Settings and shared state of one deployment run. */
export interface DeployRun {
  readonly cloud: LocalCloud;
  readonly url: string;
  /** The cloud assembly directory (`aws:asset:path` is relative to it). */
  readonly assemblyDir: string;
  readonly partition: string;
  readonly logLines: number;
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
  readonly onFunctionError?: (functionName: string, error: Error, logs: readonly string[]) => void;
  /** Deployed functions of every stack by ARN (custom resources and URLs look them up). */
  readonly functions: Map<
    string,
    DeployedFunction & { readonly variables: Readonly<Record<string, string>> }
  >;
  readonly workers: Map<string, FunctionWorker>;
  /** `account/region` pairs with scheduled rules. */
  readonly scheduled: Set<string>;
}

/** One resource being created. */
export interface ResourceCall {
  readonly run: DeployRun;
  readonly stack: AssemblyStack;
  readonly result: StackDeployment;
  readonly logicalId: string;
  readonly resource: TemplateResource;
  readonly context: ResolveContext;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function root(call: ResourceCall): CallerIdentity {
  return call.run.cloud.rootCaller(call.stack.account, call.stack.region);
}

function property(call: ResourceCall, name: string): unknown {
  const value = call.resource.Properties?.[name];
  return value === undefined
    ? undefined
    : resolveIntrinsics(value, call.context, `${call.logicalId}.${name}`);
}

function stringProperty(call: ResourceCall, name: string): string | undefined {
  const value = property(call, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new LocalDeployError(`${call.logicalId}.${name}: expected a string, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

function numberProperty(call: ResourceCall, name: string): number | undefined {
  const value = property(call, name);
  return value === undefined ? undefined : Number(value);
}

function arnParts(arn: string): { service: string; region: string; account: string; resource: string } {
  const [, , service = '', region = '', account = '', ...rest] = arn.split(':');
  return { service, region, account, resource: rest.join(':') };
}

// --- IAM -----------------------------------------------------------------------------------------------

interface RoleRecord {
  readonly RoleName: string;
  readonly Arn: string;
  readonly RoleId: string;
}

export async function createRole(call: ResourceCall): Promise<ResourceValues> {
  const roleName = stringProperty(call, 'RoleName') ?? physicalName(call.stack.stackName, call.logicalId, 64);
  const trust = property(call, 'AssumeRolePolicyDocument');
  const description = stringProperty(call, 'Description');
  const maxSession = numberProperty(call, 'MaxSessionDuration');
  const input = {
    RoleName: roleName,
    Path: stringProperty(call, 'Path') ?? '/',
    AssumeRolePolicyDocument: typeof trust === 'string' ? trust : JSON.stringify(trust),
    ...(description === undefined ? {} : { Description: description }),
    ...(maxSession === undefined ? {} : { MaxSessionDuration: maxSession }),
  };
  const iam = call.run.cloud;
  let role: RoleRecord;
  try {
    ({ Role: role } = await iam.call<{ Role: RoleRecord }>('iam', 'CreateRole', input, root(call)));
  } catch (error) {
    // A redeployment (or a role the world already has): keep the existing role.
    if (!(error instanceof AwsError) || error.code !== 'EntityAlreadyExists') throw error;
    ({ Role: role } = await iam.call<{ Role: RoleRecord }>(
      'iam',
      'GetRole',
      { RoleName: roleName },
      root(call),
    ));
  }
  call.result.others[call.logicalId] = { type: call.resource.Type, physicalId: role.Arn };
  return { ref: role.RoleName, attributes: { Arn: role.Arn, RoleId: role.RoleId } };
}

// --- Lambda --------------------------------------------------------------------------------------------

/** The asset directory of a function's code: `aws:asset:path` metadata, else its S3Key's asset hash. */
function codeDirectory(call: ResourceCall, code: unknown): string {
  const where = `${call.logicalId}.Code`;
  const assetPath = call.resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') {
    const dir = isAbsolute(assetPath) ? assetPath : join(call.run.assemblyDir, assetPath);
    if (existsSync(dir)) return dir;
  }
  if (!isRecord(code)) throw new LocalDeployError(`${where}: missing`);
  if (code.ZipFile !== undefined) throw new UnmappedResource('inline code (Code.ZipFile) is not run locally');
  if (code.ImageUri !== undefined)
    throw new UnmappedResource('container image functions are not run locally');
  const key = typeof code.S3Key === 'string' ? code.S3Key : '';
  const hash = key.replace(/\.zip$/u, '');
  const dir = call.stack.assets[hash];
  if (!dir || !existsSync(dir)) {
    throw new UnmappedResource(
      `its code (S3Key ${JSON.stringify(key)}) is not a file asset of the cloud assembly`,
    );
  }
  return dir;
}

function functionVariables(call: ResourceCall): Record<string, string> {
  const environment = property(call, 'Environment');
  const variables = isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)]));
}

/** Credentials acting as the execution role in the function's account, as Lambda gets them. */
async function executionCredentials(call: ResourceCall, functionName: string, roleArn: string) {
  const { cloud } = call.run;
  const { account } = call.stack;
  const roleName = roleArn.split('/').pop() ?? 'role';
  let roleId = 'AROALOCALDEPLOYMENT';
  try {
    const { Role } = await cloud.call<{ Role: RoleRecord }>(
      'iam',
      'GetRole',
      { RoleName: roleName },
      root(call),
    );
    roleId = Role.RoleId;
  } catch (error) {
    if (!(error instanceof AwsError) || error.code !== 'NoSuchEntity') throw error;
  }
  const credentials = newCredentials(cloud.newId());
  const sessionArn = `arn:${call.run.partition}:sts::${account}:assumed-role/${roleName}/${functionName}`;
  // The session Lambda itself opens with the role's trust in lambda.amazonaws.com: 12 hours.
  const expiresAt = new Date(cloud.now().getTime() + 12 * 3600 * 1000).toISOString();
  cloud.issueKey(credentials.AccessKeyId, { account, principalArn: sessionArn, expiresAt });
  cloud.stateOf<StsState>('sts', account, call.stack.region).sessions[credentials.AccessKeyId] = {
    AssumedRoleId: `${roleId}:${functionName}`,
    Arn: sessionArn,
    Expiration: expiresAt,
  };
  return credentials;
}

export async function createFunction(call: ResourceCall): Promise<ResourceValues> {
  const runtime = stringProperty(call, 'Runtime') ?? '';
  if (!runtime.startsWith('nodejs')) {
    throw new UnmappedResource(`runtime ${JSON.stringify(runtime)} cannot run locally (Node.js only)`);
  }
  const codeDir = codeDirectory(call, property(call, 'Code'));
  const name = stringProperty(call, 'FunctionName') ?? physicalName(call.stack.stackName, call.logicalId, 64);
  const handler = stringProperty(call, 'Handler') ?? 'index.handler';
  const roleArn = stringProperty(call, 'Role') ?? '';
  const timeout = numberProperty(call, 'Timeout') ?? 3;
  const memorySize = numberProperty(call, 'MemorySize') ?? 128;
  const description = stringProperty(call, 'Description');
  const variables = functionVariables(call);
  const { account, region } = call.stack;
  const arn = `arn:${call.run.partition}:lambda:${region}:${account}:function:${name}`;
  const credentials = await executionCredentials(call, name, roleArn);
  const env: Record<string, string> = {
    ...variables,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL: call.run.url,
    AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
    AWS_SESSION_TOKEN: credentials.SessionToken,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${call.run.cloud.newId().replaceAll('-', '')}`,
    LAMBDA_TASK_ROOT: codeDir,
    _HANDLER: handler,
    TZ: ':UTC',
    // The function's runtime is Node.js 22 on Lambda; the host may be Node 20, which the SDK warns about.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  await call.run.workers.get(arn)?.close();
  const worker = new FunctionWorker({
    name,
    codeDir,
    handler,
    env,
    logLines: call.run.logLines,
    ...(call.run.onFunctionError
      ? { onError: (error, logs) => call.run.onFunctionError?.(name, error, logs) }
      : {}),
  });
  await registerLocalFunction(
    call.run.cloud,
    account,
    region,
    {
      FunctionName: name,
      Handler: handler,
      Runtime: runtime,
      ...(roleArn ? { Role: roleArn } : {}),
      ...(description === undefined ? {} : { Description: description }),
      ...(Object.keys(variables).length > 0 ? { Environment: { Variables: variables } } : {}),
      Timeout: timeout,
      MemorySize: memorySize,
    },
    (event: unknown, context: LocalLambdaContext) => worker.invoke(event, context),
    { isolated: true },
  );
  call.run.workers.set(arn, worker);
  const deployed = { name, arn, roleArn, codeDir, handler };
  call.run.functions.set(arn, { ...deployed, variables });
  call.result.functions[call.logicalId] = deployed;
  return { ref: name, attributes: { Arn: arn } };
}

/** The deployed function a name or ARN (possibly qualified) refers to, in the stack's account. */
function deployedFunction(
  call: ResourceCall,
  nameOrArn: string,
): (DeployedFunction & { readonly variables: Readonly<Record<string, string>> }) | undefined {
  const { account, region } = call.stack;
  const arn = nameOrArn.startsWith('arn:')
    ? nameOrArn.split(':').slice(0, 7).join(':')
    : `arn:${call.run.partition}:lambda:${region}:${account}:function:${nameOrArn}`;
  return call.run.functions.get(arn);
}

export function createFunctionUrl(call: ResourceCall): ResourceValues {
  const target = stringProperty(call, 'TargetFunctionArn') ?? '';
  const fn = deployedFunction(call, target);
  if (!fn) throw new UnmappedResource(`its function ${target} is not deployed locally`);
  const authType = (stringProperty(call, 'AuthType') ?? 'NONE') as FunctionUrlAuthType;
  if (authType !== 'NONE' && authType !== 'AWS_IAM') {
    throw new LocalDeployError(`${call.logicalId}.AuthType: must be NONE or AWS_IAM, got ${authType}`);
  }
  const binding = registerFunctionUrl(call.run.cloud, fn.arn, authType);
  const url = functionUrl(call.run.url, binding);
  call.result.urls[call.logicalId] = { url, functionArn: fn.arn, authType };
  return { ref: fn.arn, attributes: { FunctionUrl: url, FunctionArn: fn.arn } };
}

// --- EventBridge ---------------------------------------------------------------------------------------

const SUPPORTED_TARGET =
  /^arn:aws[\w-]*:(lambda|states|events):[a-z0-9-]+:\d{12}:(function|stateMachine|event-bus\/default)\b/u;
const TARGET_MEMBERS = [
  'Id',
  'Arn',
  'RoleArn',
  'Input',
  'InputPath',
  'InputTransformer',
  'DeadLetterConfig',
  'RetryPolicy',
];

function unsupportedTargetReason(arn: string): string {
  const { service, resource } = arnParts(arn);
  if (service === 'events')
    return `event bus ${resource} is not served locally (only each account's default bus)`;
  return `the local EventBridge does not deliver to ${service || 'this kind of'} targets`;
}

export async function createRule(call: ResourceCall): Promise<ResourceValues> {
  const name = stringProperty(call, 'Name') ?? physicalName(call.stack.stackName, call.logicalId, 64);
  const bus = stringProperty(call, 'EventBusName');
  if (bus !== undefined && bus !== 'default' && !bus.endsWith(':event-bus/default')) {
    throw new UnmappedResource(
      `its event bus ${bus} is not served locally (only each account's default bus)`,
    );
  }
  const pattern = property(call, 'EventPattern');
  const schedule = stringProperty(call, 'ScheduleExpression');
  const state = stringProperty(call, 'State');
  const description = stringProperty(call, 'Description');
  const eventPattern =
    pattern === undefined ? undefined : typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  const { RuleArn } = await call.run.cloud.call<{ RuleArn: string }>(
    'events',
    'PutRule',
    {
      Name: name,
      ...(eventPattern === undefined ? {} : { EventPattern: eventPattern }),
      ...(schedule === undefined ? {} : { ScheduleExpression: schedule }),
      ...(state === undefined
        ? {}
        : { State: state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' ? 'ENABLED' : state }),
      ...(description === undefined ? {} : { Description: description }),
    },
    root(call),
  );
  const targets = property(call, 'Targets');
  const supported: Record<string, unknown>[] = [];
  for (const target of Array.isArray(targets) ? targets : []) {
    if (!isRecord(target)) continue;
    const arn = String(target.Arn ?? '');
    if (!SUPPORTED_TARGET.test(arn)) {
      call.result.unmapped.push({
        stack: call.stack.stackName,
        logicalId: `${call.logicalId}/${String(target.Id)}`,
        type: 'AWS::Events::Rule target',
        reason: `target ${arn}: ${unsupportedTargetReason(arn)}`,
      });
      continue;
    }
    supported.push(
      Object.fromEntries(TARGET_MEMBERS.filter((k) => target[k] !== undefined).map((k) => [k, target[k]])),
    );
  }
  if (supported.length > 0) {
    await call.run.cloud.call('events', 'PutTargets', { Rule: name, Targets: supported }, root(call));
  }
  if (schedule !== undefined) call.run.scheduled.add(`${call.stack.account}/${call.stack.region}`);
  call.result.rules[call.logicalId] = {
    name,
    arn: RuleArn,
    ...(eventPattern === undefined ? {} : { eventPattern }),
    ...(schedule === undefined ? {} : { scheduleExpression: schedule }),
    targets: supported.map((t) => String(t.Arn)),
  };
  return { ref: name, attributes: { Arn: RuleArn } };
}

// --- Step Functions ------------------------------------------------------------------------------------

function definitionOf(call: ResourceCall): Record<string, unknown> {
  const where = `${call.logicalId}.DefinitionString`;
  const substitutions = property(call, 'DefinitionSubstitutions');
  const substitute = (text: string) =>
    isRecord(substitutions)
      ? text.replace(/\$\{([^}]+)\}/gu, (whole, key: string) =>
          key in substitutions ? String(substitutions[key]) : whole,
        )
      : text;
  const raw = call.resource.Properties?.DefinitionString;
  if (raw !== undefined) {
    const text = resolveIntrinsics(raw, call.context, where);
    if (typeof text !== 'string') throw new LocalDeployError(`${where}: does not resolve to a string`);
    try {
      return JSON.parse(substitute(text)) as Record<string, unknown>;
    } catch (error) {
      throw new LocalDeployError(`${where}: is not JSON once resolved`, { cause: error });
    }
  }
  const inline = property(call, 'Definition');
  if (isRecord(inline)) return JSON.parse(substitute(JSON.stringify(inline))) as Record<string, unknown>;
  if (call.resource.Properties?.DefinitionS3Location !== undefined) {
    throw new UnmappedResource('its definition is in S3 (DefinitionS3Location), which is not read locally');
  }
  throw new LocalDeployError(`${call.logicalId}: has neither DefinitionString nor Definition`);
}

export async function createStateMachine(call: ResourceCall): Promise<ResourceValues> {
  const name =
    stringProperty(call, 'StateMachineName') ?? physicalName(call.stack.stackName, call.logicalId, 80);
  const definition = definitionOf(call);
  const roleArn = stringProperty(call, 'RoleArn') ?? '';
  const type = stringProperty(call, 'StateMachineType');
  try {
    const { stateMachineArn } = await call.run.cloud.call<{ stateMachineArn: string }>(
      'states',
      'RegisterStateMachine',
      {
        name,
        definition,
        roleArn,
        ...(type === undefined ? {} : { type }),
        ...(call.run.retryIntervalOverrides
          ? { retryIntervalOverrides: call.run.retryIntervalOverrides }
          : {}),
      },
      root(call),
    );
    call.result.stateMachines[call.logicalId] = { name, arn: stateMachineArn };
    return { ref: stateMachineArn, attributes: { Arn: stateMachineArn, Name: name } };
  } catch (error) {
    if (error instanceof AwsError && error.message.includes('UNSUPPORTED_RESOURCE')) {
      throw new UnmappedResource(error.message, { cause: error });
    }
    throw error;
  }
}

// --- SQS, SSM, DataZone --------------------------------------------------------------------------------

const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
];

export async function createQueue(call: ResourceCall): Promise<ResourceValues> {
  if (String(property(call, 'FifoQueue') ?? 'false') === 'true') {
    throw new UnmappedResource('FIFO queues are not emulated by the local SQS');
  }
  if (!call.run.cloud.serviceNames().includes('sqs')) {
    throw new UnmappedResource('the local cloud has no SQS service');
  }
  const name = stringProperty(call, 'QueueName') ?? physicalName(call.stack.stackName, call.logicalId, 80);
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = property(call, key);
    if (value !== undefined) attributes[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const { QueueUrl } = await call.run.cloud.call<{ QueueUrl: string }>(
    'sqs',
    'CreateQueue',
    { QueueName: name, Attributes: attributes },
    root(call),
  );
  const arn = `arn:${call.run.partition}:sqs:${call.stack.region}:${call.stack.account}:${name}`;
  call.result.queues[call.logicalId] = { name, url: QueueUrl, arn };
  return { ref: QueueUrl, attributes: { Arn: arn, QueueName: name, QueueUrl } };
}

export async function createParameter(call: ResourceCall): Promise<ResourceValues> {
  const name =
    stringProperty(call, 'Name') ?? `CFN-${physicalName(call.stack.stackName, call.logicalId, 1000)}`;
  const value = stringProperty(call, 'Value') ?? '';
  const type = stringProperty(call, 'Type') ?? 'String';
  const description = stringProperty(call, 'Description');
  await call.run.cloud.call(
    'ssm',
    'PutParameter',
    {
      Name: name,
      Value: value,
      Type: type,
      Overwrite: true,
      ...(description === undefined ? {} : { Description: description }),
    },
    root(call),
  );
  call.result.others[call.logicalId] = { type: call.resource.Type, physicalId: name };
  return { ref: name, attributes: { Type: type, Value: value } };
}

export async function createFormType(call: ResourceCall): Promise<ResourceValues> {
  const domainId = stringProperty(call, 'DomainIdentifier') ?? '';
  const name = stringProperty(call, 'Name') ?? '';
  const model = property(call, 'Model');
  const smithy = isRecord(model) && typeof model.Smithy === 'string' ? model.Smithy : undefined;
  if (smithy === undefined) throw new LocalDeployError(`${call.logicalId}.Model: needs Smithy`);
  const status = stringProperty(call, 'Status');
  const description = stringProperty(call, 'Description');
  const output = await call.run.cloud.call<{ domainId: string; revision: string; owningProjectId?: string }>(
    'datazone',
    'CreateFormType',
    {
      domainIdentifier: domainId,
      owningProjectIdentifier: stringProperty(call, 'OwningProjectIdentifier') ?? '',
      name,
      model: { smithy },
      ...(status === undefined ? {} : { status }),
      ...(description === undefined ? {} : { description }),
    },
    root(call),
  );
  call.result.others[call.logicalId] = { type: call.resource.Type, physicalId: `${output.domainId}/${name}` };
  return {
    ref: `${output.domainId}|${name}|${output.revision}`,
    attributes: {
      DomainId: output.domainId,
      FormTypeIdentifier: name,
      Revision: output.revision,
      OwningProjectId: output.owningProjectId ?? '',
    },
  };
}

// --- Custom resources ----------------------------------------------------------------------------------

/** CloudFormation hands custom resources their properties with every scalar as a string. */
function asCloudFormationProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asCloudFormationProperties);
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationProperties(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

export async function createCustomResource(call: ResourceCall): Promise<ResourceValues> {
  const serviceToken = stringProperty(call, 'ServiceToken') ?? '';
  const provider = deployedFunction(call, serviceToken);
  if (!provider) {
    throw new UnmappedResource(`its service token ${serviceToken} is not a function deployed locally`);
  }
  const onEvent = provider.variables.USER_ON_EVENT_FUNCTION_ARN;
  if (!onEvent) {
    throw new UnmappedResource(
      `its provider ${provider.name} is not a CDK Provider framework function: it answers through a presigned S3 URL, which the local cloud does not serve`,
    );
  }
  if (provider.variables.USER_IS_COMPLETE_FUNCTION_ARN) {
    throw new UnmappedResource(
      `its provider ${provider.name} has an isComplete handler, which is not run locally`,
    );
  }
  const { account, region } = call.stack;
  const properties = resolveIntrinsics(
    call.resource.Properties ?? {},
    call.context,
    `${call.logicalId}.Properties`,
  );
  const event = {
    RequestType: 'Create',
    ServiceToken: serviceToken,
    ResponseURL: `${call.run.url}/_local/cloudformation-response`,
    StackId: `arn:${call.run.partition}:cloudformation:${region}:${account}:stack/${call.stack.stackName}/local`,
    RequestId: call.run.cloud.newId(),
    LogicalResourceId: call.logicalId,
    ResourceType: call.resource.Type,
    ResourceProperties: asCloudFormationProperties(properties),
  };
  const output = await call.run.cloud.call<{ FunctionError?: string; Payload?: Uint8Array }>(
    'lambda',
    'Invoke',
    { FunctionName: onEvent, Payload: new TextEncoder().encode(JSON.stringify(event)) },
    root(call),
  );
  const payload: unknown = output.Payload ? JSON.parse(new TextDecoder().decode(output.Payload)) : null;
  if (output.FunctionError) {
    const message = isRecord(payload)
      ? `${String(payload.errorType)}: ${String(payload.errorMessage)}`
      : String(payload);
    throw new LocalDeployError(`its Create failed in ${onEvent}: ${message}`);
  }
  const response = isRecord(payload) ? payload : {};
  const physicalId =
    typeof response.PhysicalResourceId === 'string' ? response.PhysicalResourceId : event.RequestId;
  const data = isRecord(response.Data) ? response.Data : {};
  call.result.others[call.logicalId] = { type: call.resource.Type, physicalId };
  return {
    ref: physicalId,
    attributes: Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ),
  };
}
