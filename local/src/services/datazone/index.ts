/**
 * Amazon DataZone for the streamgov local cloud (signing name `datazone`, restJson1): domains,
 * projects, environments, form and asset types, assets and their revisions, search, listings,
 * subscription targets, requests, subscriptions and grants (with their EventBridge events), and
 * lineage built from OpenLineage run events.
 */
import type { ServiceDefinition } from '../../cloud/types.ts';
import { createAssetType, deleteAssetType, getAssetType } from './asset-types.ts';
import { createAsset, createAssetRevision, deleteAsset, getAsset, listAssetRevisions } from './assets.ts';
import {
  createDomain,
  createProject,
  getDomain,
  getProject,
  listDomains,
  listProjects,
} from './domains-projects.ts';
import { createEnvironment, getEnvironment, listEnvironments, seedEnvironment } from './environments.ts';
import { validationError } from './errors.ts';
import { createFormType, deleteFormType, getFormType } from './form-types.ts';
import {
  createSubscriptionGrant,
  deleteSubscriptionGrant,
  getSubscriptionGrant,
  listSubscriptionGrants,
  updateSubscriptionGrantStatus,
} from './grants.ts';
import { getLineageEvent, listLineageEvents, postLineageEvent } from './lineage/events.ts';
import { getLineageNode, listLineageNodeHistory } from './lineage/nodes.ts';
import { createListingChangeSet, getListing } from './listings.ts';
import { search, searchListings } from './search.ts';
import { type DataZoneState, initialState } from './state.ts';
import {
  createSubscriptionTarget,
  getSubscriptionTarget,
  listSubscriptionTargets,
} from './subscription-targets.ts';
import {
  acceptSubscriptionRequest,
  createSubscriptionRequest,
  getSubscription,
  listSubscriptionRequests,
  listSubscriptions,
  rejectSubscriptionRequest,
  revokeSubscription,
} from './subscriptions.ts';

export type { SeedEnvironmentInput } from './environments.ts';
export type { DataZoneState } from './state.ts';

/** The DataZone service of the local cloud. */
export const dataZoneService: ServiceDefinition<DataZoneState> = {
  signingName: 'datazone',
  initialState,
  validationError,
  operations: {
    CreateDomain: createDomain,
    GetDomain: getDomain,
    ListDomains: listDomains,
    CreateProject: createProject,
    GetProject: getProject,
    ListProjects: listProjects,
    CreateEnvironment: createEnvironment,
    GetEnvironment: getEnvironment,
    ListEnvironments: listEnvironments,
    CreateFormType: createFormType,
    GetFormType: getFormType,
    DeleteFormType: deleteFormType,
    CreateAssetType: createAssetType,
    GetAssetType: getAssetType,
    DeleteAssetType: deleteAssetType,
    CreateAsset: createAsset,
    GetAsset: getAsset,
    CreateAssetRevision: createAssetRevision,
    ListAssetRevisions: listAssetRevisions,
    DeleteAsset: deleteAsset,
    Search: search,
    SearchListings: searchListings,
    CreateListingChangeSet: createListingChangeSet,
    GetListing: getListing,
    CreateSubscriptionTarget: createSubscriptionTarget,
    GetSubscriptionTarget: getSubscriptionTarget,
    ListSubscriptionTargets: listSubscriptionTargets,
    CreateSubscriptionRequest: createSubscriptionRequest,
    AcceptSubscriptionRequest: acceptSubscriptionRequest,
    RejectSubscriptionRequest: rejectSubscriptionRequest,
    ListSubscriptionRequests: listSubscriptionRequests,
    ListSubscriptions: listSubscriptions,
    GetSubscription: getSubscription,
    RevokeSubscription: revokeSubscription,
    CreateSubscriptionGrant: createSubscriptionGrant,
    DeleteSubscriptionGrant: deleteSubscriptionGrant,
    GetSubscriptionGrant: getSubscriptionGrant,
    ListSubscriptionGrants: listSubscriptionGrants,
    UpdateSubscriptionGrantStatus: updateSubscriptionGrantStatus,
    PostLineageEvent: postLineageEvent,
    GetLineageEvent: getLineageEvent,
    ListLineageEvents: listLineageEvents,
    GetLineageNode: getLineageNode,
    ListLineageNodeHistory: listLineageNodeHistory,
  },
  internal: {
    SeedEnvironment: seedEnvironment,
  },
};
