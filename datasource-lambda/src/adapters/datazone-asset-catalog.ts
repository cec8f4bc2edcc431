import {
  type AssetItem,
  CreateAssetCommand,
  CreateAssetRevisionCommand,
  CreateListingChangeSetCommand,
  type DataZoneClient,
  DeleteAssetCommand,
  GetAssetCommand,
  type GetAssetOutput,
  GetAssetTypeCommand,
  GetFormTypeCommand,
  paginateSearch,
} from '@aws-sdk/client-datazone';
import type { TopicAssetTypeDefinition } from '../../../asset-types/src/definition.ts';
import { AssetTypeMissingError } from '../../../asset-types/src/errors.ts';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { AssetConflictError, AssetNotFoundError } from '../errors.ts';
import type { AssetCatalog, AssetDraft, CatalogAsset } from '../ports.ts';
import { isAwsError } from './aws-errors.ts';

export interface DataZoneAssetCatalogOptions {
  /** A client of the domain's account and Region (from common's ClientFactory). */
  readonly client: DataZoneClient;
  readonly domainId: string;
  /** The project that owns (creates, searches, publishes) the topic assets. */
  readonly owningProjectId: string;
  /** The topic asset type: its name is the type of every asset, its forms what verifyAssetType checks. */
  readonly definition: TopicAssetTypeDefinition;
  readonly log: Log;
}

const NOT_FOUND = 'ResourceNotFoundException';
const APPLY_HINT = 'run `streamgov asset-type apply` for this domain first';

function toCatalogAsset(out: GetAssetOutput): CatalogAsset {
  return {
    assetId: out.id ?? '',
    revision: out.revision ?? '',
    name: out.name ?? '',
    ...(out.description === undefined ? {} : { description: out.description }),
    ...(out.externalIdentifier === undefined ? {} : { externalIdentifier: out.externalIdentifier }),
    forms: (out.formsOutput ?? []).map((f) => ({ formName: f.formName ?? '', content: f.content ?? '' })),
  };
}

/** Oldest first (first revision's creation time), then the smaller identifier. */
function byAge(a: AssetItem, b: AssetItem): number {
  const ta = a.firstRevisionCreatedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const tb = b.firstRevisionCreatedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  const ia = a.identifier ?? '';
  const ib = b.identifier ?? '';
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/**
 * The Amazon DataZone side of the catalog sync ({@link AssetCatalog}): the inventory assets of one
 * project, of the topic asset type. SDK errors become `TransientAwsError` (throttling, 5xx) or
 * `AwsCallError`, except where a method says otherwise.
 */
export class DataZoneAssetCatalog implements AssetCatalog {
  private readonly client: DataZoneClient;
  private readonly domainId: string;
  private readonly owningProjectId: string;
  private readonly definition: TopicAssetTypeDefinition;
  private readonly log: Log;

  constructor(options: DataZoneAssetCatalogOptions) {
    this.client = options.client;
    this.domainId = options.domainId;
    this.owningProjectId = options.owningProjectId;
    this.definition = options.definition;
    this.log = options.log;
  }

  private get assetTypeName(): string {
    return this.definition.names.assetType;
  }

  /**
   * CreateAsset in the owning project, with the draft's externalIdentifier. `clientToken` makes a retry
   * return the asset the first attempt created.
   * @throws AssetConflictError when an asset with the same externalIdentifier exists (ConflictException).
   */
  async createAsset(draft: AssetDraft, clientToken: string): Promise<{ assetId: string; revision: string }> {
    const context = { domainId: this.domainId, externalIdentifier: draft.externalIdentifier };
    try {
      const out = await this.client.send(
        new CreateAssetCommand({
          domainIdentifier: this.domainId,
          owningProjectIdentifier: this.owningProjectId,
          name: draft.name,
          description: draft.description,
          typeIdentifier: draft.typeIdentifier,
          externalIdentifier: draft.externalIdentifier,
          formsInput: draft.formsInput.map((f) => ({ ...f })),
          clientToken,
        }),
      );
      return { assetId: out.id ?? '', revision: out.revision ?? '' };
    } catch (error) {
      if (isAwsError(error, 'ConflictException')) {
        throw new AssetConflictError(
          `an asset with externalIdentifier ${draft.externalIdentifier} already exists in domain ${this.domainId}`,
          { cause: error, context },
        );
      }
      throw translateAwsError(error, `datazone:CreateAsset ${draft.name}`, context);
    }
  }

  /**
   * CreateAssetRevision with the draft's name, description and forms. The externalIdentifier cannot
   * change (CreateAssetRevision has no such member) and is not sent.
   * @throws AssetNotFoundError when the asset is gone (ResourceNotFoundException).
   */
  async createRevision(
    assetId: string,
    draft: AssetDraft,
    clientToken: string,
  ): Promise<{ revision: string }> {
    const context = { domainId: this.domainId, assetId };
    try {
      const out = await this.client.send(
        new CreateAssetRevisionCommand({
          domainIdentifier: this.domainId,
          identifier: assetId,
          name: draft.name,
          description: draft.description,
          formsInput: draft.formsInput.map((f) => ({ ...f })),
          clientToken,
        }),
      );
      return { revision: out.revision ?? '' };
    } catch (error) {
      if (isAwsError(error, NOT_FOUND)) {
        throw new AssetNotFoundError(`asset ${assetId} does not exist in domain ${this.domainId}`, {
          cause: error,
          context,
        });
      }
      throw translateAwsError(error, `datazone:CreateAssetRevision ${assetId}`, context);
    }
  }

  /** DeleteAsset; an asset that is already gone (ResourceNotFoundException) counts as deleted. */
  async deleteAsset(assetId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteAssetCommand({ domainIdentifier: this.domainId, identifier: assetId }),
      );
    } catch (error) {
      if (isAwsError(error, NOT_FOUND)) {
        this.log.info('asset already deleted', { domainId: this.domainId, assetId });
        return;
      }
      throw translateAwsError(error, `datazone:DeleteAsset ${assetId}`, { domainId: this.domainId, assetId });
    }
  }

  /** GetAsset (latest revision, formsOutput as forms); undefined when it does not exist. */
  async getAsset(assetId: string): Promise<CatalogAsset | undefined> {
    try {
      const out = await this.client.send(
        new GetAssetCommand({ domainIdentifier: this.domainId, identifier: assetId }),
      );
      return toCatalogAsset(out);
    } catch (error) {
      if (isAwsError(error, NOT_FOUND)) return undefined;
      throw translateAwsError(error, `datazone:GetAsset ${assetId}`, { domainId: this.domainId, assetId });
    }
  }

  /**
   * The owning project's asset of our asset type with this externalIdentifier: Search (ASSET scope,
   * filters `externalIdentifier` = value AND `typeName` = our asset type, all pages; only items whose
   * externalIdentifier is exactly the value count), then GetAsset for its forms.
   *
   * DataZone keeps externalIdentifier unique in a domain, so there should be at most one. Should Search
   * ever return several, the choice is deterministic: the oldest asset (earliest first revision), then the
   * smallest identifier; a warning names all of them, and the others are left alone.
   */
  async findByExternalIdentifier(externalIdentifier: string): Promise<CatalogAsset | undefined> {
    const context = { domainId: this.domainId, externalIdentifier };
    const matches: AssetItem[] = [];
    let pages = 0;
    try {
      const input = {
        domainIdentifier: this.domainId,
        owningProjectIdentifier: this.owningProjectId,
        searchScope: 'ASSET' as const,
        filters: {
          and: [
            { filter: { attribute: 'externalIdentifier', value: externalIdentifier } },
            { filter: { attribute: 'typeName', value: this.assetTypeName } },
          ],
        },
      };
      for await (const page of paginateSearch({ client: this.client }, input)) {
        pages += 1;
        for (const item of page.items ?? []) {
          const asset = item.assetItem;
          if (asset?.identifier && asset.externalIdentifier === externalIdentifier) matches.push(asset);
        }
      }
    } catch (error) {
      throw translateAwsError(error, `datazone:Search externalIdentifier ${externalIdentifier}`, context);
    }
    const [chosen, ...others] = matches.sort(byAge);
    if (!chosen?.identifier) return undefined;
    if (others.length > 0) {
      this.log.warn('several assets have the same externalIdentifier; using the oldest', {
        ...context,
        assetId: chosen.identifier,
        others: others.map((o) => o.identifier),
        pages,
      });
    }
    return this.getAsset(chosen.identifier);
  }

  /**
   * CreateListingChangeSet PUBLISH of the given asset revision.
   * @throws AssetNotFoundError when the asset or the revision does not exist.
   */
  async publish(assetId: string, revision: string): Promise<void> {
    const context = { domainId: this.domainId, assetId, revision };
    try {
      await this.client.send(
        new CreateListingChangeSetCommand({
          domainIdentifier: this.domainId,
          entityIdentifier: assetId,
          entityType: 'ASSET',
          entityRevision: revision,
          action: 'PUBLISH',
        }),
      );
    } catch (error) {
      if (isAwsError(error, NOT_FOUND)) {
        throw new AssetNotFoundError(`asset ${assetId} revision ${revision} does not exist`, {
          cause: error,
          context,
        });
      }
      throw translateAwsError(error, `datazone:CreateListingChangeSet PUBLISH ${assetId}`, context);
    }
  }

  /**
   * Checks that the asset type exists with every form of the definition and that every custom form type
   * exists (GetAssetType, GetFormType per custom form type).
   * @throws AssetTypeMissingError naming everything that is missing, and the command that creates it.
   */
  async verifyAssetType(): Promise<void> {
    const missing: string[] = [];
    const formNames = await this.assetTypeForms();
    if (formNames === undefined) {
      missing.push(`asset type ${this.assetTypeName}`);
    } else {
      const absent = this.definition.forms.map((f) => f.formName).filter((name) => !formNames.has(name));
      if (absent.length > 0) missing.push(`forms ${absent.join(', ')} of asset type ${this.assetTypeName}`);
    }
    for (const form of this.definition.forms.filter((f) => !f.system)) {
      if (!(await this.formTypeExists(form.typeName))) missing.push(`form type ${form.typeName}`);
    }
    if (missing.length > 0) {
      throw new AssetTypeMissingError(
        `DataZone domain ${this.domainId} lacks ${missing.join('; ')}: ${APPLY_HINT}`,
        { context: { domainId: this.domainId, assetType: this.assetTypeName } },
      );
    }
  }

  private async assetTypeForms(): Promise<Set<string> | undefined> {
    try {
      const out = await this.client.send(
        new GetAssetTypeCommand({ domainIdentifier: this.domainId, identifier: this.assetTypeName }),
      );
      return new Set(Object.keys(out.formsOutput ?? {}));
    } catch (error) {
      if (isAwsError(error, NOT_FOUND)) return undefined;
      throw translateAwsError(error, `datazone:GetAssetType ${this.assetTypeName}`, {
        domainId: this.domainId,
      });
    }
  }

  private async formTypeExists(name: string): Promise<boolean> {
    try {
      await this.client.send(
        new GetFormTypeCommand({ domainIdentifier: this.domainId, formTypeIdentifier: name }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, NOT_FOUND)) return false;
      throw translateAwsError(error, `datazone:GetFormType ${name}`, { domainId: this.domainId });
    }
  }
}
