/**
 * DataZone state for one account and region: plain JSON (timestamps are ISO strings), one record per
 * domain holding everything that lives in it.
 */

/** A form as stored on an asset revision: `content` is the JSON string the caller sent. */
export interface FormRecord {
  readonly formName: string;
  readonly typeName: string;
  readonly typeRevision: string;
  readonly content: string;
}

export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly glossaryTerms?: string[];
  readonly projectCategory?: string;
  readonly projectProfileId?: string;
  readonly resourceTags?: Record<string, string>;
  readonly domainUnitId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly seq: number;
}

export interface ProvisionedResourceRecord {
  readonly name?: string;
  readonly value: string;
  readonly type: string;
  readonly provider?: string;
}

export interface EnvironmentRecord {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly description?: string;
  readonly environmentProfileId?: string;
  readonly environmentBlueprintId?: string;
  readonly awsAccountId: string;
  readonly awsAccountRegion: string;
  readonly provider: string;
  readonly status: string;
  readonly provisionedResources: ProvisionedResourceRecord[];
  readonly glossaryTerms?: string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly seq: number;
}

export interface FormTypeRevisionRecord {
  readonly name: string;
  readonly revision: string;
  readonly model: string;
  readonly status: 'ENABLED' | 'DISABLED';
  readonly owningProjectId?: string;
  readonly description?: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface FormEntryRecord {
  readonly typeName: string;
  readonly typeRevision: string;
  readonly required: boolean;
}

export interface AssetTypeRevisionRecord {
  readonly name: string;
  readonly revision: string;
  readonly description?: string;
  readonly formsOutput: Record<string, FormEntryRecord>;
  readonly owningProjectId: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface AssetRevisionRecord {
  readonly revision: string;
  readonly name: string;
  readonly description?: string;
  readonly typeRevision: string;
  readonly glossaryTerms?: string[];
  readonly forms: FormRecord[];
  readonly predictionConfiguration?: { businessNameGeneration?: { enabled?: boolean } };
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface AssetRecord {
  readonly id: string;
  readonly typeIdentifier: string;
  readonly owningProjectId: string;
  readonly externalIdentifier?: string;
  readonly firstRevisionCreatedAt: string;
  readonly firstRevisionCreatedBy: string;
  readonly revisions: AssetRevisionRecord[];
  readonly seq: number;
}

/** A published snapshot of one asset revision. */
export interface ListingRevisionRecord {
  readonly listingRevision: string;
  readonly assetRevision: string;
  readonly assetType: string;
  readonly name: string;
  readonly description?: string;
  /** The JSON object string keyed by form name (GetListing `item.assetListing.forms`). */
  readonly forms: string;
  readonly glossaryTerms: string[];
  readonly createdBy: string;
  readonly createdAt: string;
}

export type ListingStatus = 'CREATING' | 'ACTIVE' | 'INACTIVE';

export interface ListingRecord {
  readonly id: string;
  readonly assetId: string;
  readonly owningProjectId: string;
  status: ListingStatus;
  readonly revisions: ListingRevisionRecord[];
  readonly createdBy: string;
  readonly createdAt: string;
  updatedBy: string;
  updatedAt: string;
  readonly seq: number;
}

export interface SubscriptionTargetRecord {
  readonly id: string;
  readonly environmentId: string;
  readonly projectId: string;
  readonly name: string;
  readonly type: string;
  readonly subscriptionTargetConfig: { formName: string; content: string }[];
  readonly authorizedPrincipals: string[];
  readonly manageAccessRole: string;
  readonly applicableAssetTypes: string[];
  readonly provider: string;
  readonly subscriptionGrantCreationMode: 'AUTOMATIC' | 'MANUAL';
  readonly createdBy: string;
  readonly createdAt: string;
  readonly seq: number;
}

export interface SubscriptionRequestRecord {
  readonly id: string;
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  readonly requestReason: string;
  readonly principalProjectId: string;
  readonly listingId: string;
  readonly listingRevision: string;
  readonly metadataForms?: FormRecord[];
  decisionComment?: string;
  reviewerId?: string;
  existingSubscriptionId?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  updatedBy?: string;
  updatedAt: string;
  readonly seq: number;
}

export interface SubscriptionRecord {
  readonly id: string;
  status: 'APPROVED' | 'REVOKED' | 'CANCELLED';
  readonly principalProjectId: string;
  readonly listingId: string;
  readonly listingRevision: string;
  readonly subscriptionRequestId: string;
  retainPermissions?: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  updatedBy?: string;
  updatedAt: string;
  readonly seq: number;
}

export type GrantAssetStatus =
  | 'GRANT_PENDING'
  | 'REVOKE_PENDING'
  | 'GRANT_IN_PROGRESS'
  | 'REVOKE_IN_PROGRESS'
  | 'GRANTED'
  | 'REVOKED'
  | 'GRANT_FAILED'
  | 'REVOKE_FAILED';

export type GrantOverallStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'GRANT_FAILED'
  | 'REVOKE_FAILED'
  | 'GRANT_AND_REVOKE_FAILED'
  | 'COMPLETED'
  | 'INACCESSIBLE';

export interface GrantAssetRecord {
  readonly assetId: string;
  readonly assetRevision: string;
  status: GrantAssetStatus;
  targetName?: string;
  failureCause?: { message?: string };
  grantedTimestamp?: string;
  failureTimestamp?: string;
}

export interface GrantRecord {
  readonly id: string;
  readonly environmentId: string;
  readonly subscriptionTargetId: string;
  readonly listingId: string;
  readonly listingRevision: string;
  readonly subscriptionId?: string;
  status: GrantOverallStatus;
  readonly assets: GrantAssetRecord[];
  readonly createdBy: string;
  readonly createdAt: string;
  updatedBy?: string;
  updatedAt: string;
  readonly seq: number;
}

export interface NameIdentifierRecord {
  readonly name?: string;
  readonly namespace?: string;
}

export interface LineageEventRecord {
  readonly id: string;
  /** The event bytes, base64. */
  readonly event: string;
  readonly eventTime: string;
  readonly processingStatus: 'REQUESTED' | 'PROCESSING' | 'SUCCESS' | 'FAILED';
  readonly summary: {
    readonly eventType?: string;
    readonly runId: string;
    readonly job: NameIdentifierRecord;
    readonly inputs: NameIdentifierRecord[];
    readonly outputs: NameIdentifierRecord[];
  };
  readonly createdBy: string;
  readonly createdAt: string;
  readonly seq: number;
}

export type LineageNodeKind = 'JOB' | 'JOB_RUN' | 'DATASET';

/** What one event (at one event time) recorded about a node: its neighbours, by node id. */
export interface LineageNodeHistoryRecord {
  readonly eventTimestamp: string;
  readonly upstream: Record<string, string>;
  readonly downstream: Record<string, string>;
}

export interface LineageNodeRecord {
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly sourceIdentifier: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** Sorted by eventTimestamp, one entry per distinct event time. */
  readonly history: LineageNodeHistoryRecord[];
}

export interface DomainRecord {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly arn: string;
  readonly domainExecutionRole: string;
  readonly serviceRole?: string;
  readonly kmsKeyIdentifier?: string;
  readonly singleSignOn?: { type?: string; userAssignment?: string; idcInstanceArn?: string };
  readonly tags?: Record<string, string>;
  readonly domainVersion: string;
  readonly status: string;
  readonly portalUrl: string;
  readonly rootDomainUnitId: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly seq: number;
  readonly projects: Record<string, ProjectRecord>;
  readonly environments: Record<string, EnvironmentRecord>;
  /** Revisions per form type name, oldest first. */
  readonly formTypes: Record<string, FormTypeRevisionRecord[]>;
  /** Revisions per asset type name, oldest first. */
  readonly assetTypes: Record<string, AssetTypeRevisionRecord[]>;
  readonly assets: Record<string, AssetRecord>;
  readonly listings: Record<string, ListingRecord>;
  readonly subscriptionTargets: Record<string, SubscriptionTargetRecord>;
  readonly subscriptionRequests: Record<string, SubscriptionRequestRecord>;
  readonly subscriptions: Record<string, SubscriptionRecord>;
  readonly grants: Record<string, GrantRecord>;
  readonly lineageEvents: Record<string, LineageEventRecord>;
  readonly lineageNodes: Record<string, LineageNodeRecord>;
  /** Lineage node id by sourceIdentifier. */
  readonly lineageNodeIndex: Record<string, string>;
}

/** What the first call with a client token produced, to answer a retry with the same result. */
export interface ClientTokenRecord {
  readonly fingerprint: string;
  readonly result: Readonly<Record<string, string>>;
}

/** DataZone state of one account and Region. */
export interface DataZoneState {
  readonly domains: Record<string, DomainRecord>;
  /** Keyed by `<operation> <domain> <clientToken>`. */
  readonly clientTokens: Record<string, ClientTokenRecord>;
  /** Creation counter: a stable order for records created within the same millisecond. */
  sequence: number;
}

/** The state of an account and Region before any call. */
export function initialState(): DataZoneState {
  return { domains: {}, clientTokens: {}, sequence: 0 };
}

/** The next creation sequence number. */
export function nextSeq(state: DataZoneState): number {
  state.sequence += 1;
  return state.sequence;
}
