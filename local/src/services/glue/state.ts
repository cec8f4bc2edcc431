import type { Compatibility, DataFormat } from '@aws-sdk/client-glue';

/** One registered version of a schema. Versions are numbered from 1 and numbers are never reused. */
export interface SchemaVersionRecord {
  readonly id: string;
  readonly number: number;
  readonly definition: string;
  readonly createdTime: string;
}

/** A schema (a "schema set" in the Glue docs) and its versions, oldest first. */
export interface SchemaRecord {
  readonly name: string;
  readonly arn: string;
  readonly registryName: string;
  readonly dataFormat: DataFormat;
  compatibility: Compatibility;
  description?: string;
  readonly tags: Record<string, string>;
  /** The checkpoint version number; absent while the schema has no version. */
  checkpoint?: number;
  /** The number the next registered version gets. */
  nextVersion: number;
  readonly createdTime: string;
  updatedTime: string;
  readonly versions: SchemaVersionRecord[];
}

/** A registry and its schemas by name. */
export interface RegistryRecord {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly tags: Record<string, string>;
  readonly createdTime: string;
  readonly updatedTime: string;
  readonly schemas: Record<string, SchemaRecord>;
}

/** Glue Schema Registry state of one account and region (plain JSON). */
export interface GlueState {
  readonly registries: Record<string, RegistryRecord>;
}

/** The registry CreateSchema uses when the request names none; AWS creates it on first use. */
export const DEFAULT_REGISTRY_NAME = 'default-registry';

/** Fresh Glue state for one account and region: no registries (default-registry appears on first use). */
export function initialGlueState(): GlueState {
  return { registries: {} };
}
