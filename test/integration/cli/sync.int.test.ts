import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { callsStartingWith, type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';

describe('streamgov asset-type apply and streamgov sync', () => {
  let demo: DemoCloud;
  let dir: string;
  let configFile: string;

  async function writeConfig(name: string, catalog: Record<string, unknown> = {}): Promise<string> {
    const file = join(dir, name);
    await writeFile(
      file,
      JSON.stringify({
        region: 'eu-west-1',
        domainId: demo.domainId,
        catalog: {
          owningProjectId: demo.producerProjectId,
          sources: [
            {
              clusterName: 'streaming-orders',
              registryName: 'streaming',
              readRoleArn: 'arn:aws:iam::222222222222:role/local-admin',
            },
          ],
          ...catalog,
        },
      }),
    );
    return file;
  }

  beforeAll(async () => {
    demo = await startDemoCloud();
    dir = await mkdtemp(join(tmpdir(), 'streamgov-cli-'));
    configFile = await writeConfig('streamgov.json');
  });
  afterAll(async () => {
    await demo.local.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sync fails with a clear message and exit 1 while the asset type is missing', async () => {
    const result = await runCli(['sync', '--config', configFile], demo.local.endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AssetTypeMissingError');
    expect(result.stderr).toContain('streamgov asset-type apply');
  });

  it('asset-type apply creates the form types and the asset type, then changes nothing', async () => {
    const first = await runCli(
      ['asset-type', 'apply', '--config', configFile, '--json'],
      demo.local.endpoint,
    );
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ assetType: { name: 'MskTopicAssetType', action: 'created' } });
    const second = await runCli(['asset-type', 'apply', '--config', configFile], demo.local.endpoint);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('asset type MskTopicAssetType: unchanged');
  });

  it('sync --dry-run prints the plan and writes nothing', async () => {
    demo.local.cloud.resetCallCounts();
    const result = await runCli(['sync', '--config', configFile, '--dry-run', '--json'], demo.local.endpoint);
    expect(result.code).toBe(0);
    const summary = result.json<{
      dryRun: boolean;
      created: number;
      plan: { kind: string; topic: string }[];
    }>();
    expect(summary).toMatchObject({ dryRun: true, created: 4 });
    expect(summary.plan.map((p) => `${p.kind} ${p.topic}`).sort()).toEqual([
      'create audit-log',
      'create orders',
      'create payments',
      'create shipments',
    ]);
    expect(callsStartingWith(demo, 'datazone:Create', 'datazone:Delete', 'ssm:Put')).toBe(0);
  });

  it('sync --json prints the run summary as one JSON object on its last line', async () => {
    const result = await runCli(['sync', '--config', configFile, '--json'], demo.local.endpoint);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      created: 4,
      failed: [],
      unmatchedSchemas: ['streaming/legacy-clicks'],
    });
    const again = await runCli(['sync', '--config', configFile], demo.local.endpoint);
    expect(again.stdout).toMatch(/sync: created 0, updated 0, unchanged 4, deleted 0, adopted 0, failed 0/);
  });

  it('reports every configuration problem and exits 1', async () => {
    const bad = await writeConfig('bad.json', {
      maxDeleteShare: 7,
      sources: [{ registryName: 'streaming' }],
    });
    const result = await runCli(['sync', '--config', bad], demo.local.endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ConfigError');
    expect(result.stderr).toContain('catalog.sources[0] needs exactly one of clusterName and clusterArn');
    expect(result.stderr).toContain('catalog.maxDeleteShare must be a number from 0 to 1, got 7');
  });

  it('answers usage errors with exit 2', async () => {
    const result = await runCli(['sync'], demo.local.endpoint);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: streamgov sync --config FILE');
  });
});
