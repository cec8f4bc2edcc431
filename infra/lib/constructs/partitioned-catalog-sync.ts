import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MAX_PARTITIONS } from '../../../datasource-lambda/src/partition.ts';
import { ConstructPropsError } from '../errors.ts';
import { createAlarms, SUM_5_MINUTES } from '../private/alarms.ts';
import { acknowledgeFinding, resourceFinding } from '../private/nag.ts';
import type { PartitionedCatalogSyncProps } from './partitioned-catalog-sync-props.ts';

/** State names of the partitioned sync state machine (frozen: executions and alarms refer to them). */
export const PARTITIONED_SYNC_STATES = {
  listPartitions: 'ListPartitions',
  syncPartitions: 'SyncPartitions',
  syncPartition: 'SyncPartition',
  partitionSucceeded: 'PartitionSucceeded',
  partitionFailed: 'PartitionFailed',
  collectFailures: 'CollectFailures',
  anyPartitionFailed: 'AnyPartitionFailed',
  partitionsFailed: 'PartitionsFailed',
  done: 'Done',
} as const;

/**
 * The error a failed execution ends with: some partitions failed, the others were applied. Its cause is
 * a JSON array with one line per partition (`partition 1 failed: PartialSyncError`).
 */
export const PARTITIONS_FAILED_ERROR = 'PartialSyncError';

/**
 * Errors of the sync function worth another invocation of the partition: Lambda throttling (the
 * account's concurrency) and the function's own TransientAwsError (throttling or 5xx that outlasted the
 * run's retries, e.g. while reading the index). PartialSyncError is not retried: the run applied what it
 * could, and the next execution converges.
 */
const RETRIED_ERRORS = ['Lambda.TooManyRequestsException', 'TransientAwsError'] as const;

/** The counts each partition's result keeps (the whole run summary can exceed the 256 KB state limit). */
const SUMMARY_COUNTS = ['created', 'updated', 'unchanged', 'deleted', 'adopted'] as const;

/** The alarms of the partitioned sync. */
export interface PartitionedCatalogSyncAlarms {
  /** At least one failed execution (a partition failed, or the execution itself). */
  readonly executionsFailed: cloudwatch.IAlarm;
  /** At least one execution that ran longer than its timeout. */
  readonly executionsTimedOut: cloudwatch.IAlarm;
}

/**
 * A catalog sync split across invocations, for registries too large for one Lambda run: a STANDARD
 * state machine runs the sync function once per partition (`{"partition": {"index": i, "count": n}}`),
 * `maxConcurrency` at a time, retrying throttled invocations; a failed partition does not stop the
 * others, but the execution then fails (PartialSyncError, with the failed partitions as cause) so that
 * its alarm fires. Every event is logged to a log group of its own, with X-Ray tracing.
 *
 * CatalogSync creates one (child `PartitionedSync`) when its `partitions` prop is above 1 and points its
 * schedule at it; use this construct directly to start partitioned runs from an orchestration of your own.
 *
 * @example
 * const sync = new CatalogSync(this, 'CatalogSync', { settings, schedule: 'rate(6 hours)', partitions: 8 });
 * sync.partitioned?.stateMachine.grantStartExecution(operatorRole);
 */
export class PartitionedCatalogSync extends Construct {
  /** The state machine; its input is ignored (`{}` will do). */
  readonly stateMachine: sfn.StateMachine;
  /** The state machine's log group (all events). */
  readonly logGroup: logs.ILogGroup;
  /** Failed and timed-out executions; both notify `alarmTopic` when given. */
  readonly alarms: PartitionedCatalogSyncAlarms;
  /** How many partitions an execution runs. */
  readonly partitions: number;

  constructor(scope: Construct, id: string, props: PartitionedCatalogSyncProps) {
    super(scope, id);
    this.partitions = checkInteger(this, 'partitions', props.partitions, 2, MAX_PARTITIONS);
    const maxConcurrency = checkInteger(
      this,
      'maxConcurrency',
      props.maxConcurrency ?? 1,
      1,
      this.partitions,
    );
    const s = PARTITIONED_SYNC_STATES;

    const list = new sfn.Pass(this, s.listPartitions, {
      comment: 'The partition indexes 0 .. partitions-1',
      result: sfn.Result.fromObject({ partitions: Array.from({ length: this.partitions }, (_, i) => i) }),
    });
    const invoke = new tasks.LambdaInvoke(this, s.syncPartition, {
      comment: 'One sync run of one partition',
      lambdaFunction: props.function,
      payload: sfn.TaskInput.fromObject({
        partition: { index: sfn.JsonPath.numberAt('$.index'), count: this.partitions },
      }),
      resultSelector: Object.fromEntries(
        SUMMARY_COUNTS.map((k) => [k, sfn.JsonPath.numberAt(`$.Payload.${k}`)]),
      ),
      resultPath: '$.summary',
    });
    invoke.addRetry({
      errors: [...RETRIED_ERRORS],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 4,
      jitterStrategy: sfn.JitterType.FULL,
    });
    const succeeded = new sfn.Pass(this, s.partitionSucceeded, {
      parameters: {
        index: sfn.JsonPath.numberAt('$.index'),
        failed: false,
        outcome: sfn.JsonPath.format('partition {} succeeded', sfn.JsonPath.stringAt('$.index')),
        summary: sfn.JsonPath.objectAt('$.summary'),
      },
    });
    const failed = new sfn.Pass(this, s.partitionFailed, {
      comment: 'Recorded, not thrown: the other partitions still run',
      parameters: {
        index: sfn.JsonPath.numberAt('$.index'),
        failed: true,
        outcome: sfn.JsonPath.format(
          'partition {} failed: {}',
          sfn.JsonPath.stringAt('$.index'),
          sfn.JsonPath.stringAt('$.error.Error'),
        ),
        error: sfn.JsonPath.stringAt('$.error.Error'),
        cause: sfn.JsonPath.stringAt('$.error.Cause'),
      },
    });
    invoke.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    const map = new sfn.Map(this, s.syncPartitions, {
      comment: 'Every partition, maxConcurrency at a time',
      itemsPath: '$.partitions',
      itemSelector: { index: sfn.JsonPath.numberAt('$$.Map.Item.Value') },
      maxConcurrency,
      // Every iteration's result, and its flags and one-line outcomes on their own for the check below.
      resultSelector: {
        partitions: sfn.JsonPath.listAt('$'),
        flags: sfn.JsonPath.listAt('$[*].failed'),
        outcomes: sfn.JsonPath.listAt('$[*].outcome'),
      },
      resultPath: '$.results',
    });
    map.itemProcessor(invoke.next(succeeded));

    // No JSONPath filter expression: Step Functions answers an empty match with [], the local runner
    // with an error; States.ArrayContains over the flags means the same on both.
    const collect = new sfn.Pass(this, s.collectFailures, {
      parameters: {
        // CDK's JsonPath.arrayContains takes no boolean literal.
        'anyFailed.$': 'States.ArrayContains($.results.flags, true)',
        partitions: sfn.JsonPath.listAt('$.results.partitions'),
        // The Fail state's cause: one line per partition (each partition's error and cause are in the
        // execution history). Rendered here because the local runner evaluates no intrinsic in CausePath,
        // and from plain lines because its JsonToString does not escape quotes inside nested strings.
        cause: sfn.JsonPath.jsonToString(sfn.JsonPath.listAt('$.results.outcomes')),
      },
    });
    const fail = new sfn.Fail(this, s.partitionsFailed, {
      comment: 'Some partitions failed; the others were applied',
      error: PARTITIONS_FAILED_ERROR,
      causePath: '$.cause',
    });
    const choice = new sfn.Choice(this, s.anyPartitionFailed)
      .when(sfn.Condition.booleanEquals('$.anyFailed', true), fail)
      .otherwise(new sfn.Succeed(this, s.done));

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    const rounds = Math.ceil(this.partitions / maxConcurrency);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `streamgov: catalog sync in ${this.partitions} partitions`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(list.next(map).next(collect).next(choice)),
      timeout: props.timeout ?? Duration.minutes(30 * rounds),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.acknowledgeFindings(props);
    this.alarms = this.createAlarms(props);
  }

  private acknowledgeFindings(props: PartitionedCatalogSyncProps): void {
    const policy = this.stateMachine.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const findings: Array<[string, string]> = [
      [
        'Resource::*',
        'X-Ray tracing (xray:PutTraceSegments and co.) and CloudWatch Logs delivery (logs:CreateLogDelivery and co.) support no resource-level permissions; CDK grants them on "*" for tracing and logging.',
      ],
      [
        resourceFinding(this, `${props.function.functionArn}:*`),
        'LambdaInvoke grants the sync function and its versions/aliases (":*"); the state machine invokes only this one function.',
      ],
    ];
    for (const [finding, reason] of findings)
      acknowledgeFinding(policy, 'AwsSolutions-IAM5', finding, reason);
  }

  private createAlarms(props: PartitionedCatalogSyncProps): PartitionedCatalogSyncAlarms {
    return createAlarms(
      this,
      {
        executionsFailed: {
          description:
            'streamgov partitioned catalog sync: an execution failed; its cause lists the failed partitions (see the execution history and the function logs).',
          metric: this.stateMachine.metricFailed(SUM_5_MINUTES),
        },
        executionsTimedOut: {
          description:
            'streamgov partitioned catalog sync: an execution ran longer than its timeout; raise the timeout, maxConcurrency or the schedule period.',
          metric: this.stateMachine.metricTimedOut(SUM_5_MINUTES),
        },
      },
      props.alarmTopic,
    );
  }
}

function checkInteger(scope: Construct, prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConstructPropsError(scope, prop, value, `must be an integer from ${min} to ${max}`);
  }
  return value;
}
