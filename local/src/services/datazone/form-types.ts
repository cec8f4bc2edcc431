import type {
  CreateFormTypeInput,
  CreateFormTypeOutput,
  FormTypeStatus,
  GetFormTypeInput,
  GetFormTypeOutput,
} from '@aws-sdk/client-datazone';
import { required, str, struct, validated } from '../../cloud/validate.ts';
import { conflict, notFound, validationError } from './errors.ts';
import { userIdOf } from './ids.ts';
import { type Ctx, nowIso, own, requireDomain, requireProject, toDate } from './lookup.ts';
import {
  description,
  domainIdentifier,
  FORM_TYPE_NAME,
  requiredId,
  revision,
  TYPE_IDENTIFIER,
} from './rules.ts';
import type { DomainRecord, FormTypeRevisionRecord } from './state.ts';

/** The system form type every asset type carries, and the name of its form on assets. */
export const COMMON_DETAILS_FORM_TYPE = 'amazon.datazone.AssetCommonDetailsFormType';
export const COMMON_DETAILS_FORM_NAME = 'AssetCommonDetailsForm';
const RELATIONAL_TABLE_FORM_TYPE = 'amazon.datazone.RelationalTableFormType';
const SYSTEM_PREFIX = 'amazon.datazone.';

/**
 * The built-in form types that exist in every domain without being created. The models are local
 * renditions with the fields seen in use (AWS's exact system schemas are not published); the revision of
 * AssetCommonDetailsFormType is the one the CreateAssetType API example shows.
 */
const SYSTEM_FORM_TYPES: Readonly<Record<string, { readonly revision: string; readonly model: string }>> = {
  [COMMON_DETAILS_FORM_TYPE]: {
    revision: '6',
    model: `$version: "2.0"
namespace amazon.datazone

@documentation("Common details of an asset")
structure AssetCommonDetailsFormType {
    @documentation("Identifier of the asset in its source system; lineage dataset nodes with the same sourceIdentifier are linked to the asset")
    @amazon.datazone#searchable
    sourceIdentifier: String

    @documentation("Readme of the asset, in Markdown")
    @amazon.datazone#searchable
    readMe: String

    @amazon.datazone#searchable
    summary: String

    customProperties: CustomProperties
}

map CustomProperties {
    key: String
    value: String
}
`,
  },
  [RELATIONAL_TABLE_FORM_TYPE]: {
    revision: '1',
    model: `$version: "2.0"
namespace amazon.datazone

@documentation("Table schema of a relational (tabular) asset")
structure RelationalTableFormType {
    @required
    @amazon.datazone#searchable
    tableName: String

    @amazon.datazone#searchable
    tableArn: String

    columns: ColumnList
}

list ColumnList {
    member: Column
}

structure Column {
    @required
    @amazon.datazone#searchable
    columnName: String

    @required
    dataType: String

    @amazon.datazone#searchable
    description: String
}
`,
  },
};

/** The revisions of a form type, system types included; undefined when the domain has no such type. */
export function formTypeRevisions(domain: DomainRecord, name: string): FormTypeRevisionRecord[] | undefined {
  const system = own(SYSTEM_FORM_TYPES, name);
  if (system) {
    return [
      {
        name,
        revision: system.revision,
        model: system.model,
        status: 'ENABLED',
        createdBy: 'SYSTEM',
        createdAt: domain.createdAt,
      },
    ];
  }
  return own(domain.formTypes, name);
}

/** One revision of a form type (the latest when `revision` is undefined). */
export function findFormType(
  domain: DomainRecord,
  name: string,
  revision: string | undefined,
): FormTypeRevisionRecord | undefined {
  const revisions = formTypeRevisions(domain, name);
  if (!revisions) return undefined;
  return revision === undefined ? revisions.at(-1) : revisions.find((r) => r.revision === revision);
}

/** The error AWS gives when a form type revision referenced by an asset type does not exist. */
export function formTypeNotFound(domain: DomainRecord, name: string, revision: string): Error {
  return validationError(`Object type Form#${domain.id}#${name} with version ${revision} not found`);
}

function formTypeOutput(domain: DomainRecord, formType: FormTypeRevisionRecord): GetFormTypeOutput {
  return {
    domainId: domain.id,
    name: formType.name,
    revision: formType.revision,
    model: { smithy: formType.model },
    owningProjectId: formType.owningProjectId,
    originDomainId: formType.owningProjectId === undefined ? undefined : domain.id,
    originProjectId: formType.owningProjectId,
    status: formType.status as FormTypeStatus,
    createdAt: toDate(formType.createdAt),
    createdBy: formType.createdBy,
    description: formType.description,
  };
}

/**
 * CreateFormType: a new form type, or, when the name exists (owned by the same project), its next
 * revision — DataZone has no UpdateFormType. The Smithy model must define a structure named like the
 * form type.
 */
export const createFormType = validated(
  {
    domainIdentifier,
    name: required(str({ min: 1, max: 128, pattern: FORM_TYPE_NAME })),
    model: required(struct({ smithy: str({ min: 1, max: 100_000 }) }, { union: true })),
    owningProjectIdentifier: requiredId,
    status: str({ enum: ['ENABLED', 'DISABLED'] }),
    description,
  },
  (input: CreateFormTypeInput, ctx: Ctx): CreateFormTypeOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const name = input.name ?? '';
    const project = requireProject(domain, input.owningProjectIdentifier ?? '');
    if (name.startsWith(SYSTEM_PREFIX)) {
      throw validationError(
        `Form type names starting with ${SYSTEM_PREFIX} are reserved for system form types.`,
      );
    }
    const smithy = input.model?.smithy ?? '';
    if (!new RegExp(`\\bstructure\\s+${name}\\s*\\{`, 'u').test(smithy)) {
      throw validationError(`The Smithy model of form type ${name} must define a structure named ${name}.`);
    }
    const revisions = own(domain.formTypes, name) ?? [];
    const first = revisions[0];
    if (first && first.owningProjectId !== project.id) {
      throw conflict(`Form type ${name} already exists and is owned by project ${first.owningProjectId}.`);
    }
    const record: FormTypeRevisionRecord = {
      name,
      revision: String(revisions.length + 1),
      model: smithy,
      status: input.status ?? 'ENABLED',
      owningProjectId: project.id,
      description: input.description,
      createdBy: userIdOf(ctx.caller),
      createdAt: nowIso(ctx),
    };
    domain.formTypes[name] = [...revisions, record];
    return {
      domainId: domain.id,
      name,
      revision: record.revision,
      description: record.description,
      owningProjectId: project.id,
      originDomainId: domain.id,
      originProjectId: project.id,
    };
  },
);

/** GetFormType: the latest revision, or `revision`; system form types exist in every domain. */
export const getFormType = validated(
  {
    domainIdentifier,
    formTypeIdentifier: required(str({ min: 1, max: 385, pattern: TYPE_IDENTIFIER })),
    revision,
  },
  (input: GetFormTypeInput, ctx: Ctx): GetFormTypeOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const name = input.formTypeIdentifier ?? '';
    const formType = findFormType(domain, name, input.revision);
    if (!formType) {
      const suffix = input.revision === undefined ? '' : ` with revision ${input.revision}`;
      throw notFound(`Form type ${name}${suffix} not found in domain ${domain.id}.`);
    }
    return formTypeOutput(domain, formType);
  },
);

/**
 * DeleteFormType: removes every revision of a custom form type. System form types cannot be deleted
 * (ValidationException); a form type that an asset type still references is a ConflictException.
 */
export const deleteFormType = validated(
  {
    domainIdentifier,
    formTypeIdentifier: required(str({ min: 1, max: 385, pattern: TYPE_IDENTIFIER })),
  },
  (input: { domainIdentifier: string; formTypeIdentifier: string }, ctx: Ctx): Record<string, never> => {
    const domain = requireDomain(ctx, input.domainIdentifier);
    const name = input.formTypeIdentifier;
    if (name.startsWith(SYSTEM_PREFIX)) throw validationError(`System form type ${name} cannot be deleted.`);
    if (!own(domain.formTypes, name)) throw notFound(`Form type ${name} not found in domain ${domain.id}.`);
    const users = Object.values(domain.assetTypes)
      .map((revisions) => revisions.at(-1))
      .filter((latest) => latest && Object.values(latest.formsOutput).some((form) => form.typeName === name));
    if (users.length > 0) {
      throw conflict(`Form type ${name} cannot be deleted: asset type ${users[0]?.name} uses it.`);
    }
    delete domain.formTypes[name];
    return {};
  },
);
