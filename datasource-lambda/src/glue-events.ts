/**
 * What started a sync run: a Glue Schema Registry change (CloudTrail through EventBridge), the schedule,
 * or a person. Pure parsing with errors that name the field.
 */

import { GLUE_NAME, parseGlueRegistryArn, parseGlueSchemaArn } from '../../common/src/arns.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import { isJsonObject } from '../../common/src/json.ts';
import { checkPartition, type Partition } from './partition.ts';

/** The registry Glue uses when a request names none. */
export const DEFAULT_REGISTRY_NAME = 'default-registry';

/** The Glue Schema Registry calls that change what the catalog shows. */
export const GLUE_SCHEMA_EVENT_NAMES = [
  'CreateSchema',
  'UpdateSchema',
  'RegisterSchemaVersion',
  'DeleteSchema',
  'DeleteSchemaVersions',
] as const;

export type GlueSchemaEventName = (typeof GLUE_SCHEMA_EVENT_NAMES)[number];

/** One schema of one registry. */
export interface SchemaRef {
  readonly registryName: string;
  readonly schemaName: string;
}

export type SyncTrigger =
  /** A schema changed: sync only the topics it describes, re-reading it. */
  | { readonly kind: 'schema-change'; readonly eventName: GlueSchemaEventName; readonly schema: SchemaRef }
  /** The EventBridge schedule: a full incremental sync. */
  | { readonly kind: 'scheduled' }
  /**
   * By hand, or one partition of a partitioned run (the Step Functions state machine):
   * `{ "deep"?: boolean, "force"?: boolean, "partition"?: { "index": number, "count": number } }`.
   */
  | {
      readonly kind: 'manual';
      readonly deep: boolean;
      readonly force: boolean;
      readonly partition?: Partition;
    };

/** The sync options a trigger asks for (see `syncCatalog`). */
export interface TriggerOptions {
  readonly deep?: boolean;
  readonly force?: boolean;
  readonly only?: readonly SchemaRef[];
  readonly partition?: Partition;
}

function name(field: string, value: unknown): string {
  if (typeof value !== 'string' || !GLUE_NAME.test(value)) {
    throw new InvalidInputError(field, value, `must be a Glue name (${GLUE_NAME.source})`);
  }
  return value;
}

function registryFromId(field: string, id: unknown): string {
  if (id === undefined) return DEFAULT_REGISTRY_NAME;
  if (!isJsonObject(id)) throw new InvalidInputError(field, id, 'must be an object');
  if (id.registryName !== undefined) return name(`${field}.registryName`, id.registryName);
  if (id.registryArn !== undefined)
    return parseGlueRegistryArn(String(id.registryArn), `${field}.registryArn`).registryName;
  return DEFAULT_REGISTRY_NAME;
}

function schemaFromId(field: string, id: unknown): SchemaRef {
  if (!isJsonObject(id))
    throw new InvalidInputError(field, id, 'must be an object with schemaArn or schemaName');
  if (id.schemaArn !== undefined) {
    if (typeof id.schemaArn !== 'string')
      throw new InvalidInputError(`${field}.schemaArn`, id.schemaArn, 'must be a string');
    const arn = parseGlueSchemaArn(id.schemaArn, `${field}.schemaArn`);
    return { registryName: arn.registryName, schemaName: arn.schemaName };
  }
  if (id.schemaName === undefined) {
    throw new InvalidInputError(field, id, 'has neither schemaArn nor schemaName');
  }
  return {
    registryName:
      id.registryName === undefined ? DEFAULT_REGISTRY_NAME : name(`${field}.registryName`, id.registryName),
    schemaName: name(`${field}.schemaName`, id.schemaName),
  };
}

function glueEvent(event: Record<string, unknown>): SyncTrigger {
  const detail = event.detail;
  if (!isJsonObject(detail)) throw new InvalidInputError('detail', detail, 'must be an object');
  if (detail.eventSource !== undefined && detail.eventSource !== 'glue.amazonaws.com') {
    throw new InvalidInputError('detail.eventSource', detail.eventSource, 'must be glue.amazonaws.com');
  }
  const eventName = detail.eventName;
  if (!GLUE_SCHEMA_EVENT_NAMES.includes(eventName as GlueSchemaEventName)) {
    throw new InvalidInputError(
      'detail.eventName',
      eventName,
      `must be one of ${GLUE_SCHEMA_EVENT_NAMES.join(', ')}`,
    );
  }
  const request = detail.requestParameters;
  if (!isJsonObject(request)) {
    throw new InvalidInputError('detail.requestParameters', request, 'must be an object');
  }
  const schema =
    eventName === 'CreateSchema'
      ? {
          registryName: registryFromId('detail.requestParameters.registryId', request.registryId),
          schemaName: name('detail.requestParameters.schemaName', request.schemaName),
        }
      : schemaFromId('detail.requestParameters.schemaId', request.schemaId);
  return { kind: 'schema-change', eventName: eventName as GlueSchemaEventName, schema };
}

const MANUAL_KEYS = new Set(['deep', 'force', 'partition']);

function manual(event: Record<string, unknown>): SyncTrigger {
  for (const key of Object.keys(event)) {
    if (!MANUAL_KEYS.has(key)) {
      throw new InvalidInputError(
        key,
        event[key],
        'is not a field of a manual invocation ({"deep"?: boolean, "force"?: boolean, "partition"?: {"index": number, "count": number}})',
      );
    }
  }
  const flag = (key: 'deep' | 'force') => {
    const value = event[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') throw new InvalidInputError(key, value, 'must be true or false');
    return value;
  };
  return {
    kind: 'manual',
    deep: flag('deep'),
    force: flag('force'),
    ...(event.partition === undefined ? {} : { partition: checkPartition(event.partition, 'partition') }),
  };
}

/**
 * Parses the sync function's input:
 * - a Glue Schema Registry call via CloudTrail (`source` aws.glue, `detail-type` "AWS API Call via
 *   CloudTrail", `detail.eventName` one of {@link GLUE_SCHEMA_EVENT_NAMES}) → the schema it names, from
 *   `requestParameters.schemaId` (`schemaArn`, or `schemaName` + `registryName`) or, for CreateSchema,
 *   `registryId` + `schemaName`; an omitted registry is `default-registry` (the response is never read:
 *   RegisterSchemaVersion's has no registry name);
 * - an EventBridge Scheduled Event (`source` aws.events);
 * - a manual invocation `{ "deep"?: boolean, "force"?: boolean }` (also `{}`), optionally of one
 *   partition: `"partition": { "index": i, "count": n }` with n in 1..64 and i in 0..n-1 (what the
 *   partitioned state machine sends).
 *
 * @throws InvalidInputError naming the field and the value for anything else.
 */
export function parseSyncEvent(event: unknown): SyncTrigger {
  if (!isJsonObject(event)) throw new InvalidInputError('event', event, 'must be a JSON object');
  const source = event.source;
  const detailType = event['detail-type'];
  if (source === undefined && detailType === undefined) return manual(event);
  if (source === 'aws.events' && detailType === 'Scheduled Event') return { kind: 'scheduled' };
  if (source === 'aws.glue') {
    if (detailType !== 'AWS API Call via CloudTrail') {
      throw new InvalidInputError(
        'detail-type',
        detailType,
        'must be "AWS API Call via CloudTrail" for aws.glue events',
      );
    }
    return glueEvent(event);
  }
  if (source === 'aws.events') {
    throw new InvalidInputError('detail-type', detailType, 'must be "Scheduled Event" for aws.events events');
  }
  throw new InvalidInputError(
    'source',
    source,
    'must be aws.glue or aws.events (or omitted for a manual run)',
  );
}

/** The sync options for a trigger: a schema change scopes the run to that schema. */
export function triggerOptions(trigger: SyncTrigger): TriggerOptions {
  switch (trigger.kind) {
    case 'schema-change':
      return { only: [trigger.schema] };
    case 'manual':
      return {
        deep: trigger.deep,
        force: trigger.force,
        ...(trigger.partition ? { partition: trigger.partition } : {}),
      };
    case 'scheduled':
      return {};
  }
}
