/** In-memory fakes of the catalog sync's ports, with call counts and failure injection. */
export { FakeClock } from './fake-clock.ts';
export { type FaultRule, Faults } from './faults.ts';
export {
  type AssetCatalogMethod,
  InMemoryAssetCatalog,
  type StoredAsset,
} from './in-memory-asset-catalog.ts';
export { type AssetIndexMethod, InMemoryAssetIndex } from './in-memory-asset-index.ts';
export { type ClusterDirectoryMethod, InMemoryClusterDirectory } from './in-memory-cluster-directory.ts';
export { InMemorySchemaRegistry, type SchemaRegistryMethod } from './in-memory-schema-registry.ts';
