import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DeleteStateMachineInput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  StateMachineType,
} from '@aws-sdk/client-sfn';
import { paginate } from '../../../cloud/pagination.ts';
import type { CallContext } from '../../../cloud/types.ts';
import { validated } from '../../../cloud/validate.ts';
import { checkName, parseStateMachineArn, roleAccount, stateMachineArn } from '../arns.ts';
import { compileDefinition } from '../definition.ts';
import {
  invalidArn,
  invalidToken,
  stateMachineAlreadyExists,
  stateMachineDeleting,
  stateMachineDoesNotExist,
  validationException,
} from '../errors.ts';
import { pageSize, RULES } from '../rules.ts';
import { closeExecution } from '../runner.ts';
import { statesRuntime } from '../runtime.ts';
import type { RetryIntervalOverrides, StateMachineRecord, StatesState } from '../state.ts';

type Ctx = CallContext<StatesState>;

/** The state machine an ARN names in the caller's account and region, or `StateMachineDoesNotExist`. */
export function findStateMachine(state: StatesState, arn: string): StateMachineRecord {
  parseStateMachineArn(arn);
  const machine = state.stateMachines[arn];
  if (!machine) throw stateMachineDoesNotExist(arn);
  return machine;
}

function checkRoleArn(roleArn: string): void {
  if (!roleAccount(roleArn)) throw invalidArn(roleArn);
}

export const createStateMachine = validated(
  RULES.CreateStateMachine,
  (input: CreateStateMachineInput, { state, caller, cloud }: Ctx): CreateStateMachineOutput => {
    const name = input.name as string;
    const definition = input.definition as string;
    const roleArn = input.roleArn as string;
    checkName(name);
    checkRoleArn(roleArn);
    if (input.publish)
      throw validationException(
        'Publishing state machine versions is not supported by the streamgov local cloud',
      );
    compileDefinition(definition);
    const type: StateMachineType = input.type ?? 'STANDARD';
    const arn = stateMachineArn(caller, name);
    const existing = state.stateMachines[arn];
    if (existing) {
      if (existing.status === 'DELETING') throw stateMachineDeleting(arn);
      // CreateStateMachine is idempotent on name, definition and type; roleArn and tags are not compared.
      if (existing.definition !== definition || existing.type !== type) throw stateMachineAlreadyExists(arn);
      return { stateMachineArn: arn, creationDate: new Date(existing.creationDate) };
    }
    const creationDate = cloud.now().getTime();
    state.stateMachines[arn] = {
      arn,
      name,
      definition,
      roleArn,
      type,
      status: 'ACTIVE',
      creationDate,
      ...(input.loggingConfiguration ? { loggingConfiguration: { ...input.loggingConfiguration } } : {}),
      ...(input.tracingConfiguration ? { tracingConfiguration: { ...input.tracingConfiguration } } : {}),
    };
    return { stateMachineArn: arn, creationDate: new Date(creationDate) };
  },
);

/** Input of the in-process `RegisterStateMachine` operation (the local deployment's way in). */
export interface RegisterStateMachineInput {
  readonly name: string;
  /** ASL as a JSON string or as an object. */
  readonly definition: string | object;
  readonly roleArn: string;
  /** Account that owns the state machine; the caller's account if omitted. */
  readonly account?: string;
  readonly type?: StateMachineType;
  /** Retry waits in ms per state name (`*` = all), see `RunnerOptions.retryIntervalOverrides`. */
  readonly retryIntervalOverrides?: RetryIntervalOverrides;
}

/**
 * Creates or replaces a state machine (internal, in-process only). Unlike CreateStateMachine it
 * accepts an object definition, another account, and retry overrides, and re-registering a name
 * replaces its definition (a redeployment).
 */
export const registerStateMachine = validated(
  RULES.RegisterStateMachine,
  (input: RegisterStateMachineInput, { state, caller, cloud }: Ctx): CreateStateMachineOutput => {
    checkName(input.name);
    checkRoleArn(input.roleArn);
    const definition =
      typeof input.definition === 'string' ? input.definition : JSON.stringify(input.definition);
    compileDefinition(definition);
    const owner = input.account ?? caller.account;
    const target =
      owner === caller.account ? state : cloud.stateOf<StatesState>('states', owner, caller.region);
    const arn = stateMachineArn({ ...caller, account: owner }, input.name);
    const creationDate = target.stateMachines[arn]?.creationDate ?? cloud.now().getTime();
    target.stateMachines[arn] = {
      arn,
      name: input.name,
      definition,
      roleArn: input.roleArn,
      type: input.type ?? 'STANDARD',
      status: 'ACTIVE',
      creationDate,
      ...(input.retryIntervalOverrides ? { retryIntervalOverrides: input.retryIntervalOverrides } : {}),
    };
    return { stateMachineArn: arn, creationDate: new Date(creationDate) };
  },
);

export const describeStateMachine = validated(
  RULES.DescribeStateMachine,
  (input: DescribeStateMachineInput, { state }: Ctx): DescribeStateMachineOutput => {
    const machine = findStateMachine(state, input.stateMachineArn as string);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: machine.status,
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: new Date(machine.creationDate),
      loggingConfiguration: machine.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: machine.tracingConfiguration ?? { enabled: false },
    };
  },
);

export const listStateMachines = validated(
  RULES.ListStateMachines,
  (input: ListStateMachinesInput, { state }: Ctx): ListStateMachinesOutput => {
    const machines = Object.values(state.stateMachines).sort(
      (a, b) => a.creationDate - b.creationDate || a.arn.localeCompare(b.arn),
    );
    const page = paginate({
      items: machines,
      resume: 'after-item',
      key: (m) => m.arn,
      limit: pageSize(input.maxResults),
      token: input.nextToken,
      scope: 'ListStateMachines',
      invalidToken,
    });
    return {
      stateMachines: page.items.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: new Date(m.creationDate),
      })),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  },
);

/**
 * Deletes a state machine. Its running executions are stopped (ABORTED) first, as Step Functions
 * terminates them; deleting a state machine that does not exist succeeds.
 */
export const deleteStateMachine = validated(
  RULES.DeleteStateMachine,
  (input: DeleteStateMachineInput, { state, cloud }: Ctx): Record<string, never> => {
    const arn = input.stateMachineArn as string;
    const parsed = parseStateMachineArn(arn);
    const machine = state.stateMachines[arn];
    if (!machine) return {};
    machine.status = 'DELETING';
    const runtime = statesRuntime(cloud);
    for (const execution of Object.values(state.executions)) {
      if (execution.stateMachineArn !== arn || execution.status !== 'RUNNING') continue;
      const running = runtime.running.get(execution.arn);
      closeExecution(
        cloud,
        { cloud, account: parsed.account, region: parsed.region, executionArn: execution.arn },
        { status: 'ABORTED', cause: 'The state machine was deleted' },
      );
      running?.abort();
    }
    delete state.stateMachines[arn];
    return {};
  },
);
