import type {
  DeleteSchemaVersionsInput,
  DeleteSchemaVersionsResponse,
  GetSchemaVersionInput,
  GetSchemaVersionResponse,
  ListSchemaVersionsInput,
  ListSchemaVersionsResponse,
  RegisterSchemaVersionInput,
  RegisterSchemaVersionResponse,
  SchemaVersionErrorItem,
} from '@aws-sdk/client-glue';
import { AwsError } from '../../cloud/errors.ts';
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { required, str, validated } from '../../cloud/validate.ts';
import { emitApiCallEvent } from './cloudtrail.ts';
import { entityNotFound, invalidInput, invalidNextToken } from './errors.ts';
import { findSchema } from './lookup.ts';
import * as rules from './rules.ts';
import { registerVersion, versionByNumber } from './schema-records.ts';
import type { GlueState, SchemaRecord, SchemaVersionRecord } from './state.ts';

type Ctx = CallContext<GlueState>;

/**
 * Registers a new version, or returns the existing version whose definition is the same (no new
 * version). Compatibility modes other than DISABLED are accepted without a compatibility check.
 */
const registerSchemaVersion = validated(
  { SchemaId: required(rules.schemaId), SchemaDefinition: required(rules.schemaDefinition) },
  (input: RegisterSchemaVersionInput, ctx: Ctx): RegisterSchemaVersionResponse => {
    const schema = findSchema(ctx.state, input.SchemaId ?? {}, ctx.caller);
    const { version } = registerVersion(ctx, schema, input.SchemaDefinition ?? '');
    const response: RegisterSchemaVersionResponse = {
      SchemaVersionId: version.id,
      VersionNumber: version.number,
      Status: 'AVAILABLE',
    };
    emitApiCallEvent(ctx, 'RegisterSchemaVersion', input, response);
    return response;
  },
);

function findVersionById(
  state: GlueState,
  id: string,
): { schema: SchemaRecord; version: SchemaVersionRecord } {
  for (const registry of Object.values(state.registries)) {
    for (const schema of Object.values(registry.schemas)) {
      const version = schema.versions.find((v) => v.id === id);
      if (version) return { schema, version };
    }
  }
  throw entityNotFound(`Schema version is not found. SchemaVersionId: ${id}`);
}

/** By `SchemaVersionId`, or by `SchemaId` plus `SchemaVersionNumber`; exactly one of the two forms. */
const getSchemaVersion = validated(
  {
    SchemaId: rules.schemaId,
    SchemaVersionId: rules.schemaVersionId,
    SchemaVersionNumber: rules.schemaVersionNumber,
  },
  (input: GetSchemaVersionInput, ctx: Ctx): GetSchemaVersionResponse => {
    const bySchema = input.SchemaId !== undefined || input.SchemaVersionNumber !== undefined;
    if (input.SchemaVersionId !== undefined && bySchema) {
      throw invalidInput(
        'GetSchemaVersion: provide either SchemaVersionId or SchemaId with SchemaVersionNumber, not both.',
      );
    }
    let found: { schema: SchemaRecord; version: SchemaVersionRecord };
    if (input.SchemaVersionId !== undefined) {
      found = findVersionById(ctx.state, input.SchemaVersionId);
    } else {
      if (!input.SchemaId || !input.SchemaVersionNumber) {
        throw invalidInput(
          'GetSchemaVersion: provide SchemaVersionId, or SchemaId with SchemaVersionNumber.',
        );
      }
      const schema = findSchema(ctx.state, input.SchemaId, ctx.caller);
      found = { schema, version: versionByNumber(schema, input.SchemaVersionNumber) };
    }
    const { schema, version } = found;
    return {
      SchemaVersionId: version.id,
      SchemaDefinition: version.definition,
      DataFormat: schema.dataFormat,
      SchemaArn: schema.arn,
      VersionNumber: version.number,
      Status: 'AVAILABLE',
      CreatedTime: version.createdTime,
    };
  },
);

const listSchemaVersions = validated(
  { SchemaId: required(rules.schemaId), MaxResults: rules.maxResults, NextToken: rules.nextToken },
  (input: ListSchemaVersionsInput, ctx: Ctx): ListSchemaVersionsResponse => {
    const schema = findSchema(ctx.state, input.SchemaId ?? {}, ctx.caller);
    const key = (v: SchemaVersionRecord) => String(v.number).padStart(6, '0');
    const page = paginate({
      items: schema.versions,
      key,
      limit: input.MaxResults ?? rules.DEFAULT_PAGE_SIZE,
      token: input.NextToken,
      scope: `versions:${schema.arn}`,
      invalidToken: invalidNextToken,
    });
    return {
      Schemas: page.items.map((v) => ({
        SchemaArn: schema.arn,
        SchemaVersionId: v.id,
        VersionNumber: v.number,
        Status: 'AVAILABLE',
        CreatedTime: v.createdTime,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

const VERSION_ITEM = /^([1-9][0-9]*)(?:-([1-9][0-9]*))?$/u;
/** Bound on how many version numbers one request may name (the API's highest version number). */
const MAX_VERSION_NUMBER = 100000;

/**
 * The version numbers of a `Versions` expression: comma-separated numbers and inclusive ranges,
 * e.g. `5`, `5-8` or `1-3,5`.
 * @throws InvalidInputException for anything else, naming the value.
 */
export function parseVersions(expression: string): number[] {
  const numbers = new Set<number>();
  for (const item of expression.split(',')) {
    const match = VERSION_ITEM.exec(item.trim());
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || to < from || to > MAX_VERSION_NUMBER) {
      throw invalidInput(
        `Versions '${expression}' is invalid: expected version numbers (1-${MAX_VERSION_NUMBER}) or ranges such as 5 or 5-8, separated by commas.`,
      );
    }
    for (let n = from; n <= to; n += 1) numbers.add(n);
  }
  return [...numbers].sort((a, b) => a - b);
}

function versionError(versionNumber: number, code: string, message: string): SchemaVersionErrorItem {
  return { VersionNumber: versionNumber, ErrorDetails: { ErrorCode: code, ErrorMessage: message } };
}

/**
 * Deletes (hard) the given versions. As documented by AWS: a range containing the checkpoint version
 * is refused with a 409 conflict and nothing is deleted; version 1 can only go with DeleteSchema.
 * Versions that cannot be deleted are reported in `SchemaVersionErrors`, the others are deleted.
 */
const deleteSchemaVersions = validated(
  { SchemaId: required(rules.schemaId), Versions: required(str({ min: 1, max: 100000 })) },
  (input: DeleteSchemaVersionsInput, ctx: Ctx): DeleteSchemaVersionsResponse => {
    const schema = findSchema(ctx.state, input.SchemaId ?? {}, ctx.caller);
    const requested = parseVersions(input.Versions ?? '');
    if (schema.checkpoint !== undefined && requested.includes(schema.checkpoint)) {
      throw new AwsError(
        'ConflictException',
        `Versions '${input.Versions}' include the checkpoint version ${schema.checkpoint} of schema ${schema.name}; ` +
          'move the checkpoint with UpdateSchema first.',
        {},
        409,
      );
    }
    const errors: SchemaVersionErrorItem[] = [];
    const deleted = new Set<number>();
    for (const number of requested) {
      if (!schema.versions.some((v) => v.number === number)) {
        errors.push(
          versionError(number, 'EntityNotFoundException', `Schema version ${number} is not found.`),
        );
      } else if (number === 1) {
        errors.push(
          versionError(
            number,
            'InvalidInputException',
            'The first schema version can only be deleted with DeleteSchema.',
          ),
        );
      } else {
        deleted.add(number);
      }
    }
    if (deleted.size > 0) {
      const remaining = schema.versions.filter((v) => !deleted.has(v.number));
      schema.versions.splice(0, schema.versions.length, ...remaining);
      schema.updatedTime = ctx.cloud.now().toISOString();
    }
    const response: DeleteSchemaVersionsResponse = { SchemaVersionErrors: errors };
    emitApiCallEvent(ctx, 'DeleteSchemaVersions', input, response);
    return response;
  },
);

/** RegisterSchemaVersion, GetSchemaVersion, ListSchemaVersions, DeleteSchemaVersions. */
export const versionOperations = {
  RegisterSchemaVersion: registerSchemaVersion,
  GetSchemaVersion: getSchemaVersion,
  ListSchemaVersions: listSchemaVersions,
  DeleteSchemaVersions: deleteSchemaVersions,
};
