import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../common/src/errors.ts';
import { METRICS_NAMESPACE } from '../../../common/src/metrics.ts';
import { CENTRAL_ENV } from '../../../grant-workflow/src/config.ts';
import { ENVIRONMENT_ENV } from '../../../grant-workflow/src/environment-config.ts';
import { GRANT_CENTRAL_METRICS, GRANT_RECONCILE_METRICS } from '../../../grant-workflow/src/metrics.ts';
import { GRANT_WORKFLOW_NAMES } from '../../../infra/lib/constructs/grant-workflow-props.ts';
import { STACK_NAMES } from '../../../infra/lib/stacks/app-plan.ts';
import { COMPONENT_TAG, FORWARDED_SOURCES } from '../../../infra/lib/stacks/components.ts';
import { FLINK_LINEAGE_METRICS, INGEST_METRICS } from '../../../lineage/src/metrics.ts';
import { localFunctionNames, stateMachineDefinitions } from '../../../local/src/deploy/asl.ts';
import {
  acknowledgements,
  catchError,
  roleStatements,
  statementBySid,
  unacknowledgedFindings,
} from '../support.ts';
import { buildApp, exampleConfig, validateAsl } from './support.ts';

vi.mock('../../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('../support.ts')).stubHandlerEntries(await importOriginal()),
);
vi.mock('../../../infra/lib/private/lineage-handler-entries.ts', () => {
  const stub = {
    entry: new URL('../fixtures/stub-handler.ts', import.meta.url).pathname,
    handler: 'handler',
  };
  return { LINEAGE_HANDLER_ENTRIES: { ingest: stub, flinkLifecycle: stub } };
});
vi.mock('../../../infra/lib/private/grant-handler-entries.ts', async (importOriginal) =>
  (await import('../grant-workflow-stub.ts')).stubGrantHandlerEntries(await importOriginal()),
);

const GOVERNANCE = '111111111111';
const PRODUCER = '222222222222';
const CONSUMER = '333333333333';
const REGION = 'eu-west-1';

const shared = (() => {
  const built = buildApp();
  const template = (stack: Stack) => Template.fromStack(stack);
  const environment = (account: string) => {
    const stack = built.environments.find((s) => s.account === account);
    if (!stack) throw new Error(`no environment stack for ${account}`);
    return stack;
  };
  return {
    ...built,
    governanceTemplate: template(built.governance),
    producer: environment(PRODUCER),
    consumer: environment(CONSUMER),
    producerTemplate: template(environment(PRODUCER)),
    consumerTemplate: template(environment(CONSUMER)),
  };
})();

function resourceOf(
  template: Template,
  type: string,
): Record<string, unknown> & {
  Properties: Record<string, unknown>;
} {
  const all = Object.values(template.findResources(type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as Record<string, unknown> & { Properties: Record<string, unknown> };
}

describe('addStreamgovStacks (the example configuration)', () => {
  it('creates the governance stack and one environment stack per account, each in its account', () => {
    // Assess
    expect(
      shared.app.node.children
        .filter((c) => Stack.isStack(c))
        .map((c) => c.node.id)
        .sort(),
    ).toEqual([STACK_NAMES.environment(PRODUCER), STACK_NAMES.environment(CONSUMER), STACK_NAMES.governance]);
    expect([shared.governance.account, shared.governance.region]).toEqual([GOVERNANCE, REGION]);
    expect(shared.environments.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['streamgov-environment-222222222222', PRODUCER, REGION],
      ['streamgov-environment-333333333333', CONSUMER, REGION],
    ]);
  });

  it('puts the asset type, catalog sync, central grant workflow, bus policy and dashboard in the governance stack', () => {
    // Prepare
    const t = shared.governanceTemplate;

    // Assess
    t.resourceCountIs('Custom::StreamgovTopicAssetType', 1);
    t.resourceCountIs('AWS::DataZone::FormType', 3);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    t.resourceCountIs('AWS::Events::EventBusPolicy', 1);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    // Asset type handler and its provider framework, catalog sync, collect and report, reconcile,
    // lineage ingest, Flink lifecycle emitter.
    t.resourceCountIs('AWS::Lambda::Function', 8);
    // Catalog sync schedule and schema changes, grant events, reconcile schedule, Flink lifecycle calls.
    t.resourceCountIs('AWS::Events::Rule', 5);
    t.resourceCountIs('AWS::Lambda::Url', 1);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
    });
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: GRANT_WORKFLOW_NAMES.centralStateMachine,
    });
  });

  it('puts the environment grant workflow, its roles and the forwarding rules in the environment stacks', () => {
    for (const t of [shared.producerTemplate, shared.consumerTemplate]) {
      // Assess
      t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: GRANT_WORKFLOW_NAMES.environmentStateMachine,
      });
      t.hasResourceProperties('AWS::IAM::Role', { RoleName: GRANT_WORKFLOW_NAMES.invokeRole });
      t.hasResourceProperties('AWS::IAM::Role', { RoleName: GRANT_WORKFLOW_NAMES.environmentRole });
      t.resourceCountIs('AWS::SQS::Queue', 1);
      t.resourceCountIs('AWS::SNS::Topic', 1);
    }
    // The producer holds the catalog source: Glue and Flink events; the consumer: Flink events only.
    shared.producerTemplate.resourceCountIs('AWS::Events::Rule', 2);
    shared.consumerTemplate.resourceCountIs('AWS::Events::Rule', 1);
  });

  it('registers exactly the state machines and roles the environment stacks create', () => {
    // Prepare
    const [collect] = Object.values(
      shared.governanceTemplate.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { [CENTRAL_ENV.environments]: Match.anyValue() } } },
      }),
    );
    const registered = JSON.parse(
      String(collect?.Properties.Environment.Variables[CENTRAL_ENV.environments]),
    ) as Record<string, { stateMachineArn: string; invokeRoleArn: string }>;

    // Assess
    expect(Object.keys(registered).sort()).toEqual([PRODUCER, CONSUMER]);
    for (const [account, t] of [
      [PRODUCER, shared.producerTemplate],
      [CONSUMER, shared.consumerTemplate],
    ] as const) {
      const entry = registered[account];
      expect(entry).toEqual({
        stateMachineArn: `arn:aws:states:${REGION}:${account}:stateMachine:${GRANT_WORKFLOW_NAMES.environmentStateMachine}`,
        invokeRoleArn: `arn:aws:iam::${account}:role/${GRANT_WORKFLOW_NAMES.invokeRole}`,
      });
      t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: entry?.stateMachineArn.split(':').pop(),
      });
      const [invokeRole] = Object.values(
        t.findResources('AWS::IAM::Role', {
          Properties: { RoleName: entry?.invokeRoleArn.split('/').pop() },
        }),
      );
      if (!invokeRole) throw new Error(`no invoke role in ${account}`);
      const [trust] = invokeRole.Properties.AssumeRolePolicyDocument.Statement as unknown[];
      expect(JSON.stringify(trust)).toContain(`:iam::${GOVERNANCE}:root`);
      expect(JSON.stringify(trust)).toContain(
        `:iam::${GOVERNANCE}:role/${GRANT_WORKFLOW_NAMES.centralRole}"`,
      );
      const assume = statementBySid(
        roleStatements(shared.governanceTemplate, 'GrantWorkflowStateMachineRole'),
        `AssumeInvokeRole${account}`,
      );
      expect(assume.Resource).toBe(entry?.invokeRoleArn);
    }
  });

  it('lets the scheduled reconcile assume exactly the reconcile roles the environment stacks create', () => {
    // Prepare
    const assume = statementBySid(
      roleStatements(shared.governanceTemplate, 'GrantReconcile'),
      'AssumeReconcileRoles',
    );
    const arns = [assume.Resource].flat().map((r) => JSON.stringify(r));

    // Assess
    for (const [account, t] of [
      [PRODUCER, shared.producerTemplate],
      [CONSUMER, shared.consumerTemplate],
    ] as const) {
      expect(
        arns.some((arn) => arn.includes(`:iam::${account}:role/${GRANT_WORKFLOW_NAMES.reconcileRole}"`)),
      ).toBe(true);
      const [role] = Object.values(
        t.findResources('AWS::IAM::Role', { Properties: { RoleName: GRANT_WORKFLOW_NAMES.reconcileRole } }),
      );
      expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain(
        `:iam::${GOVERNANCE}:role/${GRANT_WORKFLOW_NAMES.reconcileFunctionRole}"`,
      );
    }
    shared.governanceTemplate.hasResourceProperties('AWS::IAM::Role', {
      RoleName: GRANT_WORKFLOW_NAMES.reconcileFunctionRole,
    });
  });

  it('lets the Flink lineage emitter take the environment accounts events and assume their application read roles', () => {
    // Prepare
    const rule = Object.values(shared.governanceTemplate.findResources('AWS::Events::Rule')).find((r) =>
      (r.Properties.EventPattern?.source ?? []).includes('aws.kinesisanalytics'),
    );
    const assume = statementBySid(
      roleStatements(shared.governanceTemplate, 'FlinkLineage'),
      'AssumeApplicationReadRoles',
    );

    // Assess
    expect(rule?.Properties.EventPattern.account).toEqual([GOVERNANCE, PRODUCER, CONSUMER]);
    for (const [account, stack] of [
      [PRODUCER, shared.producer],
      [CONSUMER, shared.consumer],
    ] as const) {
      const role = stack.flinkApplicationReadRole?.role;
      if (!role) throw new Error(`no Flink application read role in ${account}`);
      const name = String(
        Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(role.node.defaultChild as never)]
          .Properties.RoleName,
      );
      expect(JSON.stringify(assume.Resource)).toContain(`:iam::${account}:role/${name}"`);
    }
  });

  it('outputs the lineage ingest URL and shows every dead-letter queue on the dashboard', () => {
    // Prepare
    const outputs = shared.governanceTemplate.findOutputs('LineageIngestUrl');
    const dashboard = resourceOf(shared.governanceTemplate, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);

    // Assess
    expect(Object.keys(outputs)).toEqual(['LineageIngestUrl']);
    for (const label of ['catalog sync', 'grant events', 'reconcile', 'lineage ingest', 'Flink lineage']) {
      expect(body).toContain(`\\"label\\":\\"${label}\\"`);
    }
    for (const metric of ['ExecutionsSucceeded', 'ExecutionsFailed', 'Duration', 'Invocations', 'Errors']) {
      expect(body).toContain(metric);
    }
  });

  it("graphs the handlers' own metrics and alarms on reconcile drift", () => {
    // Prepare
    const dashboard = resourceOf(shared.governanceTemplate, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);

    // Assess
    for (const [service, name] of [
      [INGEST_METRICS.service, INGEST_METRICS.names.posted],
      [FLINK_LINEAGE_METRICS.service, FLINK_LINEAGE_METRICS.names.emitted],
      [GRANT_CENTRAL_METRICS.service, GRANT_CENTRAL_METRICS.names.reported],
      [GRANT_RECONCILE_METRICS.service, GRANT_RECONCILE_METRICS.names.remaining],
    ]) {
      expect(body).toContain(`[\\"${METRICS_NAMESPACE}\\",\\"${name}\\"`);
      expect(body).toContain(`\\"service\\",\\"${service}\\"`);
    }
    shared.governanceTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: GRANT_RECONCILE_METRICS.names.remaining,
      Dimensions: [{ Name: 'service', Value: GRANT_RECONCILE_METRICS.service }],
    });
  });

  it('lets exactly the environment accounts put Glue and Flink events on the governance default bus', () => {
    // Prepare
    const policy = resourceOf(shared.governanceTemplate, 'AWS::Events::EventBusPolicy').Properties;
    const statement = policy.Statement as {
      Principal: { AWS: unknown[] };
      Action: string;
      Resource: unknown;
      Condition: unknown;
    };

    // Assess
    expect(policy.EventBusName).toBe('default');
    expect(statement.Action).toBe('events:PutEvents');
    expect(shared.governance.resolve(statement.Principal.AWS)).toEqual(
      [PRODUCER, CONSUMER].map((a) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${a}:root`]],
      })),
    );
    expect(statement.Condition).toEqual({ StringEquals: { 'events:source': [...FORWARDED_SOURCES] } });
    expect(JSON.stringify(statement.Resource)).toContain(`:events:${REGION}:${GOVERNANCE}:event-bus/default`);
  });

  it('forwards to the governance default bus with a role that may put events there and a dead-letter queue', () => {
    for (const t of [shared.producerTemplate, shared.consumerTemplate]) {
      // Prepare
      const rules = Object.values(t.findResources('AWS::Events::Rule'));

      // Assess
      for (const rule of rules) {
        const [target] = rule.Properties.Targets as Array<Record<string, unknown>>;
        expect(JSON.stringify(target?.Arn)).toContain(`:events:${REGION}:${GOVERNANCE}:event-bus/default`);
        expect(target?.RoleArn).toEqual({
          'Fn::GetAtt': [expect.stringMatching(/^EventForwardingRole/), 'Arn'],
        });
        expect(target?.DeadLetterConfig).toEqual({
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^EventForwardingDeadLetterQueue/), 'Arn'] },
        });
      }
      const put = roleStatements(t, 'EventForwardingRole').find((s) => s.Action === 'events:PutEvents');
      expect(JSON.stringify(put?.Resource)).toContain(`:events:${REGION}:${GOVERNANCE}:event-bus/default`);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
      });
    }
    const sources = (t: Template) =>
      Object.values(t.findResources('AWS::Events::Rule')).flatMap((r) => r.Properties.EventPattern.source);
    expect(sources(shared.producerTemplate).sort()).toEqual(['aws.glue', 'aws.kinesisanalytics']);
    expect(sources(shared.consumerTemplate)).toEqual(['aws.kinesisanalytics']);
  });

  it('creates the catalog read role the sync assumes, read-only, trusted by the governance account', () => {
    // Prepare
    const [source] = exampleConfig().catalog.sources;
    const readRoleArn = source?.readRoleArn ?? '';

    // Assess
    shared.producerTemplate.hasResourceProperties('AWS::IAM::Role', {
      RoleName: readRoleArn.split('/').pop(),
      Path: '/',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: Match.objectLike({}) } })],
      },
    });
    const read = roleStatements(shared.producerTemplate, 'CatalogReadRolesRole0');
    expect(
      read
        .flatMap((s) => s.Action)
        .every((a) => /^(kafka|kafka-cluster|glue):(List|Describe|Get|Connect)/.test(String(a))),
    ).toBe(true);
    expect(statementBySid(read, 'MskReadClustersAndTopics').Resource).toContain(source?.clusterArn);
    shared.consumerTemplate.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { RoleName: readRoleArn.split('/').pop() },
      0,
    );
    const assume = statementBySid(
      roleStatements(shared.governanceTemplate, 'CatalogSyncFunctionRole'),
      'AssumeCatalogReadRoles',
    );
    expect(assume.Resource).toBe(readRoleArn);
  });

  it('encrypts the grant ledger and every queue and bounds every log group', () => {
    for (const t of [shared.governanceTemplate, shared.producerTemplate, shared.consumerTemplate]) {
      // Assess
      for (const [id, queue] of Object.entries(t.findResources('AWS::SQS::Queue'))) {
        expect(queue.Properties.KmsMasterKeyId, id).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      }
      for (const group of Object.values(t.findResources('AWS::Logs::LogGroup'))) {
        expect(group.Properties.RetentionInDays).toBe(30);
      }
      for (const topic of Object.values(t.findResources('AWS::SNS::Topic'))) {
        expect(topic.Properties.KmsMasterKeyId).toBeDefined();
      }
    }
    shared.producerTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENVIRONMENT_ENV.ledgerKmsKeyId]: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        }),
      },
    });
  });

  it('tags every taggable resource with streamgov:component', () => {
    for (const t of [shared.governanceTemplate, shared.producerTemplate, shared.consumerTemplate]) {
      // Prepare
      const taggable = Object.entries(
        t.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: unknown } }>,
      ).filter(([, r]) => TAGGED_TYPES.includes(r.Type));

      // Assess
      expect(taggable.length).toBeGreaterThan(0);
      for (const [id, resource] of taggable) {
        const tags = resource.Properties?.Tags as
          | Array<{ Key: string; Value: string }>
          | Record<string, string>;
        const value = Array.isArray(tags)
          ? tags.find((tag) => tag.Key === COMPONENT_TAG)?.Value
          : tags?.[COMPONENT_TAG];
        expect(value, id).toMatch(/^[a-z-]+$/);
      }
    }
    shared.governanceTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([{ Key: COMPONENT_TAG, Value: 'catalog-sync' }]),
    });
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding, and each acknowledgement has a reason', () => {
    // Assess
    expect(unacknowledgedFindings(shared.app)).toEqual([]);
    for (const ack of acknowledgements(shared.app)) expect(ack.reason.length, ack.id).toBeGreaterThan(20);
  });

  it('synthesizes state machines whose ASL passes asl-validator', () => {
    for (const stack of [shared.governance, ...shared.environments]) {
      // Prepare
      const template = Template.fromStack(stack).toJSON();
      const context = { account: stack.account, region: stack.region };
      const names = localFunctionNames(template, context);
      const machines = stateMachineDefinitions(template, {
        ...context,
        refs: names.refs,
        attributes: names.attributes,
      });

      // Assess
      expect(machines.length).toBeGreaterThan(0);
      for (const { logicalId, definition } of machines) {
        const result = validateAsl(definition, { checkArn: true, checkPaths: true });
        expect(result.isValid, `${stack.stackName}/${logicalId}: ${result.errorsText('; ')}`).toBe(true);
      }
    }
  });
});

/** Resource types whose CloudFormation schema has Tags and that the stacks create. */
const TAGGED_TYPES = [
  'AWS::Lambda::Function',
  'AWS::IAM::Role',
  'AWS::SQS::Queue',
  'AWS::KMS::Key',
  'AWS::SNS::Topic',
  'AWS::StepFunctions::StateMachine',
  'AWS::Logs::LogGroup',
];

describe('addStreamgovStacks (other configurations)', () => {
  it('uses the partitioned sync when catalog.partitions is above 1', () => {
    // Act
    const { governance } = buildApp(
      exampleConfig((json) => {
        Object.assign(json.catalog as object, { partitions: 4, partitionConcurrency: 2 });
      }),
    );

    // Assess
    const t = Template.fromStack(governance);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    expect(governance.catalogSync.partitioned).toBeDefined();
  });

  it('lets the scheduled reconcile repair drift when grants.reconcileRepair is true', () => {
    // Act
    const built = buildApp(
      exampleConfig((json) => {
        Object.assign(json.grants as object, { reconcileRepair: true });
      }),
    );

    // Assess
    Template.fromStack(built.governance).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('repairs drift'),
    });
    for (const stack of built.environments) {
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
        Description: Match.stringLikeRegexp('reads and repairs'),
      });
    }
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it('builds a catalog-only app without grants: no central workflow, no environment stack for same-account sources', () => {
    // Act
    const { governance, environments } = buildApp(
      exampleConfig((json) => {
        delete json.grants;
        json.catalog = {
          owningProjectId: 'proj1',
          sources: [{ clusterName: 'orders', registryName: 'streaming' }],
        };
      }),
    );

    // Assess
    expect(governance.grants).toBeUndefined();
    expect(environments).toEqual([]);
    Template.fromStack(governance).resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  it('throws ConfigError naming the key when the deployment section is missing', () => {
    // Act
    const error = catchError(() => buildApp(exampleConfig((json) => delete json.deployment)));

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/^deployment is required by the CDK app/);
  });

  it('throws ConfigError naming the key and value when a reconcile role differs from the stack', () => {
    // Act
    const error = catchError(() =>
      buildApp(
        exampleConfig((json) => {
          const grants = json.grants as { environments: Array<Record<string, unknown>> };
          Object.assign(grants.environments[0] ?? {}, {
            reconcileRoleArn: 'arn:aws:iam::222222222222:role/other',
          });
        }),
      ),
    );

    // Assess
    expect((error as ConfigError).problems).toEqual([
      'grants.environments[0].reconcileRoleArn "arn:aws:iam::222222222222:role/other" differs from the reconcile role the environment stack creates (arn:aws:iam::222222222222:role/streamgov-grant-reconcile): set it to that value',
    ]);
  });

  it('throws ConfigError naming the key and value when an environment ARN differs from the stack', () => {
    // Prepare
    const wrong = 'arn:aws:states:eu-west-1:333333333333:stateMachine:other';

    // Act
    const error = catchError(() =>
      buildApp(
        exampleConfig((json) => {
          const grants = json.grants as { environments: Array<Record<string, unknown>> };
          Object.assign(grants.environments[1] ?? {}, { stateMachineArn: wrong });
        }),
      ),
    );

    // Assess
    expect((error as ConfigError).problems).toEqual([
      `grants.environments[1].stateMachineArn "${wrong}" differs from what the environment stack creates (arn:aws:states:eu-west-1:333333333333:stateMachine:streamgov-grant-environment): remove it or set it to that value`,
    ]);
  });
});
