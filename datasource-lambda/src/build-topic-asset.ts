/**
 * Builds the DataZone asset of one topic from what MSK and the Glue Schema Registry say about it. Pure.
 */

import type { Column } from '../../asset-types/src/columns/index.ts';
import { tryColumns } from '../../asset-types/src/columns/index.ts';
import type { TopicAssetTypeDefinition } from '../../asset-types/src/definition.ts';
import {
  canonicalJson,
  encodeTopicAssetForms,
  type KafkaSchemaForm,
  type KafkaTopicForm,
  type RelationalTableForm,
} from '../../asset-types/src/forms.ts';
import { canonicalEndpoint, topicIdentity } from '../../asset-types/src/topic-identity.ts';
import { formatGlueRegistryArn, parseGlueSchemaArn } from '../../common/src/arns.ts';
import { CatalogSyncError } from './errors.ts';
import type { AssetDraft, ClusterInfo, SchemaVersion, TopicDetails } from './ports.ts';

/** DataZone's limit on one form's `content`, in characters. */
export const MAX_FORM_CONTENT_LENGTH = 300_000;
/** Longest parse error kept on an asset (the full message is in the run summary). */
const MAX_ERROR_LENGTH = 2_000;

export interface TopicAssetInput {
  readonly definition: TopicAssetTypeDefinition;
  readonly cluster: ClusterInfo;
  readonly topic: TopicDetails;
  /** The latest version of the value schema, when the topic has one (and it was read). */
  readonly value?: SchemaVersion;
  /** The latest version of the key schema, when the topic has one (and it was read). */
  readonly key?: SchemaVersion;
  /**
   * The registry's ARN for KafkaSchemaForm.registry_arn.
   * @default derived from the value (else key) schema's ARN
   */
  readonly registryArn?: string;
  /** @default MAX_FORM_CONTENT_LENGTH */
  readonly maxFormLength?: number;
}

/** A value schema that could not be turned into columns. */
export interface TopicParseError {
  /** `<registry>/<schema>`. */
  readonly schema: string;
  readonly error: string;
}

export interface TopicAssetResult {
  readonly draft: AssetDraft;
  readonly parseError?: TopicParseError;
  /** Things a person should know (columns truncated, a setting MSK reported that is not a number). */
  readonly notes: readonly string[];
}

/** The registry ARN of a schema ARN (`…:schema/<registry>/<schema>` → `…:registry/<registry>`). */
export function registryArnOfSchema(schemaArn: string): string {
  return formatGlueRegistryArn(parseGlueSchemaArn(schemaArn));
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The most leading columns whose table form fits in `max` characters (binary search: size grows with k). */
function fitColumns(tableName: string, columns: readonly Column[], max: number): number {
  const size = (k: number) => canonicalJson({ tableName, columns: columns.slice(0, k) }).length;
  if (size(columns.length) <= max) return columns.length;
  let low = 0;
  let high = columns.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (size(mid) <= max) low = mid;
    else high = mid - 1;
  }
  return low;
}

function topicForm(topic: TopicDetails, notes: string[]): KafkaTopicForm | undefined {
  const retention = topic.configs['retention.ms'];
  let retentionMs: number | undefined;
  if (retention !== undefined) {
    const parsed = /^-?\d+$/.test(retention.trim()) ? Number(retention.trim()) : Number.NaN;
    if (Number.isSafeInteger(parsed)) retentionMs = parsed;
    else notes.push(`retention.ms of topic ${topic.name} is not an integer: ${JSON.stringify(retention)}`);
  }
  const form: KafkaTopicForm = {
    ...(topic.partitions === undefined ? {} : { partitions: topic.partitions }),
    ...(topic.replicationFactor === undefined ? {} : { replication_factor: topic.replicationFactor }),
    ...(retentionMs === undefined ? {} : { retention_ms: retentionMs }),
    ...(topic.configs['cleanup.policy'] === undefined
      ? {}
      : { cleanup_policy: topic.configs['cleanup.policy'] }),
  };
  return Object.keys(form).length > 0 ? form : undefined;
}

/**
 * The asset draft of one topic: its name is the topic, its externalIdentifier the topic ARN, its forms
 * the cluster reference, the schemas, the topic settings, the value schema's columns and the lineage
 * sourceIdentifier. A value schema that does not parse still yields an asset, with the error in
 * KafkaSchemaForm.schema_parse_error and in the result. Columns are truncated (with a note on the asset
 * and in the result) when the table form would exceed DataZone's per-form limit.
 *
 * @throws InvalidInputError when the cluster ARN, the topic name or the brokers are malformed.
 * @throws FormContentError when a form does not match its form type.
 * @throws CatalogSyncError when a form still exceeds the per-form limit.
 */
export function buildTopicAsset(input: TopicAssetInput): TopicAssetResult {
  const { definition, cluster, topic, value, key } = input;
  const maxForm = input.maxFormLength ?? MAX_FORM_CONTENT_LENGTH;
  const notes: string[] = [];
  const identity = topicIdentity(cluster.arn, topic.name, canonicalEndpoint(cluster.brokers, cluster.arn));
  const schemaArn = value?.schemaArn ?? key?.schemaArn;
  const registryArn = input.registryArn ?? (schemaArn ? registryArnOfSchema(schemaArn) : undefined);

  let table: RelationalTableForm | undefined;
  let parseError: TopicParseError | undefined;
  let schemaNote: string | undefined;
  if (value) {
    const result = tryColumns(value.dataFormat, value.definition);
    if (result.ok) {
      const kept = fitColumns(topic.name, result.columns, maxForm);
      if (kept < result.columns.length) {
        schemaNote = `Columns truncated: ${kept} of ${result.columns.length} kept to stay within DataZone's ${maxForm}-character form limit.`;
        notes.push(`${topic.name}: ${schemaNote}`);
      }
      table = { tableName: topic.name, columns: result.columns.slice(0, kept) };
    } else {
      const message = result.error.message;
      parseError = { schema: `${value.registryName}/${value.schemaName}`, error: message };
      schemaNote = cap(message, MAX_ERROR_LENGTH);
    }
  }

  const schema: KafkaSchemaForm = {
    kafka_topic: topic.name,
    ...(registryArn ? { registry_arn: registryArn } : {}),
    ...(value
      ? {
          schema_arn: value.schemaArn,
          schema_version: value.versionNumber,
          compatibility_mode: value.compatibility,
          data_format: value.dataFormat,
        }
      : {}),
    ...(key
      ? {
          key_schema_arn: key.schemaArn,
          key_schema_version: key.versionNumber,
          key_data_format: key.dataFormat,
        }
      : {}),
    ...(schemaNote ? { schema_parse_error: schemaNote } : {}),
  };
  const topicSettings = topicForm(topic, notes);
  const formsInput = encodeTopicAssetForms(definition, {
    source: {
      cluster_arn: cluster.arn,
      cluster_type: cluster.type,
      cluster_name: cluster.name,
      region: identity.cluster.region,
      account_id: identity.cluster.account,
      ...(cluster.brokers.BootstrapBrokerStringSaslIam
        ? { bootstrap_brokers: cluster.brokers.BootstrapBrokerStringSaslIam }
        : {}),
      topic_arn: identity.topicArn,
    },
    schema,
    ...(topicSettings ? { topic: topicSettings } : {}),
    ...(table ? { table } : {}),
    commonDetails: { sourceIdentifier: identity.sourceIdentifier },
  });
  for (const form of formsInput) {
    if (form.content.length > maxForm) {
      throw new CatalogSyncError(
        `form ${form.formName} of topic ${topic.name} has ${form.content.length} characters, more than DataZone's ${maxForm}`,
        { context: { topic: topic.name, formName: form.formName } },
      );
    }
  }
  const draft: AssetDraft = {
    name: topic.name,
    description: `Kafka topic ${topic.name} on Amazon MSK cluster ${cluster.name} (${identity.cluster.region}, account ${identity.cluster.account}).`,
    typeIdentifier: definition.names.assetType,
    externalIdentifier: identity.topicArn,
    formsInput,
  };
  return { draft, ...(parseError ? { parseError } : {}), notes };
}
