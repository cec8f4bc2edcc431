import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseMskClusterArn } from '../../../common/src/arns.ts';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import { INGEST_DEFAULTS, ingestEnvironment } from '../../../lineage/src/ingest/config.ts';
import { ConstructPropsError } from '../errors.ts';
import { dataZoneDomainArn, mskArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { LINEAGE_HANDLER_ENTRIES } from '../private/lineage-handler-entries.ts';
import { acknowledgeFinding, resourceFinding } from '../private/nag.ts';
import { checkProp, DOMAIN_ID } from '../private/validate.ts';
import type { LineageIngestProps } from './lineage-ingest-props.ts';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** The alarms of the ingest endpoint. */
export interface LineageIngestAlarms {
  /** At least one failed invocation in 5 minutes. */
  readonly functionErrors: cloudwatch.IAlarm;
  /** At least one event in the dead-letter queue: DataZone did not take it; redrive it (docs/lineage.md). */
  readonly deadLetters: cloudwatch.IAlarm;
}

/**
 * The OpenLineage ingest endpoint: a function behind a Function URL with IAM auth that takes
 * OpenLineage's HTTP transport (`POST /api/v1/lineage`, `POST /api/v1/lineage/batch`), validates and
 * canonicalises the events and posts them to DataZone; events DataZone does not take go to an
 * encrypted SQS dead-letter queue, watched by an alarm.
 *
 * @example
 * const ingest = new LineageIngest(this, 'LineageIngest', { domainId, sources: syncSettings(config).sources });
 * ingest.grantInvokeUrl(flinkApplicationRole);
 */
export class LineageIngest extends Construct {
  /** The ingest function. */
  readonly fn: lambda.IFunction;
  /** Its Function URL (AuthType AWS_IAM): callers sign with SigV4 (service `lambda`). */
  readonly functionUrl: lambda.IFunctionUrl;
  /** Events DataZone did not take after retries (14 days' retention). */
  readonly deadLetterQueue: sqs.IQueue;
  /** Key of the dead-letter queue. */
  readonly key: kms.IKey;
  readonly alarms: LineageIngestAlarms;

  private readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: LineageIngestProps) {
    super(scope, id);
    checkProp(this, 'domainId', props.domainId, DOMAIN_ID);
    const readRoles = this.readRoles(props.sources);
    const sameAccount = props.sources.filter((s) => s.readRoleArn === undefined);

    const dlq = createDeadLetterQueue(this, {
      key: props.key ?? 'streamgov lineage ingest: dead-letter queue',
      eventBridge: false,
      receives: 'the ingest endpoint: events DataZone refused after retries',
    });
    this.key = dlq.key;
    this.deadLetterQueue = dlq.queue;

    const { fn, role } = createBundledFunction(this, 'Function', {
      handler: LINEAGE_HANDLER_ENTRIES.ingest,
      description: 'streamgov: OpenLineage ingest endpoint (validates, canonicalises, posts to DataZone)',
      // A full batch at DataZone's 20 PostLineageEvent/s with retries, plus reading the clusters.
      timeout: Duration.minutes(2),
      memorySize: 512,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: ingestEnvironment({
        ...INGEST_DEFAULTS,
        domainId: props.domainId,
        sources: props.sources,
        deadLetterQueueUrl: this.deadLetterQueue.queueUrl,
      }),
    });
    this.function = fn;
    this.fn = fn;
    this.functionUrl = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    this.grantIngestPermissions(role, props.domainId, readRoles, sameAccount);
    this.alarms = this.createAlarms(fn, props);
  }

  /**
   * Lets `grantee` call the Function URL: `lambda:InvokeFunctionUrl` (auth type AWS_IAM) and
   * `lambda:InvokeFunction` only when invoked through the URL. Callers sign with SigV4.
   */
  grantInvokeUrl(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvokeUrl(grantee);
  }

  private readRoles(sources: readonly CatalogSource[]): string[] {
    const roles = sources.flatMap((s, i) =>
      s.readRoleArn === undefined
        ? []
        : [checkProp(this, `sources[${i}].readRoleArn`, s.readRoleArn, ROLE_ARN)],
    );
    sources.forEach((s, i) => {
      if (s.clusterArn === undefined && s.clusterName === undefined) {
        throw new ConstructPropsError(this, `sources[${i}]`, s, 'needs a clusterName or a clusterArn');
      }
    });
    return [...new Set(roles)];
  }

  /** MSK clusters of same-account sources: by ARN, or `cluster/<name>/*` for a source named by cluster. */
  private clusterResources(sources: readonly CatalogSource[]): string[] {
    return [
      ...new Set(
        sources.map((s, i) => {
          if (s.clusterArn === undefined) return mskArn(this, 'cluster', `${s.clusterName ?? ''}/*`);
          try {
            parseMskClusterArn(s.clusterArn, `sources[${i}].clusterArn`);
          } catch (error) {
            throw new ConstructPropsError(
              this,
              `sources[${i}].clusterArn`,
              s.clusterArn,
              'must be an MSK cluster ARN',
              {
                cause: error,
              },
            );
          }
          return s.clusterArn;
        }),
      ),
    ];
  }

  private grantIngestPermissions(
    role: iam.Role,
    domainId: string,
    readRoles: readonly string[],
    sameAccount: readonly CatalogSource[],
  ): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataZonePostLineage',
        actions: ['datazone:PostLineageEvent'],
        resources: [dataZoneDomainArn(this, domainId)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterQueueSend',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    // SendMessage to an SSE-KMS queue: SQS asks KMS for a data key on the sender's behalf.
    this.key.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
    if (readRoles.length > 0) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeSourceReadRoles',
          actions: ['sts:AssumeRole'],
          resources: [...readRoles],
        }),
      );
    }
    const policy = role.node.findChild('DefaultPolicy');
    if (sameAccount.length === 0) return;
    const clusters = this.clusterResources(sameAccount);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'MskReadClusters',
        actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
        resources: clusters,
      }),
    );
    if (sameAccount.some((s) => s.clusterArn === undefined)) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'MskListClusters',
          actions: ['kafka:ListClustersV2'],
          // ListClustersV2 has no resource type: IAM only accepts '*' for it.
          resources: ['*'],
        }),
      );
      acknowledgeFinding(
        policy,
        'AwsSolutions-IAM5',
        'Resource::*',
        'kafka:ListClustersV2 has no resource-level permissions; IAM accepts only "*" for it (sources named by cluster name are found with it).',
      );
    }
    for (const arn of clusters.filter((c) => c.endsWith('*'))) {
      acknowledgeFinding(
        policy,
        'AwsSolutions-IAM5',
        resourceFinding(this, arn),
        'The clusters of a configured name (their UUID exists only after creation): the endpoint reads their bootstrap brokers.',
      );
    }
  }

  private createAlarms(fn: lambda.IFunction, props: LineageIngestProps): LineageIngestAlarms {
    const common = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    const functionErrors = new cloudwatch.Alarm(this, 'FunctionErrorsAlarm', {
      ...common,
      alarmDescription: 'streamgov lineage ingest: the function failed (see its logs); clients got a 5xx.',
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    });
    const deadLetters = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      ...common,
      alarmDescription:
        'streamgov lineage ingest: DataZone did not take lineage events; they are in the dead-letter queue (redrive: docs/lineage.md).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    });
    if (props.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(props.alarmTopic);
      functionErrors.addAlarmAction(action);
      deadLetters.addAlarmAction(action);
    }
    return { functionErrors, deadLetters };
  }
}
