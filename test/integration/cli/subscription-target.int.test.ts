import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { type GrantWorld, startGrantWorld } from '../grant-workflow/support.ts';

describe('streamgov subscription-target create', () => {
  let world: GrantWorld;
  let dir: string;
  let configFile: string;
  let environmentId: string;
  let reader: string;
  let fraud: string;
  const create = (...extra: string[]) =>
    runCli(
      ['subscription-target', 'create', '--config', configFile, '--environment', environmentId, ...extra],
      world.local.endpoint,
    );

  beforeAll(async () => {
    world = await startGrantWorld();
    dir = await mkdtemp(join(tmpdir(), 'streamgov-target-'));
    configFile = join(dir, 'streamgov.json');
    environmentId = world.seeded.datazone?.environments['consumer-env']?.id ?? '';
    reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
    fraud = world.seeded.roles['consumer/fraud-detector'] ?? '';
    await writeFile(
      configFile,
      JSON.stringify({
        region: 'eu-west-1',
        domainId: world.seeded.datazone?.domainId,
        catalog: {
          owningProjectId: 'prj1',
          sources: [{ clusterName: 'streaming-orders', registryName: 'streaming' }],
        },
        grants: {
          environments: [
            { account: '333333333333', reconcileRoleArn: 'arn:aws:iam::333333333333:role/local-admin' },
          ],
          manageAccessRoleArn: 'arn:aws:iam::111111111111:role/streamgov-grant',
        },
      }),
    );
  });
  afterAll(async () => {
    await world.local.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the target, then returns it unchanged', async () => {
    // Act
    const first = await create('--role', reader, '--role', fraud, '--json');
    const second = await create('--role', fraud, '--role', reader, '--json');
    // Assess
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({
      action: 'created',
      name: 'streamgov-msk-topics',
      environmentId,
      type: 'StreamgovMskTopicSubscriptionTarget',
      provider: 'streamgov',
      applicableAssetTypes: ['MskTopicAssetType'],
      authorizedPrincipals: [reader, fraud],
      manageAccessRole: 'arn:aws:iam::111111111111:role/streamgov-grant',
      subscriptionGrantCreationMode: 'AUTOMATIC',
    });
    expect(second.code).toBe(0);
    expect(second.json()).toMatchObject({ action: 'unchanged', id: first.json<{ id: string }>().id });
    expect(world.local.cloud.callCounts()['datazone:CreateSubscriptionTarget']).toBe(1);
  });

  it('fails with exit 1 and changes nothing when a target of that name differs', async () => {
    // Act
    const result = await create('--role', reader);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SubscriptionTargetConflictError');
    expect(result.stderr).toMatch(/authorizedPrincipals is .*fraud-detector/);
  });

  it('takes a name and a manage-access role flag', async () => {
    // Act
    const result = await create(
      '--role',
      reader,
      '--name',
      'readers-only',
      '--manage-access-role',
      'arn:aws:iam::111111111111:role/other-manager',
    );
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/subscription target readers-only \(\w+\) in environment \w+: created/);
  });

  it('refuses a role of another account than the environment with exit 1', async () => {
    // Act
    const result = await create('--role', 'arn:aws:iam::222222222222:role/local-admin', '--name', 'x');
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the environment's account is 333333333333");
  });

  it('refuses a value that is not a role ARN with exit 1', async () => {
    // Act
    const result = await create('--role', 'arn:aws:iam::333333333333:user/bob', '--name', 'y');
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('InvalidInputError');
  });

  it('answers usage errors with exit 2', async () => {
    // Act
    const noRole = await create();
    const noSubcommand = await runCli(['subscription-target'], world.local.endpoint);
    // Assess
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain('--role is required');
    expect(noSubcommand.code).toBe(2);
    expect(noSubcommand.stderr).toContain('usage: streamgov subscription-target create');
  });
});
