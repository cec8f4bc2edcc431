/**
 * What the ingest use case needs from the outside, as ports (adapters implement them; tests use fakes).
 *
 * @module
 */
import type { NamespaceResolverSource } from '../known-clusters.ts';
import type { LineageEvent } from '../model.ts';
import type { Transport } from '../transport.ts';

export type { NamespaceResolverSource } from '../known-clusters.ts';

/** Why a forwarding failure went to the dead-letter queue, with what identifies it. */
export interface DeadLetterError {
  /** Name of the streamgov error (`TransientAwsError`, `AwsCallError`, …). */
  readonly name: string;
  readonly message: string;
  /** Name of the AWS error behind it (`InternalServerException`, `AccessDeniedException`), if any. */
  readonly awsErrorName?: string;
  /** Request id of the failed AWS call, for AWS support. */
  readonly awsRequestId?: string;
}

/** An event the ingest endpoint accepted but could not deliver, kept for a later redrive. */
export interface DeadLetter {
  /** The ingest request it came with (the Lambda request id). */
  readonly requestId: string;
  /** Position of the event in its request (0 for a single event). */
  readonly index: number;
  /** ISO-8601 time the endpoint received it. */
  readonly receivedAt: string;
  readonly domainId: string;
  readonly error: DeadLetterError;
  /** The validated event, with canonical Kafka namespaces when the clusters were known. */
  readonly event: LineageEvent;
}

/** The dead-letter queue of events DataZone did not take. */
export interface DeadLetterQueue {
  /**
   * Stores one dead letter.
   * @returns the id of the stored message.
   * @throws a named error when it cannot be stored (the caller then answers 5xx so the client retries).
   */
  send(letter: DeadLetter): Promise<{ readonly messageId: string }>;
}

/** The ports of the ingest use case. */
export interface IngestPorts {
  /** Delivers events to DataZone (DataZoneTransport: retries, size fitting, RunEvents only). */
  readonly transport: Transport;
  readonly deadLetters: DeadLetterQueue;
  readonly namespaces: NamespaceResolverSource;
}
