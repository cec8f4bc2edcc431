import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it, vi } from 'vitest';
import { CatalogSync } from '../../infra/lib/constructs/catalog-sync.ts';
import type { CatalogSyncProps } from '../../infra/lib/constructs/catalog-sync-props.ts';
import {
  PARTITIONED_SYNC_STATES,
  PARTITIONS_FAILED_ERROR,
  PartitionedCatalogSync,
} from '../../infra/lib/constructs/partitioned-catalog-sync.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import { catchError, testSettings, testStack } from './support.ts';

vi.mock('../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('./support.ts')).stubHandlerEntries(await importOriginal()),
);

type State = Record<string, unknown> & { Type: string };

function build(props: Partial<CatalogSyncProps> = {}) {
  const { stack } = testStack({ env: true });
  const construct = new CatalogSync(stack, 'CatalogSync', {
    settings: testSettings(),
    schedule: 'rate(6 hours)',
    partitions: 4,
    ...props,
  });
  return { stack, construct, template: Template.fromStack(stack) };
}

/** The state machine's definition with every token replaced by a marker, parsed. */
function definition(template: Template): { States: Record<string, State> } & Record<string, unknown> {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const join = machine?.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  return JSON.parse(join.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(''));
}

describe('PartitionedCatalogSync', () => {
  const shared = build({ partitionConcurrency: 2 });
  const asl = definition(shared.template);
  const s = PARTITIONED_SYNC_STATES;
  const map = asl.States[s.syncPartitions] as State & { ItemProcessor: { States: Record<string, State> } };
  const inner = map.ItemProcessor.States;

  it('is a STANDARD state machine with a timeout, X-Ray tracing and every event logged', () => {
    shared.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        Destinations: [
          { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
        ],
      },
    });
    expect(asl.TimeoutSeconds).toBe(2 * 30 * 60);
    shared.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lists the partitions, then maps over them maxConcurrency at a time', () => {
    expect(asl.StartAt).toBe(s.listPartitions);
    expect(asl.States[s.listPartitions]).toMatchObject({
      Type: 'Pass',
      Result: { partitions: [0, 1, 2, 3] },
      Next: s.syncPartitions,
    });
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.partitions',
      ItemSelector: { 'index.$': '$$.Map.Item.Value' },
      MaxConcurrency: 2,
      ResultPath: '$.results',
      Next: s.collectFailures,
    });
  });

  it('invokes the function with its partition, retrying throttling, catching every error', () => {
    const task = inner[s.syncPartition] as State & {
      Parameters: { Payload: unknown };
      Retry: { ErrorEquals: string[] }[];
      Catch: unknown[];
    };
    expect(task).toMatchObject({
      Type: 'Task',
      Resource: 'arn:TOKEN:states:::lambda:invoke',
      Parameters: { FunctionName: 'TOKEN', Payload: { partition: { 'index.$': '$.index', count: 4 } } },
      ResultPath: '$.summary',
      Next: s.partitionSucceeded,
    });
    expect(task.Retry.flatMap((r) => r.ErrorEquals)).toEqual(
      expect.arrayContaining([
        'Lambda.TooManyRequestsException',
        'TransientAwsError',
        'Lambda.ServiceException',
      ]),
    );
    expect(task.Retry.flatMap((r) => r.ErrorEquals)).not.toContain('PartialSyncError');
    expect(task.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: s.partitionFailed },
    ]);
    expect(inner[s.partitionFailed]).toMatchObject({ Type: 'Pass', End: true, Parameters: { failed: true } });
    expect(inner[s.partitionSucceeded]).toMatchObject({
      Type: 'Pass',
      End: true,
      Parameters: { failed: false },
    });
  });

  it('fails the execution with PartialSyncError when any partition failed, after all ran', () => {
    expect(asl.States[s.collectFailures]).toMatchObject({
      Type: 'Pass',
      Parameters: { 'anyFailed.$': 'States.ArrayContains($.results.flags, true)' },
      Next: s.anyPartitionFailed,
    });
    expect(asl.States[s.anyPartitionFailed]).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.anyFailed', BooleanEquals: true, Next: s.partitionsFailed }],
      Default: s.done,
    });
    expect(asl.States[s.partitionsFailed]).toMatchObject({
      Type: 'Fail',
      Error: PARTITIONS_FAILED_ERROR,
      CausePath: '$.cause',
    });
    expect(asl.States[s.done]).toEqual({ Type: 'Succeed' });
  });

  it('points the schedule at the state machine, the schema change rule still at the function', () => {
    const machineId = shared.stack.getLogicalId(
      shared.construct.partitioned?.stateMachine.node.defaultChild as never,
    );
    const functionId = shared.stack.getLogicalId(shared.construct.function.node.defaultChild as never);
    shared.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(6 hours)',
      Targets: [
        Match.objectLike({
          Arn: { Ref: machineId },
          Input: '{}',
          RoleArn: Match.anyValue(),
          RetryPolicy: Match.anyValue(),
        }),
      ],
    });
    shared.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.glue'] }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } })],
    });
  });

  it('alarms on failed and timed-out executions, notifying the alarm topic', () => {
    // Prepare
    const { stack } = testStack({ env: true });
    const alarmTopic = new sns.Topic(stack, 'Alarms');

    // Act
    const construct = new CatalogSync(stack, 'CatalogSync', {
      settings: testSettings(),
      schedule: 'rate(6 hours)',
      partitions: 3,
      alarmTopic,
    });

    // Assess
    const template = Template.fromStack(stack);
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Threshold: 1,
        AlarmActions: [{ Ref: stack.getLogicalId(alarmTopic.node.defaultChild as never) }],
      });
    }
    expect(construct.alarms.executionsFailed).toBeDefined();
    expect(construct.alarms.executionsTimedOut).toBeDefined();
  });

  it('creates no state machine with the default of one partition', () => {
    // Act
    const { construct, template } = build({ partitions: undefined });

    // Assess
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    expect(construct.partitioned).toBeUndefined();
    expect(construct.alarms.executionsFailed).toBeUndefined();
  });

  it.each([
    [{ partitions: 0 }, 'partitions'],
    [{ partitions: 65 }, 'partitions'],
    [{ partitions: 2.5 }, 'partitions'],
    [{ partitions: 1, partitionConcurrency: 2 }, 'partitionConcurrency'],
    [{ partitions: 4, partitionConcurrency: 5 }, 'maxConcurrency'],
    [{ partitions: 4, partitionConcurrency: 0 }, 'maxConcurrency'],
  ])('throws ConstructPropsError naming the prop for %j', (props, prop) => {
    // Act
    const error = catchError(() => build(props));

    // Assess
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect((error as ConstructPropsError).prop).toBe(prop);
  });

  it('can be used on its own with any function', () => {
    // Prepare
    const { stack } = testStack({ env: true });
    const sync = new CatalogSync(stack, 'CatalogSync', {
      settings: testSettings(),
      schedule: 'rate(1 hour)',
    });

    // Act
    const partitioned = new PartitionedCatalogSync(stack, 'Partitioned', {
      function: sync.function,
      partitions: 64,
    });

    // Assess
    expect(partitioned.partitions).toBe(64);
    const asl = definition(Template.fromStack(stack));
    expect(
      (asl.States[s.listPartitions] as State & { Result: { partitions: number[] } }).Result.partitions,
    ).toHaveLength(64);
    expect((asl.States[s.syncPartitions] as State).MaxConcurrency).toBe(1);
    expect(asl.TimeoutSeconds).toBe(64 * 30 * 60);
  });
});
