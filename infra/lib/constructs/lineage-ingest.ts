import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import { INGEST_DEFAULTS, ingestEnvironment } from '../../../lineage/src/ingest/config.ts';
import { createAlarms, deadLettersMetric, SUM_5_MINUTES } from '../private/alarms.ts';
import { dataZoneDomainArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { LINEAGE_HANDLER_ENTRIES } from '../private/lineage-handler-entries.ts';
import { grantClusterReads } from '../private/source-reads.ts';
import { checkProp, DOMAIN_ID } from '../private/validate.ts';
import type { LineageIngestProps } from './lineage-ingest-props.ts';

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
    this.grantIngestPermissions(role, props.domainId, props.sources);
    this.alarms = createAlarms(
      this,
      {
        functionErrors: {
          description: 'streamgov lineage ingest: the function failed (see its logs); clients got a 5xx.',
          metric: fn.metricErrors(SUM_5_MINUTES),
        },
        deadLetters: {
          description:
            'streamgov lineage ingest: DataZone did not take lineage events; they are in the dead-letter queue (redrive: docs/lineage.md).',
          metric: deadLettersMetric(this.deadLetterQueue),
        },
      },
      props.alarmTopic,
    );
  }

  /**
   * Lets `grantee` call the Function URL: `lambda:InvokeFunctionUrl` (auth type AWS_IAM) and
   * `lambda:InvokeFunction` only when invoked through the URL. Callers sign with SigV4.
   */
  grantInvokeUrl(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvokeUrl(grantee);
  }

  private grantIngestPermissions(role: iam.Role, domainId: string, sources: readonly CatalogSource[]): void {
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
    grantClusterReads(this, role, sources);
  }
}
