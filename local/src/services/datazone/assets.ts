import type {
  AssetRevision,
  CreateAssetInput,
  CreateAssetOutput,
  CreateAssetRevisionInput,
  CreateAssetRevisionOutput,
  DeleteAssetInput,
  DeleteAssetOutput,
  FormInput,
  FormOutput,
  GetAssetInput,
  GetAssetOutput,
  ListAssetRevisionsInput,
  ListAssetRevisionsOutput,
} from '@aws-sdk/client-datazone';
import { list, required, str, validated } from '../../cloud/validate.ts';
import { assetAdded, assetByExternalIdentifier, assetRemoved } from './asset-index.ts';
import { findAssetType } from './asset-types.ts';
import { conflict, notFound, validationError } from './errors.ts';
import { COMMON_DETAILS_FORM_NAME, findFormType, formTypeNotFound } from './form-types.ts';
import { idempotency } from './idempotency.ts';
import { newResourceId, userIdOf } from './ids.ts';
import { type Ctx, nowIso, own, requireAsset, requireDomain, requireProject, toDate } from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  clientToken,
  description,
  domainIdentifier,
  formInput,
  glossaryTerms,
  maxResults,
  nextToken,
  predictionConfiguration,
  requiredId,
  revision,
  TYPE_IDENTIFIER,
} from './rules.ts';
import {
  type AssetRecord,
  type AssetRevisionRecord,
  type AssetTypeRevisionRecord,
  type DomainRecord,
  type FormRecord,
  type ListingRecord,
  nextSeq,
} from './state.ts';

const ASSET_TYPE_NOT_FOUND =
  "The given Asset's input resource doesn't exist. Try creating Asset's input resource before accessing it.";

/** The latest revision of an asset. */
export function latestRevision(asset: AssetRecord): AssetRevisionRecord {
  const latest = asset.revisions.at(-1);
  if (!latest) throw new Error(`asset ${asset.id} has no revision`);
  return latest;
}

/** The listing of an asset, if it was ever published. */
export function listingOf(domain: DomainRecord, assetId: string): ListingRecord | undefined {
  return Object.values(domain.listings).find((l) => l.assetId === assetId);
}

/** A stored form as the SDK's FormOutput. */
export function formOutput(form: FormRecord): FormOutput {
  return {
    formName: form.formName,
    typeName: form.typeName,
    typeRevision: form.typeRevision,
    content: form.content,
  };
}

/** The parsed content of a form, or undefined when the revision has no such form. */
export function formContent(rev: AssetRevisionRecord, formName: string): Record<string, unknown> | undefined {
  const form = rev.forms.find((f) => f.formName === formName);
  return form ? (JSON.parse(form.content) as Record<string, unknown>) : undefined;
}

/** `AssetCommonDetailsForm.sourceIdentifier` of an asset revision: the link to lineage dataset nodes. */
export function sourceIdentifierOf(rev: AssetRevisionRecord): string | undefined {
  const value = formContent(rev, COMMON_DETAILS_FORM_NAME)?.sourceIdentifier;
  return typeof value === 'string' ? value : undefined;
}

function resolveAssetType(domain: DomainRecord, name: string, typeRevision: string | undefined) {
  const assetType = findAssetType(domain, name, typeRevision);
  if (!assetType) throw notFound(ASSET_TYPE_NOT_FOUND);
  return assetType;
}

/**
 * Checks `formsInput` against the asset type: each form must be one of the type's forms, with valid JSON
 * object content; the type's required forms must be present.
 */
function resolveForms(
  domain: DomainRecord,
  assetType: AssetTypeRevisionRecord,
  formsInput: readonly FormInput[] | undefined,
): FormRecord[] {
  const forms: FormRecord[] = [];
  for (const input of formsInput ?? []) {
    const formName = input.formName ?? '';
    if (forms.some((f) => f.formName === formName)) {
      throw validationError(`Form ${formName} is given more than once.`);
    }
    const entry = own(assetType.formsOutput, formName);
    if (!entry) {
      throw validationError(
        `Form ${formName} is not a form of asset type ${assetType.name} revision ${assetType.revision}.`,
      );
    }
    if (input.typeIdentifier !== undefined && input.typeIdentifier !== entry.typeName) {
      throw validationError(
        `Form ${formName} has type ${entry.typeName} in asset type ${assetType.name}, not ${input.typeIdentifier}.`,
      );
    }
    const typeRevision = input.typeRevision ?? entry.typeRevision;
    if (!findFormType(domain, entry.typeName, typeRevision)) {
      throw formTypeNotFound(domain, entry.typeName, typeRevision);
    }
    const content = input.content ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw validationError(`The content of form ${formName} is not valid JSON.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw validationError(`The content of form ${formName} must be a JSON object.`);
    }
    forms.push({ formName, typeName: entry.typeName, typeRevision, content });
  }
  for (const [formName, entry] of Object.entries(assetType.formsOutput)) {
    if (entry.required && !forms.some((f) => f.formName === formName)) {
      throw validationError(`Form ${formName} is required by asset type ${assetType.name}.`);
    }
  }
  return forms;
}

/** An asset revision as GetAsset answers it. */
export function assetOutput(
  domain: DomainRecord,
  asset: AssetRecord,
  rev: AssetRevisionRecord,
): GetAssetOutput {
  const listing = listingOf(domain, asset.id);
  return {
    id: asset.id,
    name: rev.name,
    typeIdentifier: asset.typeIdentifier,
    typeRevision: rev.typeRevision,
    externalIdentifier: asset.externalIdentifier,
    revision: rev.revision,
    description: rev.description,
    createdAt: toDate(rev.createdAt),
    createdBy: rev.createdBy,
    firstRevisionCreatedAt: toDate(asset.firstRevisionCreatedAt),
    firstRevisionCreatedBy: asset.firstRevisionCreatedBy,
    glossaryTerms: rev.glossaryTerms,
    owningProjectId: asset.owningProjectId,
    domainId: domain.id,
    listing: listing ? { listingId: listing.id, listingStatus: listing.status } : undefined,
    formsOutput: rev.forms.map(formOutput),
    readOnlyFormsOutput: [],
  };
}

const assetRules = {
  domainIdentifier,
  name: required(str({ min: 1, max: 256 })),
  typeRevision: revision,
  description,
  glossaryTerms,
  formsInput: list(formInput, { min: 0, max: 10 }),
  predictionConfiguration,
  clientToken,
};

/**
 * CreateAsset: revision 1 of a new asset. `externalIdentifier` is unique in the domain; a retry with the
 * same client token returns the asset it created.
 */
export const createAsset = validated(
  {
    ...assetRules,
    externalIdentifier: str({ min: 1, max: 600 }),
    typeIdentifier: required(str({ min: 1, max: 513, pattern: TYPE_IDENTIFIER })),
    owningProjectIdentifier: requiredId,
  },
  (input: CreateAssetInput, ctx: Ctx): CreateAssetOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const token = idempotency(ctx.state, 'CreateAsset', domain.id, input.clientToken, input);
    const previous = token.previous && own(domain.assets, token.previous.assetId ?? '');
    if (previous) {
      const rev =
        previous.revisions.find((r) => r.revision === token.previous?.revision) ?? latestRevision(previous);
      return assetOutput(domain, previous, rev);
    }
    const project = requireProject(domain, input.owningProjectIdentifier ?? '');
    const assetType = resolveAssetType(domain, input.typeIdentifier ?? '', input.typeRevision);
    const forms = resolveForms(domain, assetType, input.formsInput);
    const external = input.externalIdentifier;
    if (external !== undefined) {
      const clash = assetByExternalIdentifier(domain.assets, external);
      if (clash) {
        throw conflict(`An asset with the external identifier ${external} already exists: ${clash.id}.`);
      }
    }
    const now = nowIso(ctx);
    const user = userIdOf(ctx.caller);
    const rev: AssetRevisionRecord = {
      revision: '1',
      name: input.name ?? '',
      description: input.description,
      typeRevision: assetType.revision,
      glossaryTerms: input.glossaryTerms,
      forms,
      predictionConfiguration: input.predictionConfiguration,
      createdBy: user,
      createdAt: now,
    };
    const asset: AssetRecord = {
      id: newResourceId(ctx.cloud),
      typeIdentifier: assetType.name,
      owningProjectId: project.id,
      externalIdentifier: external,
      firstRevisionCreatedAt: now,
      firstRevisionCreatedBy: user,
      revisions: [rev],
      seq: nextSeq(ctx.state),
    };
    domain.assets[asset.id] = asset;
    assetAdded(domain.assets, asset);
    token.remember({ assetId: asset.id, revision: rev.revision });
    return assetOutput(domain, asset, rev);
  },
);

/**
 * CreateAssetRevision: the next revision, with the given name, description, glossary terms and forms
 * (forms not given are not carried over). The external identifier stays; the type revision stays unless
 * `typeRevision` is given.
 */
export const createAssetRevision = validated(
  { ...assetRules, identifier: requiredId },
  (input: CreateAssetRevisionInput, ctx: Ctx): CreateAssetRevisionOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const token = idempotency(ctx.state, 'CreateAssetRevision', domain.id, input.clientToken, input);
    const asset = requireAsset(domain, input.identifier ?? '');
    if (token.previous) {
      const rev = asset.revisions.find((r) => r.revision === token.previous?.revision);
      if (rev) return assetOutput(domain, asset, rev);
    }
    const current = latestRevision(asset);
    const assetType = resolveAssetType(
      domain,
      asset.typeIdentifier,
      input.typeRevision ?? current.typeRevision,
    );
    const forms = resolveForms(domain, assetType, input.formsInput);
    const rev: AssetRevisionRecord = {
      revision: String(Number(current.revision) + 1),
      name: input.name ?? '',
      description: input.description,
      typeRevision: assetType.revision,
      glossaryTerms: input.glossaryTerms,
      forms,
      predictionConfiguration: input.predictionConfiguration,
      createdBy: userIdOf(ctx.caller),
      createdAt: nowIso(ctx),
    };
    asset.revisions.push(rev);
    token.remember({ assetId: asset.id, revision: rev.revision });
    return assetOutput(domain, asset, rev);
  },
);

/** GetAsset: the latest revision, or `revision`. */
export const getAsset = validated(
  { domainIdentifier, identifier: requiredId, revision },
  (input: GetAssetInput, ctx: Ctx): GetAssetOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const asset = requireAsset(domain, input.identifier ?? '');
    if (input.revision === undefined) return assetOutput(domain, asset, latestRevision(asset));
    const rev = asset.revisions.find((r) => r.revision === input.revision);
    if (!rev) throw notFound(`Revision ${input.revision} of asset ${asset.id} not found.`);
    return assetOutput(domain, asset, rev);
  },
);

/** DeleteAsset: the asset goes away (its external identifier is free again); its listing becomes INACTIVE. */
export const deleteAsset = validated(
  { domainIdentifier, identifier: requiredId },
  (input: DeleteAssetInput, ctx: Ctx): DeleteAssetOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const asset = requireAsset(domain, input.identifier ?? '');
    const listing = listingOf(domain, asset.id);
    if (listing) {
      listing.status = 'INACTIVE';
      listing.updatedAt = nowIso(ctx);
      listing.updatedBy = userIdOf(ctx.caller);
    }
    delete domain.assets[asset.id];
    assetRemoved(domain.assets, asset);
    return {};
  },
);

/** ListAssetRevisions: oldest first. */
export const listAssetRevisions = validated(
  { domainIdentifier, identifier: requiredId, maxResults, nextToken },
  (input: ListAssetRevisionsInput, ctx: Ctx): ListAssetRevisionsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const asset = requireAsset(domain, input.identifier ?? '');
    const page = paginate(asset.revisions, input, 'ListAssetRevisions');
    const items = page.items.map(
      (r): AssetRevision => ({
        domainId: domain.id,
        id: asset.id,
        revision: r.revision,
        createdBy: r.createdBy,
        createdAt: toDate(r.createdAt),
      }),
    );
    return { items, nextToken: page.nextToken };
  },
);
