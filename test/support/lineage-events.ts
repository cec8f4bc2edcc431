import {
  type BootstrapBrokers,
  canonicalEndpoint,
  clusterEndpoints,
} from '../../asset-types/src/topic-identity.ts';
import type { Log } from '../../common/src/logger.ts';
import { emitRun } from '../../lineage/src/emitter.ts';
import type { EventType, RunEvent } from '../../lineage/src/model.ts';
import { KafkaNamespaceResolver } from '../../lineage/src/naming.ts';
import { DataZoneTransport } from '../../lineage/src/transports/datazone.ts';
import { runFixture } from '../fixtures/openlineage/load.ts';
import type { SyncedDemo } from './synced-demo.ts';

/** Every Kafka namespace of a fixture (`kafka://…` up to the closing quote). */
const FIXTURE_HOST = /kafka:\/\/[^"]+?(?=")/gu;

/** The Flink-shaped RunEvent fixtures: Flink's OpenLineage integration (1.x) and Flink 2's native lineage. */
export type FlinkFixture = 'flink-openlineage-start' | 'flink-openlineage-running' | 'flink2-native-start';

/**
 * A Flink-shaped fixture RunEvent with every Kafka namespace replaced by `namespace`, and its run id by
 * `runId` when given.
 */
export function flinkRunEvent(name: FlinkFixture, namespace: string, runId?: string): RunEvent {
  const event = JSON.parse(JSON.stringify(runFixture(name)).replace(FIXTURE_HOST, namespace)) as RunEvent;
  return runId === undefined ? event : { ...event, run: { ...event.run, runId } };
}

/** A broker endpoint of the cluster on another host than the canonical one, in upper case. */
export function nonCanonicalBroker(brokers: BootstrapBrokers): string {
  const canonicalHost = canonicalEndpoint(brokers).split(':')[0] ?? '';
  const other = clusterEndpoints(brokers).find((e) => e.split(':')[0] !== canonicalHost);
  if (!other) throw new Error('the demo cluster has a single broker');
  return other.toUpperCase();
}

/** A resolver that knows the synced demo cluster (its ARN and every broker → its canonical namespace). */
export function demoResolver(demo: SyncedDemo): KafkaNamespaceResolver {
  return KafkaNamespaceResolver.fromClusters([{ clusterArn: demo.clusterArn, brokers: demo.brokers }]);
}

/** The producer service that writes `orders` in {@link postOrdersLineage}. */
export const PRODUCER_JOB = { namespace: 'services', name: 'order-producer' } as const;
/** The Flink job that reads `orders` and writes `payments` in {@link postOrdersLineage}. */
export const FLINK_JOB = { namespace: 'flink-jobs', name: 'fraud-detector' } as const;
/** The run id of the {@link PRODUCER_JOB} run. */
export const PRODUCER_RUN = '01959347-8e35-7b8d-b1c4-2f0e9a6d3c11';
/** The run id of the {@link FLINK_JOB} run. */
export const FLINK_RUN = '01959347-8e35-7b8d-b1c4-2f0e9a6d3c22';

/**
 * Posts the lineage of `orders` to DataZone through lineage/src's emitter and DataZone transport: one
 * event of the {@link PRODUCER_JOB} run {@link PRODUCER_RUN} writing `orders` per entry of `producer`
 * (in order), then the {@link FLINK_JOB} run {@link FLINK_RUN} RUNNING at `flinkAt`, reading `orders`
 * and writing `payments`.
 */
export async function postOrdersLineage(
  demo: SyncedDemo,
  options: {
    readonly producer: readonly { readonly eventType: EventType; readonly at: Date }[];
    readonly flinkAt: Date;
    readonly log: Log;
  },
): Promise<void> {
  const resolver = demoResolver(demo);
  const transport = new DataZoneTransport({
    client: demo.governance.dataZone(),
    domainId: demo.domainId,
    log: options.log,
  });
  const topic = (name: string) => ({ clusterArn: demo.clusterArn, topic: name });
  for (const { eventType, at } of options.producer) {
    await emitRun({
      transport,
      resolver,
      job: PRODUCER_JOB,
      runId: PRODUCER_RUN,
      eventType,
      outputs: [topic('orders')],
      now: () => at,
    });
  }
  await emitRun({
    transport,
    resolver,
    job: FLINK_JOB,
    runId: FLINK_RUN,
    eventType: 'RUNNING',
    inputs: [topic('orders')],
    outputs: [topic('payments')],
    now: () => options.flinkAt,
  });
}
