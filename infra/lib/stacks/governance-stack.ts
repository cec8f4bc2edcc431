import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type StreamgovConfig, syncSettings } from '../../config/streamgov-config.ts';
import { CatalogSync } from '../constructs/catalog-sync.ts';
import { FlinkLineageEmitter } from '../constructs/flink-lineage-emitter.ts';
import { GrantReconcileSchedule } from '../constructs/grant-reconcile-schedule.ts';
import { grantReconcileEnvironment } from '../constructs/grant-reconcile-schedule-props.ts';
import { GrantWorkflowCentral } from '../constructs/grant-workflow-central.ts';
import { grantEnvironmentRegistration } from '../constructs/grant-workflow-props.ts';
import { LineageIngest } from '../constructs/lineage-ingest.ts';
import { type Labelled, StreamgovDashboard } from '../constructs/streamgov-dashboard.ts';
import { TopicAssetType } from '../constructs/topic-asset-type.ts';
import { grantAssumeReadRoles } from '../private/source-reads.ts';
import { AlarmTopic } from './alarm-topic.ts';
import type { AppPlan } from './app-plan.ts';
import { COMPONENT_TAG, FORWARDED_SOURCES } from './components.ts';

/** Props of {@link GovernanceStack}. */
export interface GovernanceStackProps extends StackProps {
  readonly config: StreamgovConfig;
  readonly plan: AppPlan;
}

/**
 * The stack of the DataZone domain's account: the topic asset type, the catalog sync (schedule and
 * schema change rule), the central grant workflow with every environment account registered and its
 * scheduled reconcile, the OpenLineage ingest endpoint, the Flink lineage emitter (lifecycle calls of
 * this and the environment accounts' applications), the
 * event-bus policy that lets the environment accounts forward their Glue and Flink CloudTrail events,
 * the alarm topic and the dashboard.
 */
export class GovernanceStack extends Stack {
  readonly alarmTopic: AlarmTopic;
  readonly assetType: TopicAssetType;
  readonly catalogSync: CatalogSync;
  /** Absent when the configuration has no `grants` section. */
  readonly grants?: GrantWorkflowCentral;
  /** Absent when the configuration has no `grants` section. */
  readonly reconcile?: GrantReconcileSchedule;
  /** The OpenLineage ingest endpoint (Function URL, IAM auth). */
  readonly lineageIngest: LineageIngest;
  /** Lineage of Managed Service for Apache Flink applications from their lifecycle calls. */
  readonly flinkLineage: FlinkLineageEmitter;
  /** Absent when no other account forwards events. */
  readonly busPolicy?: events.CfnEventBusPolicy;
  readonly dashboard: StreamgovDashboard;

  constructor(scope: Construct, id: string, props: GovernanceStackProps) {
    super(scope, id, props);
    const { config, plan } = props;
    const logRetention = plan.deployment.logRetentionDays as logs.RetentionDays;
    Tags.of(this).add(COMPONENT_TAG, 'governance');

    this.alarmTopic = new AlarmTopic(this, 'Alarms', {
      ...(plan.deployment.alarmEmail ? { email: plan.deployment.alarmEmail } : {}),
    });
    Tags.of(this.alarmTopic).add(COMPONENT_TAG, 'observability');
    const alarmTopic = this.alarmTopic.topic;

    this.assetType = new TopicAssetType(this, 'TopicAssetType', {
      domainId: config.domainId,
      owningProjectId: config.catalog.owningProjectId,
      names: config.catalog.assetTypeNames,
    });
    Tags.of(this.assetType).add(COMPONENT_TAG, 'asset-type');

    this.catalogSync = new CatalogSync(this, 'CatalogSync', {
      settings: syncSettings(config),
      schedule: config.catalog.schedule,
      partitions: config.catalog.partitions,
      ...(config.catalog.partitions > 1 ? { partitionConcurrency: config.catalog.partitionConcurrency } : {}),
      logRetention,
      alarmTopic,
    });
    // The first scheduled run creates assets of the type: create the type first.
    this.catalogSync.node.addDependency(this.assetType);
    // The sync may assume the sources' read roles (in the producer accounts).
    const syncRole = this.catalogSync.function.role;
    if (syncRole) grantAssumeReadRoles(syncRole, config.catalog.sources, 'AssumeCatalogReadRoles');
    Tags.of(this.catalogSync).add(COMPONENT_TAG, 'catalog-sync');

    const alarms: cloudwatch.IAlarm[] = [
      ...Object.values(this.catalogSync.alarms).filter((a): a is cloudwatch.IAlarm => a !== undefined),
    ];
    const deadLetterQueues: Labelled<sqs.IQueue>[] = [
      { label: 'catalog sync', resource: this.catalogSync.deadLetterQueue },
    ];

    if (config.grants) {
      const grants = config.grants;
      this.grants = new GrantWorkflowCentral(this, 'GrantWorkflow', {
        domainId: config.domainId,
        assetTypeNames: config.catalog.assetTypeNames,
        consumerGroups: grants.consumerGroups === 'all' ? 'all' : 'per-environment',
        environments: grants.environments.map(({ account, region }) =>
          grantEnvironmentRegistration({ account, region, partition: this.partitionName() }),
        ),
        logRetention,
        alarmTopic,
      });
      Tags.of(this.grants).add(COMPONENT_TAG, 'grant-workflow');
      alarms.push(...Object.values(this.grants.alarms));
      deadLetterQueues.push({ label: 'grant events', resource: this.grants.deadLetterQueue });

      this.reconcile = new GrantReconcileSchedule(this, 'GrantReconcile', {
        domainId: config.domainId,
        environments: grants.environments.map(({ account, region }) =>
          grantReconcileEnvironment({ account, region, partition: this.partitionName() }),
        ),
        assetTypeNames: config.catalog.assetTypeNames,
        schedule: events.Schedule.expression(grants.reconcileSchedule),
        apply: grants.reconcileRepair,
        consumerGroups: grants.consumerGroups === 'all' ? 'all' : 'per-environment',
        ledgerPrefix: grants.ledgerPrefix,
        grantSettings: {
          management: grants.management,
          managedVpcConnectivity: grants.managedVpcConnectivity,
        },
        logRetention,
        alarmTopic,
      });
      Tags.of(this.reconcile).add(COMPONENT_TAG, 'grant-reconcile');
      alarms.push(...Object.values(this.reconcile.alarms));
      deadLetterQueues.push({ label: 'reconcile', resource: this.reconcile.deadLetterQueue });
    }

    this.lineageIngest = new LineageIngest(this, 'LineageIngest', {
      domainId: config.domainId,
      sources: config.catalog.sources,
      logRetention,
      alarmTopic,
    });
    Tags.of(this.lineageIngest).add(COMPONENT_TAG, 'lineage');
    alarms.push(...Object.values(this.lineageIngest.alarms));
    deadLetterQueues.push({ label: 'lineage ingest', resource: this.lineageIngest.deadLetterQueue });
    new CfnOutput(this, 'LineageIngestUrl', {
      description: 'OpenLineage HTTP transport URL (IAM auth): POST <url>api/v1/lineage',
      value: this.lineageIngest.functionUrl.url,
    });

    this.flinkLineage = new FlinkLineageEmitter(this, 'FlinkLineage', {
      domainId: config.domainId,
      sources: config.catalog.sources,
      environmentAccounts: plan.environments.filter((e) => e.forwardFlinkEvents).map((e) => e.account),
      logRetention,
      alarmTopic,
    });
    Tags.of(this.flinkLineage).add(COMPONENT_TAG, 'lineage');
    alarms.push(...Object.values(this.flinkLineage.alarms));
    deadLetterQueues.push({ label: 'Flink lineage', resource: this.flinkLineage.deadLetterQueue });

    if (plan.forwardingAccounts.length > 0) {
      this.busPolicy = new events.CfnEventBusPolicy(this, 'ForwardedEventsPolicy', {
        eventBusName: 'default',
        statementId: 'streamgov-forwarded-events',
        statement: {
          Sid: 'streamgov-forwarded-events',
          Effect: 'Allow',
          Principal: { AWS: plan.forwardingAccounts.map((a) => `arn:${this.partition}:iam::${a}:root`) },
          Action: 'events:PutEvents',
          Resource: this.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
          Condition: { StringEquals: { 'events:source': [...FORWARDED_SOURCES] } },
        },
      });
      Tags.of(this.busPolicy).add(COMPONENT_TAG, 'event-forwarding');
    }

    this.dashboard = new StreamgovDashboard(this, 'Dashboard', {
      dashboardName: `streamgov-${config.domainId.replace(/[^\w-]/g, '-')}`,
      syncFunction: this.catalogSync.function,
      ...(this.grants ? { grantStateMachine: this.grants.stateMachine } : {}),
      ...(this.reconcile ? { reconcileFunction: this.reconcile.function } : {}),
      deadLetterQueues,
      lineageIngestFunction: this.lineageIngest.fn,
      flinkLineageFunction: this.flinkLineage.fn,
      alarms,
    });
    Tags.of(this.dashboard).add(COMPONENT_TAG, 'observability');
  }

  /** The partition as a literal for ARNs other accounts check (environment registrations). */
  private partitionName(): string {
    return this.region.startsWith('cn-')
      ? 'aws-cn'
      : this.region.startsWith('us-gov-')
        ? 'aws-us-gov'
        : 'aws';
  }
}
