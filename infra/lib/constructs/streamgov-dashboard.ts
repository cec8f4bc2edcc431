import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors.ts';

/** Something shown on the dashboard under a label a person reads. */
export interface Labelled<T> {
  readonly label: string;
  readonly resource: T;
}

/** Props of {@link StreamgovDashboard}. */
export interface StreamgovDashboardProps {
  /** @default 'streamgov' */
  readonly dashboardName?: string;
  /** The catalog sync function: runs, errors and duration. */
  readonly syncFunction: lambda.IFunction;
  /** The central grant state machine: executions succeeded, failed and timed out. @default - no grant row */
  readonly grantStateMachine?: sfn.IStateMachine;
  /** Lineage functions (ingest, Flink lifecycle emitter): events handled and errors. @default - no lineage row */
  readonly lineageFunctions?: readonly Labelled<lambda.IFunction>[];
  /** Every dead-letter queue of the stack: messages waiting. */
  readonly deadLetterQueues: readonly Labelled<sqs.IQueue>[];
  /** Alarms shown with their state at the top. @default - no alarm widget */
  readonly alarms?: readonly cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(5);
const WIDTH = 12;

/**
 * The operator's CloudWatch dashboard of the governance account: alarm states, catalog sync runs, errors
 * and duration, grant executions, dead-letter queue depths and lineage events.
 *
 * @example
 * new StreamgovDashboard(this, 'Dashboard', { syncFunction: sync.function, deadLetterQueues: [] });
 */
export class StreamgovDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: StreamgovDashboardProps) {
    super(scope, id);
    const name = props.dashboardName ?? 'streamgov';
    if (!/^[\w-]{1,255}$/.test(name)) {
      throw new ConstructPropsError(this, 'dashboardName', name, 'must match ^[\\w-]{1,255}$');
    }
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: name,
      defaultInterval: Duration.days(1),
    });
    if (props.alarms && props.alarms.length > 0) {
      this.dashboard.addWidgets(
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 2 * WIDTH }),
      );
    }
    const fn = props.syncFunction;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Catalog sync: runs and errors',
        left: [fn.metricInvocations({ ...sum, label: 'runs' }), fn.metricErrors({ ...sum, label: 'errors' })],
        width: WIDTH,
      }),
      new cloudwatch.GraphWidget({
        title: 'Catalog sync: duration',
        left: [
          fn.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.AVERAGE, label: 'average' }),
          fn.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM, label: 'maximum' }),
        ],
        width: WIDTH,
      }),
    );
    const row: cloudwatch.IWidget[] = [];
    if (props.grantStateMachine) {
      const machine = props.grantStateMachine;
      row.push(
        new cloudwatch.GraphWidget({
          title: 'Grant executions',
          left: [
            machine.metricSucceeded({ ...sum, label: 'succeeded' }),
            machine.metricFailed({ ...sum, label: 'failed' }),
            machine.metricTimedOut({ ...sum, label: 'timed out' }),
          ],
          width: WIDTH,
        }),
      );
    }
    row.push(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues: messages waiting',
        left: props.deadLetterQueues.map(({ label, resource }) =>
          resource.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: cloudwatch.Stats.MAXIMUM,
            label,
          }),
        ),
        width: WIDTH,
      }),
    );
    this.dashboard.addWidgets(...row);
    if (props.lineageFunctions && props.lineageFunctions.length > 0) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Lineage: events handled and errors',
          left: props.lineageFunctions.flatMap(({ label, resource }) => [
            resource.metricInvocations({ ...sum, label: `${label} events` }),
            resource.metricErrors({ ...sum, label: `${label} errors` }),
          ]),
          width: 2 * WIDTH,
        }),
      );
    }
  }
}
