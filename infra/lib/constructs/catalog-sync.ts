import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { GLUE_NAME } from '../../../common/src/arns.ts';
import { SYNC_ENV, type SyncSettings, syncEnvironment } from '../../../datasource-lambda/src/config.ts';
import {
  DEFAULT_REGISTRY_NAME,
  GLUE_SCHEMA_EVENT_NAMES,
} from '../../../datasource-lambda/src/glue-events.ts';
import { MAX_PARTITIONS } from '../../../datasource-lambda/src/partition.ts';
import { ConstructPropsError } from '../errors.ts';
import { createAlarms, deadLettersMetric, SUM_5_MINUTES } from '../private/alarms.ts';
import { dataZoneDomainArn, glueRegistryArn, glueSchemaArn, ssmParameterArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { HANDLER_ENTRIES } from '../private/handler-entries.ts';
import { acknowledgeFinding, acknowledgeKeyGrant, resourceFinding } from '../private/nag.ts';
import {
  catalogMskResources,
  clusterAndTopicsArns,
  grantCatalogReads,
  parseClusterArnProp,
} from '../private/source-reads.ts';
import { checkProp, DOMAIN_ID, PROJECT_ID } from '../private/validate.ts';
import type { CatalogSyncProps } from './catalog-sync-props.ts';
import { PartitionedCatalogSync } from './partitioned-catalog-sync.ts';

/** MSK and Glue actions of the sync (and of the catalog read roles in other accounts). */
export { GLUE_ACTIONS, MSK_ACTIONS } from '../private/source-reads.ts';

const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;
const INDEX_PREFIX = /^\/[a-zA-Z0-9_.\-/]*[a-zA-Z0-9_.-]$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/;

/** DataZone actions of the sync's catalog adapter. */
const DATAZONE_ACTIONS = [
  'datazone:GetAssetType',
  'datazone:GetFormType',
  'datazone:CreateAsset',
  'datazone:CreateAssetRevision',
  'datazone:DeleteAsset',
  'datazone:GetAsset',
  'datazone:Search',
  'datazone:CreateListingChangeSet',
] as const;

const SSM_ACTIONS = [
  'ssm:GetParametersByPath',
  'ssm:GetParameter',
  'ssm:PutParameter',
  'ssm:DeleteParameter',
] as const;

/** The rules that start the sync function. */
export interface CatalogSyncRules {
  /** The periodic full sync. */
  readonly schedule: events.IRule;
  /** Glue Schema Registry changes in the configured registries (CloudTrail management events). */
  readonly schemaChanges: events.IRule;
}

/** The alarms of the sync. */
export interface CatalogSyncAlarms {
  /** At least one failed invocation in 5 minutes (a failed or partial run). */
  readonly functionErrors: cloudwatch.IAlarm;
  /** At least one message in the dead-letter queue (a run or an event that gave up). */
  readonly deadLetters: cloudwatch.IAlarm;
  /** With `partitions` above 1: at least one failed execution of the partitioned sync. */
  readonly executionsFailed?: cloudwatch.IAlarm;
  /** With `partitions` above 1: at least one execution of the partitioned sync that timed out. */
  readonly executionsTimedOut?: cloudwatch.IAlarm;
}

/**
 * The catalog sync: a function that keeps DataZone topic assets in step with MSK topics and Glue Schema
 * Registry schemas, started on a schedule and by schema changes (CloudTrail through EventBridge; the
 * account needs a trail that records management events), with a dead-letter queue for runs and events
 * that failed and alarms on both.
 *
 * @example
 * const config = await loadStreamgovConfig('streamgov.json');
 * new CatalogSync(this, 'CatalogSync', {
 *   settings: syncSettings(config),
 *   schedule: config.catalog.schedule,
 *   alarmTopic,
 * });
 */
export class CatalogSync extends Construct {
  /** The sync function. */
  readonly function: lambda.IFunction;
  /** Failed asynchronous runs (after Lambda's retries) and events EventBridge could not deliver. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Key of the asset index parameters and of the dead-letter queue. */
  readonly indexKey: kms.IKey;
  /** Function errors and dead letters; both notify `alarmTopic` when given. */
  readonly alarms: CatalogSyncAlarms;
  /** The schedule (targeting the function, or the partitioned state machine) and the schema change rule. */
  readonly rules: CatalogSyncRules;
  /** The partitioned sync the schedule starts, when `partitions` is above 1. */
  readonly partitioned?: PartitionedCatalogSync;
  /** The Glue registries of the sources, each once. */
  readonly registryNames: readonly string[];

  constructor(scope: Construct, id: string, props: CatalogSyncProps) {
    super(scope, id);
    const { settings } = props;
    checkProp(this, 'settings.domainId', settings.domainId, DOMAIN_ID);
    checkProp(this, 'settings.owningProjectId', settings.owningProjectId, PROJECT_ID);
    checkProp(this, 'settings.indexPrefix', settings.indexPrefix, INDEX_PREFIX);
    checkProp(this, 'schedule', props.schedule, SCHEDULE);
    if (settings.sources.length === 0) {
      throw new ConstructPropsError(this, 'settings.sources', [], 'must name at least one source');
    }
    this.registryNames = [
      ...new Set(
        settings.sources.map((s, i) =>
          checkProp(this, `settings.sources[${i}].registryName`, s.registryName, GLUE_NAME),
        ),
      ),
    ];
    const mskResources = this.mskResources(settings, props.clusterArns);
    const partitions = props.partitions ?? 1;
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new ConstructPropsError(
        this,
        'partitions',
        partitions,
        `must be an integer from 1 to ${MAX_PARTITIONS}`,
      );
    }
    if (partitions === 1 && props.partitionConcurrency !== undefined && props.partitionConcurrency !== 1) {
      throw new ConstructPropsError(
        this,
        'partitionConcurrency',
        props.partitionConcurrency,
        'needs partitions above 1 (there is nothing to run in parallel)',
      );
    }

    this.indexKey = this.resolveIndexKey(props);
    this.deadLetterQueue = createDeadLetterQueue(this, {
      key: this.indexKey,
      eventBridge: true,
      receives: 'both rule targets and the function’s failed asynchronous invocations',
    }).queue;

    const { fn, role } = createBundledFunction(this, 'Function', {
      handler: HANDLER_ENTRIES.catalogSync,
      description: 'streamgov: keeps DataZone topic assets in step with MSK topics and Glue schemas',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: {
        ...syncEnvironment(settings),
        [SYNC_ENV.indexKmsKeyId]: this.indexKey.keyArn,
      },
      onFailure: new SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
    });
    this.function = fn;
    this.grantSyncPermissions(role, settings, mskResources);

    const target = new targets.LambdaFunction(fn, {
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
    });
    if (partitions > 1) {
      this.partitioned = new PartitionedCatalogSync(this, 'PartitionedSync', {
        function: fn,
        partitions,
        ...(props.partitionConcurrency === undefined ? {} : { maxConcurrency: props.partitionConcurrency }),
        ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
        ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
      });
    }
    const scheduleTarget = this.partitioned
      ? new targets.SfnStateMachine(this.partitioned.stateMachine, {
          input: events.RuleTargetInput.fromObject({}),
          retryAttempts: 2,
          deadLetterQueue: this.deadLetterQueue,
        })
      : target;
    this.rules = {
      schedule: new events.Rule(this, 'ScheduleRule', {
        description: this.partitioned
          ? `streamgov: periodic full catalog sync in ${partitions} partitions (Step Functions)`
          : 'streamgov: periodic full catalog sync',
        schedule: events.Schedule.expression(props.schedule),
        targets: [scheduleTarget],
      }),
      schemaChanges: new events.Rule(this, 'SchemaChangeRule', {
        description: 'streamgov: catalog sync of Glue Schema Registry changes in the configured registries',
        eventPattern: this.schemaChangePattern(),
        targets: [target],
      }),
    };

    this.alarms = {
      ...createAlarms(
        this,
        {
          functionErrors: {
            description:
              'streamgov catalog sync: a run failed or synced only part of the catalog (see its logs).',
            metric: fn.metricErrors(SUM_5_MINUTES),
          },
          deadLetters: {
            description:
              'streamgov catalog sync: a run or a schema change event gave up and is in the dead-letter queue.',
            metric: deadLettersMetric(this.deadLetterQueue),
          },
        },
        props.alarmTopic,
      ),
      ...(this.partitioned ? this.partitioned.alarms : {}),
    };
  }

  private resolveIndexKey(props: CatalogSyncProps): kms.IKey {
    if (props.indexKey) return props.indexKey;
    const configured = props.settings.indexKmsKeyId;
    if (configured !== undefined) {
      if (!KEY_ARN.test(configured)) {
        throw new ConstructPropsError(
          this,
          'settings.indexKmsKeyId',
          configured,
          'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) so the function can be granted the key; or pass the key as indexKey',
        );
      }
      return kms.Key.fromKeyArn(this, 'IndexKey', configured);
    }
    return new kms.Key(this, 'IndexKey', {
      description: 'streamgov catalog sync: asset index parameters and dead-letter queue',
      enableKeyRotation: true,
    });
  }

  /**
   * Cluster and topic ARNs the function may read: the given cluster ARNs, or the sources' ARNs, or
   * `cluster/<name>/*` for sources that name their cluster (its UUID is only known once it exists).
   */
  private mskResources(settings: SyncSettings, clusterArns: readonly string[] | undefined): string[] {
    if (clusterArns) {
      const clusters = clusterArns.map((arn, i) => ({
        arn,
        cluster: parseClusterArnProp(this, `clusterArns[${i}]`, arn),
      }));
      settings.sources.forEach((source, i) => {
        const covered = source.clusterArn
          ? clusters.some((c) => c.arn === source.clusterArn)
          : clusters.some((c) => c.cluster.clusterName === source.clusterName);
        if (!covered) {
          throw new ConstructPropsError(
            this,
            `settings.sources[${i}]`,
            source.clusterArn ?? source.clusterName,
            'is not among clusterArns; add its cluster ARN to clusterArns or leave clusterArns out',
          );
        }
      });
      return unique(clusters.flatMap((c) => clusterAndTopicsArns(c.cluster, c.arn)));
    }
    return catalogMskResources(this, settings.sources, 'settings.sources');
  }

  private grantSyncPermissions(role: iam.Role, settings: SyncSettings, mskResources: string[]): void {
    grantCatalogReads(this, role, mskResources, this.registryNames);
    const statements = [
      new iam.PolicyStatement({
        sid: 'DataZoneAssets',
        actions: [...DATAZONE_ACTIONS],
        resources: [dataZoneDomainArn(this, settings.domainId)],
      }),
      new iam.PolicyStatement({
        sid: 'SsmAssetIndex',
        actions: [...SSM_ACTIONS],
        resources: [
          ssmParameterArn(this, settings.indexPrefix),
          ssmParameterArn(this, `${settings.indexPrefix}/*`),
        ],
      }),
    ];
    for (const statement of statements) role.addToPrincipalPolicy(statement);
    this.indexKey.grantEncryptDecrypt(role);

    const policy = role.node.findChild('DefaultPolicy');
    acknowledgeKeyGrant(policy, 'the index key (SSM SecureString parameters, dead-letter queue).');
    acknowledgeFinding(
      policy,
      'AwsSolutions-IAM5',
      resourceFinding(this, ssmParameterArn(this, `${settings.indexPrefix}/*`)),
      'The asset index: one parameter per asset under the configured prefix.',
    );
  }

  /**
   * CloudTrail records of successful schema registry calls in the configured registries. Requests name
   * the registry in `schemaId` (name or schema ARN) or `registryId` (name or ARN); RegisterSchemaVersion's
   * response has no registry name, so the pattern matches on the request only.
   */
  private schemaChangePattern(): events.EventPattern {
    const names = [...this.registryNames];
    const branches: Record<string, unknown>[] = [
      { requestParameters: { schemaId: { registryName: names } } },
      {
        requestParameters: {
          schemaId: { schemaArn: names.map((r) => ({ prefix: glueSchemaArn(this, r, '') })) },
        },
      },
      { requestParameters: { registryId: { registryName: names } } },
      { requestParameters: { registryId: { registryArn: names.map((r) => glueRegistryArn(this, r)) } } },
    ];
    if (names.includes(DEFAULT_REGISTRY_NAME)) {
      // CreateSchema without RegistryId creates the schema in default-registry. `exists` works on
      // leaves only, so the absence of registryId and schemaId is spelled out per leaf.
      const absent = [{ exists: false }];
      branches.push({
        requestParameters: {
          schemaName: [{ exists: true }],
          registryId: { registryName: absent, registryArn: absent },
          schemaId: { schemaName: absent, schemaArn: absent },
        },
      });
    }
    return {
      source: ['aws.glue'],
      detailType: ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['glue.amazonaws.com'],
        eventName: [...GLUE_SCHEMA_EVENT_NAMES],
        // Denied or invalid calls changed nothing.
        errorCode: [{ exists: false }],
        $or: branches,
      },
    };
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
