import type {
  CreateAssetTypeInput,
  CreateAssetTypeOutput,
  FormEntryOutput,
  GetAssetTypeInput,
  GetAssetTypeOutput,
} from '@aws-sdk/client-datazone';
import { bool, map, required, str, struct, validated } from '../../cloud/validate.ts';
import { conflict, notFound, validationError } from './errors.ts';
import {
  COMMON_DETAILS_FORM_NAME,
  COMMON_DETAILS_FORM_TYPE,
  findFormType,
  formTypeNotFound,
} from './form-types.ts';
import { userIdOf } from './ids.ts';
import { type Ctx, nowIso, own, requireDomain, requireProject, toDate } from './lookup.ts';
import { description, domainIdentifier, FORM_NAME, requiredId, revision, TYPE_IDENTIFIER } from './rules.ts';
import type { AssetTypeRevisionRecord, DomainRecord, FormEntryRecord } from './state.ts';

/** One revision of an asset type (the latest when `revision` is undefined). */
export function findAssetType(
  domain: DomainRecord,
  name: string,
  revision: string | undefined,
): AssetTypeRevisionRecord | undefined {
  const revisions = own(domain.assetTypes, name);
  if (!revisions) return undefined;
  return revision === undefined ? revisions.at(-1) : revisions.find((r) => r.revision === revision);
}

function assetTypeOutput(domain: DomainRecord, assetType: AssetTypeRevisionRecord): GetAssetTypeOutput {
  const formsOutput: Record<string, FormEntryOutput> = {};
  for (const [formName, entry] of Object.entries(assetType.formsOutput)) formsOutput[formName] = { ...entry };
  return {
    domainId: domain.id,
    name: assetType.name,
    revision: assetType.revision,
    description: assetType.description,
    formsOutput,
    owningProjectId: assetType.owningProjectId,
    originDomainId: domain.id,
    originProjectId: assetType.owningProjectId,
    createdAt: toDate(assetType.createdAt),
    createdBy: assetType.createdBy,
    updatedAt: toDate(assetType.createdAt),
    updatedBy: assetType.createdBy,
  };
}

/**
 * CreateAssetType. Every form must reference an existing form type revision; `AssetCommonDetailsForm`
 * is added to the forms automatically. An existing name owned by the same project gets a new revision
 * (DataZone has no UpdateAssetType, revisions are how an asset type evolves); a name owned by another
 * project is a ConflictException.
 */
export const createAssetType = validated(
  {
    domainIdentifier,
    name: required(str({ min: 1, max: 256 })),
    description,
    formsInput: required(
      map({
        min: 0,
        max: 10,
        key: str({ min: 1, max: 128, pattern: FORM_NAME }),
        value: struct({
          typeIdentifier: required(str({ min: 1, max: 385, pattern: TYPE_IDENTIFIER })),
          typeRevision: required(revision),
          required: bool(),
        }),
      }),
    ),
    owningProjectIdentifier: requiredId,
  },
  (input: CreateAssetTypeInput, ctx: Ctx): CreateAssetTypeOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const name = input.name ?? '';
    if (name.includes('.')) throw validationError(`Asset type name ${name} must not contain '.'.`);
    const project = requireProject(domain, input.owningProjectIdentifier ?? '');
    const formsOutput: Record<string, FormEntryRecord> = {};
    for (const [formName, entry] of Object.entries(input.formsInput ?? {})) {
      const typeName = entry.typeIdentifier ?? '';
      const typeRevision = entry.typeRevision ?? '';
      if (!findFormType(domain, typeName, typeRevision))
        throw formTypeNotFound(domain, typeName, typeRevision);
      formsOutput[formName] = { typeName, typeRevision, required: entry.required ?? false };
    }
    if (!Object.hasOwn(formsOutput, COMMON_DETAILS_FORM_NAME)) {
      const common = findFormType(domain, COMMON_DETAILS_FORM_TYPE, undefined);
      if (common) {
        formsOutput[COMMON_DETAILS_FORM_NAME] = {
          typeName: COMMON_DETAILS_FORM_TYPE,
          typeRevision: common.revision,
          required: false,
        };
      }
    }
    const revisions = own(domain.assetTypes, name) ?? [];
    const first = revisions[0];
    if (first && first.owningProjectId !== project.id) {
      throw conflict(`Asset type ${name} already exists and is owned by project ${first.owningProjectId}.`);
    }
    const record: AssetTypeRevisionRecord = {
      name,
      revision: String(revisions.length + 1),
      description: input.description,
      formsOutput,
      owningProjectId: project.id,
      createdBy: userIdOf(ctx.caller),
      createdAt: nowIso(ctx),
    };
    domain.assetTypes[name] = [...revisions, record];
    return assetTypeOutput(domain, record);
  },
);

/** GetAssetType by name: the latest revision, or `revision`. */
export const getAssetType = validated(
  {
    domainIdentifier,
    identifier: required(str({ min: 1, max: 513, pattern: TYPE_IDENTIFIER })),
    revision,
  },
  (input: GetAssetTypeInput, ctx: Ctx): GetAssetTypeOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const name = input.identifier ?? '';
    const assetType = findAssetType(domain, name, input.revision);
    if (!assetType) {
      const suffix = input.revision === undefined ? '' : ` with revision ${input.revision}`;
      throw notFound(`Asset type ${name}${suffix} not found in domain ${domain.id}.`);
    }
    return assetTypeOutput(domain, assetType);
  },
);

/**
 * DeleteAssetType: removes every revision. An asset type that assets still use is a ConflictException
 * (DataZone refuses to delete a type in use).
 */
export const deleteAssetType = validated(
  {
    domainIdentifier,
    identifier: required(str({ min: 1, max: 513, pattern: TYPE_IDENTIFIER })),
  },
  (input: { domainIdentifier: string; identifier: string }, ctx: Ctx): Record<string, never> => {
    const domain = requireDomain(ctx, input.domainIdentifier);
    const name = input.identifier;
    if (!own(domain.assetTypes, name)) throw notFound(`Asset type ${name} not found in domain ${domain.id}.`);
    const users = Object.values(domain.assets).filter((asset) => asset.typeIdentifier === name);
    if (users.length > 0) {
      throw conflict(
        `Asset type ${name} cannot be deleted: ${users.length} asset(s) use it (e.g. ${users[0]?.id}).`,
      );
    }
    delete domain.assetTypes[name];
    return {};
  },
);
