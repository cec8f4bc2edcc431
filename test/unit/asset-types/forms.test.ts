import { describe, expect, it } from 'vitest';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { FormContentError } from '../../../asset-types/src/errors.ts';
import {
  canonicalJson,
  decodeTopicAssetForms,
  encodeTopicAssetForms,
  formsByName,
  parseListingForms,
  type TopicAssetForms,
} from '../../../asset-types/src/forms.ts';

const definition = topicAssetType();
const forms: TopicAssetForms = {
  source: {
    cluster_arn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/c/u-1',
    cluster_type: 'PROVISIONED',
    cluster_name: 'c',
  },
  schema: { kafka_topic: 'orders', schema_version: 2, data_format: 'AVRO' },
  topic: { partitions: 6, replication_factor: 3, retention_ms: 604800000, cleanup_policy: 'delete' },
  table: { tableName: 'orders', columns: [{ columnName: 'id', dataType: 'string' }] },
  commonDetails: { sourceIdentifier: 'kafka://b-1.c:9098/orders' },
};

describe('topic asset forms', () => {
  it('encodes every form with its type identifier, in a stable order', () => {
    const inputs = encodeTopicAssetForms(definition, forms);
    expect(inputs.map((f) => [f.formName, f.typeIdentifier])).toEqual([
      ['MskSourceReferenceFormType', 'MskSourceReferenceFormType'],
      ['KafkaSchemaFormType', 'KafkaSchemaFormType'],
      ['KafkaTopicFormType', 'KafkaTopicFormType'],
      ['RelationalTableFormType', 'amazon.datazone.RelationalTableFormType'],
      ['AssetCommonDetailsForm', 'amazon.datazone.AssetCommonDetailsFormType'],
    ]);
    expect(JSON.parse(inputs[1]?.content ?? '')).toEqual(forms.schema);
  });

  it('round-trips through an asset formsOutput', () => {
    const output = encodeTopicAssetForms(definition, forms).map(({ formName, content }) => ({
      formName,
      content,
    }));
    expect(decodeTopicAssetForms(definition, formsByName(output))).toEqual(forms);
  });

  it('throws FormContentError naming the form and field for invalid content', () => {
    const bad = {
      ...forms,
      schema: { kafka_topic: 7, schema_version: 'two' } as unknown as TopicAssetForms['schema'],
    };
    expect(() => encodeTopicAssetForms(definition, bad)).toThrow(FormContentError);
    expect(() => encodeTopicAssetForms(definition, bad)).toThrow(
      'KafkaSchemaFormType.kafka_topic must be String, got 7; KafkaSchemaFormType.schema_version must be Integer, got "two"',
    );
    expect(() => decodeTopicAssetForms(definition, {})).toThrow(
      'the asset has no MskSourceReferenceFormType form',
    );
  });

  it('reads listing forms whether values are objects or JSON strings, ignoring flattened keys', () => {
    const asObjects = JSON.stringify({
      KafkaSchemaFormType: { kafka_topic: 'orders' },
      'KafkaSchemaFormType.kafka_topic': 'orders',
    });
    const asStrings = JSON.stringify({
      KafkaSchemaFormType: JSON.stringify({ kafka_topic: 'orders' }),
      __DataZoneGlossaryTerms: [],
    });
    expect(parseListingForms(asObjects)).toEqual({ KafkaSchemaFormType: { kafka_topic: 'orders' } });
    expect(parseListingForms(asStrings)).toEqual(parseListingForms(asObjects));
    expect(() => parseListingForms('{"KafkaSchemaFormType": "{not json"}')).toThrow(
      /KafkaSchemaFormType is a string that is not JSON/,
    );
  });

  it('renders canonical JSON independent of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: undefined } })).toBe('{"a":{"d":2},"b":1}');
    expect(canonicalJson({ a: { d: 2 }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: 2 } }));
  });
});
