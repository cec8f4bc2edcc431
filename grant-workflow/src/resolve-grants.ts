import { mskTopicArn, parseMskClusterArn } from '../../common/src/arns.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import type {
  EnvironmentLocation,
  GrantFilter,
  GrantSummary,
  SubscriptionGrant,
  SubscriptionTarget,
  TopicListing,
} from './adapters/datazone-subscriptions.ts';
import { InvalidGrantRequestError } from './errors.ts';
import {
  type ConsumerGroupScope,
  environmentGroupScope,
  parseTopicGrant,
  type TopicGrant,
} from './grants.ts';

/**
 * DataZone's side of grants as reconcile reads it. `DataZoneSubscriptions` implements it; tests may pass
 * an in-memory one.
 */
export interface GrantDirectory {
  listGrants(filter?: GrantFilter): Promise<GrantSummary[]>;
  getGrant(grantId: string): Promise<SubscriptionGrant>;
  getListing(listingId: string, listingRevision?: string): Promise<TopicListing>;
  getEnvironment(environmentId: string): Promise<EnvironmentLocation>;
  getSubscriptionTarget(environmentId: string, targetId: string): Promise<SubscriptionTarget>;
}

/**
 * How streamgov's subscription targets are named and typed (the CLI and the TopicSubscriptionTarget
 * construct create them alike; DataZone shows `provider`).
 */
export const SUBSCRIPTION_TARGET = {
  type: 'StreamgovMskTopicSubscriptionTarget',
  provider: 'streamgov',
  defaultName: 'streamgov-msk-topics',
  /** DataZone's limits on `authorizedPrincipals`. */
  minPrincipals: 1,
  maxPrincipals: 20,
} as const;

/**
 * How grants scope consumer groups: every group, or the groups named `<environmentId>.…` (the
 * reconcile configuration's form; the central workflow's `'per-environment'` is accepted too).
 */
export type ConsumerGroupMode = 'all' | 'per-environment' | { readonly prefixPerEnvironment: true };

/** What a per-asset grant status means for the access that must exist. */
export type AssetGrantState = 'granted' | 'pending' | 'absent';

/** A grant asset DataZone says is GRANTED, resolved to the grant the policies render. */
export interface ResolvedGrant {
  readonly grant: TopicGrant;
  readonly clusterType: 'PROVISIONED' | 'SERVERLESS';
  readonly environmentId: string;
}

/** A grant asset reconcile leaves alone: in flight, or not resolvable to a topic grant. */
export interface GrantKeyNote {
  readonly grantId: string;
  readonly assetId: string;
  /** The topic, when it could be resolved. */
  readonly topicArn?: string;
  /** The asset's status (pending) or why it could not be resolved (unresolved). */
  readonly detail: string;
}

/** DataZone's desired state. */
export interface DesiredGrants {
  readonly granted: readonly ResolvedGrant[];
  /** In-flight assets (`*_PENDING`, `*_IN_PROGRESS`): neither drift nor repaired. */
  readonly pending: readonly GrantKeyNote[];
  /** GRANTED assets of streamgov's asset type that could not be resolved: protected like pending ones. */
  readonly unresolved: readonly GrantKeyNote[];
}

/**
 * The state an asset status stands for: GRANTED → access must exist; `GRANT_PENDING`,
 * `GRANT_IN_PROGRESS`, `REVOKE_PENDING`, `REVOKE_IN_PROGRESS` → a workflow is on it; every other status
 * (REVOKED, GRANT_FAILED — the workflow took the grant out again —, REVOKE_FAILED — the subscription was
 * revoked —) → access must not exist.
 * @param status - DataZone's per-asset status.
 * @returns The state.
 */
export function assetGrantState(status: string): AssetGrantState {
  if (status === 'GRANTED') return 'granted';
  if (/_(PENDING|IN_PROGRESS)$/.test(status)) return 'pending';
  return 'absent';
}

/**
 * The consumer-group scope of grants to an environment.
 * @param mode - The configured mode.
 * @param environmentId - The consumer environment.
 * @returns `'all'`, or `{ prefix: '<environmentId>.' }` — the same scope collect-grant.ts gives new
 *   grants, so that reconcile does not report the workflow's own records as stale.
 */
export function consumerGroupScope(mode: ConsumerGroupMode, environmentId: string): ConsumerGroupScope {
  return environmentGroupScope(mode !== 'all', environmentId);
}

/** Everything a topic grant is made of, as DataZone describes it. */
export interface GrantParts {
  readonly grantId: string;
  readonly assetId: string;
  readonly listing: TopicListing;
  readonly environment: EnvironmentLocation;
  readonly target: SubscriptionTarget;
  readonly consumerGroups: ConsumerGroupMode;
}

/**
 * The topic grant of one grant asset: topic and cluster from the listing's MSK source form (the topic ARN,
 * or the cluster ARN + the schema form's topic name), value and key schemas from the schema form, the
 * consumer account from the environment, the principals from the subscription target.
 * @param parts - See {@link GrantParts}.
 * @returns The checked grant and the cluster type.
 * @throws InvalidInputError when a value would not make a valid grant (names the field).
 */
export function topicGrantOf(parts: GrantParts): {
  grant: TopicGrant;
  clusterType: 'PROVISIONED' | 'SERVERLESS';
} {
  const { source, schema } = parts.listing.forms;
  const clusterArn = source.cluster_arn;
  const topicArn =
    source.topic_arn ??
    mskTopicArn(parseMskClusterArn(clusterArn, 'forms.source.cluster_arn'), schema.kafka_topic);
  const clusterType = source.cluster_type;
  if (clusterType !== 'PROVISIONED' && clusterType !== 'SERVERLESS') {
    throw new InvalidInputError(
      'forms.source.cluster_type',
      clusterType,
      'must be PROVISIONED or SERVERLESS',
    );
  }
  const grant = parseTopicGrant(
    {
      grantId: parts.grantId,
      assetId: parts.assetId,
      topicArn,
      clusterArn,
      consumerGroups: consumerGroupScope(parts.consumerGroups, parts.environment.id),
      schemaArns: [schema.schema_arn, schema.key_schema_arn].filter((arn) => arn !== undefined && arn !== ''),
      consumerAccount: parts.environment.awsAccountId,
      principals: parts.target.authorizedPrincipals,
    },
    `grant ${parts.grantId}/${parts.assetId}`,
  );
  return { grant, clusterType };
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    cache.set(key, value);
  }
  return value;
}

/** Options of {@link resolveDesiredGrants}. */
export interface ResolveOptions {
  readonly directory: GrantDirectory;
  /** Streamgov's topic asset type: grants through targets that do not accept it are not streamgov's. */
  readonly assetType: string;
  readonly consumerGroups: ConsumerGroupMode;
}

/**
 * Reads every subscription grant of the domain (every page) and resolves the GRANTED assets of
 * streamgov's topic asset type to topic grants. Environments, targets and listings are read once each.
 * A grant that cannot be resolved (listing not a valid topic asset, target without valid principals) is
 * reported as unresolved, never dropped silently: its access is then neither missing nor extra.
 * @param options - See {@link ResolveOptions}.
 * @returns The desired state.
 * @throws TransientAwsError or AwsCallError from the directory (nothing is guessed on a failed read).
 */
export async function resolveDesiredGrants(options: ResolveOptions): Promise<DesiredGrants> {
  const { directory, assetType, consumerGroups } = options;
  const environments = new Map<string, Promise<EnvironmentLocation>>();
  const targets = new Map<string, Promise<SubscriptionTarget>>();
  const listings = new Map<string, Promise<TopicListing>>();
  const granted: ResolvedGrant[] = [];
  const pending: GrantKeyNote[] = [];
  const unresolved: GrantKeyNote[] = [];
  for (const summary of await directory.listGrants()) {
    const live = summary.assets.filter((a) => assetGrantState(a.status) !== 'absent');
    if (live.length === 0) continue;
    const note = (assetId: string, detail: string, topicArn?: string): GrantKeyNote => ({
      grantId: summary.id,
      assetId,
      detail,
      ...(topicArn === undefined ? {} : { topicArn }),
    });
    const keep = (asset: { assetId: string; status: string }, detail: string, topicArn?: string) => {
      if (assetGrantState(asset.status) === 'pending')
        pending.push(note(asset.assetId, asset.status, topicArn));
      else unresolved.push(note(asset.assetId, detail, topicArn));
    };
    try {
      const full = await directory.getGrant(summary.id);
      const target = await memo(targets, `${full.environmentId}/${full.subscriptionTargetId}`, () =>
        directory.getSubscriptionTarget(full.environmentId, full.subscriptionTargetId),
      );
      if (!target.applicableAssetTypes.includes(assetType)) continue; // not a topic grant
      const environment = await memo(environments, full.environmentId, () =>
        directory.getEnvironment(full.environmentId),
      );
      const listing = await memo(listings, `${full.listingId}@${full.listingRevision}`, () =>
        directory.getListing(full.listingId, full.listingRevision || undefined),
      );
      for (const asset of live) {
        let resolved: ReturnType<typeof topicGrantOf>;
        try {
          resolved = topicGrantOf({
            grantId: summary.id,
            assetId: asset.assetId,
            listing,
            environment,
            target,
            consumerGroups,
          });
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          keep(asset, error.message);
          continue;
        }
        if (assetGrantState(asset.status) === 'granted') {
          granted.push({ ...resolved, environmentId: environment.id });
        } else keep(asset, asset.status, resolved.grant.topicArn);
      }
    } catch (error) {
      if (!(error instanceof InvalidGrantRequestError)) throw error;
      for (const asset of live) keep(asset, error.message);
    }
  }
  return { granted, pending, unresolved };
}
