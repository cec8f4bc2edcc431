import type {
  CreateSchemaInput,
  CreateSchemaResponse,
  DeleteSchemaInput,
  DeleteSchemaResponse,
  GetSchemaInput,
  GetSchemaResponse,
  ListSchemasInput,
  ListSchemasResponse,
  SchemaListItem,
  UpdateSchemaInput,
  UpdateSchemaResponse,
} from '@aws-sdk/client-glue';
import { paginateCursor } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { required, validated } from '../../cloud/validate.ts';
import { emitApiCallEvent } from './cloudtrail.ts';
import { checkDefinition } from './definitions.ts';
import { alreadyExists, entityNotFound, invalidInput, invalidNextToken } from './errors.ts';
import { findRegistry, findSchema, registryNameOf, schemaArn } from './lookup.ts';
import { addRegistry } from './registries.ts';
import * as rules from './rules.ts';
import { schemaAdded, schemaKey, schemaRemoved, schemasFrom } from './schema-index.ts';
import { describeSchema, registerVersion, schemaFields, versionByNumber } from './schema-records.ts';
import { DEFAULT_REGISTRY_NAME, type GlueState, type RegistryRecord, type SchemaRecord } from './state.ts';

type Ctx = CallContext<GlueState>;

function registryOf(state: GlueState, schema: SchemaRecord): RegistryRecord {
  const registry = state.registries[schema.registryName];
  if (!registry) throw entityNotFound(`Registry is not found. RegistryName: ${schema.registryName}`);
  return registry;
}

/**
 * Creates a schema; with a `SchemaDefinition` it also registers version 1 (the checkpoint). Without
 * `RegistryId` the schema goes to `default-registry`, created on first use.
 */
const createSchema = validated(
  {
    RegistryId: rules.registryId,
    SchemaName: required(rules.registryName),
    DataFormat: required(rules.dataFormat),
    Compatibility: rules.compatibility,
    Description: rules.description,
    Tags: rules.tags,
    SchemaDefinition: rules.schemaDefinition,
  },
  (input: CreateSchemaInput, ctx: Ctx): CreateSchemaResponse => {
    const existing = input.RegistryId
      ? findRegistry(ctx.state, input.RegistryId, ctx.caller)
      : ctx.state.registries[DEFAULT_REGISTRY_NAME];
    const name = input.SchemaName ?? '';
    const dataFormat = input.DataFormat ?? 'AVRO';
    if (existing?.schemas[name]) {
      throw alreadyExists(`Schema already exists. SchemaName: ${name}, RegistryName: ${existing.name}`);
    }
    if (input.SchemaDefinition !== undefined) checkDefinition(dataFormat, input.SchemaDefinition);
    const registry = existing ?? addRegistry(ctx, DEFAULT_REGISTRY_NAME);
    const now = ctx.cloud.now().toISOString();
    const schema: SchemaRecord = {
      name,
      arn: schemaArn(ctx.caller, registry.name, name),
      registryName: registry.name,
      dataFormat,
      compatibility: input.Compatibility ?? 'BACKWARD',
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      tags: { ...input.Tags },
      nextVersion: 1,
      createdTime: now,
      updatedTime: now,
      versions: [],
    };
    const first =
      input.SchemaDefinition !== undefined ? registerVersion(ctx, schema, input.SchemaDefinition) : undefined;
    registry.schemas[name] = schema;
    schemaAdded(ctx.state.registries, schema);
    const response: CreateSchemaResponse = {
      ...schemaFields(registry, schema),
      Tags: { ...schema.tags },
      ...(first ? { SchemaVersionId: first.version.id, SchemaVersionStatus: 'AVAILABLE' } : {}),
    };
    emitApiCallEvent(ctx, 'CreateSchema', input, response);
    return response;
  },
);

const getSchema = validated(
  { SchemaId: required(rules.schemaId) },
  (input: GetSchemaInput, ctx: Ctx): GetSchemaResponse => {
    const schema = findSchema(ctx.state, input.SchemaId ?? {}, ctx.caller);
    return describeSchema(registryOf(ctx.state, schema), schema);
  },
);

/**
 * Sets the checkpoint (`SchemaVersionNumber`), compatibility and description. As documented for
 * UpdateSchema, a new `Compatibility` requires the checkpoint `VersionNumber` too; compatibility of
 * existing versions is not re-validated.
 */
const updateSchema = validated(
  {
    SchemaId: required(rules.schemaId),
    SchemaVersionNumber: rules.schemaVersionNumber,
    Compatibility: rules.compatibility,
    Description: rules.description,
  },
  (input: UpdateSchemaInput, ctx: Ctx): UpdateSchemaResponse => {
    const schema = findSchema(ctx.state, input.SchemaId ?? {}, ctx.caller);
    if (!input.SchemaVersionNumber && input.Compatibility === undefined && input.Description === undefined) {
      throw invalidInput('UpdateSchema: provide SchemaVersionNumber, Compatibility or Description.');
    }
    if (input.Compatibility !== undefined && !input.SchemaVersionNumber) {
      throw invalidInput(
        `SchemaVersionNumber is required when Compatibility is updated (Compatibility: ${input.Compatibility}).`,
      );
    }
    const checkpoint = input.SchemaVersionNumber
      ? versionByNumber(schema, input.SchemaVersionNumber)
      : undefined;
    if (checkpoint) schema.checkpoint = checkpoint.number;
    if (input.Compatibility !== undefined) schema.compatibility = input.Compatibility;
    if (input.Description !== undefined) schema.description = input.Description;
    schema.updatedTime = ctx.cloud.now().toISOString();
    const response: UpdateSchemaResponse = {
      SchemaArn: schema.arn,
      SchemaName: schema.name,
      RegistryName: schema.registryName,
    };
    emitApiCallEvent(ctx, 'UpdateSchema', input, response);
    return response;
  },
);

/** Deletes the schema and all its versions; AWS answers `DELETING` and then the schema is gone. */
const deleteSchema = validated(
  { SchemaId: required(rules.schemaId) },
  (input: DeleteSchemaInput, ctx: Ctx): DeleteSchemaResponse => {
    const schema = findSchema(ctx.state, input.SchemaId ?? {}, ctx.caller);
    delete registryOf(ctx.state, schema).schemas[schema.name];
    schemaRemoved(ctx.state.registries, schema);
    const response: DeleteSchemaResponse = {
      SchemaArn: schema.arn,
      SchemaName: schema.name,
      Status: 'DELETING',
    };
    emitApiCallEvent(ctx, 'DeleteSchema', input, response);
    return response;
  },
);

function listItem(schema: SchemaRecord): SchemaListItem {
  return {
    RegistryName: schema.registryName,
    SchemaName: schema.name,
    SchemaArn: schema.arn,
    ...(schema.description !== undefined ? { Description: schema.description } : {}),
    SchemaStatus: 'AVAILABLE',
    CreatedTime: schema.createdTime,
    UpdatedTime: schema.updatedTime,
  };
}

/** Lists the schemas of one registry, or of all registries when `RegistryId` is omitted. */
const listSchemas = validated(
  { RegistryId: rules.registryId, MaxResults: rules.maxResults, NextToken: rules.nextToken },
  (input: ListSchemasInput, ctx: Ctx): ListSchemasResponse => {
    const registry = input.RegistryId ? findRegistry(ctx.state, input.RegistryId, ctx.caller) : undefined;
    const list = input.RegistryId ? `schemas:${registryNameOf(input.RegistryId, ctx.caller)}` : 'schemas';
    const page = paginateCursor({
      // By `registry/schema` from the schema index: a page reads only its own schemas.
      from: (after) => schemasFrom(ctx.state.registries, registry?.name, after),
      key: schemaKey,
      limit: input.MaxResults ?? rules.DEFAULT_PAGE_SIZE,
      token: input.NextToken,
      scope: list,
      invalidToken: invalidNextToken,
    });
    return { Schemas: page.items.map(listItem), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },
);

/** CreateSchema, GetSchema, UpdateSchema, DeleteSchema, ListSchemas. */
export const schemaOperations = {
  CreateSchema: createSchema,
  GetSchema: getSchema,
  UpdateSchema: updateSchema,
  DeleteSchema: deleteSchema,
  ListSchemas: listSchemas,
};
