import { StreamgovError } from '../../common/src/errors.ts';

/** Root of asset-types errors. */
export class AssetTypesError extends StreamgovError {
  override readonly name: string = 'AssetTypesError';
}

/** A form's content does not match its form type (missing or mistyped field), naming form and field. */
export class FormContentError extends AssetTypesError {
  override readonly name: string = 'FormContentError';
}

/** The asset type or one of its form types is missing from the DataZone domain. */
export class AssetTypeMissingError extends AssetTypesError {
  override readonly name: string = 'AssetTypeMissingError';
}

/** An MSK cluster named by ARN or name does not exist; `context` carries `clusterArn` or `clusterName`. */
export class ClusterNotFoundError extends AssetTypesError {
  override readonly name: string = 'ClusterNotFoundError';
}
