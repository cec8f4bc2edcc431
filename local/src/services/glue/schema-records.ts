import type { GetSchemaResponse, SchemaVersionNumber } from '@aws-sdk/client-glue';
import { AwsError } from '../../cloud/errors.ts';
import type { CallContext } from '../../cloud/types.ts';
import { checkDefinition, sameDefinition } from './definitions.ts';
import { entityNotFound, invalidInput } from './errors.ts';
import type { GlueState, RegistryRecord, SchemaRecord, SchemaVersionRecord } from './state.ts';

/**
 * Versions per schema (Glue Schema Registry quota "Number of schema versions per schema": 1,000);
 * registering one more answers ResourceNumberLimitExceededException.
 */
export const MAX_VERSIONS_PER_SCHEMA = 1000;

/** The latest (highest-numbered) version of a schema, if it has any. */
export function latestVersion(schema: SchemaRecord): SchemaVersionRecord | undefined {
  return schema.versions.at(-1);
}

/** The members CreateSchema and GetSchema share: GetSchema's view without the timestamps. */
export function schemaFields(
  registry: RegistryRecord,
  schema: SchemaRecord,
): Omit<GetSchemaResponse, 'CreatedTime' | 'UpdatedTime'> {
  const latest = latestVersion(schema);
  return {
    RegistryName: registry.name,
    RegistryArn: registry.arn,
    SchemaName: schema.name,
    SchemaArn: schema.arn,
    ...(schema.description !== undefined ? { Description: schema.description } : {}),
    DataFormat: schema.dataFormat,
    Compatibility: schema.compatibility,
    ...(schema.checkpoint !== undefined ? { SchemaCheckpoint: schema.checkpoint } : {}),
    ...(latest ? { LatestSchemaVersion: latest.number } : {}),
    NextSchemaVersion: schema.nextVersion,
    SchemaStatus: 'AVAILABLE',
  };
}

/** The GetSchema view of a schema. */
export function describeSchema(registry: RegistryRecord, schema: SchemaRecord): GetSchemaResponse {
  return {
    ...schemaFields(registry, schema),
    CreatedTime: schema.createdTime,
    UpdatedTime: schema.updatedTime,
  };
}

/**
 * Registers `definition` as the next version of `schema`, or returns the existing version with the
 * same definition (AWS registers no duplicate).
 * @throws InvalidInputException for an invalid definition or when compatibility DISABLED forbids a
 *   further version; ResourceNumberLimitExceededException past the versions quota.
 */
export function registerVersion(
  ctx: CallContext<GlueState>,
  schema: SchemaRecord,
  definition: string,
): { version: SchemaVersionRecord; created: boolean } {
  checkDefinition(schema.dataFormat, definition);
  const existing = schema.versions.find((v) => sameDefinition(schema.dataFormat, v.definition, definition));
  if (existing) return { version: existing, created: false };
  if (schema.compatibility === 'DISABLED' && schema.versions.length > 0) {
    throw invalidInput(
      `Compatibility DISABLED does not allow versioning. SchemaName: ${schema.name}, RegistryName: ${schema.registryName}`,
    );
  }
  if (schema.versions.length >= MAX_VERSIONS_PER_SCHEMA) {
    throw new AwsError(
      'ResourceNumberLimitExceededException',
      `More than ${MAX_VERSIONS_PER_SCHEMA} schema versions are not allowed. SchemaName: ${schema.name}`,
    );
  }
  const now = ctx.cloud.now().toISOString();
  const version: SchemaVersionRecord = {
    id: ctx.cloud.newId(),
    number: schema.nextVersion,
    definition,
    createdTime: now,
  };
  schema.versions.push(version);
  schema.nextVersion += 1;
  schema.checkpoint ??= version.number;
  schema.updatedTime = now;
  return { version, created: true };
}

/**
 * The version a `SchemaVersionNumber` designates: `LatestVersion: true` or a `VersionNumber`,
 * exactly one of them.
 * @throws InvalidInputException when both or neither are set; EntityNotFoundException when the
 *   version does not exist.
 */
export function versionByNumber(schema: SchemaRecord, number: SchemaVersionNumber): SchemaVersionRecord {
  const latest = number.LatestVersion === true;
  if (latest && number.VersionNumber !== undefined) {
    throw invalidInput('SchemaVersionNumber: only one of LatestVersion or VersionNumber may be provided.');
  }
  if (!latest && number.VersionNumber === undefined) {
    throw invalidInput('SchemaVersionNumber: one of LatestVersion (true) or VersionNumber must be provided.');
  }
  const version = latest
    ? latestVersion(schema)
    : schema.versions.find((v) => v.number === number.VersionNumber);
  if (!version) {
    throw entityNotFound(
      `Schema version is not found. RegistryName: ${schema.registryName}, SchemaName: ${schema.name}, ` +
        `VersionNumber: ${latest ? 'latest' : number.VersionNumber}`,
    );
  }
  return version;
}
