/**
 * Test stacks for the grant workflow constructs: the central construct in 111111111111 and environment
 * constructs in 222222222222 / 333333333333. Tests swap the grant handler entries for the stub handler
 * with `vi.mock(..., stubGrantHandlerEntries)` (grant-workflow-stub.ts, which imports no construct: the
 * mock factory must not import the module it mocks).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GrantWorkflowCentral } from '../../infra/lib/constructs/grant-workflow-central.ts';
import { GrantWorkflowEnvironment } from '../../infra/lib/constructs/grant-workflow-environment.ts';
import {
  type GrantWorkflowCentralProps,
  type GrantWorkflowEnvironmentProps,
  grantEnvironmentRegistration,
} from '../../infra/lib/constructs/grant-workflow-props.ts';

export const CENTRAL_ACCOUNT = '111111111111';
export const PRODUCER_ACCOUNT = '222222222222';
export const CONSUMER_ACCOUNT = '333333333333';
export const REGION = 'eu-west-1';
export const CLUSTER_ARN = `arn:aws:kafka:${REGION}:${PRODUCER_ACCOUNT}:cluster/streaming-orders/abcd-1234`;

/** A stack in `account` (eu-west-1) of a fresh or given app. */
export function accountStack(account: string, app = new App(), id = `Stack${account}`): Stack {
  return new Stack(app, id, { env: { account, region: REGION } });
}

/** The central construct with the producer and consumer accounts registered. */
export function buildCentral(props: Partial<GrantWorkflowCentralProps> = {}, app = new App()) {
  const stack = accountStack(CENTRAL_ACCOUNT, app);
  const central = new GrantWorkflowCentral(stack, 'GrantWorkflow', {
    domainId: 'dzd_abc123',
    environments: [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT].map((account) =>
      grantEnvironmentRegistration({ account, region: REGION }),
    ),
    ...props,
  });
  return { app, stack, central, template: Template.fromStack(stack) };
}

/** An environment construct in `account`. */
export function buildEnvironment(
  account: string,
  props: Partial<GrantWorkflowEnvironmentProps> = {},
  app = new App(),
) {
  const stack = accountStack(account, app);
  const environment = new GrantWorkflowEnvironment(stack, 'GrantWorkflow', {
    centralAccount: CENTRAL_ACCOUNT,
    ...props,
  });
  return { app, stack, environment, template: Template.fromStack(stack) };
}

/** An ASL state as synthesized. */
export type State = Record<string, unknown> & { Type: string };

/** The definition of the template's only state machine, tokens replaced by a marker, parsed. */
export function definitionOf(template: Template): { StartAt: string; States: Record<string, State> } {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const body = machine?.Properties.DefinitionString;
  const parts = (typeof body === 'string' ? [body] : (body['Fn::Join'][1] as unknown[])) as unknown[];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(''));
}
