import { describe, expect, it } from 'vitest';
import {
  type AssetTypeResourceEvent,
  assetTypePhysicalId,
  parseAssetTypePhysicalId,
  parseAssetTypeResourceProperties,
  planAssetTypeResourceEvent,
} from '../../../asset-types/src/asset-type-resource.ts';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';

const DOMAIN = 'dzd_abc123';
const PROJECT = 'prj123';
const props = (extra: Record<string, unknown> = {}) => ({
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
  DomainId: DOMAIN,
  OwningProjectId: PROJECT,
  ...extra,
});

describe('planAssetTypeResourceEvent', () => {
  it('applies on Create with the physical id <domainId>/<assetTypeName>', () => {
    // Act
    const plan = planAssetTypeResourceEvent({ RequestType: 'Create', ResourceProperties: props() });

    // Assess
    expect(plan).toEqual({
      kind: 'apply',
      properties: { domainId: DOMAIN, owningProjectId: PROJECT, names: DEFAULT_NAMES },
      physicalResourceId: `${DOMAIN}/MskTopicAssetType`,
    });
  });

  it('applies on Update in place when the domain and asset type name stay', () => {
    // Act
    const plan = planAssetTypeResourceEvent({
      RequestType: 'Update',
      ResourceProperties: props({ AssetTypeNames: JSON.stringify({ kafkaTopicForm: 'TopicForm' }) }),
      OldResourceProperties: props(),
      PhysicalResourceId: `${DOMAIN}/MskTopicAssetType`,
    });

    // Assess
    expect(plan).toMatchObject({ kind: 'apply', physicalResourceId: `${DOMAIN}/MskTopicAssetType` });
    expect(plan).not.toHaveProperty('replaces');
    expect(plan.kind === 'apply' && plan.properties.names.kafkaTopicForm).toBe('TopicForm');
  });

  it.each([
    ['DomainId', props({ DomainId: 'dzd_other' }), 'dzd_other/MskTopicAssetType'],
    [
      'the asset type name',
      props({ AssetTypeNames: JSON.stringify({ assetType: 'TopicType' }) }),
      `${DOMAIN}/TopicType`,
    ],
  ])('replaces the resource on Update when %s changes', (_what, resourceProperties, newId) => {
    // Act
    const plan = planAssetTypeResourceEvent({
      RequestType: 'Update',
      ResourceProperties: resourceProperties,
      PhysicalResourceId: `${DOMAIN}/MskTopicAssetType`,
    });

    // Assess
    expect(plan).toMatchObject({
      kind: 'apply',
      physicalResourceId: newId,
      replaces: `${DOMAIN}/MskTopicAssetType`,
    });
  });

  it('deletes the domain and asset type of the physical id, with the form names of the properties', () => {
    // Act
    const plan = planAssetTypeResourceEvent({
      RequestType: 'Delete',
      ResourceProperties: props({
        DomainId: 'dzd_new',
        AssetTypeNames: JSON.stringify({ assetType: 'NewType', kafkaSchemaForm: 'SchemaForm' }),
      }),
      PhysicalResourceId: `${DOMAIN}/OldType`,
    });

    // Assess
    expect(plan).toEqual({
      kind: 'delete',
      domainId: DOMAIN,
      names: { ...DEFAULT_NAMES, assetType: 'OldType', kafkaSchemaForm: 'SchemaForm' },
      physicalResourceId: `${DOMAIN}/OldType`,
    });
  });

  it.each([
    'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    'not-a-domain/MskTopicAssetType',
    `${DOMAIN}/Bad.Name`,
    `${DOMAIN}/A/B`,
  ])('skips Delete for a physical id it did not issue (%s)', (physicalResourceId) => {
    // Act
    const plan = planAssetTypeResourceEvent({
      RequestType: 'Delete',
      ResourceProperties: props(),
      PhysicalResourceId: physicalResourceId,
    });

    // Assess
    expect(plan).toMatchObject({ kind: 'skip', physicalResourceId });
  });

  it('throws InvalidInputError for an unknown RequestType', () => {
    const event = {
      RequestType: 'Rollback',
      ResourceProperties: props(),
    } as unknown as AssetTypeResourceEvent;
    expect(() => planAssetTypeResourceEvent(event)).toThrow(/RequestType/);
  });

  it('throws InvalidInputError for invalid properties on Create', () => {
    expect(() =>
      planAssetTypeResourceEvent({ RequestType: 'Create', ResourceProperties: props({ DomainId: 'x' }) }),
    ).toThrow(InvalidInputError);
  });
});

describe('parseAssetTypeResourceProperties', () => {
  it.each([
    ['DomainId is missing', { OwningProjectId: PROJECT }, /Invalid DomainId/],
    ['DomainId is malformed', props({ DomainId: 'domain-1' }), /Invalid DomainId "domain-1"/],
    ['OwningProjectId is malformed', props({ OwningProjectId: 'a b' }), /Invalid OwningProjectId/],
    ['AssetTypeNames is not JSON', props({ AssetTypeNames: '{' }), /AssetTypeNames .*is not JSON/],
    ['AssetTypeNames is not an object', props({ AssetTypeNames: '[]' }), /must be a JSON object/],
    [
      'AssetTypeNames is not a string',
      props({ AssetTypeNames: { assetType: 'X' } }),
      /must be a JSON string/,
    ],
    ['AssetTypeNames has an unknown key', props({ AssetTypeNames: '{"asset":"X"}' }), /unknown keys asset/],
    [
      'a name has a dot',
      props({ AssetTypeNames: '{"assetType":"My.Type"}' }),
      /Invalid AssetTypeNames.assetType "My.Type"/,
    ],
    ['a property is unknown', props({ Domain: 'x' }), /unknown properties/],
  ])('throws InvalidInputError when %s', (_what, properties, message) => {
    expect(() => parseAssetTypeResourceProperties(properties)).toThrow(InvalidInputError);
    expect(() => parseAssetTypeResourceProperties(properties)).toThrow(message);
  });

  it('merges partial names with the defaults', () => {
    // Act
    const parsed = parseAssetTypeResourceProperties(
      props({ AssetTypeNames: '{"kafkaSchemaForm":"Schema_Form"}' }),
    );

    // Assess
    expect(parsed.names).toEqual({ ...DEFAULT_NAMES, kafkaSchemaForm: 'Schema_Form' });
  });
});

describe('assetTypePhysicalId', () => {
  it('round-trips through parseAssetTypePhysicalId', () => {
    expect(parseAssetTypePhysicalId(assetTypePhysicalId(DOMAIN, 'MskTopicAssetType'))).toEqual({
      domainId: DOMAIN,
      assetTypeName: 'MskTopicAssetType',
    });
  });
});
