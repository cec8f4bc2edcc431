import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { GRANT_CENTRAL_METRICS, GRANT_RECONCILE_METRICS } from '../../../grant-workflow/src/metrics.ts';
import { FLINK_LINEAGE_METRICS, INGEST_METRICS } from '../../../lineage/src/metrics.ts';
import { ConstructPropsError } from '../errors.ts';
import { streamgovMetric } from '../private/alarms.ts';

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
  /**
   * The central grant state machine: executions succeeded, failed and timed out, and the grant
   * statuses reported (GRANT_CENTRAL_METRICS).
   * @default - no grant row
   */
  readonly grantStateMachine?: sfn.IStateMachine;
  /**
   * The scheduled reconcile function: drift found by kind, repaired and remaining
   * (GRANT_RECONCILE_METRICS), and its errors.
   * @default - no reconcile widget
   */
  readonly reconcileFunction?: lambda.IFunction;
  /** The lineage ingest function: events by outcome and requests by status class (INGEST_METRICS). @default - no ingest widgets */
  readonly lineageIngestFunction?: lambda.IFunction;
  /** The Flink lifecycle emitter: events emitted by type, ignored calls, convention errors (FLINK_LINEAGE_METRICS). @default - no Flink widget */
  readonly flinkLineageFunction?: lambda.IFunction;
  /** Every dead-letter queue of the stack: messages waiting. */
  readonly deadLetterQueues: readonly Labelled<sqs.IQueue>[];
  /** Alarms shown with their state at the top. @default - no alarm widget */
  readonly alarms?: readonly cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(5);
/** The scheduled reconcile runs once a day by default: hourly sums keep its points visible. */
const RECONCILE_PERIOD = Duration.hours(1);
const WIDTH = 12;

/**
 * The operator's CloudWatch dashboard of the governance account: alarm states, catalog sync runs, errors
 * and duration, grant executions and the statuses they reported, reconcile drift, dead-letter queue
 * depths, lineage events posted by the ingest endpoint and by the Flink emitter. The application
 * metrics are the handlers' own (namespace `streamgov`, names from each flow's metrics module).
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
    const grants: cloudwatch.IWidget[] = [];
    if (props.grantStateMachine) grants.push(...grantWidgets());
    if (props.reconcileFunction) grants.push(reconcileWidget(props.reconcileFunction));
    if (grants.length > 0) this.dashboard.addWidgets(...grants);
    const lineage: cloudwatch.IWidget[] = [];
    if (props.lineageIngestFunction) lineage.push(...ingestWidgets(props.lineageIngestFunction));
    if (props.flinkLineageFunction) lineage.push(flinkWidget(props.flinkLineageFunction));
    if (lineage.length > 0) this.dashboard.addWidgets(...lineage);
  }
}

const SUM = { period: PERIOD, statistic: cloudwatch.Stats.SUM } as const;

function grantWidgets(): cloudwatch.IWidget[] {
  const { service, names, dimensions, statuses, sides } = GRANT_CENTRAL_METRICS;
  return [
    new cloudwatch.GraphWidget({
      title: 'Grants: statuses reported to DataZone',
      left: statuses.map((status) =>
        streamgovMetric(service, names.reported, {
          dimensions: { [dimensions.status]: status },
          label: status,
        }),
      ),
      width: WIDTH,
    }),
    new cloudwatch.GraphWidget({
      title: 'Grants: out-of-date events skipped and compensations',
      left: [
        streamgovMetric(service, names.skipped, { label: 'events skipped (out of order)' }),
        ...sides.flatMap((side) => [
          streamgovMetric(service, names.compensated, {
            dimensions: { [dimensions.side]: side },
            label: `${side} side taken back`,
          }),
          streamgovMetric(service, names.compensationFailed, {
            dimensions: { [dimensions.side]: side },
            label: `${side} side compensation failed`,
          }),
        ]),
      ],
      width: WIDTH,
    }),
  ];
}

function reconcileWidget(fn: lambda.IFunction): cloudwatch.IWidget {
  const { service, names, dimensions, kinds } = GRANT_RECONCILE_METRICS;
  const period = RECONCILE_PERIOD;
  return new cloudwatch.GraphWidget({
    title: 'Grant reconcile: drift',
    left: [
      ...kinds.map((kind) =>
        streamgovMetric(service, names.findings, {
          dimensions: { [dimensions.kind]: kind },
          label: kind,
          period,
        }),
      ),
      streamgovMetric(service, names.repaired, { label: 'repaired', period }),
      streamgovMetric(service, names.repairsFailed, { label: 'repairs failed', period }),
      streamgovMetric(service, names.remaining, { label: 'remaining (drift alarm)', period }),
      fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM, label: 'run errors' }),
    ],
    width: 2 * WIDTH,
  });
}

function ingestWidgets(fn: lambda.IFunction): cloudwatch.IWidget[] {
  const { service, names, dimensions, statusClasses } = INGEST_METRICS;
  return [
    new cloudwatch.GraphWidget({
      title: 'Lineage ingest: events',
      left: [
        streamgovMetric(service, names.posted, { label: 'posted' }),
        streamgovMetric(service, names.ignored, { label: 'ignored (dataset/job events)' }),
        streamgovMetric(service, names.invalid, { label: 'invalid' }),
        streamgovMetric(service, names.deadLettered, { label: 'dead-lettered' }),
        streamgovMetric(service, names.failed, { label: 'failed (answered 503)' }),
      ],
      width: WIDTH,
    }),
    new cloudwatch.GraphWidget({
      title: 'Lineage ingest: requests',
      left: [
        ...statusClasses.map((statusClass) =>
          streamgovMetric(service, names.requests, {
            dimensions: { [dimensions.statusClass]: statusClass },
            label: statusClass,
          }),
        ),
        fn.metricErrors({ ...SUM, label: 'function errors' }),
      ],
      width: WIDTH,
    }),
  ];
}

function flinkWidget(fn: lambda.IFunction): cloudwatch.IWidget {
  const { service, names, dimensions, eventTypes } = FLINK_LINEAGE_METRICS;
  return new cloudwatch.GraphWidget({
    title: 'Flink lineage: events emitted',
    left: eventTypes.map((eventType) =>
      streamgovMetric(service, names.emitted, {
        dimensions: { [dimensions.eventType]: eventType },
        label: eventType,
      }),
    ),
    right: [
      streamgovMetric(service, names.ignored, { label: 'lifecycle calls ignored' }),
      streamgovMetric(service, names.conventionErrors, { label: 'convention errors' }),
      fn.metricErrors({ ...SUM, label: 'function errors' }),
    ],
    width: 2 * WIDTH,
  });
}
