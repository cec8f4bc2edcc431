/**
 * The ingest ports on AWS: DataZone through the DataZone transport, the SQS dead-letter queue, and the
 * configured clusters read through the catalog sync's MSK adapter, each source with its read role
 * assumed (cross-account) as the catalog sync does.
 *
 * @module
 */
import { assumeRoleCredentials } from '../../../common/src/assume-role.ts';
import type { ClientFactory } from '../../../common/src/clients.ts';
import type { Log } from '../../../common/src/logger.ts';
import { KafkaClusterDirectory } from '../../../datasource-lambda/src/adapters/kafka-cluster-directory.ts';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import { SqsDeadLetterQueue } from '../adapters/sqs-dead-letter-queue.ts';
import { type DataZoneRetryOptions, DataZoneTransport } from '../transports/datazone.ts';
import type { IngestSettings } from './config.ts';
import { CachedNamespaceResolver } from './known-clusters.ts';
import type { IngestPorts } from './ports.ts';

/** Session name of the read roles the endpoint assumes. */
export const INGEST_SESSION_NAME = 'streamgov-lineage-ingest';

/** Options of {@link createIngestPorts}. */
export interface IngestWiringOptions {
  readonly factory: ClientFactory;
  readonly settings: IngestSettings;
  readonly log: Log;
  /** Retries of PostLineageEvent. @default the DataZone transport's (5 attempts, 200 ms base, 5 s cap) */
  readonly retry?: DataZoneRetryOptions;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Builds the ports once per cold start (clients are reused across invocations). */
export function createIngestPorts(options: IngestWiringOptions): IngestPorts {
  const { factory, settings, log } = options;
  const directories = new Map<string, KafkaClusterDirectory>();
  const directoryFor = (source: CatalogSource): KafkaClusterDirectory => {
    const role = source.readRoleArn ?? '';
    const known = directories.get(role);
    if (known) return known;
    const clients = source.readRoleArn
      ? factory.withCredentials(assumeRoleCredentials(factory.sts(), source.readRoleArn, INGEST_SESSION_NAME))
      : factory;
    const directory = new KafkaClusterDirectory({ client: clients.kafka(), log });
    directories.set(role, directory);
    return directory;
  };
  return {
    transport: new DataZoneTransport({
      client: factory.dataZone(),
      domainId: settings.domainId,
      log,
      ...(options.retry ? { retry: options.retry } : {}),
    }),
    deadLetters: new SqsDeadLetterQueue({
      client: factory.sqs(),
      queueUrl: settings.deadLetterQueueUrl,
      log,
    }),
    namespaces: new CachedNamespaceResolver({
      sources: settings.sources,
      ttlMs: settings.clusterCacheSeconds * 1000,
      log,
      ...(options.now ? { now: options.now } : {}),
      lookup: async (source) => {
        const cluster = await directoryFor(source).resolveCluster(source);
        return { clusterArn: cluster.arn, brokers: cluster.brokers };
      },
    }),
  };
}
