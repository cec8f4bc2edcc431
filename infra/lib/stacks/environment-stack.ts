import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StreamgovConfig } from '../../config/streamgov-config.ts';
import { EventForwarding, type ForwardedEvents } from '../constructs/event-forwarding.ts';
import { FlinkApplicationReadRole } from '../constructs/flink-lineage-emitter.ts';
import { GrantWorkflowEnvironment } from '../constructs/grant-workflow-environment.ts';
import { acknowledgeKeyGrant } from '../private/nag.ts';
import { catalogMskResources, grantCatalogReads } from '../private/source-reads.ts';
import { AlarmTopic } from './alarm-topic.ts';
import type { AppPlan, CatalogReadRolePlan, EnvironmentPlan } from './app-plan.ts';
import {
  COMPONENT_TAG,
  FLINK_LIFECYCLE_FORWARD_PATTERN,
  SCHEMA_CHANGE_FORWARD_PATTERN,
} from './components.ts';

/** Props of {@link EnvironmentStack}. */
export interface EnvironmentStackProps extends StackProps {
  readonly config: StreamgovConfig;
  readonly plan: AppPlan;
  /** This stack's account in the plan. */
  readonly environment: EnvironmentPlan;
}

/**
 * The stack of a producer or consumer account: the environment grant workflow (its state machine, apply
 * function and roles, trusting the governance account), the rules that forward this account's Glue
 * Schema Registry and Managed Service for Apache Flink CloudTrail events to the governance account's
 * default bus, the catalog read roles the governance account's sync assumes, the role the Flink lineage
 * emitter assumes to describe this account's applications, a KMS key (grant ledger
 * parameters, dead-letter queue) and the alarm topic.
 */
export class EnvironmentStack extends Stack {
  readonly alarmTopic: AlarmTopic;
  /** Key of the grant ledger's SecureString parameters and of the forwarding dead-letter queue. */
  readonly key: kms.Key;
  /** Absent when the account is not in `grants.environments`. */
  readonly grants?: GrantWorkflowEnvironment;
  /** Absent when the account forwards nothing. */
  readonly forwarding?: EventForwarding;
  readonly catalogReadRoles: readonly iam.Role[];
  /** The role the Flink lineage emitter assumes here; absent when the account forwards no Flink events. */
  readonly flinkApplicationReadRole?: FlinkApplicationReadRole;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const { config, plan, environment } = props;
    const governance = plan.deployment.governanceAccount;
    Tags.of(this).add(COMPONENT_TAG, 'environment');

    this.alarmTopic = new AlarmTopic(this, 'Alarms', {
      ...(plan.deployment.alarmEmail ? { email: plan.deployment.alarmEmail } : {}),
    });
    Tags.of(this.alarmTopic).add(COMPONENT_TAG, 'observability');
    this.key = new kms.Key(this, 'Key', {
      description: 'streamgov environment: grant ledger parameters and forwarding dead-letter queue',
      enableKeyRotation: true,
    });

    if (environment.grants && config.grants) {
      this.grants = new GrantWorkflowEnvironment(this, 'GrantWorkflow', {
        centralAccount: governance,
        clusterArns: environment.clusterArns,
        ledgerPrefix: config.grants.ledgerPrefix,
        ledgerKey: this.key,
        grantSettings: {
          management: config.grants.management,
          managedVpcConnectivity: config.grants.managedVpcConnectivity,
        },
        reconcileRepair: config.grants.reconcileRepair,
        logRetention: plan.deployment.logRetentionDays as logs.RetentionDays,
        alarmTopic: this.alarmTopic.topic,
      });
      Tags.of(this.grants).add(COMPONENT_TAG, 'grant-workflow');
      const applyPolicy = this.grants.applyRole.node.findChild('DefaultPolicy');
      const ledger = 'the grant ledger, SecureString parameters encrypted with this stack’s key.';
      acknowledgeKeyGrant(applyPolicy, ledger);
      if (config.grants.reconcileRepair) {
        acknowledgeKeyGrant(this.grants.reconcileRole.node.findChild('DefaultPolicy'), ledger);
      }
    }

    const rules: ForwardedEvents[] = [];
    if (environment.forwardSchemaEvents) {
      rules.push({
        id: 'SchemaChangeEvents',
        description: 'streamgov: Glue Schema Registry changes, to the governance account (catalog sync)',
        pattern: SCHEMA_CHANGE_FORWARD_PATTERN,
      });
    }
    if (environment.forwardFlinkEvents) {
      rules.push({
        id: 'FlinkLifecycleEvents',
        description:
          'streamgov: Managed Service for Apache Flink lifecycle calls, to the governance account (lineage)',
        pattern: FLINK_LIFECYCLE_FORWARD_PATTERN,
      });
    }
    if (rules.length > 0) {
      this.forwarding = new EventForwarding(this, 'EventForwarding', {
        targetBusArn: `arn:${this.partition}:events:${plan.region}:${governance}:event-bus/default`,
        rules,
        key: this.key,
        alarmTopic: this.alarmTopic.topic,
      });
      Tags.of(this.forwarding).add(COMPONENT_TAG, 'event-forwarding');
    }

    if (environment.forwardFlinkEvents) {
      this.flinkApplicationReadRole = new FlinkApplicationReadRole(this, 'FlinkApplicationReadRole', {
        // The emitter function's role name is generated: trust the governance account, whose IAM grants
        // sts:AssumeRole on this role to the emitter only.
        trustedPrincipal: new iam.AccountPrincipal(governance),
      });
      Tags.of(this.flinkApplicationReadRole).add(COMPONENT_TAG, 'lineage');
    }

    const readRoles = new Construct(this, 'CatalogReadRoles');
    this.catalogReadRoles = environment.catalogReadRoles.map((plan, i) =>
      this.catalogReadRole(readRoles, `Role${i}`, plan, governance),
    );
    Tags.of(readRoles).add(COMPONENT_TAG, 'catalog-sync');
  }

  /**
   * A role the governance account's catalog sync assumes to list this account's clusters and topics and
   * read its registries' schemas: read-only, on the sources' clusters and registries.
   */
  private catalogReadRole(
    scope: Construct,
    id: string,
    plan: CatalogReadRolePlan,
    governance: string,
  ): iam.Role {
    const role = new iam.Role(scope, id, {
      roleName: plan.roleName,
      path: plan.path,
      // The sync function's role name is generated: trust the governance account, whose IAM grants
      // sts:AssumeRole on this role to the sync function only.
      assumedBy: new iam.AccountPrincipal(governance),
      description: 'streamgov catalog sync: reads MSK topics and Glue schemas of this account',
    });
    const registries = [...new Set(plan.sources.map((s) => s.registryName))];
    grantCatalogReads(this, role, catalogMskResources(this, plan.sources, 'sources'), registries);
    return role;
  }
}
