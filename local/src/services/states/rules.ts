import { any, bool, list, map, num, required, str, struct } from '../../cloud/validate.ts';

/** Input constraints from the Step Functions model (API version 2016-11-23). */
const arn = () => str({ min: 1, max: 256 });
const pageToken = (max: number) => str({ min: 1, max });
const maxResults = () => num({ min: 0, max: 1000 });
const includedData = () => str({ enum: ['ALL_DATA', 'METADATA_ONLY'] });
const taskToken = () => required(str({ min: 1, max: 2048 }));
const executionStatus = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

/** Step Functions' page size when maxResults is absent or 0. */
export const DEFAULT_PAGE_SIZE = 100;

/** The page size of a List or GetExecutionHistory request. */
export function pageSize(maxResults: number | undefined): number {
  return maxResults && maxResults > 0 ? maxResults : DEFAULT_PAGE_SIZE;
}

export const RULES = {
  CreateStateMachine: {
    name: required(str({ min: 1, max: 80 })),
    definition: required(str({ min: 1, max: 1_048_576 })),
    roleArn: required(arn()),
    type: str({ enum: ['STANDARD', 'EXPRESS'] }),
    loggingConfiguration: struct({
      level: str({ enum: ['ALL', 'ERROR', 'FATAL', 'OFF'] }),
      includeExecutionData: bool(),
      destinations: list(any()),
    }),
    tags: list(struct({ key: str({ min: 1, max: 128 }), value: str({ min: 0, max: 256 }) })),
    tracingConfiguration: struct({ enabled: bool() }),
    publish: bool(),
    versionDescription: str({ max: 256 }),
    encryptionConfiguration: any(),
  },
  DescribeStateMachine: { stateMachineArn: required(arn()), includedData: includedData() },
  ListStateMachines: { maxResults: maxResults(), nextToken: pageToken(1024) },
  DeleteStateMachine: { stateMachineArn: required(arn()) },
  StartExecution: {
    stateMachineArn: required(arn()),
    name: str({ min: 1, max: 80 }),
    input: str({ max: 262_144 }),
    traceHeader: str({ min: 0, max: 256, pattern: /^\p{ASCII}*$/u }),
  },
  DescribeExecution: { executionArn: required(arn()), includedData: includedData() },
  ListExecutions: {
    stateMachineArn: arn(),
    statusFilter: str({ enum: executionStatus }),
    maxResults: maxResults(),
    nextToken: pageToken(3096),
    mapRunArn: str({ min: 1, max: 2000 }),
    redriveFilter: str({ enum: ['REDRIVEN', 'NOT_REDRIVEN'] }),
  },
  StopExecution: {
    executionArn: required(arn()),
    error: str({ min: 0, max: 256 }),
    cause: str({ min: 0, max: 32_768 }),
  },
  GetExecutionHistory: {
    executionArn: required(arn()),
    maxResults: maxResults(),
    reverseOrder: bool(),
    nextToken: pageToken(1024),
    includeExecutionData: bool(),
  },
  SendTaskSuccess: { taskToken: taskToken(), output: required(str({ max: 262_144 })) },
  SendTaskFailure: {
    taskToken: taskToken(),
    error: str({ min: 0, max: 256 }),
    cause: str({ min: 0, max: 32_768 }),
  },
  SendTaskHeartbeat: { taskToken: taskToken() },
  RegisterStateMachine: {
    name: required(str({ min: 1, max: 80 })),
    definition: required(any()),
    roleArn: required(arn()),
    account: str({ pattern: /^\d{12}$/u }),
    type: str({ enum: ['STANDARD', 'EXPRESS'] }),
    retryIntervalOverrides: map(),
  },
} as const;
