import { describe, expect, it } from 'vitest';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { FormContentError } from '../../../asset-types/src/errors.ts';
import { canonicalJson, formsByName } from '../../../asset-types/src/forms.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import {
  buildTopicAsset,
  MAX_FORM_CONTENT_LENGTH,
  registryArnOfSchema,
} from '../../../datasource-lambda/src/build-topic-asset.ts';
import { CatalogSyncError } from '../../../datasource-lambda/src/errors.ts';
import { avro, CLUSTER, topic, version } from './fixtures.ts';

const definition = topicAssetType();

describe('buildTopicAsset', () => {
  it('builds every form of a topic with value and key schemas', () => {
    // Act
    const { draft, notes, parseError } = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: topic('orders'),
      value: version('orders-value', avro(['id', 'amount']), { versionNumber: 3 }),
      key: version('orders-key', avro(['id'], 'Key'), { dataFormat: 'AVRO' }),
    });

    // Assess
    const forms = formsByName(draft.formsInput);
    expect(draft.name).toBe('orders');
    expect(draft.description).toContain('streaming-orders');
    expect(draft.typeIdentifier).toBe('MskTopicAssetType');
    expect(draft.externalIdentifier).toBe(
      'arn:aws:kafka:eu-west-1:222222222222:topic/streaming-orders/abcd1234-1/orders',
    );
    expect(forms.MskSourceReferenceFormType).toEqual({
      cluster_arn: CLUSTER.arn,
      cluster_type: 'PROVISIONED',
      cluster_name: 'streaming-orders',
      region: 'eu-west-1',
      account_id: '222222222222',
      bootstrap_brokers: CLUSTER.brokers.BootstrapBrokerStringSaslIam,
      topic_arn: draft.externalIdentifier,
    });
    expect(forms.KafkaSchemaFormType).toEqual({
      kafka_topic: 'orders',
      registry_arn: 'arn:aws:glue:eu-west-1:222222222222:registry/streaming',
      schema_arn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-value',
      schema_version: 3,
      compatibility_mode: 'BACKWARD',
      data_format: 'AVRO',
      key_schema_arn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-key',
      key_schema_version: 1,
      key_data_format: 'AVRO',
    });
    expect(forms.KafkaTopicFormType).toEqual({
      partitions: 6,
      replication_factor: 3,
      retention_ms: 604800000,
      cleanup_policy: 'delete',
    });
    expect(forms.RelationalTableFormType).toEqual({
      tableName: 'orders',
      columns: [
        { columnName: 'id', dataType: 'string', description: 'the id' },
        { columnName: 'amount', dataType: 'string', description: 'the amount' },
      ],
    });
    expect(forms.AssetCommonDetailsForm).toEqual({
      sourceIdentifier: 'kafka://b-1.orders.kafka.eu-west-1.amazonaws.com:9098/orders',
    });
    expect(notes).toEqual([]);
    expect(parseError).toBeUndefined();
  });

  it('builds an asset for a topic without schema, without table form', () => {
    // Act
    const { draft } = buildTopicAsset({ definition, cluster: CLUSTER, topic: topic('raw', { configs: {} }) });

    // Assess
    const forms = formsByName(draft.formsInput);
    expect(forms.KafkaSchemaFormType).toEqual({ kafka_topic: 'raw' });
    expect(forms.RelationalTableFormType).toBeUndefined();
    expect(forms.KafkaTopicFormType).toEqual({ partitions: 6, replication_factor: 3 });
  });

  it('omits the topic form when MSK reports no settings, and notes a retention that is not an integer', () => {
    // Act
    const bare = buildTopicAsset({ definition, cluster: CLUSTER, topic: { name: 'bare', configs: {} } });
    const odd = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: { name: 'odd', configs: { 'retention.ms': '1e9' } },
    });

    // Assess
    expect(formsByName(bare.draft.formsInput).KafkaTopicFormType).toBeUndefined();
    expect(formsByName(odd.draft.formsInput).KafkaTopicFormType).toBeUndefined();
    expect(odd.notes).toEqual(['retention.ms of topic odd is not an integer: "1e9"']);
  });

  it('keeps -1 (unlimited) retention as a number', () => {
    const { draft } = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: topic('forever', { configs: { 'retention.ms': '-1' } }),
    });
    expect(formsByName(draft.formsInput).KafkaTopicFormType?.retention_ms).toBe(-1);
  });

  it('records a schema that does not parse on the asset and in the result', () => {
    // Act
    const { draft, parseError } = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: topic('broken'),
      value: version('broken', '{"type": "record", "name": '),
    });

    // Assess
    const schemaForm = formsByName(draft.formsInput).KafkaSchemaFormType;
    expect(parseError?.schema).toBe('streaming/broken');
    expect(parseError?.error).toMatch(/Invalid AVRO schema/);
    expect(schemaForm?.schema_parse_error).toBe(parseError?.error);
    expect(schemaForm?.schema_arn).toContain('schema/streaming/broken');
    expect(formsByName(draft.formsInput).RelationalTableFormType).toBeUndefined();
  });

  it('truncates columns to stay within the 300,000-character form limit, with a note', () => {
    // Prepare: one named record referenced by 400 fields expands to far more than 300,000 characters
    const inner = {
      type: 'record',
      name: 'Wide',
      fields: Array.from({ length: 60 }, (_, i) => ({ name: `field_number_${i}`, type: 'string' })),
    };
    const fields = [
      { name: 'f0', type: inner },
      ...Array.from({ length: 399 }, (_, i) => ({ name: `f${i + 1}`, type: 'Wide' })),
    ];
    const definitionText = JSON.stringify({ type: 'record', name: 'Huge', fields });

    // Act
    const { draft, notes } = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: topic('huge'),
      value: version('huge', definitionText),
    });

    // Assess
    const table = draft.formsInput.find((f) => f.formName === 'RelationalTableFormType');
    const columns = (JSON.parse(table?.content ?? '{}') as { columns: unknown[] }).columns;
    expect(table?.content.length).toBeLessThanOrEqual(MAX_FORM_CONTENT_LENGTH);
    expect(columns.length).toBeGreaterThan(0);
    expect(columns.length).toBeLessThan(400);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(new RegExp(`${columns.length} of 400 kept`));
    expect(formsByName(draft.formsInput).KafkaSchemaFormType?.schema_parse_error).toMatch(
      /Columns truncated/,
    );
    for (const form of draft.formsInput)
      expect(form.content.length).toBeLessThanOrEqual(MAX_FORM_CONTENT_LENGTH);
  });

  it('keeps as many columns as fit a smaller limit, exactly', () => {
    // Prepare
    const names = Array.from({ length: 20 }, (_, i) => `column_${i}`);
    const limit = 600;

    // Act
    const { draft } = buildTopicAsset({
      definition,
      cluster: CLUSTER,
      topic: topic('t'),
      value: version('t', avro(names)),
      maxFormLength: limit,
    });

    // Assess
    const table = draft.formsInput.find((f) => f.formName === 'RelationalTableFormType');
    expect(table?.content.length).toBeLessThanOrEqual(limit);
    const kept = (JSON.parse(table?.content ?? '{}') as { columns: unknown[] }).columns.length;
    const oneMore = canonicalJson({
      tableName: 't',
      columns: names
        .slice(0, kept + 1)
        .map((c) => ({ columnName: c, dataType: 'string', description: `the ${c}` })),
    });
    expect(kept).toBeGreaterThan(0);
    expect(oneMore.length).toBeGreaterThan(limit);
  });

  it('throws CatalogSyncError when a form cannot be brought within the limit', () => {
    expect(() =>
      buildTopicAsset({ definition, cluster: CLUSTER, topic: topic('t'), maxFormLength: 50 }),
    ).toThrow(CatalogSyncError);
  });

  it('throws InvalidInputError for a malformed topic name or cluster without brokers', () => {
    expect(() => buildTopicAsset({ definition, cluster: CLUSTER, topic: topic('bad/name') })).toThrow(
      InvalidInputError,
    );
    expect(() =>
      buildTopicAsset({ definition, cluster: { ...CLUSTER, brokers: {} }, topic: topic('t') }),
    ).toThrow(InvalidInputError);
  });

  it('throws FormContentError when MSK reports a non-integer partition count', () => {
    expect(() =>
      buildTopicAsset({ definition, cluster: CLUSTER, topic: topic('t', { partitions: 1.5 }) }),
    ).toThrow(FormContentError);
  });

  it('takes the registry ARN from the input when no schema version was read', () => {
    const registryArn = registryArnOfSchema('arn:aws:glue:eu-west-1:222222222222:schema/streaming/t');
    const { draft } = buildTopicAsset({ definition, cluster: CLUSTER, topic: topic('t'), registryArn });
    expect(registryArn).toBe('arn:aws:glue:eu-west-1:222222222222:registry/streaming');
    expect(formsByName(draft.formsInput).KafkaSchemaFormType?.registry_arn).toBe(registryArn);
  });
});
