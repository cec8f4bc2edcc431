import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../../common/src/clients.ts';
import { loadWorld } from '../../local/src/index.ts';
import { applyWorld, type SeededWorld } from '../../local/src/seed/apply-world.ts';
import { startTestCloud, type TestCloud } from './local-cloud.ts';

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

/** Starts a test cloud, seeds the demo world and assumes the producer account's admin role. */
export async function startDemoCloud(): Promise<DemoCloud> {
  const local = await startTestCloud({ defaultAccount: '111111111111' });
  const seeded = await applyWorld(local.cloud, await loadWorld('demo'));
  const { Credentials } = await local
    .clients()
    .sts()
    .send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/local-admin',
        RoleSessionName: 'adapter-test',
      }),
    );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error('no producer credentials');
  const producer = local.clients({
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
    },
  });
  const domainId = seeded.datazone?.domainId;
  const producerProjectId = seeded.datazone?.projects.producer;
  if (!domainId || !producerProjectId) throw new Error('the demo world has no DataZone domain');
  local.cloud.resetCallCounts();
  return { local, seeded, governance: local.clients(), producer, domainId, producerProjectId };
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
