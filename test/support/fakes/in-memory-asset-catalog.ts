import { AssetTypeMissingError } from '../../../asset-types/src/errors.ts';
import { canonicalJson } from '../../../asset-types/src/forms.ts';
import { AssetConflictError, AssetNotFoundError } from '../../../datasource-lambda/src/errors.ts';
import type { AssetCatalog, AssetDraft, CatalogAsset } from '../../../datasource-lambda/src/ports.ts';
import { Faults } from './faults.ts';

export type AssetCatalogMethod =
  | 'createAsset'
  | 'createRevision'
  | 'deleteAsset'
  | 'getAsset'
  | 'findByExternalIdentifier'
  | 'publish'
  | 'verifyAssetType';

/** An asset as the fake holds it, with every revision's content. */
export interface StoredAsset {
  readonly assetId: string;
  readonly externalIdentifier: string;
  readonly revisions: AssetDraft[];
  readonly published: string[];
}

/** Reverses key order at every level, as a stand-in for a service that re-serialises what it stores. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reorder(v)]),
  );
}

/**
 * An in-memory {@link AssetCatalog} that behaves like DataZone where the sync depends on it: it assigns ids
 * and revisions, enforces a unique externalIdentifier (AssetConflictError), replays a create or revision
 * called again with the same clientToken and input (tokens are remembered after a delete, as DataZone's
 * are for a while), answers AssetNotFoundError for revisions of missing assets, and returns form content
 * re-serialised (other key order). It counts calls and successful writes; faults can be injected per method.
 */
export class InMemoryAssetCatalog implements AssetCatalog {
  readonly faults = new Faults<AssetCatalogMethod>();
  readonly assets = new Map<string, StoredAsset>();
  /** Successful DataZone writes (create, revision, delete, publish); replays are not writes. */
  writes = 0;
  /** When set, verifyAssetType throws AssetTypeMissingError with this text. */
  missingAssetType: string | undefined;
  private readonly tokens = new Map<string, { input: string; result: unknown }>();
  private nextId = 1;

  /** Successful writes by kind. */
  readonly writesByKind = { create: 0, revision: 0, delete: 0, publish: 0 };

  private replay<T>(op: string, token: string, input: unknown, fn: () => T): T {
    const key = `${op} ${token}`;
    const text = canonicalJson(input);
    const previous = this.tokens.get(key);
    if (previous) {
      if (previous.input !== text)
        throw new AssetConflictError(`client token ${token} was already used with other parameters`);
      return previous.result as T;
    }
    const result = fn();
    this.tokens.set(key, { input: text, result });
    return result;
  }

  /** Puts an asset in place as if created out of band (by hand, or by a run whose index write was lost). */
  seed(draft: AssetDraft): string {
    const assetId = `asset-${this.nextId++}`;
    this.assets.set(assetId, {
      assetId,
      externalIdentifier: draft.externalIdentifier,
      revisions: [draft],
      published: [],
    });
    return assetId;
  }

  private view(asset: StoredAsset): CatalogAsset {
    const latest = asset.revisions.at(-1) as AssetDraft;
    return {
      assetId: asset.assetId,
      revision: String(asset.revisions.length),
      name: latest.name,
      description: latest.description,
      externalIdentifier: asset.externalIdentifier,
      forms: latest.formsInput.map((f) => ({
        formName: f.formName,
        content: JSON.stringify(reorder(JSON.parse(f.content))),
      })),
    };
  }

  /** The asset's latest content, or undefined. */
  latest(assetId: string): AssetDraft | undefined {
    return this.assets.get(assetId)?.revisions.at(-1);
  }

  byExternalIdentifier(externalIdentifier: string): StoredAsset | undefined {
    return [...this.assets.values()].find((a) => a.externalIdentifier === externalIdentifier);
  }

  async createAsset(draft: AssetDraft, clientToken: string): Promise<{ assetId: string; revision: string }> {
    this.faults.check('createAsset', [draft, clientToken]);
    return this.replay('CreateAsset', clientToken, draft, () => {
      if (this.byExternalIdentifier(draft.externalIdentifier)) {
        throw new AssetConflictError(`an asset with externalIdentifier ${draft.externalIdentifier} exists`, {
          context: { externalIdentifier: draft.externalIdentifier },
        });
      }
      const assetId = this.seed(draft);
      this.writes += 1;
      this.writesByKind.create += 1;
      return { assetId, revision: '1' };
    });
  }

  async createRevision(
    assetId: string,
    draft: AssetDraft,
    clientToken: string,
  ): Promise<{ revision: string }> {
    this.faults.check('createRevision', [assetId, draft, clientToken]);
    return this.replay('CreateAssetRevision', clientToken, { assetId, draft }, () => {
      const asset = this.assets.get(assetId);
      if (!asset) throw new AssetNotFoundError(`asset ${assetId} not found`, { context: { assetId } });
      asset.revisions.push(draft);
      this.writes += 1;
      this.writesByKind.revision += 1;
      return { revision: String(asset.revisions.length) };
    });
  }

  async deleteAsset(assetId: string): Promise<void> {
    this.faults.check('deleteAsset', [assetId]);
    if (this.assets.delete(assetId)) {
      this.writes += 1;
      this.writesByKind.delete += 1;
    }
  }

  async getAsset(assetId: string): Promise<CatalogAsset | undefined> {
    this.faults.check('getAsset', [assetId]);
    const asset = this.assets.get(assetId);
    return asset ? this.view(asset) : undefined;
  }

  async findByExternalIdentifier(externalIdentifier: string): Promise<CatalogAsset | undefined> {
    this.faults.check('findByExternalIdentifier', [externalIdentifier]);
    const asset = this.byExternalIdentifier(externalIdentifier);
    return asset ? this.view(asset) : undefined;
  }

  async publish(assetId: string, revision: string): Promise<void> {
    this.faults.check('publish', [assetId, revision]);
    const asset = this.assets.get(assetId);
    if (!asset) throw new AssetNotFoundError(`asset ${assetId} not found`, { context: { assetId } });
    asset.published.push(revision);
    this.writes += 1;
    this.writesByKind.publish += 1;
  }

  async verifyAssetType(): Promise<void> {
    this.faults.check('verifyAssetType', []);
    if (this.missingAssetType !== undefined) throw new AssetTypeMissingError(this.missingAssetType);
  }
}
