/**
 * The grant workflow deployed on the local cloud from its synthesized constructs: GrantWorkflowCentral
 * in 111111111111 (the domain account), GrantWorkflowEnvironment in 222222222222 (producer, with the
 * cluster) and 333333333333 (consumer). Each state machine is registered in its account with the ASL
 * resolved from its DefinitionString; each function in its account, bound to the real handler logic
 * with the settings read from the function's synthesized environment; the EventBridge rule on the
 * domain account's bus with the synthesized pattern.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import type { ClientFactory } from '../../../common/src/clients.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import { DataZoneSubscriptions } from '../../../grant-workflow/src/adapters/datazone-subscriptions.ts';
import { loadCentralSettings } from '../../../grant-workflow/src/config.ts';
import { loadEnvironmentSettings } from '../../../grant-workflow/src/environment-config.ts';
import { type ApplyEvent, createApplyHandler } from '../../../grant-workflow/src/handlers/apply.ts';
import { createCollectMetadataHandler } from '../../../grant-workflow/src/handlers/collect-metadata.ts';
import {
  createReportStatusHandler,
  type ReportStatusEvent,
} from '../../../grant-workflow/src/handlers/report-status.ts';
import { createGrantPorts } from '../../../grant-workflow/src/handlers/wiring.ts';
import { GrantWorkflowCentral } from '../../../infra/lib/constructs/grant-workflow-central.ts';
import { GrantWorkflowEnvironment } from '../../../infra/lib/constructs/grant-workflow-environment.ts';
import {
  GRANT_WORKFLOW_NAMES,
  grantEnvironmentRegistration,
} from '../../../infra/lib/constructs/grant-workflow-props.ts';
import { localFunctionNames, stateMachineDefinitions } from '../../../local/src/deploy/asl.ts';
import { registerLocalFunction } from '../../../local/src/services/lambda/index.ts';
import { CONSUMER, type GrantWorld, PRODUCER, REGION } from './support.ts';

export const CENTRAL = '111111111111';

/** Hooks the tests use to delay or fail an account's apply function (timeouts, failed compensation). */
export interface ApplyHooks {
  /** Milliseconds the apply function of an account waits before it applies a request (never an undo). */
  delayMs: Record<string, number>;
  /** Runs before the apply function of an account applies; what it throws fails that invocation. */
  before: Record<string, (event: ApplyEvent) => void>;
}

/** What {@link deployGrantWorkflow} deployed. */
export interface DeployedWorkflow {
  readonly centralStateMachineArn: string;
  readonly ruleName: string;
  readonly hooks: ApplyHooks;
  readonly log: MemoryLog;
}

type Variables = Record<string, string>;

function functionVariables(stack: Stack, fn: lambda.IFunction): Variables {
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Properties: { Environment?: { Variables?: Variables } } }>;
  };
  const id = stack.getLogicalId(fn.node.defaultChild as CfnElement);
  return template.Resources[id]?.Properties.Environment?.Variables ?? {};
}

async function registerMachine(
  world: GrantWorld,
  stack: Stack,
  account: string,
  name: string,
  roleName: string,
): Promise<{ stateMachineArn: string; functions: Record<string, string> }> {
  const template = Template.fromStack(stack).toJSON();
  const context = { account, region: REGION };
  const names = localFunctionNames(template, context);
  const [machine] = stateMachineDefinitions(template, { ...context, ...names });
  const { stateMachineArn } = await world.local.cloud.call<{ stateMachineArn: string }>(
    'states',
    'RegisterStateMachine',
    {
      name,
      definition: machine?.definition,
      roleArn: `arn:aws:iam::${account}:role/${roleName}`,
      retryIntervalOverrides: { '*': 0 },
    },
    world.local.cloud.rootCaller(account, REGION),
  );
  return { stateMachineArn, functions: names.functions };
}

/**
 * Synthesizes the three constructs and deploys them on the local cloud.
 * @param environmentTimeout - the central workflow's wait for an environment workflow (short in tests).
 */
export async function deployGrantWorkflow(
  world: GrantWorld,
  environmentTimeout: Duration,
): Promise<DeployedWorkflow> {
  const app = new App();
  const stack = (account: string) => new Stack(app, `Grants${account}`, { env: { account, region: REGION } });
  const domainId = world.seeded.datazone?.domainId ?? '';
  const centralStack = stack(CENTRAL);
  const central = new GrantWorkflowCentral(centralStack, 'GrantWorkflow', {
    domainId,
    consumerGroups: 'per-environment',
    environmentTimeout,
  });
  const environments = new Map<string, { stack: Stack; construct: GrantWorkflowEnvironment }>();
  for (const account of [PRODUCER, CONSUMER]) {
    central.registerEnvironment(grantEnvironmentRegistration({ account, region: REGION }));
    const envStack = stack(account);
    const construct = new GrantWorkflowEnvironment(envStack, 'GrantWorkflow', {
      centralAccount: CENTRAL,
      ...(account === PRODUCER ? { clusterArns: [world.clusterArn] } : {}),
    });
    environments.set(account, { stack: envStack, construct });
  }

  const log = new MemoryLog();
  const hooks: ApplyHooks = { delayMs: {}, before: {} };
  const names = GRANT_WORKFLOW_NAMES;
  const centralDeployed = await registerMachine(
    world,
    centralStack,
    CENTRAL,
    names.centralStateMachine,
    names.centralRole,
  );
  const settings = loadCentralSettings(functionVariables(centralStack, central.collectFunction));
  const catalog = new DataZoneSubscriptions({
    client: world.local.clients().dataZone(),
    domainId: settings.domainId,
    definition: topicAssetType(settings.assetTypeNames),
    log,
  });
  const fnName = (deployed: { functions: Record<string, string> }, s: Stack, fn: lambda.IFunction) =>
    deployed.functions[s.getLogicalId(fn.node.defaultChild as CfnElement)] ?? '';
  await registerLocalFunction(
    world.local.cloud,
    CENTRAL,
    REGION,
    { FunctionName: fnName(centralDeployed, centralStack, central.collectFunction), Timeout: 60 },
    createCollectMetadataHandler({ settings, catalog, log }) as (event: unknown) => Promise<unknown>,
  );
  const report = createReportStatusHandler({
    settings,
    catalog,
    log,
    timeoutSeconds: settings.environmentTimeoutSeconds,
  });
  await registerLocalFunction(
    world.local.cloud,
    CENTRAL,
    REGION,
    { FunctionName: fnName(centralDeployed, centralStack, central.reportFunction), Timeout: 60 },
    (event) => report(event as ReportStatusEvent),
  );

  for (const [account, { stack: envStack, construct }] of environments) {
    const deployed = await registerMachine(
      world,
      envStack,
      account,
      names.environmentStateMachine,
      names.environmentRole,
    );
    const envSettings = loadEnvironmentSettings(functionVariables(envStack, construct.applyFunction));
    const factory: ClientFactory = account === PRODUCER ? world.producer : world.consumer;
    const apply = createApplyHandler({
      ports: createGrantPorts(factory, envSettings, log),
      settings: envSettings.grant,
      log,
      clock: systemClock,
      random: Math.random,
    });
    await registerLocalFunction(
      world.local.cloud,
      account,
      REGION,
      { FunctionName: fnName(deployed, envStack, construct.applyFunction), Timeout: 300 },
      async (event) => {
        const payload = event as ApplyEvent;
        const delay = payload.undo ? 0 : (hooks.delayMs[account] ?? 0);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        hooks.before[account]?.(payload);
        return apply(payload);
      },
    );
  }

  // The rule of the central construct, on the domain account's default bus.
  const [rule] = Object.values(
    Template.fromStack(centralStack).findResources('AWS::Events::Rule') as Record<
      string,
      { Properties: { EventPattern: unknown } }
    >,
  );
  const events = world.local.clients().eventBridge();
  const ruleName = 'streamgov-grant-events';
  await events.send(
    new PutRuleCommand({ Name: ruleName, EventPattern: JSON.stringify(rule?.Properties.EventPattern) }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: ruleName,
      Targets: [{ Id: 'central', Arn: centralDeployed.stateMachineArn }],
    }),
  );
  return { centralStateMachineArn: centralDeployed.stateMachineArn, ruleName, hooks, log };
}

/** A short environment timeout for the tests (grants take milliseconds locally). */
export const TEST_ENVIRONMENT_TIMEOUT = Duration.seconds(3);
