import { GetAssetCommand, paginateSearch } from '@aws-sdk/client-datazone';
import { GetBootstrapBrokersCommand } from '@aws-sdk/client-kafka';
import { applyTopicAssetType } from '../../asset-types/src/adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, topicAssetType } from '../../asset-types/src/definition.ts';
import type { BootstrapBrokers } from '../../asset-types/src/topic-identity.ts';
import type { Log } from '../../common/src/logger.ts';
import { systemClock } from '../../common/src/rate-limiter.ts';
import type { CatalogSource, SyncSettings } from '../../datasource-lambda/src/config.ts';
import type { SyncSummary } from '../../datasource-lambda/src/summary.ts';
import {
  type SyncOptions,
  type SyncRetryPolicy,
  syncCatalog,
} from '../../datasource-lambda/src/sync-assets.ts';
import { createSyncPorts } from '../../datasource-lambda/src/wiring.ts';
import { type DemoCloud, PRODUCER_ADMIN_ROLE, startDemoCloud } from './demo-world.ts';

/** Retries of a catalog sync in tests: five attempts, milliseconds apart. */
export const TEST_SYNC_RETRY: SyncRetryPolicy = { attempts: 5, baseMs: 5, maxMs: 20 };

/**
 * The demo world's catalog source: cluster `streaming-orders` with registry `streaming`, read through
 * {@link PRODUCER_ADMIN_ROLE}, topics mapped automatically, topics without a schema included.
 */
export function demoSource(overrides: Partial<CatalogSource> = {}): CatalogSource {
  return {
    clusterName: 'streaming-orders',
    registryName: 'streaming',
    readRoleArn: PRODUCER_ADMIN_ROLE,
    mapping: 'auto',
    includeTopicsWithoutSchema: true,
    ...overrides,
  };
}

/**
 * Sync settings for the demo domain, the assets owned by the producer project, the index under
 * `/streamgov/<domain>/catalog`.
 * @param options.sources @default [demoSource()]
 */
export function demoSyncSettings(
  demo: DemoCloud,
  options: { autoPublish: boolean; sources?: readonly CatalogSource[] },
): SyncSettings {
  return {
    domainId: demo.domainId,
    owningProjectId: demo.producerProjectId,
    sources: options.sources ?? [demoSource()],
    assetTypeNames: DEFAULT_NAMES,
    autoPublish: options.autoPublish,
    maxDeleteShare: 0.5,
    concurrency: 4,
    dataZoneWriteRate: 1000,
    indexPrefix: `/streamgov/${demo.domainId}/catalog`,
  };
}

/** Applies the topic asset type (default names, owned by the producer project) in the demo domain. */
export async function applyDemoAssetType(demo: DemoCloud, log: Log): Promise<void> {
  await applyTopicAssetType({
    client: demo.governance.dataZone(),
    domainId: demo.domainId,
    owningProjectId: demo.producerProjectId,
    definition: topicAssetType(),
    log,
  });
}

/**
 * One catalog sync run with the governance account's clients and ports built for `settings`.
 * @param run.retry @default TEST_SYNC_RETRY
 * @param run.options @default {}
 */
export function syncDemoCatalog(
  demo: DemoCloud,
  settings: SyncSettings,
  log: Log,
  run: { options?: SyncOptions; retry?: SyncRetryPolicy } = {},
): Promise<SyncSummary> {
  return syncCatalog({
    settings,
    ports: createSyncPorts({ factory: demo.governance, settings, log }),
    log,
    clock: systemClock,
    retry: run.retry ?? TEST_SYNC_RETRY,
    options: run.options ?? {},
  });
}

/** The demo world after the topic asset type was applied and the producer's topics were synced. */
export interface SyncedDemo extends DemoCloud {
  /** The settings the sync ran with (one source: {@link demoSource}). */
  readonly settings: SyncSettings;
  /** The one catalog source of {@link settings}. */
  readonly source: CatalogSource;
  /** The ARN of the demo cluster `streaming-orders`. */
  readonly clusterArn: string;
  /** The demo cluster's bootstrap brokers, as the producer account reads them. */
  readonly brokers: BootstrapBrokers;
}

/**
 * Starts the demo cloud, applies the topic asset type, syncs the producer's cluster and registry into
 * the domain (one asset per topic) and reads the cluster's bootstrap brokers.
 */
export async function startSyncedDemo(options: { autoPublish: boolean; log: Log }): Promise<SyncedDemo> {
  const demo = await startDemoCloud();
  const clusterArn = demo.seeded.clusters['streaming-orders']?.arn ?? '';
  await applyDemoAssetType(demo, options.log);
  const source = demoSource();
  const settings = demoSyncSettings(demo, { autoPublish: options.autoPublish, sources: [source] });
  await syncDemoCatalog(demo, settings, options.log);
  const brokers = await demo.producer
    .kafka()
    .send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
  return { ...demo, settings, source, clusterArn, brokers };
}

/** Topic name → the sourceIdentifier (AssetCommonDetailsForm) the catalog sync wrote into its asset. */
export async function topicSourceIdentifiers(demo: DemoCloud): Promise<Map<string, string>> {
  const dataZone = demo.governance.dataZone();
  const byTopic = new Map<string, string>();
  for await (const page of paginateSearch(
    { client: dataZone },
    { domainIdentifier: demo.domainId, searchScope: 'ASSET', maxResults: 50 },
  )) {
    for (const item of page.items ?? []) {
      const id = item.assetItem?.identifier;
      if (!id || !item.assetItem?.name) continue;
      const asset = await dataZone.send(
        new GetAssetCommand({ domainIdentifier: demo.domainId, identifier: id }),
      );
      const common = asset.formsOutput?.find((f) => f.formName === 'AssetCommonDetailsForm');
      const content = JSON.parse(common?.content ?? '{}') as { sourceIdentifier?: string };
      if (content.sourceIdentifier) byTopic.set(item.assetItem.name, content.sourceIdentifier);
    }
  }
  return byTopic;
}
