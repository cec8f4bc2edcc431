import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  FLINK_EVENT_SOURCE,
  FLINK_EVENT_SOURCE_HOST,
  LIFECYCLE_EVENT_NAMES,
} from '../../../lineage/src/flink/cloudtrail-event.ts';
import {
  applicationReadRoleArn,
  DEFAULT_APPLICATION_READ_ROLE_NAME,
  flinkLifecycleEnvironment,
  PROPERTY_GROUP_ID,
  ROLE_NAME,
} from '../../../lineage/src/flink/config.ts';
import { DEFAULT_LINEAGE_PROPERTY_GROUP_ID } from '../../../lineage/src/flink/convention.ts';
import { createAlarms, deadLettersMetric, SUM_5_MINUTES } from '../private/alarms.ts';
import { dataZoneDomainArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { LINEAGE_HANDLER_ENTRIES } from '../private/lineage-handler-entries.ts';
import { acknowledgeFinding, acknowledgeKeyGrant, resourceFinding } from '../private/nag.ts';
import { grantClusterReads } from '../private/source-reads.ts';
import { checkProp, DOMAIN_ID } from '../private/validate.ts';
import type {
  FlinkApplicationReadRoleProps,
  FlinkLineageEmitterProps,
} from './flink-lineage-emitter-props.ts';

/** What the emitter reads of an application. */
const APPLICATION_ACTIONS = [
  'kinesisanalytics:DescribeApplication',
  'kinesisanalytics:ListApplicationOperations',
] as const;
const ACCOUNT = /^\d{12}$/;

/** The alarms of the emitter. */
export interface FlinkLineageEmitterAlarms {
  /** At least one failed invocation in 5 minutes (a malformed event, a convention error, DataZone). */
  readonly functionErrors: cloudwatch.IAlarm;
  /** At least one event in the dead-letter queue (gave up after retries). */
  readonly deadLetters: cloudwatch.IAlarm;
}

function applicationsArn(scope: Construct, account?: string): string {
  return Stack.of(scope).formatArn({
    service: 'kinesisanalytics',
    resource: 'application',
    resourceName: '*',
    ...(account ? { account } : {}),
  });
}

/**
 * The Flink lifecycle emitter: an EventBridge rule on the CloudTrail records of Managed Service for
 * Apache Flink (CreateApplication, StartApplication, UpdateApplication, StopApplication) of the stack's
 * account and of `environmentAccounts` (forwarded to this default bus), invoking a function that
 * describes the application, reads its declared topics and posts START / RUNNING / COMPLETE / ABORT /
 * FAIL run events to DataZone. Events that fail after retries land in an encrypted dead-letter queue
 * (from the rule target and from the function's asynchronous invocation), watched by alarms.
 * The account needs a trail that records management events.
 *
 * @example
 * new FlinkLineageEmitter(this, 'FlinkLineage', {
 *   domainId: config.domainId,
 *   sources: syncSettings(config).sources,
 *   environmentAccounts: ['333333333333'],
 * });
 */
export class FlinkLineageEmitter extends Construct {
  /** The emitter function. */
  readonly fn: lambda.IFunction;
  /** The role of the function. */
  readonly role: iam.IRole;
  /** The rule that routes the lifecycle calls to the function. */
  readonly rule: events.IRule;
  /** Events the rule could not deliver and invocations that failed after Lambda's retries. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Function errors and dead letters; both notify `alarmTopic` when given. */
  readonly alarms: FlinkLineageEmitterAlarms;

  constructor(scope: Construct, id: string, props: FlinkLineageEmitterProps) {
    super(scope, id);
    checkProp(this, 'domainId', props.domainId, DOMAIN_ID);
    const propertyGroupId = checkProp(
      this,
      'propertyGroupId',
      props.propertyGroupId ?? DEFAULT_LINEAGE_PROPERTY_GROUP_ID,
      PROPERTY_GROUP_ID,
    );
    const roleName = checkProp(
      this,
      'applicationReadRoleName',
      props.applicationReadRoleName ?? DEFAULT_APPLICATION_READ_ROLE_NAME,
      ROLE_NAME,
    );
    const accounts = [...new Set(props.environmentAccounts ?? [])].map((account, i) =>
      checkProp(this, `environmentAccounts[${i}]`, account, ACCOUNT),
    );
    const sources = props.sources ?? [];
    const stack = Stack.of(this);

    this.deadLetterQueue = createDeadLetterQueue(this, {
      key: 'streamgov Flink lineage emitter: dead-letter queue',
      eventBridge: true,
      receives: 'the rule target and the function’s failed asynchronous invocations',
    }).queue;

    const { fn, role } = createBundledFunction(this, 'Function', {
      handler: LINEAGE_HANDLER_ENTRIES.flinkLifecycle,
      description: 'streamgov: reports Managed Service for Apache Flink application lifecycles as lineage',
      timeout: Duration.minutes(1),
      memorySize: 512,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: flinkLifecycleEnvironment({
        domainId: props.domainId,
        accountId: stack.account,
        sources,
        propertyGroupId,
        readKafkaGroups: props.readKafkaGroups ?? true,
        applicationReadRoleName: roleName,
      }),
      onFailure: new SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
    });
    this.fn = fn;
    this.role = role;
    acknowledgeKeyGrant(
      role.node.findChild('DefaultPolicy'),
      'the dead-letter queue key (failed asynchronous invocations are sent there).',
    );
    this.grantPermissions(role, props.domainId, accounts, roleName);
    grantClusterReads(this, role, sources);

    this.rule = new events.Rule(this, 'LifecycleRule', {
      description: 'streamgov: Managed Service for Apache Flink lifecycle calls to the lineage emitter',
      eventPattern: {
        source: [FLINK_EVENT_SOURCE],
        detailType: [CLOUDTRAIL_DETAIL_TYPE],
        account: [stack.account, ...accounts],
        detail: {
          eventSource: [FLINK_EVENT_SOURCE_HOST],
          eventName: [...LIFECYCLE_EVENT_NAMES],
          // Denied or invalid calls changed nothing.
          errorCode: [{ exists: false }],
        },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
    this.alarms = createAlarms(
      this,
      {
        functionErrors: {
          description:
            'streamgov Flink lineage: a lifecycle event failed (malformed event, property group convention, DataZone); see the logs.',
          metric: fn.metricErrors(SUM_5_MINUTES),
        },
        deadLetters: {
          description: 'streamgov Flink lineage: a lifecycle event gave up and is in the dead-letter queue.',
          metric: deadLettersMetric(this.deadLetterQueue),
        },
      },
      props.alarmTopic,
    );
  }

  private grantPermissions(
    role: iam.Role,
    domainId: string,
    accounts: readonly string[],
    roleName: string,
  ): void {
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataZoneLineage',
        actions: ['datazone:PostLineageEvent'],
        resources: [dataZoneDomainArn(this, domainId)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DescribeApplications',
        actions: [...APPLICATION_ACTIONS],
        resources: [applicationsArn(this)],
      }),
    );
    if (accounts.length > 0) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeApplicationReadRoles',
          actions: ['sts:AssumeRole'],
          resources: accounts.map((account) => applicationReadRoleArn(account, roleName, stack.partition)),
        }),
      );
    }
    acknowledgeFinding(
      role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5',
      resourceFinding(this, applicationsArn(this)),
      'Any Flink application of the account may report lineage (it opts in through its property groups); the emitter only describes applications and lists their operations.',
    );
  }
}

/**
 * The role in an application account (environment side) that the Flink lineage emitter assumes to
 * describe applications and list their operations — nothing else. Its name must equal the emitter's
 * `applicationReadRoleName`. The account must also forward its Managed Service for Apache Flink
 * CloudTrail events to the governance account's default bus (docs/lineage-flink.md).
 */
export class FlinkApplicationReadRole extends Construct {
  /** The role. */
  readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: FlinkApplicationReadRoleProps) {
    super(scope, id);
    const roleName = checkProp(
      this,
      'roleName',
      props.roleName ?? DEFAULT_APPLICATION_READ_ROLE_NAME,
      ROLE_NAME,
    );
    const role = new iam.Role(this, 'Role', {
      roleName,
      assumedBy: props.trustedPrincipal,
      description: 'streamgov Flink lineage emitter: describes Managed Service for Apache Flink applications',
      maxSessionDuration: Duration.hours(1),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DescribeApplications',
        actions: [...APPLICATION_ACTIONS],
        resources: [applicationsArn(this)],
      }),
    );
    acknowledgeFinding(
      role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5',
      resourceFinding(this, applicationsArn(this)),
      'Any Flink application of the account may report lineage (it opts in through its property groups); the role only describes applications and lists their operations.',
    );
    this.role = role;
  }
}
