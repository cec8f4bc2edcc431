/**
 * The ports of the catalog sync: what the use case needs from MSK, the Glue Schema Registry, DataZone and
 * the asset index, in domain terms. Adapters in ./adapters implement them with AWS SDK clients; tests use
 * in-memory fakes. Every list method returns ALL items (adapters paginate) or throws.
 */

import type { ClusterRef, MskCluster } from '../../asset-types/src/adapters/msk-clusters.ts';
import type { FormInput } from '../../asset-types/src/forms.ts';
import type { CatalogSource } from './config.ts';

export type { ClusterType } from '../../asset-types/src/adapters/msk-clusters.ts';

/** A cluster with its type and bootstrap brokers (asset-types' MskCluster). */
export type ClusterInfo = MskCluster;

export interface TopicInfo {
  readonly name: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
}

export interface TopicDetails extends TopicInfo {
  /** Topic configs as MSK reports them (`cleanup.policy`, `retention.ms`, ...). */
  readonly configs: Readonly<Record<string, string>>;
}

export interface ClusterDirectory {
  /**
   * The cluster named `clusterName` (ListClustersV2, exact name among prefix matches) or with `clusterArn`
   * (DescribeClusterV2), with its bootstrap brokers.
   * @throws SourceNotFoundError when there is no such cluster.
   */
  resolveCluster(ref: ClusterRef): Promise<ClusterInfo>;
  /** Every topic of the cluster (ListTopics, all pages). */
  listTopics(clusterArn: string): Promise<TopicInfo[]>;
  /** One topic with its configs (DescribeTopic); undefined when the topic does not exist. */
  describeTopic(clusterArn: string, topic: string): Promise<TopicDetails | undefined>;
}

export interface SchemaSummary {
  readonly registryName: string;
  readonly schemaName: string;
  readonly schemaArn: string;
  /** Changes whenever the schema or its versions change; a shortcut, never the only change signal. */
  readonly updatedTime: string;
}

export type DataFormat = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaVersion {
  readonly registryName: string;
  readonly registryArn: string;
  readonly schemaName: string;
  readonly schemaArn: string;
  readonly dataFormat: DataFormat;
  readonly compatibility: string;
  readonly versionNumber: number;
  readonly definition: string;
  readonly updatedTime: string;
}

export interface SchemaRegistry {
  /** Every AVAILABLE schema of the registry (ListSchemas, all pages). @throws SourceNotFoundError */
  listSchemas(registryName: string): Promise<SchemaSummary[]>;
  /** The latest version of a schema (GetSchema + GetSchemaVersion); undefined when it no longer exists. */
  getLatestVersion(registryName: string, schemaName: string): Promise<SchemaVersion | undefined>;
}

/** What the sync writes for one topic: CreateAsset / CreateAssetRevision content. */
export interface AssetDraft {
  readonly name: string;
  readonly description: string;
  readonly typeIdentifier: string;
  readonly externalIdentifier: string;
  readonly formsInput: readonly FormInput[];
}

/** An asset as DataZone holds it: enough to compare it with a draft. */
export interface CatalogAsset {
  readonly assetId: string;
  readonly revision: string;
  readonly name: string;
  readonly description?: string;
  readonly externalIdentifier?: string;
  readonly forms: readonly { readonly formName: string; readonly content: string }[];
}

export interface AssetCatalog {
  /** CreateAsset. @throws AssetConflictError when an asset with the same externalIdentifier exists. */
  createAsset(draft: AssetDraft, clientToken: string): Promise<{ assetId: string; revision: string }>;
  /** CreateAssetRevision. @throws AssetNotFoundError when the asset is gone. */
  createRevision(assetId: string, draft: AssetDraft, clientToken: string): Promise<{ revision: string }>;
  /** DeleteAsset; an asset that is already gone counts as deleted. */
  deleteAsset(assetId: string): Promise<void>;
  /** GetAsset; undefined when it does not exist. */
  getAsset(assetId: string): Promise<CatalogAsset | undefined>;
  /** The asset of our type with this externalIdentifier (Search), if any. */
  findByExternalIdentifier(externalIdentifier: string): Promise<CatalogAsset | undefined>;
  /** CreateListingChangeSet PUBLISH of the given revision. */
  publish(assetId: string, revision: string): Promise<void>;
  /** Throws AssetTypeMissingError naming what is missing when the asset type or its forms do not exist. */
  verifyAssetType(): Promise<void>;
}

/** One entry of the index from source identity to DataZone asset. */
export interface IndexEntry {
  /** Namespaced source identity: `<account>/<region>/<clusterName>/<clusterUuid>/<topic>`. */
  readonly key: string;
  readonly assetId: string;
  /** Fingerprint of the asset content last written (see fingerprint.ts). */
  readonly fingerprint: string;
  /** Per schema role (value/key): the schema's updatedTime and the content hash derived from it. */
  readonly schemaStamps?: Readonly<Record<string, { readonly updatedTime: string; readonly digest: string }>>;
  /**
   * Set when the listing found the entry (also) in the layout from before index buckets existed. The next
   * `put` of the key moves it into its bucket; the sync rewrites such entries even when nothing changed.
   */
  readonly legacy?: boolean;
}

/** Which entries a listing returns. */
export interface IndexFilter {
  /** Only entries whose key falls into one of these buckets (see partition.ts `indexBucket`). */
  readonly buckets: readonly number[];
}

export interface AssetIndex {
  /**
   * Every entry (all pages), or with `filter` only the entries of its buckets. A filtered listing reads
   * only those buckets and so does not see entries still in the layout from before buckets existed
   * (see {@link AssetIndex.listLegacy}); the unfiltered listing returns them, marked `legacy`.
   */
  list(filter?: IndexFilter): Promise<IndexEntry[]>;
  /**
   * The entries of one scope (cluster, `<account>/<region>/<clusterName>/<clusterUuid>`) that are still in
   * the layout from before buckets existed, marked `legacy`, optionally only those in `filter`'s buckets.
   * Empty once every entry was rewritten.
   */
  listLegacy(scope: string, filter?: IndexFilter): Promise<IndexEntry[]>;
  /** Writes the entry into its bucket (and removes its legacy copy, if the index saw one). */
  put(entry: IndexEntry): Promise<void>;
  /** Deleting an entry that does not exist is not an error. */
  delete(key: string): Promise<void>;
}

/** MSK and the Glue registry as one source sees them (its account and Region, possibly through a role). */
export interface SourcePorts {
  readonly clusters: ClusterDirectory;
  readonly registry: SchemaRegistry;
}

/** Everything the sync use case needs, injected. */
export interface SyncPorts {
  /** The cluster directory and registry of a source (sources may live in other accounts). */
  forSource(source: CatalogSource): SourcePorts;
  readonly catalog: AssetCatalog;
  readonly index: AssetIndex;
}
