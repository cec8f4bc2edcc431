import type { CreateFormTypeOutput, GetAssetTypeOutput, GetFormTypeOutput } from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import { catalog, expectError, MSK_FORM_MODEL } from './support.ts';

describe('DataZone form types', () => {
  it('creates revision 1, then a new revision for the same name, and gets either', async () => {
    const c = await catalog();
    const again = await c.t.call<CreateFormTypeOutput>('CreateFormType', {
      domainIdentifier: c.domainId,
      name: 'MskSourceReferenceFormType',
      model: { smithy: `${MSK_FORM_MODEL}\n` },
      owningProjectIdentifier: c.producerProjectId,
      description: 'v2',
    });
    expect(again).toMatchObject({
      name: 'MskSourceReferenceFormType',
      revision: '2',
      owningProjectId: c.producerProjectId,
    });
    const latest = await c.t.call<GetFormTypeOutput>('GetFormType', {
      domainIdentifier: c.domainId,
      formTypeIdentifier: 'MskSourceReferenceFormType',
    });
    expect(latest).toMatchObject({ revision: '2', description: 'v2', status: 'ENABLED' });
    const first = await c.t.call<GetFormTypeOutput>('GetFormType', {
      domainIdentifier: c.domainId,
      formTypeIdentifier: 'MskSourceReferenceFormType',
      revision: '1',
    });
    expect(first).toMatchObject({ revision: '1', model: { smithy: MSK_FORM_MODEL } });
  });

  it('has the system form types in every domain', async () => {
    const c = await catalog();
    for (const name of [
      'amazon.datazone.AssetCommonDetailsFormType',
      'amazon.datazone.RelationalTableFormType',
    ]) {
      const formType = await c.t.call<GetFormTypeOutput>('GetFormType', {
        domainIdentifier: c.domainId,
        formTypeIdentifier: name,
      });
      expect(formType.name).toBe(name);
      expect(formType.model?.smithy).toContain(`structure ${name.replace('amazon.datazone.', '')}`);
      expect(formType.revision).toMatch(/^\d+$/);
    }
  });

  it('rejects reserved names, models without the named structure and names owned by another project', async () => {
    const c = await catalog();
    const base = { domainIdentifier: c.domainId, owningProjectIdentifier: c.producerProjectId };
    await expectError(
      c.t.call('CreateFormType', {
        ...base,
        name: 'amazon.datazone.Mine',
        model: { smithy: 'structure Mine {}' },
      }),
      'ValidationException',
      /reserved/,
    );
    await expectError(
      c.t.call('CreateFormType', { ...base, name: 'Mine', model: { smithy: 'structure Other {}' } }),
      'ValidationException',
      /structure named Mine/,
    );
    await expectError(
      c.t.call('CreateFormType', { ...base, name: '9bad', model: { smithy: 'structure Mine {}' } }),
      'ValidationException',
      /name/,
    );
    await expectError(
      c.t.call('CreateFormType', {
        ...base,
        owningProjectIdentifier: c.consumerProjectId,
        name: 'MskSourceReferenceFormType',
        model: { smithy: MSK_FORM_MODEL },
      }),
      'ConflictException',
    );
    await expectError(
      c.t.call('GetFormType', { domainIdentifier: c.domainId, formTypeIdentifier: 'Missing' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('GetFormType', {
        domainIdentifier: c.domainId,
        formTypeIdentifier: 'MskSourceReferenceFormType',
        revision: '9',
      }),
      'ResourceNotFoundException',
    );
  });
});

describe('DataZone asset types', () => {
  it('adds AssetCommonDetailsForm to every asset type', async () => {
    const c = await catalog();
    const type = await c.t.call<GetAssetTypeOutput>('GetAssetType', {
      domainIdentifier: c.domainId,
      identifier: 'MskTopicAssetType',
    });
    expect(type.revision).toBe('1');
    expect(type.owningProjectId).toBe(c.producerProjectId);
    expect(type.formsOutput).toEqual({
      MskSourceReferenceFormType: {
        typeName: 'MskSourceReferenceFormType',
        typeRevision: '1',
        required: true,
      },
      KafkaSchemaFormType: { typeName: 'KafkaSchemaFormType', typeRevision: '1', required: false },
      RelationalTableFormType: {
        typeName: 'amazon.datazone.RelationalTableFormType',
        typeRevision: '1',
        required: false,
      },
      AssetCommonDetailsForm: {
        typeName: 'amazon.datazone.AssetCommonDetailsFormType',
        typeRevision: expect.any(String),
        required: false,
      },
    });
  });

  it('answers AWS’s error for an unknown form type revision', async () => {
    const c = await catalog();
    await expectError(
      c.t.call('CreateAssetType', {
        domainIdentifier: c.domainId,
        name: 'Other',
        owningProjectIdentifier: c.producerProjectId,
        formsInput: { X: { typeIdentifier: 'NonExistentFormType', typeRevision: '1' } },
      }),
      'ValidationException',
      `Object type Form#${c.domainId}#NonExistentFormType with version 1 not found`,
    );
    await expectError(
      c.t.call('CreateAssetType', {
        domainIdentifier: c.domainId,
        name: 'Other',
        owningProjectIdentifier: c.producerProjectId,
        formsInput: { X: { typeIdentifier: 'MskSourceReferenceFormType', typeRevision: '7' } },
      }),
      'ValidationException',
      'with version 7 not found',
    );
  });

  it('creates a new revision for the same name and project; another project gets ConflictException', async () => {
    const c = await catalog();
    const input = {
      domainIdentifier: c.domainId,
      name: 'MskTopicAssetType',
      owningProjectIdentifier: c.producerProjectId,
      formsInput: {
        MskSourceReferenceFormType: { typeIdentifier: 'MskSourceReferenceFormType', typeRevision: '1' },
      },
    };
    const second = await c.t.call<GetAssetTypeOutput>('CreateAssetType', input);
    expect(second.revision).toBe('2');
    const first = await c.t.call<GetAssetTypeOutput>('GetAssetType', {
      domainIdentifier: c.domainId,
      identifier: 'MskTopicAssetType',
      revision: '1',
    });
    expect(Object.keys(first.formsOutput ?? {})).toContain('KafkaSchemaFormType');
    await expectError(
      c.t.call('CreateAssetType', { ...input, owningProjectIdentifier: c.consumerProjectId }),
      'ConflictException',
    );
    await expectError(
      c.t.call('CreateAssetType', { ...input, name: 'Has.Dot' }),
      'ValidationException',
      /'\.'/,
    );
    await expectError(
      c.t.call('CreateAssetType', { ...input, formsInput: undefined }),
      'ValidationException',
      /formsInput/,
    );
    await expectError(
      c.t.call('GetAssetType', { domainIdentifier: c.domainId, identifier: 'Missing' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('GetAssetType', {
        domainIdentifier: c.domainId,
        identifier: 'MskTopicAssetType',
        revision: '5',
      }),
      'ResourceNotFoundException',
    );
  });
});
