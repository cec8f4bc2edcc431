import { CreateAssetCommand, GetAssetTypeCommand, GetFormTypeCommand } from '@aws-sdk/client-datazone';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AssetTypeChangeError,
  applyTopicAssetType,
  deleteTopicAssetType,
  planAssetTypeForms,
} from '../../../asset-types/src/adapters/datazone-asset-type.ts';
import { type TopicAssetTypeDefinition, topicAssetType } from '../../../asset-types/src/definition.ts';
import { AssetTypeMissingError } from '../../../asset-types/src/errors.ts';
import { AwsCallError, TransientAwsError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { callsStartingWith, type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';

const WRITES = ['datazone:Create', 'datazone:Delete'];

/** The default definition with one more field on the topic form. */
function withRetentionBytes(base: TopicAssetTypeDefinition): TopicAssetTypeDefinition {
  return {
    ...base,
    formTypes: base.formTypes.map((f) =>
      f.name === base.names.kafkaTopicForm
        ? {
            ...f,
            fields: [
              ...f.fields,
              { name: 'retention_bytes', type: 'Long', documentation: 'retention.bytes' },
            ],
          }
        : f,
    ),
  };
}

describe('applyTopicAssetType', () => {
  let demo: DemoCloud;
  const log = new MemoryLog();
  const apply = (definition: TopicAssetTypeDefinition) =>
    applyTopicAssetType({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      definition,
      log,
    });

  beforeAll(async () => {
    demo = await startDemoCloud();
  });
  afterAll(() => demo.local.close());
  afterEach(() => {
    demo.local.cloud.faults.configure({});
    demo.local.cloud.resetCallCounts();
  });

  // The tests below build on each other: first apply, re-apply, changes.
  it('creates the form types and the asset type on the first apply', async () => {
    // Act
    const result = await apply(topicAssetType());

    // Assess
    expect(result.formTypes).toEqual([
      { name: 'MskSourceReferenceFormType', revision: '1', action: 'created' },
      { name: 'KafkaSchemaFormType', revision: '1', action: 'created' },
      { name: 'KafkaTopicFormType', revision: '1', action: 'created' },
    ]);
    expect(result.assetType).toEqual({ name: 'MskTopicAssetType', revision: '1', action: 'created' });
    const assetType = await demo.governance
      .dataZone()
      .send(new GetAssetTypeCommand({ domainIdentifier: demo.domainId, identifier: 'MskTopicAssetType' }));
    expect(assetType.formsOutput?.MskSourceReferenceFormType).toMatchObject({
      typeRevision: '1',
      required: true,
    });
    expect(assetType.formsOutput?.KafkaTopicFormType).toMatchObject({ typeRevision: '1', required: false });
    expect(assetType.formsOutput?.RelationalTableFormType?.typeName).toBe(
      'amazon.datazone.RelationalTableFormType',
    );
  });

  it('changes nothing (zero writes) when applied again', async () => {
    // Act
    const result = await apply(topicAssetType());

    // Assess
    expect(result.formTypes.map((f) => f.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(result.assetType).toEqual({ name: 'MskTopicAssetType', revision: '1', action: 'unchanged' });
    expect(callsStartingWith(demo, ...WRITES)).toBe(0);
  });

  it('creates new revisions of the changed form type and of the asset type when the definition changes', async () => {
    // Act
    const result = await apply(withRetentionBytes(topicAssetType()));

    // Assess
    expect(result.formTypes).toEqual([
      { name: 'MskSourceReferenceFormType', revision: '1', action: 'unchanged' },
      { name: 'KafkaSchemaFormType', revision: '1', action: 'unchanged' },
      { name: 'KafkaTopicFormType', revision: '2', action: 'updated' },
    ]);
    expect(result.assetType).toEqual({ name: 'MskTopicAssetType', revision: '2', action: 'updated' });
    expect(callsStartingWith(demo, 'datazone:CreateFormType')).toBe(1);
    expect(callsStartingWith(demo, 'datazone:CreateAssetType')).toBe(1);
    const assetType = await demo.governance
      .dataZone()
      .send(new GetAssetTypeCommand({ domainIdentifier: demo.domainId, identifier: 'MskTopicAssetType' }));
    expect(assetType.formsOutput?.KafkaTopicFormType?.typeRevision).toBe('2');
  });

  it('creates a new asset type revision only when a required flag changes', async () => {
    // Prepare
    const base = withRetentionBytes(topicAssetType());
    const definition = {
      ...base,
      forms: base.forms.map((f) => (f.formName === 'KafkaTopicFormType' ? { ...f, required: true } : f)),
    };

    // Act
    const result = await apply(definition);

    // Assess
    expect(result.formTypes.every((f) => f.action === 'unchanged')).toBe(true);
    expect(result.assetType).toEqual({ name: 'MskTopicAssetType', revision: '3', action: 'updated' });
  });

  it('throws AssetTypeChangeError and writes nothing when a form would be dropped', async () => {
    // Prepare
    const base = topicAssetType();
    const definition = { ...base, forms: base.forms.filter((f) => f.formName !== 'RelationalTableFormType') };
    demo.local.cloud.resetCallCounts();

    // Act
    const result = apply(withRetentionBytes(definition));

    // Assess
    await expect(result).rejects.toThrow(AssetTypeChangeError);
    await expect(result).rejects.toThrow(/drop form\(s\) RelationalTableFormType/);
    expect(callsStartingWith(demo, ...WRITES)).toBe(0);
  });

  it('throws TransientAwsError when DataZone throttles GetFormType', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'datazone:GetFormType': { rate: 1, code: 'ThrottlingException' } },
    });

    // Act & Assess
    await expect(apply(topicAssetType())).rejects.toThrow(TransientAwsError);
  });
});

describe('applyTopicAssetType with form types owned elsewhere', () => {
  let demo: DemoCloud;
  beforeAll(async () => {
    demo = await startDemoCloud();
  });
  afterAll(() => demo.local.close());

  it('throws AssetTypeMissingError naming the form type and writes nothing when it does not exist', async () => {
    // Act
    const result = applyTopicAssetType({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      definition: topicAssetType(),
      formTypes: 'reference',
      log: new MemoryLog(),
    });
    // Assess
    await expect(result).rejects.toThrow(AssetTypeMissingError);
    await expect(result).rejects.toThrow(/form type MskSourceReferenceFormType does not exist/);
    expect(callsStartingWith(demo, ...WRITES)).toBe(0);
  });
});

describe('deleteTopicAssetType', () => {
  let demo: DemoCloud;

  beforeAll(async () => {
    demo = await startDemoCloud();
  });
  afterAll(() => demo.local.close());

  it('deletes the asset type, then its form types, and reports absent ones on a second delete', async () => {
    // Prepare
    const options = {
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      definition: topicAssetType(),
      log: new MemoryLog(),
    };
    await applyTopicAssetType({ ...options, owningProjectId: demo.producerProjectId });

    // Act
    const first = await deleteTopicAssetType(options);
    const second = await deleteTopicAssetType(options);

    // Assess
    expect(first.assetType.action).toBe('deleted');
    expect(first.formTypes.map((f) => f.action)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(second.assetType.action).toBe('absent');
    expect(second.formTypes.map((f) => f.action)).toEqual(['absent', 'absent', 'absent']);
  });

  it('refuses to delete an asset type that assets use, and deletes no form type', async () => {
    // Prepare
    const client = demo.governance.dataZone();
    const options = { client, domainId: demo.domainId, definition: topicAssetType(), log: new MemoryLog() };
    await applyTopicAssetType({ ...options, owningProjectId: demo.producerProjectId });
    await client.send(
      new CreateAssetCommand({
        domainIdentifier: demo.domainId,
        name: 'orders',
        typeIdentifier: 'MskTopicAssetType',
        owningProjectIdentifier: demo.producerProjectId,
        formsInput: [
          {
            formName: 'MskSourceReferenceFormType',
            typeIdentifier: 'MskSourceReferenceFormType',
            content: JSON.stringify({
              cluster_arn: demo.seeded.clusters['streaming-orders']?.arn,
              cluster_type: 'PROVISIONED',
            }),
          },
          {
            formName: 'KafkaSchemaFormType',
            typeIdentifier: 'KafkaSchemaFormType',
            content: JSON.stringify({ kafka_topic: 'orders' }),
          },
        ],
      }),
    );

    // Act
    const result = deleteTopicAssetType(options);

    // Assess
    await expect(result).rejects.toThrow(AwsCallError);
    await expect(result).rejects.toThrow(/ConflictException: Asset type MskTopicAssetType cannot be deleted/);
    await expect(
      client.send(
        new GetFormTypeCommand({
          domainIdentifier: demo.domainId,
          formTypeIdentifier: 'KafkaSchemaFormType',
        }),
      ),
    ).resolves.toMatchObject({ name: 'KafkaSchemaFormType' });
  });
});

describe('planAssetTypeForms', () => {
  const desired = {
    A: { typeIdentifier: 'FormA', typeRevision: '1', required: true },
    B: { typeIdentifier: 'FormB', typeRevision: '2', required: false },
  };

  it.each([
    ['create when there is no asset type', undefined, 'create'],
    [
      'none when forms are equal (AssetCommonDetailsForm ignored)',
      {
        A: { typeName: 'FormA', typeRevision: '1', required: true },
        B: { typeName: 'FormB', typeRevision: '2', required: false },
        AssetCommonDetailsForm: { typeName: 'amazon.datazone.AssetCommonDetailsFormType', typeRevision: '6' },
      },
      'none',
    ],
    [
      'update when a form is added',
      { A: { typeName: 'FormA', typeRevision: '1', required: true } },
      'update',
    ],
    [
      'update when a type revision changes',
      {
        A: { typeName: 'FormA', typeRevision: '1', required: true },
        B: { typeName: 'FormB', typeRevision: '1', required: false },
      },
      'update',
    ],
  ] as const)('plans %s', (_name, existing, action) => {
    expect(planAssetTypeForms(existing, desired)).toEqual({ action });
  });

  it('refuses to drop or retype a form', () => {
    // Act
    const plan = planAssetTypeForms(
      {
        A: { typeName: 'Other', typeRevision: '1', required: true },
        B: { typeName: 'FormB', typeRevision: '2' },
        C: { typeName: 'FormC', typeRevision: '1' },
      },
      desired,
    );

    // Assess
    expect(plan).toEqual({
      action: 'refuse',
      reason: 'it would drop form(s) C; it would change the type of form(s) A (Other → FormA)',
    });
  });
});
