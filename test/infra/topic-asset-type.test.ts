import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_NAMES, type TopicAssetTypeNames, topicAssetType } from '../../asset-types/src/definition.ts';
import { renderSmithyModel } from '../../asset-types/src/smithy.ts';
import {
  TOPIC_ASSET_TYPE_RESOURCE_TYPE,
  TopicAssetType,
} from '../../infra/lib/constructs/topic-asset-type.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import { catchError, resolved, roleStatements, testStack } from './support.ts';

vi.mock('../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('./support.ts')).stubHandlerEntries(await importOriginal()),
);

const PROPS = { domainId: 'dzd_abc123', owningProjectId: 'prj123' };
const CUSTOM_NAMES: TopicAssetTypeNames = {
  assetType: 'StreamTopic',
  mskSourceReferenceForm: 'StreamSource',
  kafkaSchemaForm: 'StreamSchema',
  kafkaTopicForm: 'StreamTopicSettings',
};

function build(props: Partial<ConstructorParameters<typeof TopicAssetType>[2]> = {}) {
  const { app, stack } = testStack();
  const construct = new TopicAssetType(stack, 'TopicAssetType', { ...PROPS, ...props });
  return { app, stack, construct, template: Template.fromStack(stack) };
}

describe('TopicAssetType', () => {
  // One synthesis shared by the read-only assertions below (bundling runs once).
  const defaults = build();

  it('creates one enabled form type per custom form type, with the Smithy model of the definition', () => {
    // Prepare
    const { template } = defaults;
    const forms = topicAssetType(DEFAULT_NAMES).formTypes;

    // Act
    const formTypes = template.findResources('AWS::DataZone::FormType');

    // Assess
    expect(Object.keys(formTypes)).toHaveLength(forms.length);
    for (const form of forms) {
      template.hasResourceProperties('AWS::DataZone::FormType', {
        DomainIdentifier: PROPS.domainId,
        OwningProjectIdentifier: PROPS.owningProjectId,
        Name: form.name,
        Description: form.description,
        Model: { Smithy: renderSmithyModel(form) },
        Status: 'ENABLED',
      });
    }
  });

  it('gives the form types construct IDs by role, not by configured name', () => {
    // Prepare
    const custom = build({ names: CUSTOM_NAMES });

    // Act
    const ids = Object.keys(custom.template.findResources('AWS::DataZone::FormType'));

    // Assess
    expect(ids.map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'TopicAssetTypeMskSourceReferenceForm',
      'TopicAssetTypeKafkaSchemaForm',
      'TopicAssetTypeKafkaTopicForm',
    ]);
    expect(Object.keys(defaults.template.findResources('AWS::DataZone::FormType'))).toEqual(ids);
  });

  it('creates the asset type custom resource with domain, project, names and the form type revisions', () => {
    // Prepare
    const { template, stack, construct } = defaults;

    // Act
    const resources = template.findResources(TOPIC_ASSET_TYPE_RESOURCE_TYPE);

    // Assess
    const [resource] = Object.values(resources);
    expect(Object.keys(resources)).toHaveLength(1);
    expect(Object.keys(resource?.Properties ?? {}).sort()).toEqual([
      'AssetTypeNames',
      'DomainId',
      'FormTypeRevisions',
      'OwningProjectId',
      'ServiceToken',
    ]);
    expect(Object.keys(resource?.Properties.FormTypeRevisions).sort()).toEqual([
      'KafkaSchemaFormType',
      'KafkaTopicFormType',
      'MskSourceReferenceFormType',
    ]);
    expect(resource?.Properties).toMatchObject({
      DomainId: PROPS.domainId,
      OwningProjectId: PROPS.owningProjectId,
    });
    expect(JSON.parse(resource?.Properties.AssetTypeNames)).toEqual(DEFAULT_NAMES);
    expect(resolved(stack, construct.assetTypeRevision)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(construct.resource.node.defaultChild as never), 'AssetTypeRevision'],
    });
  });

  it('makes the asset type depend on every form type', () => {
    // Prepare
    const { template, stack, construct } = defaults;

    // Act
    const [resource] = Object.values(template.findResources(TOPIC_ASSET_TYPE_RESOURCE_TYPE));

    // Assess
    expect([...(resource?.DependsOn ?? [])].sort()).toEqual(
      construct.formTypes.map((f) => stack.getLogicalId(f)).sort(),
    );
  });

  it('serves the custom resource by a provider framework bound to the handler function', () => {
    // Prepare
    const { template, stack, construct } = defaults;

    // Act
    const [resource] = Object.values(template.findResources(TOPIC_ASSET_TYPE_RESOURCE_TYPE));
    const serviceToken = resource?.Properties.ServiceToken as { 'Fn::GetAtt': [string, string] };
    const frameworkId = serviceToken['Fn::GetAtt'][0];

    // Assess
    template.hasResource('AWS::Lambda::Function', {
      Properties: {
        Environment: {
          Variables: { USER_ON_EVENT_FUNCTION_ARN: resolved(stack, construct.handler.functionArn) },
        },
      },
    });
    expect(template.toJSON().Resources[frameworkId].Properties.Handler).toBe('framework.onEvent');
  });

  it('bundles the handler for Node.js 22 on arm64 with its own log group', () => {
    // Prepare
    const { template, stack, construct } = defaults;

    // Act
    const fn = template.toJSON().Resources[stack.getLogicalId(construct.handler.node.defaultChild as never)];

    // Assess
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^TopicAssetTypeHandlerLogGroup/) } },
    });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets the handler call exactly the asset and form type actions on the domain, nothing else', () => {
    // Prepare
    const { template, stack } = defaults;
    const domainArn = resolved(
      stack,
      `arn:${stack.partition}:datazone:${stack.region}:${stack.account}:domain/dzd_abc123`,
    );

    // Act
    const statements = roleStatements(template, 'TopicAssetTypeHandlerRole');

    // Assess
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TopicAssetTypeHandlerLogGroup/), 'Arn'] },
      }),
      {
        Sid: 'DataZoneAssetTypeAndFormTypes',
        Effect: 'Allow',
        Action: [
          'datazone:GetAssetType',
          'datazone:CreateAssetType',
          'datazone:DeleteAssetType',
          'datazone:GetFormType',
          'datazone:CreateFormType',
          'datazone:DeleteFormType',
        ],
        Resource: domainArn,
      },
    ]);
  });

  it('attaches no managed policies to any role', () => {
    // Prepare
    const { template } = defaults;

    // Act
    const roles = Object.values(template.findResources('AWS::IAM::Role'));

    // Assess
    expect(roles).toHaveLength(2);
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('exposes the asset type name, the form types and the custom resource', () => {
    // Prepare
    const custom = build({ names: CUSTOM_NAMES });

    // Act
    const { construct } = custom;

    // Assess
    expect(construct.assetTypeName).toBe('StreamTopic');
    expect(construct.formTypes.map((f) => f.name)).toEqual([
      'StreamSource',
      'StreamSchema',
      'StreamTopicSettings',
    ]);
    expect(construct.resource.node.path).toBe('Test/TopicAssetType/AssetType');
  });

  it('accepts deploy-time values (tokens) for the domain and the project', () => {
    // Prepare
    const { stack } = testStack();
    const domain = new CfnParameter(stack, 'Domain');
    const project = new CfnParameter(stack, 'Project');

    // Act
    new TopicAssetType(stack, 'TopicAssetType', {
      domainId: domain.valueAsString,
      owningProjectId: project.valueAsString,
    });

    // Assess
    Template.fromStack(stack).hasResourceProperties(TOPIC_ASSET_TYPE_RESOURCE_TYPE, {
      DomainId: { Ref: 'Domain' },
      OwningProjectId: { Ref: 'Project' },
    });
  });

  it.each([
    ['the domain id is not a DataZone domain id', { domainId: 'abc123' }, 'domainId'],
    ['the project id has a space', { owningProjectId: 'has space' }, 'owningProjectId'],
    [
      'the asset type name has dots',
      { names: { ...DEFAULT_NAMES, assetType: 'amazon.datazone.Topic' } },
      'names.assetType',
    ],
    [
      'a form type name starts with a digit',
      { names: { ...DEFAULT_NAMES, kafkaTopicForm: '9Topic' } },
      'names.kafkaTopicForm',
    ],
    [
      'two form types share a name',
      { names: { ...DEFAULT_NAMES, kafkaTopicForm: DEFAULT_NAMES.kafkaSchemaForm } },
      'names.kafkaTopicForm',
    ],
  ])('throws ConstructPropsError when %s', (_case, bad, prop) => {
    // Prepare
    const { stack } = testStack();

    // Act
    const error = catchError(() => new TopicAssetType(stack, 'TopicAssetType', { ...PROPS, ...bad }));

    // Assess
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect(error).toMatchObject({ name: 'ConstructPropsError', prop });
    expect((error as Error).message).toMatch(/^Test\/TopicAssetType: invalid /);
  });
});
