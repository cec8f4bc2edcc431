import {
  GetSchemaCommand,
  type GetSchemaResponse,
  GetSchemaVersionCommand,
  type GetSchemaVersionResponse,
  type GlueClient,
  paginateListSchemas,
  paginateListSchemaVersions,
  type SchemaVersionNumber,
} from '@aws-sdk/client-glue';
import { GLUE_NAME } from '../../../common/src/arns.ts';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { SourceNotFoundError } from '../errors.ts';
import type { DataFormat, SchemaRegistry, SchemaSummary, SchemaVersion } from '../ports.ts';
import { isAwsError } from './aws-errors.ts';

export interface GlueSchemaRegistryOptions {
  /** Items per list page: the service maximum (100) keeps a sync within its call budget. @default 100 */
  readonly pageSize?: number;
  /** A client of the account and Region that own the registry (from common's ClientFactory). */
  readonly client: GlueClient;
  readonly log: Log;
}

const DATA_FORMATS: readonly string[] = ['AVRO', 'JSON', 'PROTOBUF'];

function checkName(field: string, value: string): string {
  if (!GLUE_NAME.test(value)) throw new InvalidInputError(field, value, `must match ${GLUE_NAME.source}`);
  return value;
}

/**
 * The AWS Glue Schema Registry side of the catalog sync ({@link SchemaRegistry}). Every list is read to
 * its last page; SDK errors become `TransientAwsError` (throttling, 5xx) or `AwsCallError`, a missing
 * registry `SourceNotFoundError`.
 */
export class GlueSchemaRegistry implements SchemaRegistry {
  private readonly client: GlueClient;
  private readonly log: Log;
  private readonly pageSize: number;

  constructor(options: GlueSchemaRegistryOptions) {
    this.client = options.client;
    this.log = options.log;
    this.pageSize = options.pageSize ?? 100;
  }

  /**
   * Every AVAILABLE schema of the registry (ListSchemas, all pages); PENDING and DELETING ones are left
   * out. `updatedTime` falls back to `CreatedTime` for a schema never updated.
   * @throws SourceNotFoundError when the registry does not exist.
   */
  async listSchemas(registryName: string): Promise<SchemaSummary[]> {
    checkName('registryName', registryName);
    const schemas: SchemaSummary[] = [];
    let pages = 0;
    let skipped = 0;
    try {
      const input = { RegistryId: { RegistryName: registryName } };
      for await (const page of paginateListSchemas({ client: this.client, pageSize: this.pageSize }, input)) {
        pages += 1;
        for (const item of page.Schemas ?? []) {
          if (item.SchemaStatus !== 'AVAILABLE' || !item.SchemaName || !item.SchemaArn) {
            skipped += 1;
            continue;
          }
          schemas.push({
            registryName: item.RegistryName ?? registryName,
            schemaName: item.SchemaName,
            schemaArn: item.SchemaArn,
            updatedTime: item.UpdatedTime ?? item.CreatedTime ?? '',
          });
        }
      }
    } catch (error) {
      if (isAwsError(error, 'EntityNotFoundException')) {
        throw new SourceNotFoundError(`Glue schema registry ${registryName} does not exist`, {
          cause: error,
          context: { registryName },
        });
      }
      throw translateAwsError(error, `glue:ListSchemas ${registryName}`, { registryName });
    }
    this.log.debug('listed Glue schemas', { registryName, schemas: schemas.length, skipped, pages });
    return schemas;
  }

  /**
   * The latest version of a schema: GetSchema (compatibility, data format, registry ARN, updatedTime)
   * and GetSchemaVersion `LatestVersion` (definition). When the latest version is not AVAILABLE (it
   * failed a compatibility check or is still PENDING), the highest AVAILABLE version is used instead.
   * @returns undefined when the schema (or its registry) does not exist, is being deleted, or has no
   * AVAILABLE version.
   */
  async getLatestVersion(registryName: string, schemaName: string): Promise<SchemaVersion | undefined> {
    checkName('registryName', registryName);
    checkName('schemaName', schemaName);
    const context = { registryName, schemaName };
    const schemaId = { RegistryName: registryName, SchemaName: schemaName };
    try {
      // Both reads only need the schema id: one round trip instead of two.
      const [schema, latest] = await Promise.all([
        this.client.send(new GetSchemaCommand({ SchemaId: schemaId })),
        this.version(schemaId, { LatestVersion: true }),
      ]);
      if (schema.SchemaStatus === 'DELETING') return undefined;
      let version = latest;
      if (version.Status !== 'AVAILABLE') {
        const available = await this.latestAvailableNumber(schemaId);
        this.log.warn('latest schema version is not AVAILABLE', {
          ...context,
          versionNumber: version.VersionNumber,
          status: version.Status,
          usedVersion: available,
        });
        if (available === undefined) return undefined;
        version = await this.version(schemaId, { VersionNumber: available });
      }
      return toSchemaVersion(schema, version, context);
    } catch (error) {
      if (isAwsError(error, 'EntityNotFoundException')) return undefined;
      throw translateAwsError(
        error,
        `glue:GetSchema/GetSchemaVersion ${registryName}/${schemaName}`,
        context,
      );
    }
  }

  private async version(
    schemaId: { RegistryName: string; SchemaName: string },
    number: SchemaVersionNumber,
  ): Promise<GetSchemaVersionResponse> {
    return this.client.send(new GetSchemaVersionCommand({ SchemaId: schemaId, SchemaVersionNumber: number }));
  }

  private async latestAvailableNumber(schemaId: {
    RegistryName: string;
    SchemaName: string;
  }): Promise<number | undefined> {
    let best: number | undefined;
    for await (const page of paginateListSchemaVersions({ client: this.client }, { SchemaId: schemaId })) {
      for (const item of page.Schemas ?? []) {
        const n = item.VersionNumber;
        if (item.Status === 'AVAILABLE' && n !== undefined && (best === undefined || n > best)) best = n;
      }
    }
    return best;
  }
}

function toSchemaVersion(
  schema: GetSchemaResponse,
  version: GetSchemaVersionResponse,
  context: { registryName: string; schemaName: string },
): SchemaVersion {
  const dataFormat = version.DataFormat ?? schema.DataFormat;
  if (dataFormat === undefined || !DATA_FORMATS.includes(dataFormat)) {
    throw new InvalidInputError(
      'dataFormat',
      dataFormat,
      `schema ${context.registryName}/${context.schemaName} has a data format streamgov does not know`,
    );
  }
  return {
    registryName: schema.RegistryName ?? context.registryName,
    registryArn: schema.RegistryArn ?? '',
    schemaName: schema.SchemaName ?? context.schemaName,
    schemaArn: schema.SchemaArn ?? version.SchemaArn ?? '',
    dataFormat: dataFormat as DataFormat,
    compatibility: schema.Compatibility ?? '',
    versionNumber: version.VersionNumber ?? 0,
    definition: version.SchemaDefinition ?? '',
    updatedTime: schema.UpdatedTime ?? schema.CreatedTime ?? '',
  };
}
