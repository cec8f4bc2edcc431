/**
 * The ingest ports on AWS: DataZone through the DataZone transport, the SQS dead-letter queue, and the
 * configured clusters read through asset-types' MSK adapter, each source with its read role assumed
 * (cross-account) as the catalog sync does.
 *
 * @module
 */
import type { ClientFactory } from '../../../common/src/clients.ts';
import type { Log } from '../../../common/src/logger.ts';
import { SqsDeadLetterQueue } from '../adapters/sqs-dead-letter-queue.ts';
import { CachedNamespaceResolver, clusterLookup } from '../known-clusters.ts';
import { type DataZoneRetryOptions, DataZoneTransport } from '../transports/datazone.ts';
import type { IngestSettings } from './config.ts';
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
      lookup: clusterLookup(factory, INGEST_SESSION_NAME, log),
    }),
  };
}
