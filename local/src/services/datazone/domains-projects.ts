import type {
  CreateDomainInput,
  CreateDomainOutput,
  CreateProjectInput,
  CreateProjectOutput,
  DomainStatus,
  DomainSummary,
  DomainVersion,
  GetDomainInput,
  GetDomainOutput,
  GetProjectInput,
  GetProjectOutput,
  ListDomainsInput,
  ListDomainsOutput,
  ListProjectsInput,
  ListProjectsOutput,
  ProjectSummary,
  SingleSignOn,
} from '@aws-sdk/client-datazone';
import { list, map, required, str, struct, validated } from '../../cloud/validate.ts';
import { conflict, notFound } from './errors.ts';
import { idempotency } from './idempotency.ts';
import { newDomainId, newResourceId, userIdOf } from './ids.ts';
import { byCreation, type Ctx, nowIso, own, requireDomain, requireProject, toDate } from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  DOMAIN_ID,
  description,
  domainIdentifier,
  ENTITY_NAME,
  glossaryTerms,
  maxResults,
  nextToken,
  RESOURCE_ID,
  ROLE_ARN,
  requiredId,
} from './rules.ts';
import { type DomainRecord, nextSeq, type ProjectRecord } from './state.ts';

const DOMAIN_STATUSES = [
  'CREATING',
  'AVAILABLE',
  'CREATION_FAILED',
  'DELETING',
  'DELETED',
  'DELETION_FAILED',
];

function domainOutput(domain: DomainRecord): GetDomainOutput {
  return {
    id: domain.id,
    rootDomainUnitId: domain.rootDomainUnitId,
    name: domain.name,
    description: domain.description,
    singleSignOn: domain.singleSignOn as SingleSignOn | undefined,
    domainExecutionRole: domain.domainExecutionRole,
    arn: domain.arn,
    kmsKeyIdentifier: domain.kmsKeyIdentifier,
    status: domain.status as DomainStatus,
    portalUrl: domain.portalUrl,
    createdAt: toDate(domain.createdAt),
    lastUpdatedAt: toDate(domain.lastUpdatedAt),
    tags: domain.tags,
    domainVersion: domain.domainVersion as DomainVersion,
    serviceRole: domain.serviceRole,
  };
}

/** CreateDomain: the domain is AVAILABLE at once (AWS goes through CREATING for a minute or two). */
export const createDomain = validated(
  {
    name: required(str({ min: 1, max: 64 })),
    description,
    domainExecutionRole: required(str({ pattern: ROLE_ARN })),
    serviceRole: str({ pattern: ROLE_ARN }),
    kmsKeyIdentifier: str({ min: 1, max: 1024 }),
    domainVersion: str({ enum: ['V1', 'V2'] }),
    singleSignOn: struct({
      type: str({ enum: ['IAM_IDC', 'DISABLED'] }),
      userAssignment: str({ enum: ['AUTOMATIC', 'MANUAL'] }),
      idcInstanceArn: str(),
    }),
    tags: map({ max: 50, key: str({ min: 1, max: 128 }), value: str({ min: 0, max: 256 }) }),
  },
  (input: CreateDomainInput, ctx: Ctx): CreateDomainOutput => {
    const token = idempotency(ctx.state, 'CreateDomain', '', input.clientToken, input);
    const previousId = token.previous?.domainId;
    if (previousId !== undefined && own(ctx.state.domains, previousId)) {
      return domainOutput(requireDomain(ctx, previousId));
    }
    const name = input.name ?? '';
    if (Object.values(ctx.state.domains).some((d) => d.name === name)) {
      throw conflict(`A domain with the name ${name} already exists.`);
    }
    const id = newDomainId(ctx.cloud);
    const now = nowIso(ctx);
    const { account, region } = ctx.caller;
    const domain: DomainRecord = {
      id,
      name,
      description: input.description,
      arn: `arn:aws:datazone:${region}:${account}:domain/${id}`,
      domainExecutionRole: input.domainExecutionRole ?? '',
      serviceRole: input.serviceRole,
      kmsKeyIdentifier: input.kmsKeyIdentifier,
      singleSignOn: input.singleSignOn,
      tags: input.tags,
      domainVersion: input.domainVersion ?? 'V1',
      status: 'AVAILABLE',
      portalUrl: `https://${id}.datazone.${region}.on.aws`,
      rootDomainUnitId: newResourceId(ctx.cloud),
      createdAt: now,
      lastUpdatedAt: now,
      seq: nextSeq(ctx.state),
      projects: {},
      environments: {},
      formTypes: {},
      assetTypes: {},
      assets: {},
      listings: {},
      subscriptionTargets: {},
      subscriptionRequests: {},
      subscriptions: {},
      grants: {},
      lineageEvents: {},
      lineageNodes: {},
      lineageNodeIndex: {},
    };
    ctx.state.domains[id] = domain;
    token.remember({ domainId: id });
    return domainOutput(domain);
  },
);

/** GetDomain by id. */
export const getDomain = validated(
  { identifier: required(str({ pattern: DOMAIN_ID })) },
  (input: GetDomainInput, ctx: Ctx): GetDomainOutput =>
    domainOutput(requireDomain(ctx, input.identifier ?? '')),
);

/** ListDomains of the caller's account and Region, oldest first, optionally by status. */
export const listDomains = validated(
  { status: str({ enum: DOMAIN_STATUSES }), maxResults, nextToken },
  (input: ListDomainsInput, ctx: Ctx): ListDomainsOutput => {
    const domains = Object.values(ctx.state.domains)
      .filter((d) => input.status === undefined || d.status === input.status)
      .sort(byCreation);
    const page = paginate(domains, input, 'ListDomains');
    const items = page.items.map(
      (d): DomainSummary => ({
        id: d.id,
        name: d.name,
        description: d.description,
        arn: d.arn,
        managedAccountId: ctx.caller.account,
        status: d.status as DomainStatus,
        portalUrl: d.portalUrl,
        createdAt: toDate(d.createdAt),
        lastUpdatedAt: toDate(d.lastUpdatedAt),
        domainVersion: d.domainVersion as DomainVersion,
      }),
    );
    return { items, nextToken: page.nextToken };
  },
);

function projectOutput(domain: DomainRecord, project: ProjectRecord): GetProjectOutput {
  return {
    domainId: domain.id,
    id: project.id,
    name: project.name,
    description: project.description,
    projectStatus: 'ACTIVE',
    createdBy: project.createdBy,
    createdAt: toDate(project.createdAt),
    lastUpdatedAt: toDate(project.lastUpdatedAt),
    resourceTags: project.resourceTags
      ? Object.entries(project.resourceTags).map(([key, value]) => ({ key, value, source: 'PROJECT' }))
      : undefined,
    glossaryTerms: project.glossaryTerms,
    domainUnitId: project.domainUnitId,
    projectProfileId: project.projectProfileId,
    projectCategory: project.projectCategory,
  };
}

/** CreateProject: project names are unique within a domain. */
export const createProject = validated(
  {
    domainIdentifier,
    name: required(str({ min: 1, max: 64, pattern: ENTITY_NAME })),
    description,
    glossaryTerms,
    domainUnitId: str({ min: 1, max: 256, pattern: RESOURCE_ID }),
    projectProfileId: str({ pattern: RESOURCE_ID }),
    projectCategory: str(),
    resourceTags: map({ max: 25, key: str({ min: 1, max: 128 }), value: str({ min: 0, max: 256 }) }),
    membershipAssignments: list(),
  },
  (input: CreateProjectInput, ctx: Ctx): CreateProjectOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const name = input.name ?? '';
    if (Object.values(domain.projects).some((p) => p.name === name)) {
      throw conflict(`A project with the name ${name} already exists in domain ${domain.id}.`);
    }
    if (input.domainUnitId !== undefined && input.domainUnitId !== domain.rootDomainUnitId) {
      throw notFound(`Domain unit ${input.domainUnitId} not found in domain ${domain.id}.`);
    }
    const now = nowIso(ctx);
    const project: ProjectRecord = {
      id: newResourceId(ctx.cloud),
      name,
      description: input.description,
      glossaryTerms: input.glossaryTerms,
      projectCategory: input.projectCategory,
      projectProfileId: input.projectProfileId,
      resourceTags: input.resourceTags,
      domainUnitId: domain.rootDomainUnitId,
      createdBy: userIdOf(ctx.caller),
      createdAt: now,
      lastUpdatedAt: now,
      seq: nextSeq(ctx.state),
    };
    domain.projects[project.id] = project;
    return projectOutput(domain, project);
  },
);

/** GetProject by id. */
export const getProject = validated(
  { domainIdentifier, identifier: requiredId },
  (input: GetProjectInput, ctx: Ctx): GetProjectOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    return projectOutput(domain, requireProject(domain, input.identifier ?? ''));
  },
);

/** ListProjects: `name` filters on the exact project name; user and group filters are not modelled. */
export const listProjects = validated(
  { domainIdentifier, name: str({ min: 1, max: 64, pattern: ENTITY_NAME }), maxResults, nextToken },
  (input: ListProjectsInput, ctx: Ctx): ListProjectsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const projects = Object.values(domain.projects)
      .filter((p) => input.name === undefined || p.name === input.name)
      .filter((p) => input.projectCategory === undefined || p.projectCategory === input.projectCategory)
      .sort(byCreation);
    const page = paginate(projects, input, 'ListProjects');
    const items = page.items.map(
      (p): ProjectSummary => ({
        domainId: domain.id,
        id: p.id,
        name: p.name,
        description: p.description,
        projectStatus: 'ACTIVE',
        createdBy: p.createdBy,
        createdAt: toDate(p.createdAt),
        updatedAt: toDate(p.lastUpdatedAt),
        domainUnitId: p.domainUnitId,
        projectCategory: p.projectCategory,
      }),
    );
    return { items, nextToken: page.nextToken };
  },
);
