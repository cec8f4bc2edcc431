import { RegisterSchemaVersionCommand } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTopicAssetType } from '../../../asset-types/src/adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, topicAssetType } from '../../../asset-types/src/definition.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { syncEnvironment } from '../../../datasource-lambda/src/config.ts';
import { PartialSyncError } from '../../../datasource-lambda/src/errors.ts';
import type { SyncSummary } from '../../../datasource-lambda/src/summary.ts';
import { callsStartingWith, type DemoCloud, startDemoCloud } from '../../support/demo-world.ts';
import { TEST_CREDENTIALS } from '../../support/local-cloud.ts';

/**
 * The Lambda handler as deployed: configuration from its environment (written by syncEnvironment, as infra
 * does), clients from the factory with no endpoint option (AWS_ENDPOINT_URL points at the local cloud).
 */
describe('catalog sync handler', () => {
  let demo: DemoCloud;
  let handler: (event: unknown) => Promise<SyncSummary>;

  beforeAll(async () => {
    demo = await startDemoCloud();
    await applyTopicAssetType({
      client: demo.governance.dataZone(),
      domainId: demo.domainId,
      owningProjectId: demo.producerProjectId,
      definition: topicAssetType(),
      log: new MemoryLog(),
    });
    Object.assign(process.env, {
      ...syncEnvironment({
        domainId: demo.domainId,
        owningProjectId: demo.producerProjectId,
        sources: [
          {
            clusterName: 'streaming-orders',
            registryName: 'streaming',
            readRoleArn: 'arn:aws:iam::222222222222:role/local-admin',
            mapping: 'auto',
            includeTopicsWithoutSchema: true,
          },
        ],
        assetTypeNames: DEFAULT_NAMES,
        autoPublish: false,
        maxDeleteShare: 0.5,
        concurrency: 4,
        dataZoneWriteRate: 100,
        indexPrefix: `/streamgov/${demo.domainId}/catalog`,
      }),
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: demo.local.endpoint,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    ({ handler } = await import('../../../datasource-lambda/src/handler.ts'));
  });
  afterAll(() => demo.local.close());

  it('runs a full sync on the schedule', async () => {
    const summary = await handler({
      version: '0',
      id: 's-1',
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      account: '111111111111',
      region: 'eu-west-1',
      time: '2026-11-22T00:00:00Z',
      resources: ['arn:aws:events:eu-west-1:111111111111:rule/streamgov-catalog-sync'],
      detail: {},
    });
    expect(summary).toMatchObject({ created: 4, failed: [] });
  });

  it('syncs only the schema a Glue change event names', async () => {
    // Prepare: a new version of payments, and the CloudTrail event EventBridge delivers for it
    const definition = JSON.stringify({
      type: 'object',
      properties: { payment_id: { type: 'string' }, amount: { type: 'number' }, note: { type: 'string' } },
    });
    await demo.producer.glue().send(
      new RegisterSchemaVersionCommand({
        SchemaId: { RegistryName: 'streaming', SchemaName: 'payments' },
        SchemaDefinition: definition,
      }),
    );
    demo.local.cloud.resetCallCounts();
    // Act
    const summary = await handler({
      version: '0',
      id: 'g-1',
      source: 'aws.glue',
      'detail-type': 'AWS API Call via CloudTrail',
      account: '222222222222',
      region: 'eu-west-1',
      time: '2026-11-22T00:05:00Z',
      resources: [],
      detail: {
        eventSource: 'glue.amazonaws.com',
        eventName: 'RegisterSchemaVersion',
        requestParameters: {
          schemaId: { registryName: 'streaming', schemaName: 'payments' },
          schemaDefinition: definition,
        },
        responseElements: { schemaVersionId: 'v-1', versionNumber: 3, status: 'AVAILABLE' },
      },
    });
    // Assess
    expect(summary).toMatchObject({ updated: 1, created: 0, deleted: 0 });
    expect(demo.local.cloud.callCounts()['glue:GetSchemaVersion']).toBe(1);
    expect(callsStartingWith(demo, 'datazone:CreateAssetRevision')).toBe(1);
  });

  it('throws InvalidInputError naming the field for a malformed event', async () => {
    await expect(
      handler({ source: 'aws.glue', 'detail-type': 'AWS API Call via CloudTrail', detail: {} }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('fails the invocation (PartialSyncError) when items fail, so retries and alarms see it', async () => {
    demo.local.cloud.faults.configure({
      errors: { 'kafka:DescribeTopic': { rate: 1, code: 'BadRequestException' } },
    });
    await expect(handler({ deep: true })).rejects.toBeInstanceOf(PartialSyncError);
    demo.local.cloud.faults.configure({});
  });
});
