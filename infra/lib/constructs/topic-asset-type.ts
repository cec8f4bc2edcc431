import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as datazone from 'aws-cdk-lib/aws-datazone';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  DEFAULT_NAMES,
  type TopicAssetTypeNames,
  topicAssetType,
} from '../../../asset-types/src/definition.ts';
import { renderSmithyModel } from '../../../asset-types/src/smithy.ts';
import { ConstructPropsError } from '../errors.ts';
import { dataZoneDomainArn } from '../private/arns.ts';
import { createBundledFunction } from '../private/bundled-function.ts';
import { HANDLER_ENTRIES } from '../private/handler-entries.ts';
import { acknowledgeFinding, resourceFinding } from '../private/nag.ts';
import { ASSET_TYPE_NAME, checkProp, DOMAIN_ID, FORM_TYPE_NAME, PROJECT_ID } from '../private/validate.ts';
import type { TopicAssetTypeProps } from './topic-asset-type-props.ts';

type FormNameKey = Exclude<keyof TopicAssetTypeNames, 'assetType'>;

/**
 * Construct IDs of the form types, by role rather than by (configurable) name: renaming a form type
 * replaces that resource instead of moving IDs around. Frozen.
 */
const FORM_TYPE_IDS: Readonly<Record<FormNameKey, string>> = {
  mskSourceReferenceForm: 'MskSourceReferenceForm',
  kafkaSchemaForm: 'KafkaSchemaForm',
  kafkaTopicForm: 'KafkaTopicForm',
};

/** CloudFormation type of the asset type custom resource. */
export const TOPIC_ASSET_TYPE_RESOURCE_TYPE = 'Custom::StreamgovTopicAssetType';

/** DataZone actions the asset type handler needs (`asset-types/src/asset-type-resource-handler.ts`). */
const HANDLER_ACTIONS = [
  'datazone:GetAssetType',
  'datazone:CreateAssetType',
  'datazone:DeleteAssetType',
  'datazone:GetFormType',
  'datazone:CreateFormType',
  'datazone:DeleteFormType',
] as const;

/**
 * The topic asset type in a DataZone domain: one `AWS::DataZone::FormType` per custom form type of
 * {@link topicAssetType} (Smithy rendered by {@link renderSmithyModel}), and a custom resource for the
 * asset type, which CloudFormation has no resource for. The custom resource creates the asset type
 * after the form types, adds a revision when its properties (domain, project, names) change, and
 * deletes it with the stack.
 *
 * @example
 * new TopicAssetType(this, 'TopicAssetType', { domainId: 'dzd_abc123', owningProjectId: 'prj123' });
 */
export class TopicAssetType extends Construct {
  /** Name of the asset type in the domain. */
  readonly assetTypeName: string;
  /** The custom form types, in the order of the definition. */
  readonly formTypes: readonly datazone.CfnFormType[];
  /** The asset type custom resource; depends on every form type. */
  readonly resource: CustomResource;
  /** Revision of the asset type after the last create or update (`Data.AssetTypeRevision`). */
  readonly assetTypeRevision: string;
  /** The custom resource's handler (create, update, delete of the asset type). */
  readonly handler: lambda.IFunction;

  constructor(scope: Construct, id: string, props: TopicAssetTypeProps) {
    super(scope, id);
    const names = props.names ?? DEFAULT_NAMES;
    checkProp(this, 'domainId', props.domainId, DOMAIN_ID);
    checkProp(this, 'owningProjectId', props.owningProjectId, PROJECT_ID);
    checkNames(this, names);
    const definition = topicAssetType(names);
    this.assetTypeName = names.assetType;

    this.formTypes = definition.formTypes.map(
      (form) =>
        new datazone.CfnFormType(this, FORM_TYPE_IDS[formNameKey(this, names, form.name)], {
          domainIdentifier: props.domainId,
          owningProjectIdentifier: props.owningProjectId,
          name: form.name,
          description: form.description,
          model: { smithy: renderSmithyModel(form) },
          status: 'ENABLED',
        }),
    );

    const { fn, role } = createBundledFunction(this, 'Handler', {
      handler: HANDLER_ENTRIES.assetTypeResource,
      description: 'streamgov: creates, revises and deletes the DataZone topic asset type',
      timeout: Duration.minutes(5),
      memorySize: 256,
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataZoneAssetTypeAndFormTypes',
        actions: [...HANDLER_ACTIONS],
        resources: [dataZoneDomainArn(this, props.domainId)],
      }),
    );
    this.handler = fn;

    const providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the custom resource provider of the streamgov topic asset type',
    });
    const providerLogGroup = new logs.LogGroup(this, 'ProviderLogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
    });
    providerLogGroup.grantWrite(providerRole);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: fn,
      frameworkOnEventRole: providerRole,
      logGroup: providerLogGroup,
    });

    this.resource = new CustomResource(this, 'AssetType', {
      serviceToken: provider.serviceToken,
      resourceType: TOPIC_ASSET_TYPE_RESOURCE_TYPE,
      properties: {
        DomainId: props.domainId,
        OwningProjectId: props.owningProjectId,
        AssetTypeNames: Stack.of(this).toJsonString(names),
        // A new form type revision must reach the asset type: this property changes with it.
        FormTypeRevisions: Object.fromEntries(this.formTypes.map((f) => [f.name, f.attrRevision])),
      },
    });
    this.resource.node.addDependency(...this.formTypes);
    this.assetTypeRevision = this.resource.getAttString('AssetTypeRevision');

    acknowledgeFinding(
      providerRole.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5',
      resourceFinding(this, `${fn.functionArn}:*`),
      'The CDK provider framework may invoke any version of the handler function it is bound to (Lambda ARNs with a version or alias qualifier); the function itself is fixed.',
    );
  }
}

/** @throws ConstructPropsError when a name breaks DataZone's rules or two form types share a name. */
function checkNames(scope: Construct, names: TopicAssetTypeNames): void {
  checkProp(scope, 'names.assetType', names.assetType, ASSET_TYPE_NAME);
  const seen = new Map<string, FormNameKey>();
  for (const key of Object.keys(FORM_TYPE_IDS) as FormNameKey[]) {
    const name = checkProp(scope, `names.${key}`, names[key], FORM_TYPE_NAME);
    const other = seen.get(name);
    if (other) {
      throw new ConstructPropsError(
        scope,
        `names.${key}`,
        name,
        `is also the name of names.${other}; every form type needs its own name`,
      );
    }
    seen.set(name, key);
  }
}

/** Which role (names key) a form type of the definition plays; its construct ID follows from it. */
function formNameKey(scope: Construct, names: TopicAssetTypeNames, formName: string): FormNameKey {
  const key = (Object.keys(FORM_TYPE_IDS) as FormNameKey[]).find((k) => names[k] === formName);
  if (!key) {
    throw new ConstructPropsError(
      scope,
      'names',
      names,
      `the definition has form type ${formName} without a construct ID; add it to FORM_TYPE_IDS`,
    );
  }
  return key;
}
