import { MemoryLog } from '../../../../common/src/logger.ts';
import type { FunctionUrlEvent } from '../../../../lineage/src/handlers/ingest-handler.ts';
import type { DeadLetter, DeadLetterQueue, IngestPorts } from '../../../../lineage/src/ingest/ports.ts';
import type { LineageEvent } from '../../../../lineage/src/model.ts';
import { KafkaNamespaceResolver } from '../../../../lineage/src/naming.ts';
import type { Transport } from '../../../../lineage/src/transport.ts';
import { InMemoryTransport } from '../../../../lineage/src/transports/in-memory.ts';
import { FIXTURE_BROKERS, FIXTURE_CLUSTER_ARN } from '../../../fixtures/openlineage/load.ts';

/** A dead-letter queue in memory; `failWith` makes every send fail. */
export class InMemoryDeadLetterQueue implements DeadLetterQueue {
  readonly letters: DeadLetter[] = [];
  failWith: Error | undefined;
  async send(letter: DeadLetter): Promise<{ messageId: string }> {
    if (this.failWith) throw this.failWith;
    this.letters.push(letter);
    return { messageId: `msg-${this.letters.length}` };
  }
}

/** A transport that fails every RunEvent with `error` (DatasetEvents and JobEvents go through). */
export class FailingTransport implements Transport {
  constructor(private readonly error: Error) {}
  async emit(_event: LineageEvent): Promise<void> {
    throw this.error;
  }
  async close(): Promise<void> {}
}

/** Fakes of every ingest port, resolving the fixture cluster. */
export function fakePorts(overrides: Partial<IngestPorts> = {}) {
  const transport = new InMemoryTransport();
  const deadLetters = new InMemoryDeadLetterQueue();
  const resolver = KafkaNamespaceResolver.fromClusters([
    { clusterArn: FIXTURE_CLUSTER_ARN, brokers: FIXTURE_BROKERS },
  ]);
  const ports: IngestPorts = {
    transport,
    deadLetters,
    namespaces: { resolver: async () => resolver },
    ...overrides,
  };
  return { ports, transport, deadLetters, log: new MemoryLog() };
}

/** Settings of the tests: small limits to reach them cheaply. */
export const TEST_SETTINGS = {
  domainId: 'dzd_test123',
  maxBodyBytes: 64 * 1024,
  maxBatchEvents: 5,
  concurrency: 2,
} as const;

/** A Function URL event (payload format 2.0). */
export function urlEvent(options: {
  body?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
}): FunctionUrlEvent {
  return {
    rawPath: options.path ?? '/api/v1/lineage',
    headers: options.headers ?? { 'content-type': 'application/json' },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: { requestId: 'url-request-1', http: { method: options.method ?? 'POST' } },
  };
}
