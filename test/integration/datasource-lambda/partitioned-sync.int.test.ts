import { paginateSearch } from '@aws-sdk/client-datazone';
import { CreateSchemaCommand, RegisterSchemaVersionCommand } from '@aws-sdk/client-glue';
import { CreateTopicCommand } from '@aws-sdk/client-kafka';
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DeleteParameterCommand,
  PutParameterCommand,
  paginateGetParametersByPath,
} from '@aws-sdk/client-ssm';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseMskClusterArn } from '../../../common/src/arns.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import type { SyncSettings } from '../../../datasource-lambda/src/config.ts';
import { CatalogSyncError } from '../../../datasource-lambda/src/errors.ts';
import { indexBucket, partitionOfKey } from '../../../datasource-lambda/src/partition.ts';
import { indexKey } from '../../../datasource-lambda/src/plan-asset-sync.ts';
import type { SyncPorts } from '../../../datasource-lambda/src/ports.ts';
import { syncCatalog } from '../../../datasource-lambda/src/sync-assets.ts';
import { createSyncHandler } from '../../../datasource-lambda/src/sync-handler.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { CatalogSync } from '../../../infra/lib/constructs/catalog-sync.ts';
import { PARTITIONS_FAILED_ERROR } from '../../../infra/lib/constructs/partitioned-catalog-sync.ts';
import { localFunctionNames, stateMachineDefinitions } from '../../../local/src/deploy/asl.ts';
import { registerLocalFunction } from '../../../local/src/services/lambda/index.ts';
import { testStack } from '../../infra/support.ts';
import { callsStartingWith, type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';
import { applyDemoAssetType, demoSyncSettings } from '../../support/synced-demo.ts';

vi.mock('../../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('../../infra/support.ts')).stubHandlerEntries(await importOriginal()),
);

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const PARTITIONS = 4;
const EXTRA_TOPICS = 36;
const DATAZONE_WRITES = ['datazone:Create', 'datazone:Delete'];

/**
 * The partitioned catalog sync end to end on the local cloud: the CatalogSync construct is synthesized
 * with 4 partitions, its state machine's DefinitionString resolved (local/src/deploy/asl.ts) and run by
 * the local Step Functions; its Lambda task invokes the sync handler in-process against the demo world
 * (40 topics with schemas; SSM pages of at most 10). The tests build on each other.
 */
describe('partitioned catalog sync on the local cloud', () => {
  let demo: DemoCloud;
  let settings: SyncSettings;
  let stateMachineArn: string;
  let clusterArn: string;
  const log = new MemoryLog();
  /** Schemas whose reads fail in the sync function (an injected per-item failure). */
  const failingSchemas = new Set<string>();
  const topics = [
    'orders',
    'payments',
    'shipments',
    'audit-log',
    ...Array.from({ length: EXTRA_TOPICS }, (_, i) => `events-${String(i).padStart(2, '0')}`),
  ];

  /** The sync's ports on the local cloud, with reads of `failingSchemas` failing. */
  function ports(): SyncPorts {
    const real = createSyncPorts({ factory: demo.governance, settings, log });
    return {
      ...real,
      forSource: (source) => {
        const { clusters, registry } = real.forSource(source);
        return {
          clusters,
          registry: {
            listSchemas: (registryName) => registry.listSchemas(registryName),
            getLatestVersion: async (registryName, schemaName) => {
              if (failingSchemas.has(schemaName))
                throw new CatalogSyncError(`injected failure reading ${schemaName}`);
              return registry.getLatestVersion(registryName, schemaName);
            },
          },
        };
      },
    };
  }

  async function execute(): Promise<DescribeExecutionOutput> {
    const sfn = demo.governance.sfn();
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await demo.local.cloud.settle();
    return sfn.send(new DescribeExecutionCommand({ executionArn }));
  }

  async function assetCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const pages = paginateSearch(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, searchScope: 'ASSET', maxResults: 50 },
    );
    for await (const page of pages) {
      for (const item of page.items ?? []) {
        const name = item.assetItem?.name;
        if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    return counts;
  }

  async function indexParameters(): Promise<{ name: string; value: string }[]> {
    const out: { name: string; value: string }[] = [];
    const pages = paginateGetParametersByPath(
      { client: demo.governance.ssm() },
      { Path: settings.indexPrefix, Recursive: true, WithDecryption: true },
    );
    for await (const page of pages) {
      for (const p of page.Parameters ?? []) out.push({ name: p.Name ?? '', value: p.Value ?? '' });
    }
    return out;
  }

  const keyOf = (topic: string) => indexKey(parseMskClusterArn(clusterArn, 'clusterArn'), topic);
  const partitionOf = (topic: string) => partitionOfKey(keyOf(topic), PARTITIONS);

  beforeAll(async () => {
    demo = await startDemoCloud();
    clusterArn = demo.seeded.clusters['streaming-orders']?.arn ?? '';
    for (const topic of topics.slice(4)) {
      await demo.producer.kafka().send(
        new CreateTopicCommand({
          ClusterArn: clusterArn,
          TopicName: topic,
          PartitionCount: 1,
          ReplicationFactor: 3,
        }),
      );
      await demo.producer.glue().send(
        new CreateSchemaCommand({
          RegistryId: { RegistryName: 'streaming' },
          SchemaName: topic,
          DataFormat: 'AVRO',
          Compatibility: 'BACKWARD',
          SchemaDefinition: JSON.stringify({
            type: 'record',
            name: 'Event',
            fields: [{ name: 'id', type: 'string' }],
          }),
        }),
      );
    }
    settings = demoSyncSettings(demo, { autoPublish: false });
    await applyDemoAssetType(demo, log);

    // Synthesize the construct and deploy its function and state machine locally.
    const { stack } = testStack({ env: true });
    const sync = new CatalogSync(stack, 'CatalogSync', {
      settings,
      schedule: 'rate(6 hours)',
      partitions: PARTITIONS,
    });
    const template = Template.fromStack(stack).toJSON();
    const context = { account: ACCOUNT, region: REGION };
    const names = localFunctionNames(template, context);
    const [machine] = stateMachineDefinitions(template, { ...context, ...names });
    const functionId = stack.getLogicalId(sync.function.node.defaultChild as never);
    await registerLocalFunction(
      demo.local.cloud,
      ACCOUNT,
      REGION,
      { FunctionName: names.functions[functionId] ?? '', Timeout: 900, MemorySize: 1024 },
      createSyncHandler({
        settings,
        ports: ports(),
        log,
        clock: systemClock,
        retry: { attempts: 3, baseMs: 5, maxMs: 20 },
      }),
    );
    ({ stateMachineArn } = await demo.local.cloud.call<{ stateMachineArn: string }>(
      'states',
      'RegisterStateMachine',
      {
        name: 'catalog-sync-partitioned',
        definition: machine?.definition,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/catalog-sync-partitioned`,
        retryIntervalOverrides: { '*': 0 },
      },
      demo.local.cloud.rootCaller(ACCOUNT, REGION),
    ));
  }, 60_000);
  afterAll(() => demo.local.close());
  beforeEach(() => {
    failingSchemas.clear();
    demo.local.cloud.faults.configure({});
    demo.local.cloud.resetCallCounts();
  });

  it('syncs every topic into exactly one asset, each partition its own share, in bucket folders', async () => {
    // Act
    const execution = await execute();

    // Assess
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output ?? '{}') as {
      anyFailed: boolean;
      partitions: { index: number; failed: boolean; summary: { created: number } }[];
    };
    expect(output.anyFailed).toBe(false);
    expect(output.partitions.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    for (const result of output.partitions) {
      expect(result.summary.created).toBe(topics.filter((t) => partitionOf(t) === result.index).length);
      expect(result.summary.created).toBeGreaterThan(0);
    }
    const assets = await assetCounts();
    expect([...assets.keys()].sort()).toEqual([...topics].sort());
    expect([...assets.values()].every((n) => n === 1)).toBe(true);
    const parameters = await indexParameters();
    expect(parameters).toHaveLength(topics.length);
    for (const { name } of parameters) {
      const [, bucket, key] = /\/b(\d\d)\/(.+)$/.exec(name.slice(settings.indexPrefix.length)) ?? [];
      expect(Number(bucket)).toBe(indexBucket(key ?? ''));
    }
  });

  it('leaves the same end state as an unpartitioned sync: its plan has nothing to do', async () => {
    // Act
    const summary = await syncCatalog({
      settings,
      ports: createSyncPorts({ factory: demo.governance, settings, log }),
      log,
      clock: systemClock,
      options: { dryRun: true },
    });

    // Assess
    expect(summary).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: topics.length });
  });

  it('re-runs with zero DataZone writes', async () => {
    // Act
    const execution = await execute();

    // Assess
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(callsStartingWith(demo, ...DATAZONE_WRITES)).toBe(0);
    expect(callsStartingWith(demo, 'ssm:PutParameter', 'ssm:DeleteParameter', 'glue:GetSchemaVersion')).toBe(
      0,
    );
  });

  it('fails the execution when a partition fails, after the other partitions applied their changes', async () => {
    // Prepare: new versions of two schemas in different partitions; reading one of them fails
    const broken = topics.slice(4).find((t) => partitionOf(t) === 1) ?? '';
    const changed = topics.slice(4).find((t) => partitionOf(t) === 2) ?? '';
    for (const topic of [broken, changed]) {
      await demo.producer.glue().send(
        new RegisterSchemaVersionCommand({
          SchemaId: { RegistryName: 'streaming', SchemaName: topic },
          SchemaDefinition: JSON.stringify({
            type: 'record',
            name: 'Event',
            fields: [
              { name: 'id', type: 'string' },
              { name: 'note', type: ['null', 'string'], default: null },
            ],
          }),
        }),
      );
    }
    failingSchemas.add(broken);
    demo.local.cloud.resetCallCounts();

    // Act
    const execution = await execute();

    // Assess: the execution failed naming partition 1; partition 2's change was applied
    expect(execution.status).toBe('FAILED');
    expect(execution.error, execution.cause).toBe(PARTITIONS_FAILED_ERROR);
    expect(JSON.parse(execution.cause ?? '[]')).toEqual([
      'partition 0 succeeded',
      'partition 1 failed: PartialSyncError',
      'partition 2 succeeded',
      'partition 3 succeeded',
    ]);
    const history = await demo.governance
      .sfn()
      .send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
    const failedPartition = history.events?.find(
      (e) => e.type === 'PassStateExited' && e.stateExitedEventDetails?.name === 'PartitionFailed',
    );
    expect(failedPartition?.stateExitedEventDetails?.output).toContain(`failed: ${broken} (CatalogSyncError`);
    expect(demo.local.cloud.callCounts()['datazone:CreateAssetRevision']).toBe(1);

    // Act: the failure is gone; the next execution converges
    failingSchemas.clear();
    demo.local.cloud.resetCallCounts();
    const next = await execute();

    // Assess
    expect(next.status, next.cause).toBe('SUCCEEDED');
    expect(demo.local.cloud.callCounts()['datazone:CreateAssetRevision']).toBe(1);
    expect([...(await assetCounts()).values()].every((n) => n === 1)).toBe(true);
  });

  it('finds an index written before buckets existed and moves it into its buckets, with no DataZone write', async () => {
    // Prepare: every entry back at <prefix>/<key>, as an older release wrote it
    const ssm = demo.governance.ssm();
    for (const { name, value } of await indexParameters()) {
      const legacy = name.replace(/\/b\d\d\//, '/');
      await ssm.send(new PutParameterCommand({ Name: legacy, Value: value, Type: 'SecureString' }));
      await ssm.send(new DeleteParameterCommand({ Name: name }));
    }
    demo.local.cloud.resetCallCounts();

    // Act
    const execution = await execute();

    // Assess
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(callsStartingWith(demo, ...DATAZONE_WRITES), JSON.stringify(demo.local.cloud.callCounts())).toBe(
      0,
    );
    const parameters = await indexParameters();
    expect(parameters).toHaveLength(topics.length);
    expect(parameters.every(({ name }) => /\/b\d\d\//.test(name))).toBe(true);
    expect([...(await assetCounts()).values()]).toEqual(topics.map(() => 1));
  });
});
