import {
  AcceptSubscriptionRequestCommand,
  CreateAssetCommand,
  type CreateAssetCommandOutput,
  CreateAssetTypeCommand,
  CreateFormTypeCommand,
  CreateListingChangeSetCommand,
  type CreateListingChangeSetCommandOutput,
  CreateSubscriptionRequestCommand,
  type CreateSubscriptionRequestCommandOutput,
  CreateSubscriptionTargetCommand,
  type CreateSubscriptionTargetCommandOutput,
  type DataZoneClient,
  type FormInput,
} from '@aws-sdk/client-datazone';
import { type TopicAssetTypeDefinition, topicAssetType } from '../../asset-types/src/definition.ts';
import { renderSmithyModel } from '../../asset-types/src/smithy.ts';
import type { SeededWorld } from '../../local/src/seed/apply-world.ts';

/**
 * DataZone set-up for grant tests, written with the DataZone API directly (not with streamgov's own
 * asset-type and sync code): the topic asset type, published topic assets, the subscription target.
 */

/** The DataZone ids of the demo world ('' where the world has none). */
export interface DemoDataZoneIds {
  readonly domainIdentifier: string;
  readonly producerProject: string;
  readonly consumerProject: string;
  /** The environment `consumer-env` of the consumer project (account 333333333333). */
  readonly consumerEnvironmentId: string;
}

/** The DataZone ids of the seeded demo world. */
export function demoDataZoneIds(seeded: SeededWorld): DemoDataZoneIds {
  return {
    domainIdentifier: seeded.datazone?.domainId ?? '',
    producerProject: seeded.datazone?.projects.producer ?? '',
    consumerProject: seeded.datazone?.projects.consumer ?? '',
    consumerEnvironmentId: seeded.datazone?.environments['consumer-env']?.id ?? '',
  };
}

/**
 * Creates the topic asset type's form types (enabled) and the asset type (every form optional, at
 * revision 1), owned by `owningProject`.
 * @returns the definition they were created from (default names).
 */
export async function createTopicAssetType(
  dz: DataZoneClient,
  domainIdentifier: string,
  owningProject: string,
): Promise<TopicAssetTypeDefinition> {
  const definition = topicAssetType();
  for (const form of definition.formTypes) {
    await dz.send(
      new CreateFormTypeCommand({
        domainIdentifier,
        name: form.name,
        model: { smithy: renderSmithyModel(form) },
        owningProjectIdentifier: owningProject,
        status: 'ENABLED',
      }),
    );
  }
  await dz.send(
    new CreateAssetTypeCommand({
      domainIdentifier,
      name: definition.names.assetType,
      owningProjectIdentifier: owningProject,
      formsInput: Object.fromEntries(
        definition.forms.map((f) => [
          f.formName,
          { typeIdentifier: f.typeName, typeRevision: '1', required: false },
        ]),
      ),
    }),
  );
  return definition;
}

/** A published topic asset: the asset and the change set that listed it. */
export interface PublishedTopicAsset {
  readonly asset: CreateAssetCommandOutput;
  readonly listing: CreateListingChangeSetCommandOutput;
}

/** Creates a topic asset named `name` of `definition`'s asset type with `formsInput`, and publishes it. */
export async function publishTopicAsset(
  dz: DataZoneClient,
  options: {
    readonly domainIdentifier: string;
    readonly owningProject: string;
    readonly definition: TopicAssetTypeDefinition;
    readonly name: string;
    readonly formsInput: FormInput[];
  },
): Promise<PublishedTopicAsset> {
  const { domainIdentifier } = options;
  const asset = await dz.send(
    new CreateAssetCommand({
      domainIdentifier,
      name: options.name,
      typeIdentifier: options.definition.names.assetType,
      owningProjectIdentifier: options.owningProject,
      formsInput: options.formsInput,
    }),
  );
  const listing = await dz.send(
    new CreateListingChangeSetCommand({
      domainIdentifier,
      entityIdentifier: asset.id ?? '',
      entityType: 'ASSET',
      action: 'PUBLISH',
    }),
  );
  return { asset, listing };
}

/**
 * Creates a subscription target of provider `streamgov` for `definition`'s asset type in an
 * environment, managed by the role `streamgov-grant` of the domain account.
 * @param options.name @default 'msk-topics'
 * @param options.type @default 'MskTopicSubscriptionTarget'
 */
export function createTopicSubscriptionTarget(
  dz: DataZoneClient,
  options: {
    readonly domainIdentifier: string;
    readonly environmentId: string;
    readonly definition: TopicAssetTypeDefinition;
    readonly authorizedPrincipals: string[];
    readonly name?: string;
    readonly type?: string;
  },
): Promise<CreateSubscriptionTargetCommandOutput> {
  return dz.send(
    new CreateSubscriptionTargetCommand({
      domainIdentifier: options.domainIdentifier,
      environmentIdentifier: options.environmentId,
      name: options.name ?? 'msk-topics',
      type: options.type ?? 'MskTopicSubscriptionTarget',
      provider: 'streamgov',
      applicableAssetTypes: [options.definition.names.assetType],
      authorizedPrincipals: options.authorizedPrincipals,
      manageAccessRole: 'arn:aws:iam::111111111111:role/streamgov-grant',
      subscriptionTargetConfig: [],
    }),
  );
}

/** Requests a subscription of `projectId` to `listingId` and accepts it (DataZone then creates the grants). */
export async function subscribeAndAccept(
  dz: DataZoneClient,
  options: {
    readonly domainIdentifier: string;
    readonly projectId: string;
    readonly listingId: string;
    readonly reason: string;
  },
): Promise<CreateSubscriptionRequestCommandOutput> {
  const { domainIdentifier } = options;
  const request = await dz.send(
    new CreateSubscriptionRequestCommand({
      domainIdentifier,
      subscribedPrincipals: [{ project: { identifier: options.projectId } }],
      subscribedListings: [{ identifier: options.listingId }],
      requestReason: options.reason,
    }),
  );
  await dz.send(new AcceptSubscriptionRequestCommand({ domainIdentifier, identifier: request.id ?? '' }));
  return request;
}
