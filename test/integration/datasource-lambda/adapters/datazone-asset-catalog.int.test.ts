import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyTopicAssetType } from '../../../../asset-types/src/adapters/datazone-asset-type.ts';
import { topicAssetType } from '../../../../asset-types/src/definition.ts';
import { AssetTypeMissingError } from '../../../../asset-types/src/errors.ts';
import { encodeTopicAssetForms } from '../../../../asset-types/src/forms.ts';
import { AwsCallError, TransientAwsError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { DataZoneAssetCatalog } from '../../../../datasource-lambda/src/adapters/datazone-asset-catalog.ts';
import { AssetConflictError, AssetNotFoundError } from '../../../../datasource-lambda/src/errors.ts';
import type { AssetDraft } from '../../../../datasource-lambda/src/ports.ts';
import type { DataZoneState } from '../../../../local/src/services/datazone/state.ts';
import { calls, type DemoCloud, startDemoCloud } from '../../../support/demo-world.ts';

const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/abcd-1';
const definition = topicAssetType();

function draft(topic: string, extra: Partial<AssetDraft> = {}): AssetDraft {
  const topicArn = `arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/abcd-1/${topic}`;
  return {
    name: topic,
    description: `Kafka topic ${topic}`,
    typeIdentifier: definition.names.assetType,
    externalIdentifier: topicArn,
    formsInput: encodeTopicAssetForms(definition, {
      source: { cluster_arn: CLUSTER_ARN, cluster_type: 'PROVISIONED', topic_arn: topicArn },
      schema: { kafka_topic: topic },
      commonDetails: { sourceIdentifier: `kafka://b-1.example:9098/${topic}` },
    }),
    ...extra,
  };
}

describe('DataZoneAssetCatalog', () => {
  let demo: DemoCloud;
  let catalog: DataZoneAssetCatalog;
  const log = new MemoryLog();
  let tokens = 0;
  const token = () => {
    tokens += 1;
    return `token-${tokens}`;
  };

  beforeAll(async () => {
    demo = await startDemoCloud();
    catalog = new DataZoneAssetCatalog({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      definition,
      log,
    });
  });
  afterAll(() => demo.local.close());
  afterEach(() => {
    demo.local.cloud.faults.configure({});
    demo.local.cloud.resetCallCounts();
  });

  it('throws AssetTypeMissingError naming the asset type, the form types and the command when they are missing', async () => {
    // Act
    const result = catalog.verifyAssetType();

    // Assess
    await expect(result).rejects.toThrow(AssetTypeMissingError);
    await expect(result).rejects.toThrow(/asset type MskTopicAssetType/);
    await expect(result).rejects.toThrow(/form type MskSourceReferenceFormType/);
    await expect(result).rejects.toThrow(/form type KafkaTopicFormType/);
    await expect(result).rejects.toThrow(/streamgov asset-type apply/);
  });

  it('verifies the asset type once it is applied', async () => {
    // Prepare
    await applyTopicAssetType({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      definition,
      log,
    });

    // Act & Assess
    await expect(catalog.verifyAssetType()).resolves.toBeUndefined();
  });

  it('creates an asset and reads it back with its forms', async () => {
    // Act
    const created = await catalog.createAsset(draft('orders'), token());
    const asset = await catalog.getAsset(created.assetId);

    // Assess
    expect(created.revision).toBe('1');
    expect(asset).toMatchObject({
      assetId: created.assetId,
      revision: '1',
      name: 'orders',
      description: 'Kafka topic orders',
      externalIdentifier: draft('orders').externalIdentifier,
    });
    expect(asset?.forms.map((f) => f.formName).sort()).toEqual(
      draft('orders')
        .formsInput.map((f) => f.formName)
        .sort(),
    );
    const source = asset?.forms.find((f) => f.formName === 'MskSourceReferenceFormType');
    expect(JSON.parse(source?.content ?? '{}')).toMatchObject({ cluster_arn: CLUSTER_ARN });
  });

  it('returns the same asset when CreateAsset is retried with the same client token', async () => {
    // Act
    const first = await catalog.createAsset(draft('retried'), 'same-token');
    const second = await catalog.createAsset(draft('retried'), 'same-token');

    // Assess
    expect(second).toEqual(first);
  });

  it('throws AssetConflictError when an asset with the externalIdentifier exists', async () => {
    // Prepare
    await catalog.createAsset(draft('payments'), token());

    // Act
    const result = catalog.createAsset(draft('payments'), token());

    // Assess
    await expect(result).rejects.toThrow(AssetConflictError);
    await expect(result).rejects.toThrow(/payments/);
  });

  it('creates a revision, and throws AssetNotFoundError for an asset that is gone', async () => {
    // Prepare
    const { assetId } = await catalog.createAsset(draft('shipments'), token());

    // Act
    const { revision } = await catalog.createRevision(
      assetId,
      draft('shipments', { description: 'changed' }),
      token(),
    );

    // Assess
    expect(revision).toBe('2');
    expect((await catalog.getAsset(assetId))?.description).toBe('changed');
    await expect(catalog.createRevision('missing-asset', draft('shipments'), token())).rejects.toThrow(
      AssetNotFoundError,
    );
  });

  it('finds an asset by externalIdentifier, with its forms; undefined when there is none', async () => {
    // Prepare
    const { assetId } = await catalog.createAsset(draft('audit-log'), token());

    // Act
    const found = await catalog.findByExternalIdentifier(draft('audit-log').externalIdentifier);
    const missing = await catalog.findByExternalIdentifier(draft('no-such-topic').externalIdentifier);

    // Assess
    expect(found?.assetId).toBe(assetId);
    expect(found?.forms.length).toBeGreaterThan(0);
    expect(missing).toBeUndefined();
  });

  it('picks the oldest asset, then the smallest id, among duplicates found over two pages', async () => {
    // Prepare: DataZone keeps externalIdentifier unique; duplicates are injected into the state directly
    const { assetId } = await catalog.createAsset(draft('duplicated'), token());
    const state = demo.local.cloud.stateOf<DataZoneState>('datazone', '111111111111', 'eu-west-1');
    const domain = state.domains[demo.domainId];
    const original = domain?.assets[assetId];
    if (!domain || !original) throw new Error('asset not in state');
    for (let i = 0; i < 30; i += 1) {
      const id = `dup-${String(i).padStart(2, '0')}`;
      domain.assets[id] = {
        ...structuredClone(original),
        id,
        firstRevisionCreatedAt: '2020-01-01T00:00:00.000Z',
        seq: 100_000 - i,
      };
    }
    demo.local.cloud.resetCallCounts();

    // Act
    const found = await catalog.findByExternalIdentifier(draft('duplicated').externalIdentifier);

    // Assess
    expect(found?.assetId).toBe('dup-00');
    expect(calls(demo, 'datazone:Search')).toBe(2);
    expect(log.entries.some((e) => e.level === 'warn' && /same externalIdentifier/.test(e.message))).toBe(
      true,
    );
  });

  it('publishes a revision, and throws AssetNotFoundError for an unknown asset', async () => {
    // Prepare
    const { assetId, revision } = await catalog.createAsset(draft('published'), token());

    // Act
    await catalog.publish(assetId, revision);

    // Assess
    expect(calls(demo, 'datazone:CreateListingChangeSet')).toBe(1);
    await expect(catalog.publish('missing-asset', '1')).rejects.toThrow(AssetNotFoundError);
  });

  it('deletes an asset, and deleting it again is not an error', async () => {
    // Prepare
    const { assetId } = await catalog.createAsset(draft('deleted'), token());

    // Act
    await catalog.deleteAsset(assetId);
    await catalog.deleteAsset(assetId);

    // Assess
    expect(await catalog.getAsset(assetId)).toBeUndefined();
  });

  it('throws TransientAwsError when DataZone throttles or fails, AwsCallError when it denies', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: {
        'datazone:CreateAsset': { rate: 1, code: 'ThrottlingException' },
        'datazone:Search': { rate: 1, code: 'InternalServerException' },
        'datazone:GetAsset': { rate: 1, code: 'AccessDeniedException' },
      },
    });

    // Act & Assess
    await expect(catalog.createAsset(draft('throttled'), token())).rejects.toThrow(TransientAwsError);
    await expect(catalog.findByExternalIdentifier('x')).rejects.toThrow(TransientAwsError);
    await expect(catalog.getAsset('any')).rejects.toThrow(AwsCallError);
  });
});
