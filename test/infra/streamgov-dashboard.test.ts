import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '../../common/src/metrics.ts';
import { GRANT_CENTRAL_METRICS, GRANT_RECONCILE_METRICS } from '../../grant-workflow/src/metrics.ts';
import {
  StreamgovDashboard,
  type StreamgovDashboardProps,
} from '../../infra/lib/constructs/streamgov-dashboard.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import { FLINK_LINEAGE_METRICS, INGEST_METRICS } from '../../lineage/src/metrics.ts';
import { testStack, unacknowledgedFindings } from './support.ts';

const ARN = 'arn:aws:lambda:eu-west-1:111111111111:function';

interface MetricRow {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat?: string;
  readonly label?: string;
}

/** Every metric of every graph of the dashboard body, with its widget title. */
function graphs(template: Template): Array<{ title: string; metrics: MetricRow[] }> {
  const resource = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
  const body = resource?.Properties?.DashboardBody as { 'Fn::Join': [string, unknown[]] } | string;
  // Tokens (function names, queue names) are joined in: replace them with a placeholder.
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  const parsed = JSON.parse(text) as {
    widgets: Array<{ properties: { title?: string; metrics?: unknown[][] } }>;
  };
  return parsed.widgets
    .filter((w) => w.properties.metrics)
    .map((w) => ({
      title: w.properties.title ?? '',
      metrics: (w.properties.metrics ?? []).map((row) => {
        const options = (typeof row.at(-1) === 'object' ? row.at(-1) : {}) as {
          stat?: string;
          label?: string;
        };
        const plain = row.filter((v): v is string => typeof v === 'string');
        const [namespace = '', name = '', ...pairs] = plain;
        const dimensions: Record<string, string> = {};
        for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i] ?? ''] = pairs[i + 1] ?? '';
        return { namespace, name, dimensions, ...options };
      }),
    }));
}

function build(overrides: Partial<StreamgovDashboardProps> = {}) {
  const { app, stack } = testStack({ env: true });
  const fn = (name: string) => lambda.Function.fromFunctionArn(stack, name, `${ARN}:${name}`);
  new StreamgovDashboard(stack, 'Dashboard', {
    syncFunction: fn('sync'),
    grantStateMachine: sfn.StateMachine.fromStateMachineArn(
      stack,
      'Grants',
      'arn:aws:states:eu-west-1:111111111111:stateMachine:grants',
    ),
    reconcileFunction: fn('reconcile'),
    lineageIngestFunction: fn('ingest'),
    flinkLineageFunction: fn('flink'),
    deadLetterQueues: [
      {
        label: 'grant events',
        resource: sqs.Queue.fromQueueArn(stack, 'Dlq', `arn:aws:sqs:eu-west-1:111111111111:dlq`),
      },
    ],
    ...overrides,
  });
  return { app, template: Template.fromStack(stack) };
}

function app(rows: readonly MetricRow[], service: string, name: string): MetricRow[] {
  return rows.filter(
    (r) => r.namespace === METRICS_NAMESPACE && r.name === name && r.dimensions.service === service,
  );
}

describe('StreamgovDashboard', () => {
  const shared = build();
  const all = graphs(shared.template);
  const rows = all.flatMap((g) => g.metrics);

  it('graphs lineage ingest events by outcome and requests by status class, not invocations', () => {
    // Prepare
    const { service, names, dimensions } = INGEST_METRICS;
    // Assess
    for (const name of [names.posted, names.ignored, names.invalid, names.deadLettered, names.failed]) {
      expect(app(rows, service, name)).toEqual([
        expect.objectContaining({ dimensions: { service }, stat: 'Sum' }),
      ]);
    }
    expect(app(rows, service, names.requests).map((r) => r.dimensions[dimensions.statusClass])).toEqual([
      '2xx',
      '4xx',
      '5xx',
    ]);
    const lineage = all.filter((g) => /lineage/i.test(g.title)).flatMap((g) => g.metrics);
    expect(lineage.some((r) => r.name === 'Invocations')).toBe(false);
    expect(lineage.filter((r) => r.namespace === 'AWS/Lambda').map((r) => r.name)).toEqual([
      'Errors',
      'Errors',
    ]);
  });

  it('graphs Flink lineage events by event type, ignored calls and convention errors', () => {
    // Prepare
    const { service, names, dimensions } = FLINK_LINEAGE_METRICS;
    // Assess
    expect(app(rows, service, names.emitted).map((r) => r.dimensions[dimensions.eventType])).toEqual([
      'START',
      'RUNNING',
      'COMPLETE',
      'ABORT',
      'FAIL',
      'OTHER',
    ]);
    expect(app(rows, service, names.ignored)).toHaveLength(1);
    expect(app(rows, service, names.conventionErrors)).toHaveLength(1);
  });

  it('graphs the grant statuses reported, skipped events and compensations by side', () => {
    // Prepare
    const { service, names, dimensions } = GRANT_CENTRAL_METRICS;
    // Assess
    expect(app(rows, service, names.reported).map((r) => r.dimensions[dimensions.status])).toEqual([
      'GRANTED',
      'REVOKED',
      'GRANT_FAILED',
      'REVOKE_FAILED',
    ]);
    expect(app(rows, service, names.skipped)).toHaveLength(1);
    for (const name of [names.compensated, names.compensationFailed]) {
      expect(app(rows, service, name).map((r) => r.dimensions[dimensions.side])).toEqual([
        'producer',
        'consumer',
      ]);
    }
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['ExecutionsSucceeded', 'ExecutionsFailed']),
    );
  });

  it('graphs reconcile drift by kind, repairs and what remains, hourly', () => {
    // Prepare
    const { service, names, dimensions } = GRANT_RECONCILE_METRICS;
    const widget = all.find((g) => g.title === 'Grant reconcile: drift');
    // Assess
    expect(app(rows, service, names.findings).map((r) => r.dimensions[dimensions.kind])).toEqual([
      'missing',
      'extra',
      'stale',
      'foreign',
    ]);
    for (const name of [names.repaired, names.repairsFailed, names.remaining]) {
      expect(app(rows, service, name)).toHaveLength(1);
    }
    expect(widget?.metrics.map((r) => r.name)).toContain('Errors');
  });

  it('leaves out the grant, reconcile and lineage rows when their resources are not given', () => {
    // Act
    const { template } = build({
      grantStateMachine: undefined,
      reconcileFunction: undefined,
      lineageIngestFunction: undefined,
      flinkLineageFunction: undefined,
    });
    // Assess
    expect(graphs(template).map((g) => g.title)).toEqual([
      'Catalog sync: runs and errors',
      'Catalog sync: duration',
      'Dead-letter queues: messages waiting',
    ]);
  });

  it('throws ConstructPropsError for a dashboard name CloudWatch does not take', () => {
    // Act + Assess
    expect(() => build({ dashboardName: 'stream gov' })).toThrow(ConstructPropsError);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    // Assess
    expect(unacknowledgedFindings(shared.app)).toEqual([]);
  });
});
