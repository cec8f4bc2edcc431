import {
  CreateAssetTypeCommand,
  CreateFormTypeCommand,
  type DataZoneClient,
  DeleteAssetTypeCommand,
  DeleteFormTypeCommand,
  type FormEntryInput,
  type FormEntryOutput,
  GetAssetTypeCommand,
  type GetAssetTypeOutput,
  GetFormTypeCommand,
  type GetFormTypeOutput,
} from '@aws-sdk/client-datazone';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { SYSTEM_FORMS, type TopicAssetTypeDefinition } from '../definition.ts';
import { AssetTypeMissingError, AssetTypesError } from '../errors.ts';
import { renderSmithyModel } from '../smithy.ts';

/** A change to the asset type that is not additive (a form dropped or given another type); nothing was written for it. */
export class AssetTypeChangeError extends AssetTypesError {
  override readonly name: string = 'AssetTypeChangeError';
}

/** The DataZone endpoint does not implement an operation streamgov needs (NotImplementedException). */
export type ApplyAction = 'created' | 'updated' | 'unchanged';

/** What applyTopicAssetType did, per form type and for the asset type. */
export interface AssetTypeApplyResult {
  readonly formTypes: readonly {
    readonly name: string;
    readonly revision: string;
    readonly action: ApplyAction;
  }[];
  readonly assetType: { readonly name: string; readonly revision: string; readonly action: ApplyAction };
}

export interface AssetTypeOptions {
  /** A client of the domain's account and Region (from common's ClientFactory). */
  readonly client: DataZoneClient;
  readonly domainId: string;
  readonly definition: TopicAssetTypeDefinition;
  readonly log: Log;
}

export interface ApplyAssetTypeOptions extends AssetTypeOptions {
  /** The project that owns the asset type and its form types. */
  readonly owningProjectId: string;
  /**
   * `apply` creates or revises the custom form types too (the CLI); `reference` only reads their latest
   * revisions, because something else owns them (CloudFormation's AWS::DataZone::FormType in the CDK app).
   * @default 'apply'
   */
  readonly formTypes?: 'apply' | 'reference';
}

const NOT_FOUND = 'ResourceNotFoundException';
const errorName = (error: unknown) => (error instanceof Error ? error.name : '');

/** What to do with the asset type, given what the domain holds and what the definition wants. */
export type AssetTypeFormsPlan =
  | { readonly action: 'create' | 'update' | 'none' }
  | { readonly action: 'refuse'; readonly reason: string };

/**
 * Compares an existing asset type's forms with the desired ones (form name → type name, type revision,
 * required). Forms DataZone adds by itself (AssetCommonDetailsForm) are not compared unless desired.
 * Dropping a form or changing its type is refused: revisions of an asset type are additive.
 */
export function planAssetTypeForms(
  existing: Readonly<Record<string, FormEntryOutput>> | undefined,
  desired: Readonly<Record<string, FormEntryInput>>,
): AssetTypeFormsPlan {
  if (existing === undefined) return { action: 'create' };
  const dropped = Object.keys(existing).filter(
    (name) => !Object.hasOwn(desired, name) && name !== SYSTEM_FORMS.commonDetails.formName,
  );
  const retyped = Object.entries(desired)
    .filter(
      ([name, want]) => Object.hasOwn(existing, name) && existing[name]?.typeName !== want.typeIdentifier,
    )
    .map(([name, want]) => `${name} (${existing[name]?.typeName} → ${want.typeIdentifier})`);
  const problems = [
    ...(dropped.length > 0 ? [`it would drop form(s) ${dropped.join(', ')}`] : []),
    ...(retyped.length > 0 ? [`it would change the type of form(s) ${retyped.join(', ')}`] : []),
  ];
  if (problems.length > 0) return { action: 'refuse', reason: problems.join('; ') };
  const changed = Object.entries(desired).some(([name, want]) => {
    const have = existing[name];
    return (
      have === undefined ||
      have.typeRevision !== want.typeRevision ||
      (have.required ?? false) !== (want.required ?? false)
    );
  });
  return { action: changed ? 'update' : 'none' };
}

async function getFormType(
  client: DataZoneClient,
  domainId: string,
  name: string,
): Promise<GetFormTypeOutput | undefined> {
  try {
    return await client.send(
      new GetFormTypeCommand({ domainIdentifier: domainId, formTypeIdentifier: name }),
    );
  } catch (error) {
    if (errorName(error) === NOT_FOUND) return undefined;
    throw translateAwsError(error, `datazone:GetFormType ${name}`, { domainId, formType: name });
  }
}

async function getAssetType(
  client: DataZoneClient,
  domainId: string,
  name: string,
): Promise<GetAssetTypeOutput | undefined> {
  try {
    return await client.send(new GetAssetTypeCommand({ domainIdentifier: domainId, identifier: name }));
  } catch (error) {
    if (errorName(error) === NOT_FOUND) return undefined;
    throw translateAwsError(error, `datazone:GetAssetType ${name}`, { domainId, assetType: name });
  }
}

/**
 * Creates or updates the topic asset type and its custom form types in a DataZone domain; idempotent.
 *
 * - Each custom form type: GetFormType; CreateFormType when it is missing, and again (DataZone has no
 *   UpdateFormType: a CreateFormType with the same name makes the next revision) only when the rendered
 *   Smithy model differs from the latest revision's.
 * - The asset type: GetAssetType; CreateAssetType when missing; when its forms (names, type revisions,
 *   required flags) differ from the definition, CreateAssetType again with the same name, which makes the
 *   next revision. System forms keep the revision the asset type already uses; a new one gets the
 *   latest revision of its system form type.
 * - Nothing changed: only reads (GetFormType per custom form type, GetAssetType), zero writes.
 *
 * DataZone documents that CreateAssetType with an existing name fails; where the domain answers so
 * (ConflictException), the error says so instead of pretending the update happened.
 * @throws AssetTypeChangeError when the change is not additive (a form dropped or retyped) or refused.
 */
export async function applyTopicAssetType(options: ApplyAssetTypeOptions): Promise<AssetTypeApplyResult> {
  const { client, domainId, owningProjectId, definition, log } = options;
  const formTypes: { name: string; revision: string; action: ApplyAction }[] = [];
  for (const formType of definition.formTypes) {
    const smithy = renderSmithyModel(formType);
    const existing = await getFormType(client, domainId, formType.name);
    if (options.formTypes === 'reference') {
      if (!existing?.revision) {
        throw new AssetTypeMissingError(
          `form type ${formType.name} does not exist in domain ${domainId}; it must be created before the asset type`,
          { context: { domainId, formType: formType.name } },
        );
      }
      formTypes.push({ name: formType.name, revision: existing.revision, action: 'unchanged' });
      continue;
    }
    if (existing && existing.model?.smithy?.trim() === smithy.trim()) {
      formTypes.push({ name: formType.name, revision: existing.revision ?? '', action: 'unchanged' });
      continue;
    }
    const action: ApplyAction = existing ? 'updated' : 'created';
    try {
      const out = await client.send(
        new CreateFormTypeCommand({
          domainIdentifier: domainId,
          owningProjectIdentifier: owningProjectId,
          name: formType.name,
          description: formType.description,
          model: { smithy },
          status: 'ENABLED',
        }),
      );
      formTypes.push({ name: formType.name, revision: out.revision ?? '', action });
      log.info(`form type ${action}`, { domainId, formType: formType.name, revision: out.revision });
    } catch (error) {
      throw translateAwsError(error, `datazone:CreateFormType ${formType.name}`, {
        domainId,
        formType: formType.name,
      });
    }
  }

  const assetTypeName = definition.names.assetType;
  const existing = await getAssetType(client, domainId, assetTypeName);
  const desired: Record<string, FormEntryInput> = {};
  for (const form of definition.forms) {
    const have = existing?.formsOutput?.[form.formName];
    const revision = form.system
      ? have?.typeName === form.typeName
        ? have.typeRevision
        : (await getFormType(client, domainId, form.typeName))?.revision
      : formTypes.find((f) => f.name === form.typeName)?.revision;
    if (!revision) {
      throw new AssetTypeChangeError(
        `form ${form.formName} of asset type ${assetTypeName} needs form type ${form.typeName}, which domain ${domainId} does not have`,
        { context: { domainId, assetType: assetTypeName, formType: form.typeName } },
      );
    }
    desired[form.formName] = {
      typeIdentifier: form.typeName,
      typeRevision: revision,
      required: form.required,
    };
  }

  const plan = planAssetTypeForms(existing?.formsOutput, desired);
  if (plan.action === 'refuse') {
    throw new AssetTypeChangeError(
      `refusing to change asset type ${assetTypeName} in domain ${domainId}: ${plan.reason}. Revisions are additive; ` +
        'use a new asset type name (and migrate the assets) to remove or retype forms',
      { context: { domainId, assetType: assetTypeName } },
    );
  }
  if (plan.action === 'none') {
    log.info('asset type unchanged', { domainId, assetType: assetTypeName, revision: existing?.revision });
    return {
      formTypes,
      assetType: { name: assetTypeName, revision: existing?.revision ?? '', action: 'unchanged' },
    };
  }
  try {
    const out = await client.send(
      new CreateAssetTypeCommand({
        domainIdentifier: domainId,
        owningProjectIdentifier: owningProjectId,
        name: assetTypeName,
        description: definition.description,
        formsInput: desired,
      }),
    );
    const action: ApplyAction = plan.action === 'create' ? 'created' : 'updated';
    log.info(`asset type ${action}`, { domainId, assetType: assetTypeName, revision: out.revision });
    return { formTypes, assetType: { name: assetTypeName, revision: out.revision ?? '', action } };
  } catch (error) {
    if (plan.action === 'update' && errorName(error) === 'ConflictException') {
      throw new AssetTypeChangeError(
        `domain ${domainId} refused a new revision of asset type ${assetTypeName} (ConflictException: ${
          (error as Error).message
        }); it does not accept CreateAssetType for an existing name`,
        { cause: error, context: { domainId, assetType: assetTypeName } },
      );
    }
    throw translateAwsError(error, `datazone:CreateAssetType ${assetTypeName}`, {
      domainId,
      assetType: assetTypeName,
    });
  }
}

/** `in-use`: a form type another asset type still uses (after a rename, say) is kept, not an error. */
export type DeleteAction = 'deleted' | 'absent' | 'in-use';

/** What deleteTopicAssetType did. */
export interface AssetTypeDeleteResult {
  readonly assetType: { readonly name: string; readonly action: DeleteAction };
  readonly formTypes: readonly { readonly name: string; readonly action: DeleteAction }[];
}

/**
 * Deletes the topic asset type, then its custom form types (DeleteAssetType, DeleteFormType); what is
 * already gone counts as deleted. DataZone's order: an asset type can only be deleted when no asset
 * uses it, and a form type only when no asset type or asset uses it — so assets of the type must be
 * deleted first, and a ConflictException from DataZone (still in use) fails the call.
 * @throws OperationNotSupportedError when the endpoint answers NotImplementedException (the local cloud
 * implements neither operation), naming the operation and what was and was not deleted.
 */
export async function deleteTopicAssetType(
  options: AssetTypeOptions & {
    /** `keep` leaves the form types to their owner (CloudFormation). @default 'delete' */
    readonly formTypes?: 'delete' | 'keep';
  },
): Promise<AssetTypeDeleteResult> {
  const { client, domainId, definition, log } = options;
  const assetTypeName = definition.names.assetType;
  const formTypeNames = definition.formTypes.map((f) => f.name);
  const run = async (
    operation: string,
    name: string,
    send: () => Promise<unknown>,
  ): Promise<DeleteAction> => {
    try {
      await send();
      log.info(`${operation} done`, { domainId, name });
      return 'deleted';
    } catch (error) {
      if (errorName(error) === NOT_FOUND) return 'absent';
      if (operation === 'DeleteFormType' && errorName(error) === 'ConflictException') {
        log.info('form type kept: another asset type uses it', { domainId, name });
        return 'in-use';
      }
      throw translateAwsError(error, `datazone:${operation} ${name}`, { domainId, name });
    }
  };
  const assetType = await run('DeleteAssetType', assetTypeName, () =>
    client.send(new DeleteAssetTypeCommand({ domainIdentifier: domainId, identifier: assetTypeName })),
  );
  const formTypes: { name: string; action: DeleteAction }[] = [];
  for (const name of options.formTypes === 'keep' ? [] : formTypeNames) {
    const action = await run('DeleteFormType', name, () =>
      client.send(new DeleteFormTypeCommand({ domainIdentifier: domainId, formTypeIdentifier: name })),
    );
    formTypes.push({ name, action });
  }
  return { assetType: { name: assetTypeName, action: assetType }, formTypes };
}
