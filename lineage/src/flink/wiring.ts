/**
 * The Flink lifecycle emitter's ports on AWS, built once per function instance: applications read in
 * their own account (through the application read role when it is not the function's), the catalog
 * sources' clusters resolved with asset-types' MSK adapter (through each source's readRoleArn) once per
 * function instance, and the DataZone transport.
 *
 * @module
 */
import { assumeRoleCredentials } from '../../../common/src/assume-role.ts';
import { ClientFactory } from '../../../common/src/clients.ts';
import type { Log } from '../../../common/src/logger.ts';
import { createTransport } from '../create-transport.ts';
import { CachedNamespaceResolver, clusterLookup } from '../known-clusters.ts';
import type { Transport } from '../transport.ts';
import {
  KinesisAnalyticsApplications,
  type KinesisAnalyticsClient,
} from './adapters/kinesis-analytics-applications.ts';
import { applicationReadRoleArn, type FlinkLifecycleSettings } from './config.ts';
import type { ApplicationRef } from './ports.ts';
import type { FlinkLifecyclePorts } from './report-lifecycle.ts';

/** Session name of the emitter's assumed roles (visible in the application account's CloudTrail). */
export const FLINK_LINEAGE_SESSION = 'streamgov-flink-lineage';

/**
 * Builds the ports of {@link reportFlinkLifecycle} from a client factory of the function's identity.
 * @param options.transport replaces the DataZone transport (tests, dry runs).
 */
export function createFlinkLifecyclePorts(options: {
  readonly factory: ClientFactory;
  readonly settings: FlinkLifecycleSettings;
  readonly log: Log;
  readonly transport?: Transport;
}): FlinkLifecyclePorts {
  const { factory, settings, log } = options;
  const byAccountRegion = new Map<string, KinesisAnalyticsClient>();
  const clientFor = (ref: ApplicationRef): KinesisAnalyticsClient => {
    const key = `${ref.account}/${ref.region}`;
    const known = byAccountRegion.get(key);
    if (known) return known;
    const regional =
      ref.region === factory.settings.region
        ? factory
        : new ClientFactory({ ...factory.settings, region: ref.region });
    const clients =
      ref.account === settings.accountId
        ? regional
        : regional.withCredentials(
            assumeRoleCredentials(
              factory.sts(),
              applicationReadRoleArn(ref.account, settings.applicationReadRoleName),
              FLINK_LINEAGE_SESSION,
            ),
          );
    const client = clients.kinesisAnalytics();
    byAccountRegion.set(key, client);
    return client;
  };
  // No TTL: the clusters are read once per function instance (a cold start picks up new brokers).
  const namespaces = new CachedNamespaceResolver({
    sources: settings.sources,
    lookup: clusterLookup(factory, FLINK_LINEAGE_SESSION, log),
    log,
  });
  return {
    applications: new KinesisAnalyticsApplications({ clientFor, log }),
    transport:
      options.transport ??
      createTransport({ type: 'datazone', domainId: settings.domainId }, { log, dataZone: factory.dataZone }),
    resolver: () => namespaces.resolver(),
    convention: { propertyGroupId: settings.propertyGroupId, readKafkaGroups: settings.readKafkaGroups },
    log,
  };
}
