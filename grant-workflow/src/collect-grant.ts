import { parseMskClusterArn } from '../../common/src/arns.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import { isJsonObject } from '../../common/src/json.ts';
import type { Log } from '../../common/src/logger.ts';
import type { DataZoneSubscriptions } from './adapters/datazone-subscriptions.ts';
import type { CentralSettings, EnvironmentRegistration } from './config.ts';
import {
  type CollectOutcome,
  type EnvironmentTarget,
  GRANT_STATUS,
  type GrantAction,
  type GrantRequest,
} from './contract.ts';
import { InvalidGrantRequestError } from './errors.ts';
import { decideEventOrder } from './event-order.ts';
import type { TopicGrant } from './grants.ts';
import { topicGrantOf } from './resolve-grants.ts';

/** The DataZone calls of the central workflow (DataZoneSubscriptions implements them). */
export type GrantCatalog = Pick<
  DataZoneSubscriptions,
  | 'getGrant'
  | 'getSubscriptionStatus'
  | 'getListing'
  | 'getEnvironment'
  | 'getSubscriptionTarget'
  | 'updateAssetStatus'
>;

/** Detail types of the DataZone events the workflow serves, and the action each asks for. */
export const GRANT_EVENT_ACTIONS: Readonly<Record<string, GrantAction>> = {
  'Subscription Grant Requested': 'GRANT',
  'Subscription Grant Revoke Requested': 'REVOKE',
};

/** What a valid grant event names. */
export interface GrantEvent {
  readonly action: GrantAction;
  readonly grantId: string;
  readonly assetId: string;
  readonly listingId: string;
  readonly listingVersion: string;
}

const DATAZONE_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const REVISION = /^[a-zA-Z0-9_.-]{1,64}$/;

function invalid(field: string, value: unknown, reason: string): InvalidGrantRequestError {
  const cause = new InvalidInputError(field, value, reason);
  return new InvalidGrantRequestError(`Invalid grant event: ${cause.message}`, {
    cause,
    context: { field },
  });
}

function member(value: Record<string, unknown>, key: string, field: string): Record<string, unknown> {
  const found = value[key];
  if (!isJsonObject(found)) throw invalid(field, found, 'must be an object');
  return found;
}

function id(value: unknown, field: string, pattern = DATAZONE_ID): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalid(field, value, `must match ${pattern.source}`);
  }
  return value;
}

/**
 * Validates a DataZone grant event as EventBridge delivers it: its detail type, the configured domain,
 * the grant id and the asset of the configured asset type. Pure.
 * @throws InvalidGrantRequestError naming the field and the value (its `cause` is an InvalidInputError).
 */
export function parseGrantEvent(
  event: unknown,
  settings: Pick<CentralSettings, 'domainId' | 'assetTypeNames'>,
): GrantEvent {
  if (!isJsonObject(event)) throw invalid('event', event, 'must be an object');
  const detailType = event['detail-type'];
  const action = typeof detailType === 'string' ? GRANT_EVENT_ACTIONS[detailType] : undefined;
  if (!action) {
    throw invalid('detail-type', detailType, `must be one of ${Object.keys(GRANT_EVENT_ACTIONS).join(', ')}`);
  }
  const detail = member(event, 'detail', 'detail');
  const metadata = member(detail, 'metadata', 'detail.metadata');
  if (metadata.domain !== settings.domainId) {
    throw invalid(
      'detail.metadata.domain',
      metadata.domain,
      `must be the configured domain ${settings.domainId}`,
    );
  }
  const grantId = id(metadata.id, 'detail.metadata.id');
  const asset = member(member(detail, 'data', 'detail.data'), 'asset', 'detail.data.asset');
  const assetType = settings.assetTypeNames.assetType;
  if (asset.typeName !== assetType) {
    throw invalid('detail.data.asset.typeName', asset.typeName, `must be the topic asset type ${assetType}`);
  }
  return {
    action,
    grantId,
    assetId: id(asset.id, 'detail.data.asset.id'),
    listingId: id(asset.listingId, 'detail.data.asset.listingId'),
    listingVersion: id(asset.listingVersion, 'detail.data.asset.listingVersion', REVISION),
  };
}

/** Everything {@link collectGrant} needs. */
export interface CollectGrantParams {
  /** The DataZone event (the central state machine's input). */
  readonly event: unknown;
  readonly settings: CentralSettings;
  readonly catalog: GrantCatalog;
  readonly log: Log;
}

function target(
  environments: CentralSettings['environments'],
  account: string,
  role: string,
): EnvironmentTarget {
  const entry: EnvironmentRegistration | undefined = Object.hasOwn(environments, account)
    ? environments[account]
    : undefined;
  if (!entry) {
    throw new InvalidGrantRequestError(
      `The ${role} account ${account} is not registered with the streamgov grant workflow: deploy ` +
        `GrantWorkflowEnvironment in ${account} and register it on GrantWorkflowCentral (registerEnvironment), then request the grant again.`,
      { context: { account } },
    );
  }
  return { account, stateMachineArn: entry.stateMachineArn, invokeRoleArn: entry.invokeRoleArn };
}

/**
 * The central side of a grant: validates the event, reads the subscription grant and decides whether
 * the event is still current (see decideEventOrder: a grant event after its revoke, or for a
 * subscription no longer APPROVED, is skipped: nothing read further, nothing changed, nothing reported);
 * then reads its listing (topic, cluster, schemas from the forms), the target environment (consumer
 * account) and the subscription target (principals), builds and validates the grant request, picks the
 * environment workflows to run (the producer's only when the consumer is in another account), and only
 * then sets the asset's status to GRANT_IN_PROGRESS / REVOKE_IN_PROGRESS.
 * @returns The request and the environment targets (the central state), or the skip and its reason.
 * @throws InvalidGrantRequestError for a malformed event, a grant of another listing or asset, invalid
 *   forms, principals or ARNs, an unregistered account (no status changed).
 * @throws TransientAwsError for throttling and 5xx (the state machine retries).
 */
export async function collectGrant(params: CollectGrantParams): Promise<CollectOutcome> {
  const { settings, catalog, log } = params;
  const event = parseGrantEvent(params.event, settings);
  const grant = await catalog.getGrant(event.grantId);
  if (grant.listingId !== event.listingId) {
    throw new InvalidGrantRequestError(
      `Subscription grant ${grant.id} grants listing ${grant.listingId}, not ${event.listingId} as the event says`,
      { context: { subscriptionGrantId: grant.id } },
    );
  }
  const asset = grant.assets.find((a) => a.assetId === event.assetId);
  if (!asset) {
    throw new InvalidGrantRequestError(
      `Subscription grant ${grant.id} has no asset ${event.assetId} (it has ${grant.assets.map((a) => a.assetId).join(', ') || 'none'})`,
      { context: { subscriptionGrantId: grant.id } },
    );
  }
  const subscriptionStatus =
    event.action === 'GRANT' && grant.subscriptionId !== undefined
      ? await catalog.getSubscriptionStatus(grant.subscriptionId)
      : undefined;
  const decision = decideEventOrder({
    action: event.action,
    assetStatus: asset.status,
    ...(subscriptionStatus === undefined ? {} : { subscriptionStatus }),
  });
  if (!decision.proceed) {
    log.info('Grant event skipped', {
      subscriptionGrantId: grant.id,
      assetId: event.assetId,
      action: event.action,
      reason: decision.reason,
    });
    return {
      skip: {
        subscriptionGrantId: grant.id,
        assetId: event.assetId,
        action: event.action,
        reason: decision.reason,
      },
    };
  }
  const listing = await catalog.getListing(event.listingId, event.listingVersion);
  if (listing.assetId !== event.assetId) {
    throw new InvalidGrantRequestError(
      `Listing ${listing.listingId} lists asset ${listing.assetId}, not ${event.assetId} as the event says`,
      { context: { listingId: listing.listingId } },
    );
  }
  const environment = await catalog.getEnvironment(grant.environmentId);
  const subscriptionTarget = await catalog.getSubscriptionTarget(
    grant.environmentId,
    grant.subscriptionTargetId,
  );
  let topicGrant: TopicGrant;
  let clusterType: GrantRequest['clusterType'];
  try {
    ({ grant: topicGrant, clusterType } = topicGrantOf({
      grantId: grant.id,
      assetId: event.assetId,
      listing,
      environment,
      target: subscriptionTarget,
      consumerGroups: settings.consumerGroups,
    }));
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidGrantRequestError(
        `Subscription grant ${grant.id} (listing ${listing.listingId}, subscription target ${subscriptionTarget.id}) cannot be applied: ${error.message}`,
        { cause: error, context: { subscriptionGrantId: grant.id } },
      );
    }
    throw error;
  }
  const cluster = parseMskClusterArn(topicGrant.clusterArn);
  const crossAccount = topicGrant.consumerAccount !== cluster.account;
  const request: GrantRequest = {
    domainId: settings.domainId,
    action: event.action,
    grant: topicGrant,
    clusterType,
    producerAccount: cluster.account,
    region: cluster.region,
    crossAccount,
  };
  const consumer = target(settings.environments, topicGrant.consumerAccount, 'consumer');
  const producer = crossAccount ? target(settings.environments, cluster.account, 'producer') : undefined;
  await catalog.updateAssetStatus(grant.id, event.assetId, GRANT_STATUS[event.action].inProgress);
  log.info('Grant collected', {
    subscriptionGrantId: grant.id,
    assetId: event.assetId,
    action: event.action,
    consumerAccount: consumer.account,
    producerAccount: cluster.account,
    crossAccount,
  });
  return { request, targets: { ...(producer ? { producer } : {}), consumer } };
}
