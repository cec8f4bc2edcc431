import {
  GetLineageNodeCommand,
  type LineageEventSummary,
  paginateListLineageEvents,
} from '@aws-sdk/client-datazone';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateApplicationCommand,
  DescribeApplicationCommand,
  type PropertyGroup,
  StartApplicationCommand,
  StopApplicationCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import type { ClientFactory } from '../../../common/src/clients.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { FlinkLifecycleSettings } from '../../../lineage/src/flink/config.ts';
import { FlinkLineageConventionError } from '../../../lineage/src/flink/errors.ts';
import type { FlinkLifecycleOutcome } from '../../../lineage/src/flink/report-lifecycle.ts';
import { createFlinkLifecyclePorts } from '../../../lineage/src/flink/wiring.ts';
import { createFlinkLifecycleHandler } from '../../../lineage/src/handlers/flink-lifecycle.ts';
import type { CloudEvent } from '../../../local/src/cloud/types.ts';
import { registerLocalFunction } from '../../../local/src/services/lambda/index.ts';
import { assumedClients } from '../../support/demo-world.ts';
import { nonCanonicalBroker } from '../../support/lineage-events.ts';
import { TEST_REGION } from '../../support/local-cloud.ts';
import { type SyncedDemo, startSyncedDemo, topicSourceIdentifiers } from '../../support/synced-demo.ts';

const GOVERNANCE = '111111111111';
const CONSUMER = '333333333333';
const CONSUMER_ROLE = `arn:aws:iam::${CONSUMER}:role/local-admin`;
const FLINK_ROLE = `arn:aws:iam::${CONSUMER}:role/flink-service`;

/**
 * The Flink lifecycle emitter on the local cloud, across accounts: a Flink application in the consumer
 * account names `orders` on a non-canonical broker of the demo cluster; the CloudTrail events the local
 * Kinesis Analytics service emits (captured by a rule in the consumer account) are handed to the
 * handler in the governance account, which describes the application through the consumer's read role
 * and posts the run to DataZone, where it links to the topic asset the catalog sync created.
 */
describe('Flink lifecycle emitter on the local cloud', () => {
  let demo: SyncedDemo;
  let consumer: ClientFactory;
  let ordersSourceIdentifier: string;
  let otherBroker: string;
  const captured: CloudEvent[] = [];
  const log = new MemoryLog();
  let handle: (event: unknown) => Promise<FlinkLifecycleOutcome>;

  async function lineageEvents(): Promise<LineageEventSummary[]> {
    const items: LineageEventSummary[] = [];
    for await (const page of paginateListLineageEvents(
      { client: demo.governance.dataZone() },
      { domainIdentifier: demo.domainId, maxResults: 2, sortOrder: 'ASCENDING' },
    )) {
      items.push(...(page.items ?? []));
    }
    return items;
  }

  /** The captured CloudTrail event of the last `eventName` call on `applicationName`. */
  function capturedCall(eventName: string, applicationName: string): CloudEvent {
    const found = captured
      .filter((e) => {
        const detail = e.detail as { eventName?: string; requestParameters?: { applicationName?: string } };
        return (
          detail.eventName === eventName && detail.requestParameters?.applicationName === applicationName
        );
      })
      .at(-1);
    if (!found) throw new Error(`no ${eventName} event of ${applicationName} captured`);
    return found;
  }

  async function createApplication(name: string, groups: PropertyGroup[]): Promise<void> {
    await consumer.kinesisAnalytics().send(
      new CreateApplicationCommand({
        ApplicationName: name,
        RuntimeEnvironment: 'FLINK-1_20',
        ServiceExecutionRole: FLINK_ROLE,
        ApplicationConfiguration: {
          ApplicationCodeConfiguration: {
            CodeContentType: 'ZIPFILE',
            CodeContent: { S3ContentLocation: { BucketARN: 'arn:aws:s3:::code', FileKey: 'enricher.jar' } },
          },
          EnvironmentProperties: { PropertyGroups: groups },
        },
      }),
    );
  }

  beforeAll(async () => {
    demo = await startSyncedDemo({ autoPublish: true, log });
    ordersSourceIdentifier = (await topicSourceIdentifiers(demo)).get('orders') ?? '';
    otherBroker = nonCanonicalBroker(demo.brokers);

    consumer = await assumedClients(demo.local, CONSUMER_ROLE, 'flink-test');
    await registerLocalFunction(
      demo.local.cloud,
      CONSUMER,
      TEST_REGION,
      { FunctionName: 'capture-flink-events' },
      (event) => {
        captured.push(event as CloudEvent);
        return {};
      },
    );
    const events = consumer.eventBridge();
    await events.send(
      new PutRuleCommand({
        Name: 'flink-lifecycle',
        EventPattern: JSON.stringify({
          source: ['aws.kinesisanalytics'],
          'detail-type': ['AWS API Call via CloudTrail'],
        }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'flink-lifecycle',
        Targets: [
          { Id: 'capture', Arn: `arn:aws:lambda:${TEST_REGION}:${CONSUMER}:function:capture-flink-events` },
        ],
      }),
    );

    const settings: FlinkLifecycleSettings = {
      domainId: demo.domainId,
      accountId: GOVERNANCE,
      sources: [demo.source],
      propertyGroupId: 'streamgov.lineage',
      readKafkaGroups: true,
      applicationReadRoleName: 'local-admin',
    };
    handle = createFlinkLifecycleHandler(
      createFlinkLifecyclePorts({ factory: demo.governance, settings, log }),
    );
  });
  afterAll(() => demo.local.close());

  it('reports START and RUNNING of a started application, linked upstream to the topic asset', async () => {
    // Prepare
    await createApplication('orders-enricher', [
      {
        PropertyGroupId: 'streamgov.lineage',
        PropertyMap: {
          'bootstrap.servers': otherBroker,
          'input.topics': 'orders',
          'output.topics': 'orders-enriched',
        },
      },
      { PropertyGroupId: 'app', PropertyMap: { 'window.seconds': '60' } },
    ]);
    await consumer
      .kinesisAnalytics()
      .send(new StartApplicationCommand({ ApplicationName: 'orders-enricher' }));
    await demo.local.cloud.settle();

    // Act
    const created = await handle(capturedCall('CreateApplication', 'orders-enricher'));
    const started = await handle(capturedCall('StartApplication', 'orders-enricher'));

    // Assess
    expect(created).toMatchObject({ kind: 'ignored', applicationName: 'orders-enricher' });
    expect(started).toMatchObject({
      kind: 'emitted',
      job: `flink://${CONSUMER}/${TEST_REGION}/orders-enricher`,
      events: [{ eventType: 'START' }, { eventType: 'RUNNING' }],
    });
    const runId = started.kind === 'emitted' ? started.events[0]?.runId : undefined;
    const topic = await demo.governance
      .dataZone()
      .send(
        new GetLineageNodeCommand({ domainIdentifier: demo.domainId, identifier: ordersSourceIdentifier }),
      );
    expect(topic.typeName).toBe(DEFAULT_NAMES.assetType);
    expect(topic.downstreamNodes).toHaveLength(1);
    const run = await demo.governance.dataZone().send(
      new GetLineageNodeCommand({
        domainIdentifier: demo.domainId,
        identifier: topic.downstreamNodes?.[0]?.id ?? '',
      }),
    );
    expect(run.sourceIdentifier).toBe(`flink://${CONSUMER}/${TEST_REGION}.orders-enricher/${runId}`);
    expect(run.upstreamNodes?.map((n) => n.id)).toContain(topic.id);
  });

  it('posts nothing new when CloudTrail delivers the same start twice', async () => {
    // Prepare
    const before = (await lineageEvents()).length;

    // Act
    const again = await handle(capturedCall('StartApplication', 'orders-enricher'));

    // Assess
    expect(again).toMatchObject({
      kind: 'emitted',
      events: [{ eventType: 'START' }, { eventType: 'RUNNING' }],
    });
    expect((await lineageEvents()).length).toBe(before);
  });

  it('completes the run and starts a new one when a running application is updated', async () => {
    // Prepare
    const kda = consumer.kinesisAnalytics();
    const { ApplicationDetail } = await kda.send(
      new DescribeApplicationCommand({ ApplicationName: 'orders-enricher' }),
    );
    await kda.send(
      new UpdateApplicationCommand({
        ApplicationName: 'orders-enricher',
        CurrentApplicationVersionId: ApplicationDetail?.ApplicationVersionId,
        ApplicationConfigurationUpdate: {
          EnvironmentPropertyUpdates: {
            PropertyGroups: [
              {
                PropertyGroupId: 'streamgov.lineage',
                PropertyMap: {
                  'bootstrap.servers': otherBroker,
                  'input.topics': 'orders,payments',
                  'output.topics': 'orders-enriched',
                },
              },
            ],
          },
        },
      }),
    );
    await demo.local.cloud.settle();
    const first = await handle(capturedCall('StartApplication', 'orders-enricher'));

    // Act
    const updated = await handle(capturedCall('UpdateApplication', 'orders-enricher'));

    // Assess
    expect(updated).toMatchObject({
      kind: 'emitted',
      events: [{ eventType: 'COMPLETE' }, { eventType: 'START' }, { eventType: 'RUNNING' }],
    });
    if (updated.kind !== 'emitted' || first.kind !== 'emitted') throw new Error('expected events');
    expect(updated.events[0]?.runId).toBe(first.events[0]?.runId);
    expect(updated.events[1]?.runId).not.toBe(first.events[0]?.runId);
  });

  it('reports COMPLETE of the current run on stop, in the lineage event history', async () => {
    // Prepare
    await consumer
      .kinesisAnalytics()
      .send(new StopApplicationCommand({ ApplicationName: 'orders-enricher' }));
    await demo.local.cloud.settle();
    const updated = await handle(capturedCall('UpdateApplication', 'orders-enricher'));

    // Act
    const stopped = await handle(capturedCall('StopApplication', 'orders-enricher'));

    // Assess
    if (updated.kind !== 'emitted') throw new Error('expected events');
    expect(stopped).toMatchObject({
      kind: 'emitted',
      events: [{ eventType: 'COMPLETE', runId: updated.events[1]?.runId }],
    });
    const history = (await lineageEvents()).map((e) => e.eventSummary?.openLineageRunEventSummary);
    const ofRun = history.filter((s) => s?.runId === updated.events[1]?.runId).map((s) => s?.eventType);
    expect(ofRun).toEqual(['START', 'RUNNING', 'COMPLETE']);
    const completed = history.find(
      (s) => s?.runId === updated.events[1]?.runId && s?.eventType === 'COMPLETE',
    );
    expect(completed?.inputs?.map((d) => d.name).sort()).toEqual(['orders', 'payments']);
    expect(completed?.inputs?.find((d) => d.name === 'orders')?.namespace).toBe(
      ordersSourceIdentifier.replace(/\/orders$/u, ''),
    );
  });

  it('throws FlinkLineageConventionError naming the group and key of a bad property', async () => {
    // Prepare
    await createApplication('bad-enricher', [
      {
        PropertyGroupId: 'streamgov.lineage',
        PropertyMap: { 'bootstrap.servers': 'no-port', 'input.topics': 'orders' },
      },
    ]);
    await consumer.kinesisAnalytics().send(new StartApplicationCommand({ ApplicationName: 'bad-enricher' }));
    await demo.local.cloud.settle();
    const before = (await lineageEvents()).length;

    // Act
    const error = await handle(capturedCall('StartApplication', 'bad-enricher')).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(FlinkLineageConventionError);
    expect((error as Error).message).toContain('property group "streamgov.lineage" key "bootstrap.servers"');
    expect((error as Error).message).toContain('"no-port"');
    expect((await lineageEvents()).length).toBe(before);
  });
});
