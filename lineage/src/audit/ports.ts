import type { BootstrapBrokers } from '../../../asset-types/src/topic-identity.ts';
import type { LineageNodeDetails, NodeHistory } from './model.ts';

/** Reads DataZone's lineage graph one node at a time. Adapters paginate; tests use in-memory graphs. */
export interface LineageGraphReader {
  /**
   * A node by DataZone node id or by sourceIdentifier (GetLineageNode); undefined when there is none.
   */
  getNode(identifier: string): Promise<LineageNodeDetails | undefined>;
  /** The node's event history over every page (ListLineageNodeHistory). */
  nodeHistory(nodeId: string): Promise<NodeHistory>;
}

/** A catalog asset as the audit view needs it. */
export interface AuditAsset {
  readonly id: string;
  readonly name: string;
  readonly typeName: string;
  readonly externalIdentifier?: string;
  /** AssetCommonDetailsForm.sourceIdentifier: the identifier of the asset's lineage node. */
  readonly sourceIdentifier?: string;
}

/** Finds catalog assets (DataZone GetAsset and Search). */
export interface AssetLookup {
  /** GetAsset; undefined when it does not exist. */
  getAsset(assetId: string): Promise<AuditAsset | undefined>;
  /** The asset whose externalIdentifier is exactly this value (Search, every page); undefined when none. */
  findByExternalIdentifier(externalIdentifier: string): Promise<AuditAsset | undefined>;
}

/** An MSK cluster with its brokers (the catalog sync's KafkaClusterDirectory satisfies this port). */
export interface AuditClusterInfo {
  readonly arn: string;
  readonly name: string;
  readonly brokers: BootstrapBrokers;
}

/** Resolves clusters and topics (structurally the catalog sync's ClusterDirectory). */
export interface TopicDirectory {
  resolveCluster(ref: {
    readonly clusterName?: string;
    readonly clusterArn?: string;
  }): Promise<AuditClusterInfo>;
  describeTopic(clusterArn: string, topic: string): Promise<{ readonly name: string } | undefined>;
}
