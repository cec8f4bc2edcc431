import type { RegistryId, SchemaId } from '@aws-sdk/client-glue';
import type { CallerIdentity } from '../../cloud/types.ts';
import { entityNotFound, invalidInput } from './errors.ts';
import { DEFAULT_REGISTRY_NAME, type GlueState, type RegistryRecord, type SchemaRecord } from './state.ts';

/** `arn:aws:glue:<region>:<account>:registry/<registryName>`. */
export function registryArn(caller: CallerIdentity, registryName: string): string {
  return `arn:aws:glue:${caller.region}:${caller.account}:registry/${registryName}`;
}

/** `arn:aws:glue:<region>:<account>:schema/<registryName>/<schemaName>`. */
export function schemaArn(caller: CallerIdentity, registryName: string, schemaName: string): string {
  return `arn:aws:glue:${caller.region}:${caller.account}:schema/${registryName}/${schemaName}`;
}

const ARN = /^arn:aws(?:-[a-z-]+)?:glue:([^:]*):([^:]*):(registry|schema)\/(.+)$/u;

interface ParsedArn {
  readonly region: string;
  readonly account: string;
  readonly path: readonly string[];
}

function parseArn(arn: string, kind: 'registry' | 'schema', member: string): ParsedArn {
  const match = ARN.exec(arn);
  const segments = kind === 'registry' ? 1 : 2;
  const path = match?.[4]?.split('/') ?? [];
  if (!match || match[3] !== kind || path.length !== segments || path.some((p) => p === '')) {
    throw invalidInput(`${member} is not a valid ${kind} ARN: ${arn}`);
  }
  return { region: match[1] ?? '', account: match[2] ?? '', path };
}

function inCallerScope(parsed: ParsedArn, caller: CallerIdentity): boolean {
  return parsed.region === caller.region && parsed.account === caller.account;
}

/**
 * The registry name a `RegistryId` designates (by name or by ARN; exactly one of them).
 * @throws InvalidInputException when both or neither are given, or the ARN is malformed.
 */
export function registryNameOf(id: RegistryId, caller: CallerIdentity, member = 'RegistryId'): string {
  if (id.RegistryName && id.RegistryArn) {
    throw invalidInput(`${member}: only one of RegistryName or RegistryArn may be provided.`);
  }
  if (id.RegistryName) return id.RegistryName;
  if (!id.RegistryArn) throw invalidInput(`${member}: one of RegistryName or RegistryArn must be provided.`);
  const parsed = parseArn(id.RegistryArn, 'registry', `${member}.RegistryArn`);
  if (!inCallerScope(parsed, caller)) {
    throw entityNotFound(`Registry is not found. RegistryArn: ${id.RegistryArn}`);
  }
  return parsed.path[0] ?? '';
}

/**
 * The registry a `RegistryId` designates.
 * @throws EntityNotFoundException when it does not exist.
 */
export function findRegistry(state: GlueState, id: RegistryId, caller: CallerIdentity): RegistryRecord {
  const name = registryNameOf(id, caller);
  const registry = state.registries[name];
  if (!registry) {
    throw entityNotFound(
      id.RegistryArn
        ? `Registry is not found. RegistryArn: ${id.RegistryArn}`
        : `Registry is not found. RegistryName: ${name}`,
    );
  }
  return registry;
}

/**
 * The schema a `SchemaId` designates: `SchemaArn`, or `SchemaName` with `RegistryName`
 * (`default-registry` when the registry is omitted, as for CreateSchema).
 * @throws InvalidInputException when both forms or neither are given; EntityNotFoundException when
 *   the registry or schema does not exist.
 */
export function findSchema(state: GlueState, id: SchemaId, caller: CallerIdentity): SchemaRecord {
  let registryName: string;
  let schemaName: string;
  if (id.SchemaArn) {
    if (id.SchemaName || id.RegistryName) {
      throw invalidInput('SchemaId: provide either SchemaArn or SchemaName (with RegistryName), not both.');
    }
    const parsed = parseArn(id.SchemaArn, 'schema', 'SchemaId.SchemaArn');
    if (!inCallerScope(parsed, caller))
      throw entityNotFound(`Schema is not found. SchemaArn: ${id.SchemaArn}`);
    registryName = parsed.path[0] ?? '';
    schemaName = parsed.path[1] ?? '';
  } else {
    if (!id.SchemaName) throw invalidInput('SchemaId: one of SchemaArn or SchemaName must be provided.');
    registryName = id.RegistryName ?? DEFAULT_REGISTRY_NAME;
    schemaName = id.SchemaName;
  }
  const schema = state.registries[registryName]?.schemas[schemaName];
  if (!schema) {
    throw entityNotFound(
      id.SchemaArn
        ? `Schema is not found. SchemaArn: ${id.SchemaArn}`
        : `Schema is not found. RegistryName: ${registryName}, SchemaName: ${schemaName}`,
    );
  }
  return schema;
}
