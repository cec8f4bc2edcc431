import {
  CreateFormTypeCommand,
  GetAssetTypeCommand,
  GetFormTypeCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-datazone';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onAssetTypeResourceEvent } from '../../../asset-types/src/asset-type-resource.ts';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { renderSmithyModel } from '../../../asset-types/src/smithy.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { callsStartingWith, type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';

describe('onAssetTypeResourceEvent', () => {
  let demo: DemoCloud;
  const log = new MemoryLog();
  const deps = () => ({ client: demo.governance.dataZone(), log });
  const props = (extra: Record<string, unknown> = {}) => ({
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    DomainId: demo.domainId,
    OwningProjectId: demo.producerProjectId,
    ...extra,
  });

  beforeAll(async () => {
    demo = await startDemoCloud();
    // CloudFormation creates the form types (AWS::DataZone::FormType) before the custom resource runs.
    for (const form of topicAssetType().formTypes) {
      await demo.governance.dataZone().send(
        new CreateFormTypeCommand({
          domainIdentifier: demo.domainId,
          name: form.name,
          model: { smithy: renderSmithyModel(form) },
          owningProjectIdentifier: demo.producerProjectId,
          status: 'ENABLED',
        }),
      );
    }
    demo.local.cloud.resetCallCounts();
  });
  afterAll(() => demo.local.close());
  afterEach(() => demo.local.cloud.resetCallCounts());

  // The tests below build on each other, like a stack's lifecycle: create, update, replace, delete.
  it('creates the asset type on Create and returns its physical id and revision', async () => {
    // Act
    const response = await onAssetTypeResourceEvent(
      { RequestType: 'Create', ResourceProperties: props() },
      deps(),
    );

    // Assess
    expect(response).toEqual({
      PhysicalResourceId: `${demo.domainId}/MskTopicAssetType`,
      Data: { AssetTypeRevision: '1' },
    });
  });

  it('changes nothing on an Update without changes', async () => {
    // Act
    const response = await onAssetTypeResourceEvent(
      {
        RequestType: 'Update',
        ResourceProperties: props(),
        OldResourceProperties: props(),
        PhysicalResourceId: `${demo.domainId}/MskTopicAssetType`,
      },
      deps(),
    );

    // Assess
    expect(response.Data).toEqual({ AssetTypeRevision: '1' });
    expect(callsStartingWith(demo, 'datazone:Create')).toBe(0);
  });

  it('creates the renamed asset type under a new physical id on an Update that renames it', async () => {
    // Act
    const response = await onAssetTypeResourceEvent(
      {
        RequestType: 'Update',
        ResourceProperties: props({ AssetTypeNames: JSON.stringify({ assetType: 'KafkaTopicAssetType' }) }),
        OldResourceProperties: props(),
        PhysicalResourceId: `${demo.domainId}/MskTopicAssetType`,
      },
      deps(),
    );

    // Assess
    expect(response).toEqual({
      PhysicalResourceId: `${demo.domainId}/KafkaTopicAssetType`,
      Data: { AssetTypeRevision: '1' },
    });
    expect(callsStartingWith(demo, 'datazone:CreateFormType')).toBe(0);
    const renamed = await demo.governance
      .dataZone()
      .send(new GetAssetTypeCommand({ domainIdentifier: demo.domainId, identifier: 'KafkaTopicAssetType' }));
    expect(renamed.revision).toBe('1');
  });

  it('throws InvalidInputError on a Create with a malformed DomainId, writing nothing', async () => {
    // Act
    const result = onAssetTypeResourceEvent(
      { RequestType: 'Create', ResourceProperties: props({ DomainId: 'domain' }) },
      deps(),
    );

    // Assess
    await expect(result).rejects.toThrow(InvalidInputError);
    expect(callsStartingWith(demo, 'datazone:')).toBe(0);
  });

  it('skips a Delete for the Provider framework marker of a failed Create', async () => {
    // Act
    const response = await onAssetTypeResourceEvent(
      {
        RequestType: 'Delete',
        ResourceProperties: props(),
        PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
      },
      deps(),
    );

    // Assess
    expect(response.PhysicalResourceId).toBe('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');
    expect(callsStartingWith(demo, 'datazone:')).toBe(0);
  });

  it('deletes the replaced asset type on a Delete, keeping the form types its successor uses', async () => {
    // Act
    const result = await onAssetTypeResourceEvent(
      {
        RequestType: 'Delete',
        ResourceProperties: props(),
        PhysicalResourceId: `${demo.domainId}/MskTopicAssetType`,
      },
      deps(),
    );

    // Assess
    expect(result.PhysicalResourceId).toBe(`${demo.domainId}/MskTopicAssetType`);
    await expect(
      demo.governance
        .dataZone()
        .send(new GetAssetTypeCommand({ domainIdentifier: demo.domainId, identifier: 'MskTopicAssetType' })),
    ).rejects.toThrow(ResourceNotFoundException);
    await expect(
      demo.governance.dataZone().send(
        new GetFormTypeCommand({
          domainIdentifier: demo.domainId,
          formTypeIdentifier: 'KafkaSchemaFormType',
        }),
      ),
    ).resolves.toMatchObject({ name: 'KafkaSchemaFormType' });
  });
});
