import type {
  CreateRegistryInput,
  CreateRegistryResponse,
  DeleteRegistryInput,
  DeleteRegistryResponse,
  GetRegistryInput,
  GetRegistryResponse,
  ListRegistriesInput,
  ListRegistriesResponse,
  RegistryListItem,
} from '@aws-sdk/client-glue';
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { required, validated } from '../../cloud/validate.ts';
import { emitApiCallEvent } from './cloudtrail.ts';
import { alreadyExists, invalidNextToken } from './errors.ts';
import { findRegistry, registryArn } from './lookup.ts';
import * as rules from './rules.ts';
import { registryRemoved } from './schema-index.ts';
import type { GlueState, RegistryRecord } from './state.ts';

type Ctx = CallContext<GlueState>;

/** Creates a registry in the caller's state, stamped now. Used by CreateRegistry and CreateSchema. */
export function addRegistry(
  ctx: Ctx,
  name: string,
  options: { description?: string; tags?: Record<string, string> } = {},
): RegistryRecord {
  const now = ctx.cloud.now().toISOString();
  const registry: RegistryRecord = {
    name,
    arn: registryArn(ctx.caller, name),
    ...(options.description !== undefined ? { description: options.description } : {}),
    tags: { ...options.tags },
    createdTime: now,
    updatedTime: now,
    schemas: {},
  };
  ctx.state.registries[name] = registry;
  return registry;
}

function describeRegistry(registry: RegistryRecord): RegistryListItem {
  return {
    RegistryName: registry.name,
    RegistryArn: registry.arn,
    ...(registry.description !== undefined ? { Description: registry.description } : {}),
    Status: 'AVAILABLE',
    CreatedTime: registry.createdTime,
    UpdatedTime: registry.updatedTime,
  };
}

const createRegistry = validated(
  { RegistryName: required(rules.registryName), Description: rules.description, Tags: rules.tags },
  (input: CreateRegistryInput, ctx: Ctx): CreateRegistryResponse => {
    const name = input.RegistryName ?? '';
    if (ctx.state.registries[name]) throw alreadyExists(`Registry already exists. RegistryName: ${name}`);
    const registry = addRegistry(ctx, name, {
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.Tags ? { tags: input.Tags } : {}),
    });
    const response: CreateRegistryResponse = {
      RegistryArn: registry.arn,
      RegistryName: registry.name,
      ...(registry.description !== undefined ? { Description: registry.description } : {}),
      Tags: { ...registry.tags },
    };
    emitApiCallEvent(ctx, 'CreateRegistry', input, response);
    return response;
  },
);

const getRegistry = validated(
  { RegistryId: required(rules.registryId) },
  (input: GetRegistryInput, ctx: Ctx): GetRegistryResponse =>
    describeRegistry(findRegistry(ctx.state, input.RegistryId ?? {}, ctx.caller)),
);

const listRegistries = validated(
  { MaxResults: rules.maxResults, NextToken: rules.nextToken },
  (input: ListRegistriesInput, ctx: Ctx): ListRegistriesResponse => {
    const all = Object.values(ctx.state.registries).sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = paginate({
      items: all,
      key: (r) => r.name,
      limit: input.MaxResults ?? rules.DEFAULT_PAGE_SIZE,
      token: input.NextToken,
      scope: 'registries',
      invalidToken: invalidNextToken,
    });
    return {
      Registries: page.items.map(describeRegistry),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

/** Deletes the registry with all its schemas; AWS answers `DELETING` and removes it asynchronously. */
const deleteRegistry = validated(
  { RegistryId: required(rules.registryId) },
  (input: DeleteRegistryInput, ctx: Ctx): DeleteRegistryResponse => {
    const registry = findRegistry(ctx.state, input.RegistryId ?? {}, ctx.caller);
    delete ctx.state.registries[registry.name];
    registryRemoved(ctx.state.registries, registry.name);
    const response: DeleteRegistryResponse = {
      RegistryName: registry.name,
      RegistryArn: registry.arn,
      Status: 'DELETING',
    };
    emitApiCallEvent(ctx, 'DeleteRegistry', input, response);
    return response;
  },
);

/** CreateRegistry, GetRegistry, ListRegistries, DeleteRegistry. */
export const registryOperations = {
  CreateRegistry: createRegistry,
  GetRegistry: getRegistry,
  ListRegistries: listRegistries,
  DeleteRegistry: deleteRegistry,
};
