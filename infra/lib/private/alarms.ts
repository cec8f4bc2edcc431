import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricDimensions, SERVICE_DIMENSION } from '../../../common/src/metrics.ts';

/** What one alarm of {@link createAlarms} watches, and what it tells the person it wakes. */
export interface AlarmSpec {
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
}

/** Sum over 5 minutes: the period of error and execution counts (`fn.metricErrors(SUM_5_MINUTES)`). */
export const SUM_5_MINUTES = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM } as const;

/** Messages visible in a dead-letter queue: the 5-minute maximum. */
export function deadLettersMetric(queue: sqs.IQueue): cloudwatch.IMetric {
  return queue.metricApproximateNumberOfMessagesVisible({
    period: Duration.minutes(5),
    statistic: cloudwatch.Stats.MAXIMUM,
  });
}

/**
 * streamgov's alarms: each fires on at least one (threshold 1 in one period; missing data is not
 * breaching) and notifies `alarmTopic` when given. Children: `<Key>Alarm` per key (`deadLetters` →
 * `DeadLettersAlarm`), in the order of `specs`.
 */
export function createAlarms<K extends string>(
  scope: Construct,
  specs: Readonly<Record<K, AlarmSpec>>,
  alarmTopic?: sns.ITopic,
): Record<K, cloudwatch.Alarm> {
  const action = alarmTopic ? new cloudwatchActions.SnsAction(alarmTopic) : undefined;
  const alarms = {} as Record<K, cloudwatch.Alarm>;
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const alarm = new cloudwatch.Alarm(scope, `${key.charAt(0).toUpperCase()}${key.slice(1)}Alarm`, {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: spec.description,
      metric: spec.metric,
    });
    if (action) alarm.addAlarmAction(action);
    alarms[key] = alarm;
  }
  return alarms;
}

/**
 * A streamgov application metric (namespace METRICS_NAMESPACE) of one flow, summed per period (5
 * minutes unless given): the dimensions are exactly those the handler publishes (`service` and the
 * data point's own).
 */
export function streamgovMetric(
  service: string,
  metricName: string,
  options: {
    readonly dimensions?: MetricDimensions;
    readonly label?: string;
    readonly period?: Duration;
  } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: service, ...options.dimensions },
    period: options.period ?? Duration.minutes(5),
    statistic: cloudwatch.Stats.SUM,
    ...(options.label ? { label: options.label } : {}),
  });
}
