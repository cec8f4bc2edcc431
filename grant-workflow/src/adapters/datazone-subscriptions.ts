import {
  type DataZoneClient,
  GetEnvironmentCommand,
  GetListingCommand,
  GetSubscriptionCommand,
  GetSubscriptionGrantCommand,
  GetSubscriptionTargetCommand,
  paginateListSubscriptionGrants,
  type SubscriptionGrantStatus,
  type SubscriptionGrantSummary,
  UpdateSubscriptionGrantStatusCommand,
} from '@aws-sdk/client-datazone';
import type { TopicAssetTypeDefinition } from '../../../asset-types/src/definition.ts';
import { FormContentError } from '../../../asset-types/src/errors.ts';
import {
  decodeTopicAssetForms,
  parseListingForms,
  type TopicAssetForms,
} from '../../../asset-types/src/forms.ts';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { InvalidGrantRequestError } from '../errors.ts';

export interface DataZoneSubscriptionsOptions {
  readonly client: DataZoneClient;
  readonly domainId: string;
  /** The topic asset type (its form names decode the listing forms). */
  readonly definition: TopicAssetTypeDefinition;
  readonly log: Log;
}

/** One asset of a subscription grant. */
export interface GrantAsset {
  readonly assetId: string;
  readonly status: string;
  readonly failureCause?: string;
}

/** A subscription grant (GetSubscriptionGrant). */
export interface SubscriptionGrant {
  readonly id: string;
  readonly environmentId: string;
  readonly subscriptionTargetId: string;
  readonly listingId: string;
  readonly listingRevision: string;
  readonly status: string;
  readonly assets: readonly GrantAsset[];
  /** The subscription the grant fulfils, when DataZone names one. */
  readonly subscriptionId?: string;
}

/** A published topic asset (GetListing), its forms decoded (both observed shapes accepted). */
export interface TopicListing {
  readonly listingId: string;
  readonly listingRevision: string;
  readonly name: string;
  readonly assetId: string;
  readonly assetType: string;
  readonly forms: TopicAssetForms;
}

/** Where an environment lives (GetEnvironment). */
export interface EnvironmentLocation {
  readonly id: string;
  readonly projectId: string;
  readonly awsAccountId: string;
  readonly awsAccountRegion: string;
}

/** A subscription target and the principals it authorizes (GetSubscriptionTarget). */
export interface SubscriptionTarget {
  readonly id: string;
  readonly environmentId: string;
  readonly type: string;
  readonly authorizedPrincipals: readonly string[];
  readonly applicableAssetTypes: readonly string[];
}

/** A grant as ListSubscriptionGrants summarises it (for reconcile). */
export interface GrantSummary {
  readonly id: string;
  readonly subscriptionTargetId: string;
  readonly listingId: string;
  readonly listingRevision: string;
  readonly status: string;
  readonly assets: readonly GrantAsset[];
}

/** Filters of {@link DataZoneSubscriptions.listGrants}. */
export interface GrantFilter {
  readonly environmentId?: string;
  readonly subscriptionTargetId?: string;
  readonly subscriptionId?: string;
}

function named(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

function assetsOf(
  assets: readonly { assetId?: string; status?: string; failureCause?: { message?: string } }[] | undefined,
): GrantAsset[] {
  return (assets ?? []).map((asset) => ({
    assetId: asset.assetId ?? '',
    status: asset.status ?? '',
    ...(asset.failureCause?.message === undefined ? {} : { failureCause: asset.failureCause.message }),
  }));
}

/**
 * DataZone's side of subscription grants, for the central workflow and reconcile: the grant, its listing
 * (forms decoded with the topic asset type; values as objects or as JSON strings), the target
 * environment, the subscription target, per-asset status updates, and the grants of an environment or
 * target (ListSubscriptionGrants, every page). ResourceNotFoundException becomes
 * InvalidGrantRequestError (the event names something that does not exist); other SDK errors become
 * TransientAwsError (throttling, 5xx) or AwsCallError.
 */
export class DataZoneSubscriptions {
  private readonly client: DataZoneClient;
  private readonly domainId: string;
  private readonly definition: TopicAssetTypeDefinition;
  private readonly log: Log;

  constructor(options: DataZoneSubscriptionsOptions) {
    this.client = options.client;
    this.domainId = options.domainId;
    this.definition = options.definition;
    this.log = options.log;
  }

  async getGrant(grantId: string): Promise<SubscriptionGrant> {
    const out = await this.call(`GetSubscriptionGrant ${grantId}`, () =>
      this.client.send(
        new GetSubscriptionGrantCommand({ domainIdentifier: this.domainId, identifier: grantId }),
      ),
    );
    const listing = out.grantedEntity?.listing;
    if (!out.id || !out.environmentId || !listing?.id) {
      throw new InvalidGrantRequestError(
        `Subscription grant ${grantId} grants no listing to an environment`,
        {
          context: { subscriptionGrantId: grantId },
        },
      );
    }
    return {
      id: out.id,
      environmentId: out.environmentId,
      subscriptionTargetId: out.subscriptionTargetId ?? '',
      listingId: listing.id,
      listingRevision: listing.revision ?? '',
      status: out.status ?? '',
      assets: assetsOf(out.assets),
      ...(out.subscriptionId ? { subscriptionId: out.subscriptionId } : {}),
    };
  }

  /**
   * The status of a subscription (GetSubscription): APPROVED, REVOKED or CANCELLED; `'absent'` when it
   * no longer exists.
   */
  async getSubscriptionStatus(subscriptionId: string): Promise<string> {
    try {
      const out = await this.client.send(
        new GetSubscriptionCommand({ domainIdentifier: this.domainId, identifier: subscriptionId }),
      );
      return out.status ?? '';
    } catch (error) {
      if (named(error, 'ResourceNotFoundException')) return 'absent';
      throw translateAwsError(error, `GetSubscription ${subscriptionId}`, { domainId: this.domainId });
    }
  }

  /** @throws InvalidGrantRequestError when the listing is not a topic asset or its forms are invalid. */
  async getListing(listingId: string, listingRevision?: string): Promise<TopicListing> {
    const out = await this.call(`GetListing ${listingId}`, () =>
      this.client.send(
        new GetListingCommand({
          domainIdentifier: this.domainId,
          identifier: listingId,
          ...(listingRevision ? { listingRevision } : {}),
        }),
      ),
    );
    const asset = out.item?.assetListing;
    if (!asset?.assetId) {
      throw new InvalidGrantRequestError(`Listing ${listingId} is not an asset listing`, {
        context: { listingId },
      });
    }
    const assetType = asset.assetType ?? '';
    if (assetType !== this.definition.names.assetType) {
      throw new InvalidGrantRequestError(
        `Listing ${listingId} is an asset of type ${assetType}, not ${this.definition.names.assetType}: streamgov grants only topic assets`,
        { context: { listingId } },
      );
    }
    try {
      return {
        listingId,
        listingRevision: out.listingRevision ?? listingRevision ?? '',
        name: out.name ?? '',
        assetId: asset.assetId,
        assetType,
        forms: decodeTopicAssetForms(this.definition, parseListingForms(asset.forms)),
      };
    } catch (error) {
      if (error instanceof FormContentError) {
        throw new InvalidGrantRequestError(`Listing ${listingId} has invalid topic forms: ${error.message}`, {
          cause: error,
          context: { listingId },
        });
      }
      throw error;
    }
  }

  async getEnvironment(environmentId: string): Promise<EnvironmentLocation> {
    const out = await this.call(`GetEnvironment ${environmentId}`, () =>
      this.client.send(
        new GetEnvironmentCommand({ domainIdentifier: this.domainId, identifier: environmentId }),
      ),
    );
    if (!out.awsAccountId || !out.awsAccountRegion) {
      throw new InvalidGrantRequestError(`Environment ${environmentId} has no AWS account or Region`, {
        context: { environmentId },
      });
    }
    return {
      id: out.id ?? environmentId,
      projectId: out.projectId ?? '',
      awsAccountId: out.awsAccountId,
      awsAccountRegion: out.awsAccountRegion,
    };
  }

  async getSubscriptionTarget(environmentId: string, targetId: string): Promise<SubscriptionTarget> {
    const out = await this.call(`GetSubscriptionTarget ${targetId}`, () =>
      this.client.send(
        new GetSubscriptionTargetCommand({
          domainIdentifier: this.domainId,
          environmentIdentifier: environmentId,
          identifier: targetId,
        }),
      ),
    );
    return {
      id: out.id ?? targetId,
      environmentId: out.environmentId ?? environmentId,
      type: out.type ?? '',
      authorizedPrincipals: out.authorizedPrincipals ?? [],
      applicableAssetTypes: out.applicableAssetTypes ?? [],
    };
  }

  /** Sets one asset's status on a grant, with a failure cause for the *_FAILED statuses. */
  async updateAssetStatus(
    grantId: string,
    assetId: string,
    status: SubscriptionGrantStatus,
    failureCause?: string,
  ): Promise<void> {
    await this.call(`UpdateSubscriptionGrantStatus ${grantId}/${assetId} ${status}`, () =>
      this.client.send(
        new UpdateSubscriptionGrantStatusCommand({
          domainIdentifier: this.domainId,
          identifier: grantId,
          assetIdentifier: assetId,
          status,
          ...(failureCause === undefined ? {} : { failureCause: { message: failureCause } }),
        }),
      ),
    );
    this.log.info('Grant status updated', { subscriptionGrantId: grantId, assetId, status });
  }

  /** Every grant matching the filter, over all pages. */
  async listGrants(filter: GrantFilter = {}): Promise<GrantSummary[]> {
    return this.call('ListSubscriptionGrants', async () => {
      const out: GrantSummary[] = [];
      for await (const page of paginateListSubscriptionGrants(
        { client: this.client },
        {
          domainIdentifier: this.domainId,
          ...(filter.environmentId ? { environmentId: filter.environmentId } : {}),
          ...(filter.subscriptionTargetId ? { subscriptionTargetId: filter.subscriptionTargetId } : {}),
          ...(filter.subscriptionId ? { subscriptionId: filter.subscriptionId } : {}),
        },
      )) {
        out.push(...(page.items ?? []).map(summary));
      }
      return out;
    });
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (named(error, 'ResourceNotFoundException')) {
        throw new InvalidGrantRequestError(`${action}: not found in domain ${this.domainId}`, {
          cause: error,
          context: { domainId: this.domainId },
        });
      }
      throw translateAwsError(error, action, { domainId: this.domainId });
    }
  }
}

function summary(item: SubscriptionGrantSummary): GrantSummary {
  const listing = item.grantedEntity?.listing;
  return {
    id: item.id ?? '',
    subscriptionTargetId: item.subscriptionTargetId ?? '',
    listingId: listing?.id ?? '',
    listingRevision: listing?.revision ?? '',
    status: item.status ?? '',
    assets: assetsOf(item.assets),
  };
}
