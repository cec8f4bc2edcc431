import type { TopicAssetTypeNames } from '../../../asset-types/src/definition.ts';

/** Props of {@link TopicAssetType}. */
export interface TopicAssetTypeProps {
  /** The DataZone domain that gets the asset type and its form types (`dzd_…` or `dzd-…`). */
  readonly domainId: string;
  /** The DataZone project that owns the asset type and its form types. */
  readonly owningProjectId: string;
  /**
   * Names of the asset type and its custom form types.
   * @default DEFAULT_NAMES - `MskTopicAssetType` and the form type names of the reference implementation,
   * so that catalogs built with it keep working
   */
  readonly names?: TopicAssetTypeNames;
}
