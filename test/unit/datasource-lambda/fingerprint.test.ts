import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { buildTopicAsset } from '../../../datasource-lambda/src/build-topic-asset.ts';
import {
  combineFingerprint,
  draftContent,
  fingerprintAsset,
  fingerprintDraft,
  fingerprintParts,
} from '../../../datasource-lambda/src/fingerprint.ts';
import type { AssetDraft, CatalogAsset } from '../../../datasource-lambda/src/ports.ts';
import { avro, CLUSTER, topic, version } from './fixtures.ts';

const definition = topicAssetType();

function draftOf(overrides: { fields?: string[]; key?: boolean; partitions?: number } = {}): AssetDraft {
  return buildTopicAsset({
    definition,
    cluster: CLUSTER,
    topic: topic('orders', { partitions: overrides.partitions ?? 6 }),
    value: version('orders-value', avro(overrides.fields ?? ['id', 'amount'])),
    ...(overrides.key ? { key: version('orders-key', avro(['id'], 'Key')) } : {}),
  }).draft;
}

function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reorder(v)]),
  );
}

/** The draft as DataZone would hold it: other key order, other form order, nulls, an extra form. */
function asCatalogAsset(draft: AssetDraft): CatalogAsset {
  return {
    assetId: 'a1',
    revision: '4',
    name: draft.name,
    description: draft.description,
    externalIdentifier: draft.externalIdentifier,
    forms: [
      { formName: 'SomeoneElsesForm', content: '{"x":1}' },
      ...[...draft.formsInput].reverse().map((f) => {
        const parsed = reorder(JSON.parse(f.content)) as Record<string, unknown>;
        return { formName: f.formName, content: JSON.stringify({ ...parsed, absent: null }) };
      }),
    ],
  };
}

describe('fingerprint', () => {
  it('is a sha256 hex digest, equal for a draft and the asset DataZone holds for it', () => {
    // Prepare
    const draft = draftOf({ key: true });

    // Act
    const fromDraft = fingerprintDraft(draft, definition);
    const fromAsset = fingerprintAsset(asCatalogAsset(draft), definition);

    // Assess
    expect(fromDraft).toMatch(/^[0-9a-f]{64}$/);
    expect(fromAsset).toBe(fromDraft);
  });

  it.each([
    { change: 'a column', other: () => draftOf({ fields: ['id', 'amount', 'currency'] }) },
    { change: 'the partitions', other: () => draftOf({ partitions: 12 }) },
    { change: 'a key schema', other: () => draftOf({ key: true }) },
    { change: 'the description', other: () => ({ ...draftOf(), description: 'other' }) },
    { change: 'the name', other: () => ({ ...draftOf(), name: 'other' }) },
  ])('changes when $change changes', ({ other }) => {
    expect(fingerprintDraft(other(), definition)).not.toBe(fingerprintDraft(draftOf(), definition));
  });

  it('treats an absent description like an empty one', () => {
    const draft = { ...draftOf(), description: '' };
    const { description: _, ...rest } = asCatalogAsset(draft);
    expect(fingerprintAsset(rest, definition)).toBe(fingerprintDraft(draft, definition));
  });

  it('compares content that is not JSON verbatim', () => {
    const asset: CatalogAsset = {
      assetId: 'a',
      revision: '1',
      name: 'n',
      forms: [{ formName: 'KafkaTopicFormType', content: 'not json' }],
    };
    const changed = { ...asset, forms: [{ formName: 'KafkaTopicFormType', content: 'not json!' }] };
    expect(fingerprintAsset(asset, definition)).not.toBe(fingerprintAsset(changed, definition));
  });

  it('gives per-schema digests that stand in for a schema that was not read', () => {
    // Prepare: the full draft, and the same topic built without reading its schemas
    const full = draftOf({ key: true });
    const fullParts = fingerprintParts(draftContent(full), definition);
    const partial = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: topic('orders'),
      registryArn: 'arn:aws:glue:eu-west-1:222222222222:registry/streaming',
    }).draft;

    // Act
    const partialParts = fingerprintParts(draftContent(partial), definition);
    const combined = combineFingerprint({ base: partialParts.base, digests: fullParts.digests });

    // Assess
    expect(Object.keys(fullParts.digests).sort()).toEqual(['key', 'value']);
    expect(partialParts.digests).toEqual({});
    expect(combined).toBe(fingerprintDraft(full, definition));
  });

  it('changes only the value digest when only the value schema changes', () => {
    const a = fingerprintParts(draftContent(draftOf({ key: true })), definition);
    const b = fingerprintParts(draftContent(draftOf({ key: true, fields: ['id'] })), definition);
    expect(b.base).toBe(a.base);
    expect(b.digests.key).toBe(a.digests.key);
    expect(b.digests.value).not.toBe(a.digests.value);
  });

  it('does not depend on form order or key order (property)', () => {
    const draft = draftOf({ key: true });
    const expected = fingerprintDraft(draft, definition);
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...draft.formsInput], { minLength: draft.formsInput.length }),
        (forms) => {
          const shuffled = {
            ...draft,
            formsInput: forms.map((f) => ({ ...f, content: JSON.stringify(reorder(JSON.parse(f.content))) })),
          };
          return fingerprintDraft(shuffled, definition) === expected;
        },
      ),
    );
  });
});
