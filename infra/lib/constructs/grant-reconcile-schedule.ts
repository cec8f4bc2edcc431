import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { GRANT_RECONCILE_METRICS } from '../../../grant-workflow/src/metrics.ts';
import {
  type ReconcileSettings,
  reconcileEnvironment,
} from '../../../grant-workflow/src/reconcile-config.ts';
import { type GrantSettings, grantSettings } from '../../../grant-workflow/src/settings.ts';
import { ConstructPropsError } from '../errors.ts';
import { createAlarms, deadLettersMetric, streamgovMetric } from '../private/alarms.ts';
import { dataZoneDomainArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { GRANT_HANDLER_ENTRIES } from '../private/grant-handler-entries.ts';
import { acknowledgeKeyGrant } from '../private/nag.ts';
import { ASSET_TYPE_NAME, checkProp, DOMAIN_ID } from '../private/validate.ts';
import type { GrantReconcileScheduleProps } from './grant-reconcile-schedule-props.ts';
import { GRANT_WORKFLOW_NAMES, type GrantWorkflowNames } from './grant-workflow-props.ts';

/** DataZone reads of reconcile (the desired state: every grant of the domain, resolved). */
const DATAZONE_READS = [
  'datazone:ListSubscriptionGrants',
  'datazone:GetSubscriptionGrant',
  'datazone:GetListing',
  'datazone:GetEnvironment',
  'datazone:GetSubscriptionTarget',
] as const;

const ACCOUNT = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const LEDGER_PREFIX = /^(\/[a-zA-Z0-9_.-]+){1,12}$/;

/** The alarms of the scheduled reconcile. */
export interface GrantReconcileScheduleAlarms {
  /**
   * A run found drift (report-only) or left drift after its repairs, or a repair failed: the run's
   * `DriftRemaining` metric (GRANT_RECONCILE_METRICS) is above 0. Foreign statements alone do not count.
   */
  readonly drift: cloudwatch.IAlarm;
  /** A run failed: reconcile could not read DataZone, IAM, MSK or SSM (drift is not a failure). */
  readonly errors: cloudwatch.IAlarm;
  /** A run failed after its retries, or could not be delivered (in the dead-letter queue). */
  readonly deadLetters: cloudwatch.IAlarm;
}

/**
 * The scheduled reconcile, in the DataZone domain's account: an EventBridge schedule runs the reconcile
 * function, which compares the domain's subscription grants with the ledgers and the policies in force
 * in every environment account (assuming each account's reconcile role of GrantWorkflowEnvironment) and
 * reports drift — report-only by default; with `apply`, it repairs missing, extra and stale drift. Drift
 * that remains is published as the `DriftRemaining` metric, which the drift alarm watches (the run
 * itself succeeds); runs that fail land in a dead-letter queue after their retry, with an alarm.
 *
 * @example
 * new GrantReconcileSchedule(this, 'Reconcile', {
 *   domainId: 'dzd_abc123',
 *   environments: [grantReconcileEnvironment({ account: '333333333333', region: 'eu-west-1' })],
 * });
 */
export class GrantReconcileSchedule extends Construct {
  readonly function: lambda.IFunction;
  /** The function's role (named, so that the environments' reconcile roles can trust it). */
  readonly role: iam.Role;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.IQueue;
  readonly alarms: GrantReconcileScheduleAlarms;
  /** The settings the function runs with. */
  readonly settings: ReconcileSettings;
  readonly names: GrantWorkflowNames;

  constructor(scope: Construct, id: string, props: GrantReconcileScheduleProps) {
    super(scope, id);
    checkProp(this, 'domainId', props.domainId, DOMAIN_ID);
    const assetTypeNames = props.assetTypeNames ?? DEFAULT_NAMES;
    checkProp(this, 'assetTypeNames.assetType', assetTypeNames.assetType, ASSET_TYPE_NAME);
    const ledgerPrefix = props.ledgerPrefix ?? '/streamgov/grants';
    checkProp(this, 'ledgerPrefix', ledgerPrefix, LEDGER_PREFIX);
    if (props.environments.length === 0) {
      throw new ConstructPropsError(
        this,
        'environments',
        props.environments,
        'must name at least one account',
      );
    }
    props.environments.forEach((environment, i) => {
      const role = ROLE_ARN.exec(environment.reconcileRoleArn);
      if (!ACCOUNT.test(environment.account) || role?.[1] !== environment.account) {
        throw new ConstructPropsError(
          this,
          `environments[${i}]`,
          environment,
          'must have a 12-digit account and a reconcile role ARN of that account (grantReconcileEnvironment)',
        );
      }
    });
    let grant: GrantSettings;
    try {
      grant = grantSettings(props.grantSettings ?? {});
    } catch (error) {
      throw new ConstructPropsError(this, 'grantSettings', props.grantSettings, 'is invalid', {
        cause: error,
      });
    }
    this.names = { ...GRANT_WORKFLOW_NAMES, ...props.names };
    this.settings = {
      domainId: props.domainId,
      assetTypeNames,
      ledgerPrefix,
      environments: props.environments.map((e) => ({ ...e })),
      consumerGroups:
        (props.consumerGroups ?? 'per-environment') === 'all' ? 'all' : { prefixPerEnvironment: true },
      management: grant.management,
      managedVpcConnectivity: grant.managedVpcConnectivity,
      apply: props.apply ?? false,
    };

    this.deadLetterQueue = createDeadLetterQueue(this, {
      key: 'streamgov scheduled reconcile: dead-letter queue',
      eventBridge: true,
      receives: 'the scheduled reconcile: failed runs and undeliverable schedule events',
    }).queue;
    const built = createBundledFunction(this, 'Function', {
      handler: GRANT_HANDLER_ENTRIES.reconcile,
      description: this.settings.apply
        ? 'streamgov: scheduled reconcile of subscription grants (repairs drift)'
        : 'streamgov: scheduled reconcile of subscription grants (report-only)',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: reconcileEnvironment(this.settings),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      // One retry for transient failures; drift is no reason to run the whole comparison three times.
      retryAttempts: 1,
    });
    this.function = built.fn;
    this.role = built.role;
    acknowledgeKeyGrant(
      built.role.node.findChild('DefaultPolicy'),
      'the dead-letter queue key (failed asynchronous invocations are sent there).',
    );
    (built.role.node.defaultChild as iam.CfnRole).roleName = this.names.reconcileFunctionRole;
    built.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataZoneGrantReads',
        actions: [...DATAZONE_READS],
        resources: [dataZoneDomainArn(this, props.domainId)],
      }),
    );
    built.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeReconcileRoles',
        actions: ['sts:AssumeRole'],
        resources: this.settings.environments.map((e) => e.reconcileRoleArn),
      }),
    );

    this.rule = new events.Rule(this, 'ScheduleRule', {
      description: 'streamgov: scheduled reconcile of subscription grants',
      schedule: props.schedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [
        new targets.LambdaFunction(built.fn, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
    this.alarms = createAlarms(
      this,
      {
        drift: {
          description:
            'streamgov scheduled reconcile: grant drift was found (report-only), left after repairs, or a repair failed (metric DriftRemaining > 0; foreign statements do not count). The function log has the report; run `streamgov reconcile --config FILE --json` to see it and `--apply` to repair.',
          metric: streamgovMetric(GRANT_RECONCILE_METRICS.service, GRANT_RECONCILE_METRICS.names.remaining, {
            period: Duration.hours(1),
          }),
        },
        errors: {
          description:
            'streamgov scheduled reconcile: a run failed: reconcile could not read DataZone, IAM, MSK or SSM (see the function log). Drift does not fail a run; the drift alarm reports it.',
          metric: built.fn.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
        },
        deadLetters: {
          description:
            'streamgov scheduled reconcile: a run failed after its retries or could not be started (see the dead-letter queue).',
          metric: deadLettersMetric(this.deadLetterQueue),
        },
      },
      props.alarmTopic,
    );
  }
}
