import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  ListExecutionsInput,
  ListExecutionsOutput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { AwsError } from '../../../cloud/errors.ts';
import { paginate } from '../../../cloud/pagination.ts';
import type { CallContext } from '../../../cloud/types.ts';
import { validated } from '../../../cloud/validate.ts';
import { checkName, executionArn, parseExecutionArn, parseStateMachineArn } from '../arns.ts';
import {
  executionAlreadyExists,
  executionDoesNotExist,
  invalidExecutionInput,
  invalidToken,
  jsonProblem,
  stateMachineDeleting,
  stateMachineTypeNotSupported,
  validationException,
} from '../errors.ts';
import { appendEvent, toHistoryEvent } from '../history.ts';
import { pageSize, RULES } from '../rules.ts';
import { closeExecution, type RunnerOptions, reconcileExecution, startRun } from '../runner.ts';
import { statesRuntime } from '../runtime.ts';
import type { ExecutionRecord, StatesState } from '../state.ts';
import { findStateMachine } from './state-machines.ts';

type Ctx = CallContext<StatesState>;

function findExecution(ctx: Ctx, arn: string): ExecutionRecord {
  parseExecutionArn(arn);
  const record = reconcileExecution(ctx.cloud, ctx.state, arn);
  if (!record) throw executionDoesNotExist(arn);
  return record;
}

/** StartExecution: idempotent by name and input while a STANDARD execution runs; the run is asynchronous. */
export function startExecution(options: RunnerOptions) {
  return validated(RULES.StartExecution, (input: StartExecutionInput, ctx: Ctx): StartExecutionOutput => {
    const { state, cloud } = ctx;
    const machine = findStateMachine(state, input.stateMachineArn as string);
    if (machine.status === 'DELETING') throw stateMachineDeleting(machine.arn);
    const name = input.name ?? cloud.newId();
    checkName(name);
    const text = input.input ?? '{}';
    const problem = jsonProblem(text);
    if (problem !== undefined) throw invalidExecutionInput(problem);
    const express = machine.type === 'EXPRESS';
    const arn = executionArn(parseStateMachineArn(machine.arn), name, express ? cloud.newId() : undefined);
    const existing = reconcileExecution(cloud, state, arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === text) {
        return { executionArn: existing.arn, startDate: new Date(existing.startDate) };
      }
      throw executionAlreadyExists(arn);
    }
    const startDate = cloud.now().getTime();
    const execution: ExecutionRecord = {
      arn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input: text,
      startDate,
      ...(input.traceHeader !== undefined ? { traceHeader: input.traceHeader } : {}),
      events: [],
    };
    appendEvent(execution, startDate, 'ExecutionStarted', 'executionStartedEventDetails', {
      input: text,
      inputDetails: { truncated: false },
      roleArn: machine.roleArn,
    });
    state.executions[arn] = execution;
    startRun({ cloud, machine, execution, options });
    return { executionArn: arn, startDate: new Date(startDate) };
  });
}

export const describeExecution = validated(
  RULES.DescribeExecution,
  (input: DescribeExecutionInput, ctx: Ctx): DescribeExecutionOutput => {
    const record = findExecution(ctx, input.executionArn as string);
    const data = input.includedData !== 'METADATA_ONLY';
    return {
      executionArn: record.arn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      ...(record.stopDate !== undefined ? { stopDate: new Date(record.stopDate) } : {}),
      ...(data ? { input: record.input } : {}),
      inputDetails: { included: data } as DescribeExecutionOutput['inputDetails'],
      ...(record.output !== undefined && data ? { output: record.output } : {}),
      ...(record.status === 'SUCCEEDED'
        ? { outputDetails: { included: data } as DescribeExecutionOutput['outputDetails'] }
        : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      ...(record.traceHeader !== undefined ? { traceHeader: record.traceHeader } : {}),
    };
  },
);

export const listExecutions = validated(
  RULES.ListExecutions,
  (input: ListExecutionsInput, ctx: Ctx): ListExecutionsOutput => {
    if (input.mapRunArn !== undefined) {
      throw new AwsError('ResourceNotFound', `Resource not found: '${input.mapRunArn}'`);
    }
    if (input.stateMachineArn === undefined)
      throw validationException('Must provide a StateMachine ARN or MapRun ARN');
    const machine = findStateMachine(ctx.state, input.stateMachineArn);
    if (machine.type === 'EXPRESS') throw stateMachineTypeNotSupported(machine.arn);
    // No execution is ever redriven locally.
    const redrivenOnly = input.redriveFilter === 'REDRIVEN';
    const executions = Object.values(ctx.state.executions)
      .filter((e) => e.stateMachineArn === machine.arn && !redrivenOnly)
      .map((e) => reconcileExecution(ctx.cloud, ctx.state, e.arn) ?? e)
      .filter((e) => input.statusFilter === undefined || e.status === input.statusFilter)
      .sort((a, b) => b.startDate - a.startDate || b.arn.localeCompare(a.arn));
    const scope = `ListExecutions|${machine.arn}|${input.statusFilter ?? ''}|${input.redriveFilter ?? ''}`;
    const page = paginate({
      items: executions,
      resume: 'after-item',
      key: (e) => e.arn,
      limit: pageSize(input.maxResults),
      token: input.nextToken,
      scope,
      invalidToken,
    });
    return {
      executions: page.items.map(
        (e): ExecutionListItem => ({
          executionArn: e.arn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: new Date(e.startDate),
          ...(e.stopDate !== undefined ? { stopDate: new Date(e.stopDate) } : {}),
        }),
      ),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  },
);

/** StopExecution: the execution ends ABORTED at once; its waiting tasks' tokens are closed. */
export const stopExecution = validated(
  RULES.StopExecution,
  (input: StopExecutionInput, ctx: Ctx): StopExecutionOutput => {
    const arn = input.executionArn as string;
    const record = findExecution(ctx, arn);
    if (record.status === 'RUNNING') {
      const running = statesRuntime(ctx.cloud).running.get(arn);
      const { account, region } = parseExecutionArn(arn);
      closeExecution(
        ctx.cloud,
        { cloud: ctx.cloud, account, region, executionArn: arn },
        {
          status: 'ABORTED',
          ...(input.error !== undefined ? { error: input.error } : {}),
          ...(input.cause !== undefined ? { cause: input.cause } : {}),
        },
      );
      running?.abort();
    }
    return { stopDate: new Date(record.stopDate ?? ctx.cloud.now().getTime()) };
  },
);

const DATA_FIELDS = new Set(['input', 'output', 'parameters']);

export const getExecutionHistory = validated(
  RULES.GetExecutionHistory,
  (input: GetExecutionHistoryInput, ctx: Ctx): GetExecutionHistoryOutput => {
    const record = findExecution(ctx, input.executionArn as string);
    const events = input.reverseOrder ? [...record.events].reverse() : record.events;
    const scope = `GetExecutionHistory|${record.arn}|${input.reverseOrder ? 'reverse' : 'forward'}`;
    const page = paginate({
      items: events,
      resume: 'after-item',
      key: (e) => String(e.id),
      limit: pageSize(input.maxResults),
      token: input.nextToken,
      scope,
      invalidToken,
    });
    const withData = input.includeExecutionData !== false;
    return {
      events: page.items.map((event) => {
        if (withData || !event.details) return toHistoryEvent(event);
        const details = Object.fromEntries(
          Object.entries(event.details).filter(([k]) => !DATA_FIELDS.has(k)),
        );
        return toHistoryEvent({ ...event, details });
      }),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  },
);
