import { describe, it } from 'vitest';
import { catalog, expectError } from './support.ts';

describe('DataZone asset and form type deletion', () => {
  it('deletes an unused asset type, then the form types it used', async () => {
    // Prepare
    const c = await catalog();
    const domainIdentifier = c.domainId;
    // Act
    await c.t.call('DeleteAssetType', { domainIdentifier, identifier: 'MskTopicAssetType' });
    await c.t.call('DeleteFormType', { domainIdentifier, formTypeIdentifier: 'MskSourceReferenceFormType' });
    // Assess
    await expectError(
      c.t.call('GetAssetType', { domainIdentifier, identifier: 'MskTopicAssetType' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('GetFormType', { domainIdentifier, formTypeIdentifier: 'MskSourceReferenceFormType' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('DeleteAssetType', { domainIdentifier, identifier: 'MskTopicAssetType' }),
      'ResourceNotFoundException',
      /Asset type MskTopicAssetType not found/,
    );
  });

  it('refuses to delete a form type an asset type uses, a system form type, or an asset type assets use', async () => {
    // Prepare
    const c = await catalog();
    const domainIdentifier = c.domainId;
    await c.t.call('CreateAsset', {
      domainIdentifier,
      name: 'orders',
      typeIdentifier: 'MskTopicAssetType',
      owningProjectIdentifier: c.producerProjectId,
      formsInput: [
        {
          formName: 'MskSourceReferenceFormType',
          content: JSON.stringify({ cluster_arn: 'arn:aws:kafka:eu-west-1:1:cluster/c/u' }),
        },
      ],
    });
    // Act & Assess
    await expectError(
      c.t.call('DeleteFormType', { domainIdentifier, formTypeIdentifier: 'KafkaSchemaFormType' }),
      'ConflictException',
      /asset type MskTopicAssetType uses it/,
    );
    await expectError(
      c.t.call('DeleteFormType', {
        domainIdentifier,
        formTypeIdentifier: 'amazon.datazone.RelationalTableFormType',
      }),
      'ValidationException',
      /System form type/,
    );
    await expectError(
      c.t.call('DeleteAssetType', { domainIdentifier, identifier: 'MskTopicAssetType' }),
      'ConflictException',
      /1 asset\(s\) use it/,
    );
  });
});
