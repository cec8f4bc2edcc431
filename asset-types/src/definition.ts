/**
 * The one definition of the MSK topic asset type and its form types. The sync writes assets with it, the
 * grant workflow reads listings with it, lineage derives topic identity from it, infra creates it. Names
 * default to those of the open-source reference implementation so that existing catalogs keep working.
 */

export type FieldType = 'String' | 'Integer' | 'Long' | 'Boolean' | 'Timestamp';

export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly documentation: string;
  /** The field must be set on every asset of the type. */
  readonly required?: boolean;
  /** How DataZone indexes the field for search: semantic (default mode) or technical identifiers. */
  readonly searchable?: 'SEMANTIC' | 'TECHNICAL';
}

export interface FormTypeDefinition {
  readonly name: string;
  readonly description: string;
  readonly fields: readonly FieldDefinition[];
}

/** A form attached to the asset type: a custom form type of ours or a DataZone system form type. */
export interface AssetFormDefinition {
  /** The form's name on assets (and the key of the asset type's formsInput map). */
  readonly formName: string;
  /** The form type: one of ours (by name) or a system type such as amazon.datazone.RelationalTableFormType. */
  readonly typeName: string;
  readonly required: boolean;
  readonly system: boolean;
}

export interface TopicAssetTypeNames {
  readonly assetType: string;
  readonly mskSourceReferenceForm: string;
  readonly kafkaSchemaForm: string;
  readonly kafkaTopicForm: string;
}

export const DEFAULT_NAMES: TopicAssetTypeNames = {
  assetType: 'MskTopicAssetType',
  mskSourceReferenceForm: 'MskSourceReferenceFormType',
  kafkaSchemaForm: 'KafkaSchemaFormType',
  kafkaTopicForm: 'KafkaTopicFormType',
};

/** DataZone's system form types used by the topic asset type. */
export const SYSTEM_FORMS = {
  relationalTable: {
    formName: 'RelationalTableFormType',
    typeName: 'amazon.datazone.RelationalTableFormType',
  },
  commonDetails: {
    formName: 'AssetCommonDetailsForm',
    typeName: 'amazon.datazone.AssetCommonDetailsFormType',
  },
} as const;

export interface TopicAssetTypeDefinition {
  readonly names: TopicAssetTypeNames;
  readonly description: string;
  readonly formTypes: readonly FormTypeDefinition[];
  readonly forms: readonly AssetFormDefinition[];
}

const mskSourceReference = (name: string): FormTypeDefinition => ({
  name,
  description: 'Where the topic lives: the Amazon MSK cluster and how to reach it.',
  fields: [
    {
      name: 'cluster_arn',
      type: 'String',
      required: true,
      searchable: 'TECHNICAL',
      documentation: 'ARN of the MSK cluster.',
    },
    { name: 'cluster_type', type: 'String', required: true, documentation: 'PROVISIONED or SERVERLESS.' },
    {
      name: 'cluster_name',
      type: 'String',
      searchable: 'SEMANTIC',
      documentation: 'Name of the MSK cluster.',
    },
    { name: 'region', type: 'String', documentation: 'AWS Region of the cluster.' },
    { name: 'account_id', type: 'String', documentation: 'AWS account that owns the cluster.' },
    {
      name: 'bootstrap_brokers',
      type: 'String',
      documentation: 'Bootstrap brokers for IAM authentication (host:port list).',
    },
    {
      name: 'topic_arn',
      type: 'String',
      searchable: 'TECHNICAL',
      documentation: 'ARN of the Kafka topic (for IAM policies).',
    },
  ],
});

const kafkaSchema = (name: string): FormTypeDefinition => ({
  name,
  description: 'The topic and the AWS Glue Schema Registry schemas of its records.',
  fields: [
    {
      name: 'kafka_topic',
      type: 'String',
      required: true,
      searchable: 'SEMANTIC',
      documentation: 'Kafka topic name.',
    },
    { name: 'schema_version', type: 'Integer', documentation: 'Version number of the value schema.' },
    {
      name: 'schema_arn',
      type: 'String',
      searchable: 'TECHNICAL',
      documentation: 'ARN of the value schema.',
    },
    { name: 'registry_arn', type: 'String', documentation: 'ARN of the schema registry.' },
    { name: 'compatibility_mode', type: 'String', documentation: 'Compatibility mode of the value schema.' },
    { name: 'data_format', type: 'String', documentation: 'AVRO, JSON or PROTOBUF (value schema).' },
    {
      name: 'key_schema_arn',
      type: 'String',
      documentation: 'ARN of the key schema, when the topic has one.',
    },
    { name: 'key_schema_version', type: 'Integer', documentation: 'Version number of the key schema.' },
    { name: 'key_data_format', type: 'String', documentation: 'AVRO, JSON or PROTOBUF (key schema).' },
    {
      name: 'schema_parse_error',
      type: 'String',
      documentation: 'Why the schema could not be turned into columns, if it could not.',
    },
  ],
});

const kafkaTopic = (name: string): FormTypeDefinition => ({
  name,
  description: 'Kafka topic settings as MSK reports them.',
  fields: [
    { name: 'partitions', type: 'Integer', documentation: 'Number of partitions.' },
    { name: 'replication_factor', type: 'Integer', documentation: 'Replication factor.' },
    { name: 'retention_ms', type: 'Long', documentation: 'retention.ms (-1 = unlimited).' },
    { name: 'cleanup_policy', type: 'String', documentation: 'cleanup.policy (delete, compact or both).' },
  ],
});

/** The topic asset type with the given (or the default, reference-compatible) names. */
export function topicAssetType(names: TopicAssetTypeNames = DEFAULT_NAMES): TopicAssetTypeDefinition {
  const custom = [
    mskSourceReference(names.mskSourceReferenceForm),
    kafkaSchema(names.kafkaSchemaForm),
    kafkaTopic(names.kafkaTopicForm),
  ];
  return {
    names,
    description: 'A Kafka topic on Amazon MSK, with its AWS Glue Schema Registry schema as columns.',
    formTypes: custom,
    forms: [
      {
        formName: names.mskSourceReferenceForm,
        typeName: names.mskSourceReferenceForm,
        required: true,
        system: false,
      },
      { formName: names.kafkaSchemaForm, typeName: names.kafkaSchemaForm, required: true, system: false },
      { formName: names.kafkaTopicForm, typeName: names.kafkaTopicForm, required: false, system: false },
      { ...SYSTEM_FORMS.relationalTable, required: false, system: true },
    ],
  };
}
