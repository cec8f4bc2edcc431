import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSubscriptionGrantCommand,
  UpdateSubscriptionGrantStatusCommand,
} from '@aws-sdk/client-datazone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTopicAssetForms } from '../../../asset-types/src/forms.ts';
import type { ReconcileReport } from '../../../grant-workflow/src/reconcile.ts';
import { runCli } from '../../support/cli.ts';
import { createTopicAssetType, publishTopicAsset } from '../../support/topic-listings.ts';
import {
  applyBoth,
  CONSUMER,
  type GrantWorld,
  grantRequest,
  LEDGER_PREFIX,
  PRODUCER,
  startGrantWorld,
} from '../grant-workflow/support.ts';

describe('streamgov reconcile', () => {
  let world: GrantWorld;
  let dir: string;
  let configFile: string;
  let domainId: string;
  let grant: { grantId: string; assetId: string };
  const reconcile = (...extra: string[]) =>
    runCli(['reconcile', '--config', configFile, ...extra], world.local.endpoint);

  beforeAll(async () => {
    // Prepare: a topic asset granted to the analytics reader (target created by the CLI, access applied).
    world = await startGrantWorld();
    dir = await mkdtemp(join(tmpdir(), 'streamgov-reconcile-'));
    configFile = join(dir, 'streamgov.json');
    domainId = world.seeded.datazone?.domainId ?? '';
    const producer = world.seeded.datazone?.projects.producer ?? '';
    const environmentId = world.seeded.datazone?.environments['consumer-env']?.id ?? '';
    const reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
    await writeFile(
      configFile,
      JSON.stringify({
        region: 'eu-west-1',
        domainId,
        catalog: {
          owningProjectId: producer,
          sources: [{ clusterName: 'streaming-orders', registryName: 'streaming' }],
        },
        grants: {
          environments: [PRODUCER, CONSUMER].map((account) => ({
            account,
            reconcileRoleArn: `arn:aws:iam::${account}:role/local-admin`,
          })),
          ledgerPrefix: LEDGER_PREFIX,
          manageAccessRoleArn: 'arn:aws:iam::111111111111:role/streamgov-grant',
        },
      }),
    );
    const created = await runCli(
      [
        'subscription-target',
        'create',
        '--config',
        configFile,
        '--environment',
        environmentId,
        '--role',
        reader,
        '--json',
      ],
      world.local.endpoint,
    );
    const targetId = created.json<{ id: string }>().id;
    const dz = world.local.clients().dataZone();
    const definition = await createTopicAssetType(dz, domainId, producer);
    const { asset, listing } = await publishTopicAsset(dz, {
      domainIdentifier: domainId,
      owningProject: producer,
      definition,
      name: 'orders',
      formsInput: encodeTopicAssetForms(definition, {
        source: { cluster_arn: world.clusterArn, cluster_type: 'PROVISIONED' },
        schema: { kafka_topic: 'orders' },
        commonDetails: { sourceIdentifier: 'kafka://b-1.streaming-orders.local:9098/orders' },
      }),
    });
    const out = await dz.send(
      new CreateSubscriptionGrantCommand({
        domainIdentifier: domainId,
        environmentIdentifier: environmentId,
        subscriptionTargetIdentifier: targetId,
        grantedEntity: {
          listing: { identifier: listing.listingId ?? '', revision: listing.listingRevision ?? '1' },
        },
      }),
    );
    grant = { grantId: out.id ?? '', assetId: asset.id ?? '' };
    await applyBoth(
      world,
      grantRequest(
        {
          ...grant,
          topicArn: `${world.clusterArn.replace(':cluster/', ':topic/')}/orders`,
          clusterArn: world.clusterArn,
          consumerGroups: 'all',
          schemaArns: [],
          consumerAccount: CONSUMER,
          principals: [reader],
        },
        'GRANT',
      ),
    );
    await dz.send(
      new UpdateSubscriptionGrantStatusCommand({
        domainIdentifier: domainId,
        identifier: grant.grantId,
        assetIdentifier: grant.assetId,
        status: 'GRANTED',
      }),
    );
  });
  afterAll(async () => {
    await world.local.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the report as the last line with --json when there is no drift', async () => {
    // Act
    const result = await reconcile('--json');
    // Assess
    expect(result.code).toBe(0);
    expect(result.json<ReconcileReport>()).toMatchObject({ domainId, checkedGrants: 1, drift: [] });
  });

  it('exits 1 with the drift when a revoked grant keeps its access, and 0 after --apply', async () => {
    // Prepare: revoked in DataZone, access left in place.
    await world.local
      .clients()
      .dataZone()
      .send(
        new UpdateSubscriptionGrantStatusCommand({
          domainIdentifier: domainId,
          identifier: grant.grantId,
          assetIdentifier: grant.assetId,
          status: 'REVOKED',
        }),
      );
    // Act
    const found = await reconcile('--json');
    const text = await reconcile();
    const applied = await reconcile('--apply', '--json');
    const after = await reconcile('--json');
    // Assess
    expect(found.code).toBe(1);
    expect(found.json<ReconcileReport>().drift.map((d) => `${d.kind} ${d.grantId}`)).toEqual([
      `extra ${grant.grantId}`,
      `extra ${grant.grantId}`,
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^extra {5}arn:aws:kafka:.*cluster\/streaming-orders/m);
    expect(text.stdout).toContain('reconcile: 0 grants checked, 2 findings, 2 to repair left, 0 foreign');
    expect(applied.code).toBe(0);
    expect(applied.json<ReconcileReport>().repaired).toMatchObject({
      actions: [
        { action: 'REVOKE', side: 'consumer', grantId: grant.grantId },
        { action: 'REVOKE', side: 'producer', grantId: grant.grantId },
      ],
      remaining: [],
    });
    expect(after.code).toBe(0);
    expect(after.json<ReconcileReport>().drift).toEqual([]);
  });

  it('fails with exit 1 and a ConfigError when the configuration has no grants section', async () => {
    // Prepare
    const bare = join(dir, 'bare.json');
    await writeFile(
      bare,
      JSON.stringify({
        region: 'eu-west-1',
        domainId,
        catalog: {
          owningProjectId: 'prj1',
          sources: [{ clusterName: 'streaming-orders', registryName: 'streaming' }],
        },
      }),
    );
    // Act
    const result = await runCli(['reconcile', '--config', bare], world.local.endpoint);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ConfigError');
    expect(result.stderr).toContain('grants is required');
  });

  it('answers usage errors with exit 2', async () => {
    // Act
    const missing = await runCli(['reconcile'], world.local.endpoint);
    const unknown = await reconcile('--repair');
    // Assess
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: streamgov reconcile --config FILE [--apply] [--json]');
    expect(unknown.code).toBe(2);
  });
});
