import { CreateClusterV2Command } from '@aws-sdk/client-kafka';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../../common/src/clients.ts';
import { loadWorld } from '../../local/src/index.ts';
import { applyWorld, type SeededWorld } from '../../local/src/seed/apply-world.ts';
import { startTestCloud, type TestCloud } from './local-cloud.ts';

/** The admin role of the demo world's producer account (222222222222); catalog sources read through it. */
export const PRODUCER_ADMIN_ROLE = 'arn:aws:iam::222222222222:role/local-admin';

/** A local cloud with the demo world, and client factories for the domain and the producer account. */
export interface DemoCloud {
  readonly local: TestCloud;
  readonly seeded: SeededWorld;
  /** Acts as 111111111111, where the DataZone domain lives. */
  readonly governance: ClientFactory;
  /** Acts as 222222222222 (role local-admin), where the cluster and the registry live. */
  readonly producer: ClientFactory;
  readonly domainId: string;
  readonly producerProjectId: string;
}

/** Client factories acting as `roleArn`, assumed with the local cloud's default credentials. */
export async function assumedClients(
  local: TestCloud,
  roleArn: string,
  sessionName: string,
): Promise<ClientFactory> {
  const { Credentials } = await local
    .clients()
    .sts()
    .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
    throw new Error(`no credentials for ${roleArn}`);
  return local.clients({
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
    },
  });
}

/** Starts a test cloud, seeds the demo world and assumes the producer account's admin role. */
export async function startDemoCloud(): Promise<DemoCloud> {
  const local = await startTestCloud({ defaultAccount: '111111111111' });
  const seeded = await applyWorld(local.cloud, await loadWorld('demo'));
  const producer = await assumedClients(local, PRODUCER_ADMIN_ROLE, 'adapter-test');
  const domainId = seeded.datazone?.domainId;
  const producerProjectId = seeded.datazone?.projects.producer;
  if (!domainId || !producerProjectId) throw new Error('the demo world has no DataZone domain');
  local.cloud.resetCallCounts();
  return { local, seeded, governance: local.clients(), producer, domainId, producerProjectId };
}

/** Clears injected faults and the call counts (between tests that share one demo cloud). */
export function clearFaultsAndCalls(demo: DemoCloud): void {
  demo.local.cloud.faults.configure({});
  demo.local.cloud.resetCallCounts();
}

/**
 * Creates `count` serverless clusters `streaming-orders-01`, `-02`, … in the producer account: with the
 * demo cluster, more than one ListClustersV2 page of 10 names start with "streaming-orders".
 */
export async function createPrefixClusters(demo: DemoCloud, count: number): Promise<void> {
  const kafka = demo.producer.kafka();
  for (let i = 1; i <= count; i += 1) {
    await kafka.send(
      new CreateClusterV2Command({
        ClusterName: `streaming-orders-${String(i).padStart(2, '0')}`,
        Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-a', 'subnet-b'] }] },
      }),
    );
  }
}

/** Wire calls of `service:Operation` since the last reset. */
export function calls(demo: DemoCloud, key: string): number {
  return demo.local.cloud.callCounts()[key] ?? 0;
}

/** Sum of the calls of operations whose name starts with one of `prefixes` (e.g. `datazone:Create`). */
export function callsStartingWith(demo: DemoCloud, ...prefixes: readonly string[]): number {
  return Object.entries(demo.local.cloud.callCounts())
    .filter(([key]) => prefixes.some((p) => key.startsWith(p)))
    .reduce((sum, [, n]) => sum + n, 0);
}
