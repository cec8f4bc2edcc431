/**
 * Settings of the OpenLineage ingest function, read from its environment. The keys are exported so
 * that infra sets exactly these (one source of truth).
 *
 * @module
 */
import type { ClusterSource } from '../../../asset-types/src/adapters/msk-clusters.ts';
import { DOMAIN_ID, numberKey, parseSettings, stringKey } from '../../../common/src/config.ts';
import { clusterSourcesKey } from '../sources-key.ts';

/** What the ingest function needs to know. */
export interface IngestSettings {
  /** The DataZone domain the events are posted to (PostLineageEvent). */
  readonly domainId: string;
  /**
   * The catalog sources (the same list the catalog sync reads): their clusters' brokers map Kafka
   * namespaces to the canonical namespace of the topic assets. Empty: namespaces pass through.
   */
  readonly sources: readonly ClusterSource[];
  /** URL of the SQS dead-letter queue of events DataZone did not take after retries. */
  readonly deadLetterQueueUrl: string;
  /** Largest request body, compressed or not, in bytes. */
  readonly maxBodyBytes: number;
  /** Most events in one batch request. */
  readonly maxBatchEvents: number;
  /** Events of one batch forwarded at the same time. */
  readonly concurrency: number;
  /** How long the broker → cluster map is reused before the clusters are read again, in seconds. */
  readonly clusterCacheSeconds: number;
}

/** Environment variable keys of the ingest function; infra sets them from these constants. */
export const INGEST_ENV = {
  domainId: 'DOMAIN_ID',
  sources: 'CATALOG_SOURCES',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  maxBodyBytes: 'MAX_BODY_BYTES',
  maxBatchEvents: 'MAX_BATCH_EVENTS',
  concurrency: 'CONCURRENCY',
  clusterCacheSeconds: 'CLUSTER_CACHE_SECONDS',
} as const satisfies Record<keyof IngestSettings, string>;

/**
 * Defaults of the optional settings. A Lambda Function URL takes request payloads of up to 6 MB
 * (base64 included), so 5 MiB is the most a body can usefully be; 100 events at DataZone's 20
 * PostLineageEvent calls per second fit well within the function's timeout.
 */
export const INGEST_DEFAULTS = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatchEvents: 100,
  concurrency: 4,
  clusterCacheSeconds: 600,
} as const;

/** The function environment for `settings` (infra passes this to the Lambda function). */
export function ingestEnvironment(settings: IngestSettings): Record<string, string> {
  return {
    [INGEST_ENV.domainId]: settings.domainId,
    [INGEST_ENV.sources]: JSON.stringify(settings.sources),
    [INGEST_ENV.deadLetterQueueUrl]: settings.deadLetterQueueUrl,
    [INGEST_ENV.maxBodyBytes]: String(settings.maxBodyBytes),
    [INGEST_ENV.maxBatchEvents]: String(settings.maxBatchEvents),
    [INGEST_ENV.concurrency]: String(settings.concurrency),
    [INGEST_ENV.clusterCacheSeconds]: String(settings.clusterCacheSeconds),
  };
}

/**
 * Reads the ingest settings from an environment (written by {@link ingestEnvironment}).
 * @throws ConfigError listing every missing or invalid key.
 */
export function loadIngestSettings(env: Readonly<Record<string, string | undefined>>): IngestSettings {
  return parseSettings(
    INGEST_ENV,
    {
      domainId: stringKey({ pattern: DOMAIN_ID }),
      sources: clusterSourcesKey(),
      deadLetterQueueUrl: stringKey({
        pattern: /^https?:\/\/[^/\s]+\/\d{12}\/[A-Za-z0-9_-]{1,80}$/,
      }),
      maxBodyBytes: numberKey({
        min: 1_024,
        max: 6 * 1024 * 1024,
        integer: true,
        default: INGEST_DEFAULTS.maxBodyBytes,
      }),
      maxBatchEvents: numberKey({
        min: 1,
        max: 1_000,
        integer: true,
        default: INGEST_DEFAULTS.maxBatchEvents,
      }),
      concurrency: numberKey({
        min: 1,
        max: 32,
        integer: true,
        default: INGEST_DEFAULTS.concurrency,
      }),
      clusterCacheSeconds: numberKey({
        min: 0,
        max: 86_400,
        integer: true,
        default: INGEST_DEFAULTS.clusterCacheSeconds,
      }),
    },
    env,
  );
}

/** The ingest settings of this Lambda function (its environment). @throws ConfigError */
export function ingestSettingsFromEnvironment(): IngestSettings {
  return loadIngestSettings(process.env);
}
