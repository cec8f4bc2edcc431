import type { Column } from './columns/types.ts';
import {
  type FieldDefinition,
  type FormTypeDefinition,
  SYSTEM_FORMS,
  type TopicAssetTypeDefinition,
} from './definition.ts';
import { FormContentError } from './errors.ts';

export interface MskSourceReferenceForm {
  readonly cluster_arn: string;
  readonly cluster_type: string;
  readonly cluster_name?: string;
  readonly region?: string;
  readonly account_id?: string;
  readonly bootstrap_brokers?: string;
  readonly topic_arn?: string;
}

export interface KafkaSchemaForm {
  readonly kafka_topic: string;
  readonly schema_version?: number;
  readonly schema_arn?: string;
  readonly registry_arn?: string;
  readonly compatibility_mode?: string;
  readonly data_format?: string;
  readonly key_schema_arn?: string;
  readonly key_schema_version?: number;
  readonly key_data_format?: string;
  readonly schema_parse_error?: string;
}

export interface KafkaTopicForm {
  readonly partitions?: number;
  readonly replication_factor?: number;
  readonly retention_ms?: number;
  readonly cleanup_policy?: string;
}

export interface RelationalTableForm {
  readonly tableName: string;
  readonly columns: readonly Column[];
}

export interface CommonDetailsForm {
  readonly sourceIdentifier: string;
}

/** Every form of a topic asset, typed. */
export interface TopicAssetForms {
  readonly source: MskSourceReferenceForm;
  readonly schema: KafkaSchemaForm;
  readonly topic?: KafkaTopicForm;
  readonly table?: RelationalTableForm;
  readonly commonDetails: CommonDetailsForm;
}

/** One item of CreateAsset / CreateAssetRevision `formsInput`. */
export interface FormInput {
  readonly formName: string;
  readonly typeIdentifier: string;
  readonly content: string;
}

/** JSON with keys in a fixed order and no undefined members, so equal forms give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function checkField(form: string, field: FieldDefinition, value: unknown): string | undefined {
  if (value === undefined || value === null)
    return field.required ? `${form}.${field.name} is required` : undefined;
  const ok =
    field.type === 'String'
      ? typeof value === 'string'
      : field.type === 'Boolean'
        ? typeof value === 'boolean'
        : field.type === 'Timestamp'
          ? typeof value === 'number' || typeof value === 'string'
          : typeof value === 'number' && Number.isInteger(value);
  return ok ? undefined : `${form}.${field.name} must be ${field.type}, got ${JSON.stringify(value)}`;
}

/**
 * Checks `content` against a form type definition.
 * @throws FormContentError naming every missing or mistyped field.
 */
export function checkFormContent(
  formType: FormTypeDefinition,
  content: unknown,
  formName = formType.name,
): void {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new FormContentError(`${formName} content must be a JSON object, got ${JSON.stringify(content)}`);
  }
  const record = content as Record<string, unknown>;
  const problems = formType.fields
    .map((f) => checkField(formName, f, record[f.name]))
    .filter((p) => p !== undefined);
  if (problems.length > 0) throw new FormContentError(problems.join('; '), { context: { formName } });
}

function formType(definition: TopicAssetTypeDefinition, name: string): FormTypeDefinition {
  const found = definition.formTypes.find((f) => f.name === name);
  if (!found) throw new FormContentError(`no form type ${name} in the topic asset type definition`);
  return found;
}

/** The `formsInput` of a topic asset, validated against the definition; stable order and key order. */
export function encodeTopicAssetForms(
  definition: TopicAssetTypeDefinition,
  forms: TopicAssetForms,
): FormInput[] {
  const { names } = definition;
  const custom: [string, object | undefined][] = [
    [names.mskSourceReferenceForm, forms.source],
    [names.kafkaSchemaForm, forms.schema],
    [names.kafkaTopicForm, forms.topic],
  ];
  const inputs: FormInput[] = [];
  for (const [name, content] of custom) {
    if (content === undefined) continue;
    checkFormContent(formType(definition, name), content);
    inputs.push({ formName: name, typeIdentifier: name, content: canonicalJson(content) });
  }
  if (forms.table) {
    inputs.push({
      formName: SYSTEM_FORMS.relationalTable.formName,
      typeIdentifier: SYSTEM_FORMS.relationalTable.typeName,
      content: canonicalJson(forms.table),
    });
  }
  inputs.push({
    formName: SYSTEM_FORMS.commonDetails.formName,
    typeIdentifier: SYSTEM_FORMS.commonDetails.typeName,
    content: canonicalJson(forms.commonDetails),
  });
  return inputs;
}

function parseMaybeJson(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new FormContentError(`form ${name} is a string that is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Parses the `forms` of a listing (GetListing `item.assetListing.forms`, SearchListings
 * `additionalAttributes.forms`): a JSON object keyed by form name whose values are objects or, as some
 * domains answer, JSON-encoded strings. Both shapes give the same result; keys that are not form names
 * (flattened `Form.field` keys, internal `__` keys) are ignored.
 */
export function parseListingForms(forms: string | undefined): Record<string, Record<string, unknown>> {
  if (!forms) return {};
  const outer = parseMaybeJson('forms', forms);
  if (typeof outer !== 'object' || outer === null || Array.isArray(outer)) {
    throw new FormContentError(
      `listing forms must be a JSON object, got ${JSON.stringify(outer).slice(0, 80)}`,
    );
  }
  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(outer)) {
    if (name.includes('.') || name.startsWith('__')) continue;
    const parsed = parseMaybeJson(name, value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      result[name] = parsed as Record<string, unknown>;
  }
  return result;
}

/**
 * The typed forms of a topic asset, from forms keyed by form name (a listing or an asset's formsOutput).
 * @throws FormContentError naming the missing form or the invalid fields.
 */
export function decodeTopicAssetForms(
  definition: TopicAssetTypeDefinition,
  byName: Readonly<Record<string, Record<string, unknown>>>,
): TopicAssetForms {
  const { names } = definition;
  const required = (name: string) => {
    const content = byName[name];
    if (!content)
      throw new FormContentError(`the asset has no ${name} form`, { context: { formName: name } });
    checkFormContent(formType(definition, name), content);
    return content;
  };
  const source = required(names.mskSourceReferenceForm) as unknown as MskSourceReferenceForm;
  const schema = required(names.kafkaSchemaForm) as unknown as KafkaSchemaForm;
  const topicContent = byName[names.kafkaTopicForm];
  if (topicContent) checkFormContent(formType(definition, names.kafkaTopicForm), topicContent);
  const common = byName[SYSTEM_FORMS.commonDetails.formName];
  if (typeof common?.sourceIdentifier !== 'string') {
    throw new FormContentError(`the asset has no ${SYSTEM_FORMS.commonDetails.formName}.sourceIdentifier`);
  }
  const table = byName[SYSTEM_FORMS.relationalTable.formName];
  return {
    source,
    schema,
    ...(topicContent ? { topic: topicContent as KafkaTopicForm } : {}),
    ...(table ? { table: table as unknown as RelationalTableForm } : {}),
    commonDetails: { sourceIdentifier: common.sourceIdentifier },
  };
}

/** Forms keyed by name from an asset's `formsOutput` list (`content` is a JSON string). */
export function formsByName(
  formsOutput: readonly { formName?: string; content?: string }[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const form of formsOutput) {
    if (!form.formName || !form.content) continue;
    const parsed = parseMaybeJson(form.formName, form.content);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      out[form.formName] = parsed as Record<string, unknown>;
  }
  return out;
}
