import { type ErrorContext, StreamgovError } from '../../common/src/errors.ts';
import type { SyncSummary } from './summary.ts';

/** Root of catalog sync errors. */
export class CatalogSyncError extends StreamgovError {
  override readonly name: string = 'CatalogSyncError';
}

/** A configured cluster or registry does not exist. */
export class SourceNotFoundError extends CatalogSyncError {
  override readonly name: string = 'SourceNotFoundError';
}

/** An asset with the same externalIdentifier already exists (CreateAsset ConflictException). */
export class AssetConflictError extends CatalogSyncError {
  override readonly name: string = 'AssetConflictError';
}

/** The asset an index entry points to no longer exists. */
export class AssetNotFoundError extends CatalogSyncError {
  override readonly name: string = 'AssetNotFoundError';
}

/** One run would delete more than the allowed share of assets; nothing was deleted. */
export class DeleteGuardError extends CatalogSyncError {
  override readonly name: string = 'DeleteGuardError';
}

/**
 * Some items failed; the others were applied. Carries the run summary so that the invocation fails (and
 * alarms fire) with counts and names.
 */
export class PartialSyncError extends CatalogSyncError {
  override readonly name: string = 'PartialSyncError';
  constructor(
    message: string,
    readonly summary: SyncSummary,
    options: { cause?: unknown; context?: ErrorContext } = {},
  ) {
    super(message, options);
  }
}
