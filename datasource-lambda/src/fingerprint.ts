/**
 * Content fingerprints of topic assets. Pure.
 *
 * The fingerprint covers the asset's name, description and forms, canonicalised (key order, `null` and
 * absent members, form order do not matter), and it is computed the same way from an {@link AssetDraft}
 * (what the sync would write) and from a {@link CatalogAsset} (what DataZone holds), so that adoption
 * compares without writing.
 *
 * It is composed of parts so that an unchanged schema need not be re-read: the fields of the asset that
 * come from the value schema (its KafkaSchemaForm fields and the RelationalTableFormType columns) and from
 * the key schema each hash to a per-schema digest, stored in `IndexEntry.schemaStamps`; everything else
 * (cluster, topic settings, identity) forms the base. The fingerprint is the hash of the base and the
 * digests, so a stored digest can stand in for a schema that was not read.
 */

import { createHash } from 'node:crypto';
import { SYSTEM_FORMS, type TopicAssetTypeDefinition } from '../../asset-types/src/definition.ts';
import { canonicalJson } from '../../asset-types/src/forms.ts';
import { isJsonObject } from '../../common/src/json.ts';
import type { AssetDraft, CatalogAsset } from './ports.ts';
import type { SchemaRole } from './topic-mapping.ts';

/** Bumped when the composition changes, so that old and new fingerprints never compare equal by accident. */
const FINGERPRINT_VERSION = 1;

/** KafkaSchemaForm fields that come from the value schema. */
const VALUE_FIELDS = [
  'schema_version',
  'schema_arn',
  'compatibility_mode',
  'data_format',
  'schema_parse_error',
] as const;
/** KafkaSchemaForm fields that come from the key schema. */
const KEY_FIELDS = ['key_schema_arn', 'key_schema_version', 'key_data_format'] as const;

/** Per schema role, the digest of what that schema contributes to the asset. */
export type SchemaDigests = Partial<Record<SchemaRole, string>>;

/** The parts a fingerprint is made of. */
export interface FingerprintParts {
  /** Hash of everything that does not come from a schema. */
  readonly base: string;
  readonly digests: SchemaDigests;
}

/** The content of an asset as the fingerprint sees it. */
export interface AssetContent {
  readonly name: string;
  readonly description?: string;
  readonly forms: readonly { readonly formName: string; readonly content: string }[];
}

/** SHA-256 of `text`, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A JSON value without `null` members (DataZone may answer `null` where the sync wrote nothing). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function parseContent(content: string): unknown {
  try {
    return withoutNulls(JSON.parse(content));
  } catch {
    // Content that is not JSON (never written by the sync) is compared verbatim.
    return content;
  }
}

function pick(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]));
}

/** The forms of the topic asset type (ours and the system ones), by form name. */
function knownForms(definition: TopicAssetTypeDefinition): Set<string> {
  return new Set([...definition.forms.map((f) => f.formName), SYSTEM_FORMS.commonDetails.formName]);
}

/**
 * Splits an asset's content into its base and per-schema digests. Forms that are not part of the topic
 * asset type (added by DataZone or by hand) are ignored.
 */
export function fingerprintParts(
  content: AssetContent,
  definition: TopicAssetTypeDefinition,
): FingerprintParts {
  const known = knownForms(definition);
  const schemaFormName = definition.names.kafkaSchemaForm;
  const tableFormName = SYSTEM_FORMS.relationalTable.formName;
  const base: Record<string, unknown> = {};
  let schemaForm: Record<string, unknown> = {};
  let table: unknown;
  for (const form of content.forms) {
    if (!known.has(form.formName)) continue;
    const parsed = parseContent(form.content);
    if (form.formName === tableFormName) {
      table = parsed;
    } else if (form.formName === schemaFormName && isJsonObject(parsed)) {
      schemaForm = parsed;
      const rest = { ...parsed };
      for (const f of [...VALUE_FIELDS, ...KEY_FIELDS]) delete rest[f];
      base[form.formName] = rest;
    } else {
      base[form.formName] = parsed;
    }
  }
  const valuePart = { fields: pick(schemaForm, VALUE_FIELDS), ...(table === undefined ? {} : { table }) };
  const keyPart = pick(schemaForm, KEY_FIELDS);
  const digests: SchemaDigests = {
    ...(Object.keys(valuePart.fields).length > 0 || table !== undefined
      ? { value: sha256(canonicalJson(valuePart)) }
      : {}),
    ...(Object.keys(keyPart).length > 0 ? { key: sha256(canonicalJson(keyPart)) } : {}),
  };
  const baseHash = sha256(
    canonicalJson({ name: content.name, description: content.description ?? '', forms: base }),
  );
  return { base: baseHash, digests };
}

/** The fingerprint of a base and per-schema digests (sha256 hex). */
export function combineFingerprint(parts: FingerprintParts): string {
  return sha256(
    canonicalJson({ v: FINGERPRINT_VERSION, base: parts.base, digests: withoutNulls(parts.digests) }),
  );
}

/** The fingerprint of what the sync would write. */
export function fingerprintDraft(draft: AssetDraft, definition: TopicAssetTypeDefinition): string {
  return combineFingerprint(fingerprintParts(draftContent(draft), definition));
}

/** A draft as {@link AssetContent}. */
export function draftContent(draft: AssetDraft): AssetContent {
  return { name: draft.name, description: draft.description, forms: draft.formsInput };
}

/** The fingerprint of an asset as DataZone holds it (GetAsset / Search), comparable with a draft's. */
export function fingerprintAsset(asset: CatalogAsset, definition: TopicAssetTypeDefinition): string {
  return combineFingerprint(fingerprintParts(asset, definition));
}
