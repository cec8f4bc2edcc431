import type { ExecutionStatus, HistoryEventType, StateMachineType } from '@aws-sdk/client-sfn';

/** Per-state retry waits (milliseconds) that replace the ASL intervals; key `*` applies to every retrier. */
export type RetryIntervalOverrides = Readonly<Record<string, number | readonly number[]>>;

/** A state machine as stored (plain JSON). */
export interface StateMachineRecord {
  readonly arn: string;
  readonly name: string;
  /** The definition exactly as given (DescribeStateMachine returns it unchanged). */
  definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  status: 'ACTIVE' | 'DELETING';
  /** Epoch milliseconds. */
  readonly creationDate: number;
  readonly retryIntervalOverrides?: RetryIntervalOverrides;
  readonly loggingConfiguration?: Record<string, unknown>;
  readonly tracingConfiguration?: Record<string, unknown>;
}

/** One history event; `details` goes to the SDK member named by `detailsKey`. */
export interface HistoryEventRecord {
  readonly id: number;
  readonly previousEventId: number;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly type: HistoryEventType;
  readonly detailsKey?: string;
  readonly details?: Record<string, unknown>;
}

/** An execution as stored (plain JSON). Running runtime objects live in the runtime, not here. */
export interface ExecutionRecord {
  readonly arn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: ExecutionStatus;
  readonly input: string;
  output?: string;
  error?: string;
  cause?: string;
  readonly startDate: number;
  stopDate?: number;
  readonly traceHeader?: string;
  readonly events: HistoryEventRecord[];
}

/** A task token handed to a `.waitForTaskToken` task. Tokens are single-use: `open` until closed. */
export interface TaskTokenRecord {
  readonly executionArn: string;
  readonly stateName: string;
  status: 'open' | 'closed';
}

/** Step Functions state of one account and region. */
export interface StatesState {
  readonly stateMachines: Record<string, StateMachineRecord>;
  readonly executions: Record<string, ExecutionRecord>;
  readonly taskTokens: Record<string, TaskTokenRecord>;
}

export function initialStatesState(): StatesState {
  return { stateMachines: {}, executions: {}, taskTokens: {} };
}
