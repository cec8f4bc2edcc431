import { SourceNotFoundError } from '../../../datasource-lambda/src/errors.ts';
import type {
  DataFormat,
  SchemaRegistry,
  SchemaSummary,
  SchemaVersion,
} from '../../../datasource-lambda/src/ports.ts';
import { Faults } from './faults.ts';

export type SchemaRegistryMethod = 'listSchemas' | 'getLatestVersion';

interface StoredSchema {
  readonly schemaName: string;
  readonly dataFormat: DataFormat;
  compatibility: string;
  readonly versions: string[];
  updatedTime: string;
}

/**
 * An in-memory {@link SchemaRegistry} in one account and region. `updatedTime` comes from a counter, so
 * every change gives a new, increasing time.
 */
export class InMemorySchemaRegistry implements SchemaRegistry {
  readonly faults = new Faults<SchemaRegistryMethod>();
  private readonly registries = new Map<string, Map<string, StoredSchema>>();
  private tick = 0;

  constructor(
    readonly account = '222222222222',
    readonly region = 'eu-west-1',
  ) {}

  private now(): string {
    this.tick += 1;
    return new Date(Date.UTC(2026, 0, 1) + this.tick * 1000).toISOString();
  }

  registryArn(registryName: string): string {
    return `arn:aws:glue:${this.region}:${this.account}:registry/${registryName}`;
  }

  schemaArn(registryName: string, schemaName: string): string {
    return `arn:aws:glue:${this.region}:${this.account}:schema/${registryName}/${schemaName}`;
  }

  addRegistry(registryName: string): this {
    if (!this.registries.has(registryName)) this.registries.set(registryName, new Map());
    return this;
  }

  /** Creates the schema, or registers `definition` as its next version when it differs from the latest. */
  putSchema(
    registryName: string,
    schemaName: string,
    definition: string,
    dataFormat: DataFormat = 'AVRO',
  ): this {
    const registry = this.addRegistry(registryName).registries.get(registryName) as Map<string, StoredSchema>;
    const existing = registry.get(schemaName);
    if (!existing) {
      registry.set(schemaName, {
        schemaName,
        dataFormat,
        compatibility: 'BACKWARD',
        versions: [definition],
        updatedTime: this.now(),
      });
    } else if (existing.versions.at(-1) !== definition) {
      existing.versions.push(definition);
      existing.updatedTime = this.now();
    }
    return this;
  }

  /** Changes the schema's metadata only (as UpdateSchema does): updatedTime moves, versions do not. */
  touchSchema(registryName: string, schemaName: string, compatibility?: string): this {
    const schema = this.registries.get(registryName)?.get(schemaName);
    if (!schema) throw new Error(`no schema ${registryName}/${schemaName}`);
    if (compatibility !== undefined) schema.compatibility = compatibility;
    schema.updatedTime = this.now();
    return this;
  }

  deleteSchema(registryName: string, schemaName: string): this {
    this.registries.get(registryName)?.delete(schemaName);
    return this;
  }

  async listSchemas(registryName: string): Promise<SchemaSummary[]> {
    this.faults.check('listSchemas', [registryName]);
    const registry = this.registries.get(registryName);
    if (!registry)
      throw new SourceNotFoundError(`no registry ${registryName}`, { context: { registryName } });
    return [...registry.values()].map((s) => ({
      registryName,
      schemaName: s.schemaName,
      schemaArn: this.schemaArn(registryName, s.schemaName),
      updatedTime: s.updatedTime,
    }));
  }

  async getLatestVersion(registryName: string, schemaName: string): Promise<SchemaVersion | undefined> {
    this.faults.check('getLatestVersion', [registryName, schemaName]);
    const schema = this.registries.get(registryName)?.get(schemaName);
    if (!schema) return undefined;
    return {
      registryName,
      registryArn: this.registryArn(registryName),
      schemaName,
      schemaArn: this.schemaArn(registryName, schemaName),
      dataFormat: schema.dataFormat,
      compatibility: schema.compatibility,
      versionNumber: schema.versions.length,
      definition: schema.versions.at(-1) ?? '',
      updatedTime: schema.updatedTime,
    };
  }
}
