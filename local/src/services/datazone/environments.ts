import type {
  CreateEnvironmentInput,
  CreateEnvironmentOutput,
  EnvironmentStatus,
  EnvironmentSummary,
  GetEnvironmentInput,
  GetEnvironmentOutput,
  ListEnvironmentsInput,
  ListEnvironmentsOutput,
} from '@aws-sdk/client-datazone';
import { anchored, list, required, str, struct, validated } from '../../cloud/validate.ts';
import { conflict } from './errors.ts';
import { newResourceId, userIdOf } from './ids.ts';
import {
  byCreation,
  type Ctx,
  matchesFilter,
  nowIso,
  own,
  requireDomain,
  requireEnvironment,
  requireProject,
  toDate,
} from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  description,
  domainIdentifier,
  ENTITY_NAME,
  glossaryTerms,
  maxResults,
  nextToken,
  RESOURCE_ID,
  requiredId,
  resourceId,
} from './rules.ts';
import {
  type DomainRecord,
  type EnvironmentRecord,
  nextSeq,
  type ProvisionedResourceRecord,
} from './state.ts';

const ACCOUNT_ID = anchored('\\d{12}');
const REGION = anchored('[a-z]{2}-[a-z]{4,10}-\\d');
const ENVIRONMENT_STATUSES = [
  'ACTIVE',
  'CREATING',
  'UPDATING',
  'DELETING',
  'CREATE_FAILED',
  'UPDATE_FAILED',
  'DELETE_FAILED',
  'VALIDATION_FAILED',
  'SUSPENDED',
  'DISABLED',
  'EXPIRED',
  'DELETED',
  'INACCESSIBLE',
];
const DEFAULT_PROVIDER = 'Amazon DataZone';

function environmentOutput(domain: DomainRecord, env: EnvironmentRecord): GetEnvironmentOutput {
  return {
    projectId: env.projectId,
    id: env.id,
    domainId: domain.id,
    createdBy: env.createdBy,
    createdAt: toDate(env.createdAt),
    updatedAt: toDate(env.updatedAt),
    name: env.name,
    description: env.description,
    environmentProfileId: env.environmentProfileId,
    environmentBlueprintId: env.environmentBlueprintId,
    awsAccountId: env.awsAccountId,
    awsAccountRegion: env.awsAccountRegion,
    provider: env.provider,
    provisionedResources: env.provisionedResources.map((r) => ({ ...r })),
    status: env.status as EnvironmentStatus,
    glossaryTerms: env.glossaryTerms,
  };
}

interface NewEnvironment {
  readonly id?: string;
  readonly projectId: string;
  readonly name: string;
  readonly description?: string;
  readonly environmentProfileId?: string;
  readonly environmentBlueprintId?: string;
  readonly awsAccountId: string;
  readonly awsAccountRegion: string;
  readonly glossaryTerms?: string[];
  readonly provisionedResources?: ProvisionedResourceRecord[];
}

/** Creates (or, for a seed with a known id, replaces) an ACTIVE environment. */
function putEnvironment(ctx: Ctx, domain: DomainRecord, spec: NewEnvironment): EnvironmentRecord {
  requireProject(domain, spec.projectId);
  const existing = spec.id === undefined ? undefined : own(domain.environments, spec.id);
  const clash = Object.values(domain.environments).find(
    (e) => e.projectId === spec.projectId && e.name === spec.name && e.id !== existing?.id,
  );
  if (clash)
    throw conflict(`An environment with the name ${spec.name} already exists in project ${spec.projectId}.`);
  const now = nowIso(ctx);
  const env: EnvironmentRecord = {
    id: spec.id ?? newResourceId(ctx.cloud),
    projectId: spec.projectId,
    name: spec.name,
    description: spec.description,
    environmentProfileId: spec.environmentProfileId,
    environmentBlueprintId: spec.environmentBlueprintId,
    awsAccountId: spec.awsAccountId,
    awsAccountRegion: spec.awsAccountRegion,
    provider: DEFAULT_PROVIDER,
    status: 'ACTIVE',
    provisionedResources: spec.provisionedResources ?? [],
    glossaryTerms: spec.glossaryTerms,
    createdBy: existing?.createdBy ?? userIdOf(ctx.caller),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    seq: existing?.seq ?? nextSeq(ctx.state),
  };
  domain.environments[env.id] = env;
  return env;
}

/**
 * CreateEnvironment: the environment is ACTIVE at once, in `environmentAccountIdentifier` /
 * `environmentAccountRegion` when given, else in the caller's account and Region. Any environment profile
 * id is accepted (profiles and blueprints are not modelled).
 */
export const createEnvironment = validated(
  {
    domainIdentifier,
    projectIdentifier: requiredId,
    name: required(str({ min: 1, max: 64, pattern: ENTITY_NAME })),
    description,
    environmentProfileIdentifier: str({ pattern: anchored('[a-zA-Z0-9_-]{0,36}') }),
    environmentBlueprintIdentifier: str(),
    environmentAccountIdentifier: str({ pattern: ACCOUNT_ID }),
    environmentAccountRegion: str({ pattern: REGION }),
    glossaryTerms,
    userParameters: list(),
  },
  (input: CreateEnvironmentInput, ctx: Ctx): CreateEnvironmentOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const env = putEnvironment(ctx, domain, {
      projectId: input.projectIdentifier ?? '',
      name: input.name ?? '',
      description: input.description,
      environmentProfileId: input.environmentProfileIdentifier,
      environmentBlueprintId: input.environmentBlueprintIdentifier,
      awsAccountId: input.environmentAccountIdentifier ?? ctx.caller.account,
      awsAccountRegion: input.environmentAccountRegion ?? ctx.caller.region,
      glossaryTerms: input.glossaryTerms,
    });
    return environmentOutput(domain, env);
  },
);

/** Input of the in-process `SeedEnvironment` operation. */
export interface SeedEnvironmentInput {
  readonly domainIdentifier: string;
  readonly projectIdentifier: string;
  readonly name: string;
  readonly awsAccountId: string;
  readonly awsAccountRegion: string;
  readonly id?: string;
  readonly description?: string;
  readonly environmentProfileIdentifier?: string;
  readonly provisionedResources?: ProvisionedResourceRecord[];
}

/**
 * Internal: puts an ACTIVE environment in any account and Region (the producer and consumer accounts of
 * the local world), optionally with a chosen id and provisioned resources. Re-seeding an id replaces it.
 */
export const seedEnvironment = validated(
  {
    domainIdentifier,
    projectIdentifier: requiredId,
    name: required(str({ min: 1, max: 64, pattern: ENTITY_NAME })),
    awsAccountId: required(str({ pattern: ACCOUNT_ID })),
    awsAccountRegion: required(str({ pattern: REGION })),
    id: resourceId(),
    description,
    environmentProfileIdentifier: str({ pattern: anchored('[a-zA-Z0-9_-]{0,36}') }),
    provisionedResources: list(
      struct({ name: str(), value: required(str()), type: required(str()), provider: str() }),
    ),
  },
  (input: SeedEnvironmentInput, ctx: Ctx): GetEnvironmentOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier);
    const env = putEnvironment(ctx, domain, {
      id: input.id,
      projectId: input.projectIdentifier,
      name: input.name,
      description: input.description,
      environmentProfileId: input.environmentProfileIdentifier,
      awsAccountId: input.awsAccountId,
      awsAccountRegion: input.awsAccountRegion,
      provisionedResources: input.provisionedResources,
    });
    return environmentOutput(domain, env);
  },
);

/** GetEnvironment: `createdAt`/`updatedAt` are Dates the wire layer renders as ISO date-times. */
export const getEnvironment = validated(
  { domainIdentifier, identifier: requiredId },
  (input: GetEnvironmentInput, ctx: Ctx): GetEnvironmentOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    return environmentOutput(domain, requireEnvironment(domain, input.identifier ?? ''));
  },
);

/** ListEnvironments: the environments of one project, with the model's optional filters. */
export const listEnvironments = validated(
  {
    domainIdentifier,
    projectIdentifier: requiredId,
    awsAccountId: str({ pattern: ACCOUNT_ID }),
    awsAccountRegion: str({ pattern: REGION }),
    status: str({ enum: ENVIRONMENT_STATUSES }),
    environmentProfileIdentifier: str({ pattern: anchored('[a-zA-Z0-9_-]{0,36}') }),
    environmentBlueprintIdentifier: str({ pattern: RESOURCE_ID }),
    provider: str(),
    name: str(),
    maxResults,
    nextToken,
  },
  (input: ListEnvironmentsInput, ctx: Ctx): ListEnvironmentsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    requireProject(domain, input.projectIdentifier ?? '');
    const envs = Object.values(domain.environments)
      .filter(
        (e) =>
          e.projectId === input.projectIdentifier &&
          matchesFilter(input.awsAccountId, e.awsAccountId) &&
          matchesFilter(input.awsAccountRegion, e.awsAccountRegion) &&
          matchesFilter(input.status, e.status) &&
          matchesFilter(input.environmentProfileIdentifier, e.environmentProfileId) &&
          matchesFilter(input.environmentBlueprintIdentifier, e.environmentBlueprintId) &&
          matchesFilter(input.provider, e.provider) &&
          matchesFilter(input.name, e.name),
      )
      .sort(byCreation);
    const page = paginate(envs, input, 'ListEnvironments');
    const items = page.items.map(
      (e): EnvironmentSummary => ({
        projectId: e.projectId,
        id: e.id,
        domainId: domain.id,
        createdBy: e.createdBy,
        createdAt: toDate(e.createdAt),
        updatedAt: toDate(e.updatedAt),
        name: e.name,
        description: e.description,
        environmentProfileId: e.environmentProfileId,
        awsAccountId: e.awsAccountId,
        awsAccountRegion: e.awsAccountRegion,
        provider: e.provider,
        status: e.status as EnvironmentStatus,
      }),
    );
    return { items, nextToken: page.nextToken };
  },
);
