import type { CreateSchemaResponse, RegisterSchemaVersionResponse } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { toCloudTrailCase } from '../../../../../local/src/services/glue/cloudtrail.ts';
import { ACCOUNT, AVRO_V1, AVRO_V2, glueCloud, REGION } from './harness.ts';

const EVENT_TIME = '2026-03-04T05:06:07Z';
const SCHEMA_ARN = `arn:aws:glue:${REGION}:${ACCOUNT}:schema/orders-registry/orders`;

describe('glue CloudTrail events', () => {
  it('emits an "AWS API Call via CloudTrail" event for CreateSchema with camelCase request and response', async () => {
    // Prepare
    const { cloud, call, events } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'orders-registry' });
    events.length = 0;

    // Act
    const created = await call<CreateSchemaResponse>('CreateSchema', {
      RegistryId: { RegistryName: 'orders-registry' },
      SchemaName: 'orders',
      DataFormat: 'AVRO',
      SchemaDefinition: AVRO_V1,
      Tags: { CostCenter: '42' },
    });
    await cloud.settle();

    // Assess
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      version: '0',
      source: 'aws.glue',
      'detail-type': 'AWS API Call via CloudTrail',
      account: ACCOUNT,
      region: REGION,
      resources: [],
    });
    expect(event?.detail).toEqual({
      eventVersion: '1.08',
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
      eventTime: EVENT_TIME,
      eventSource: 'glue.amazonaws.com',
      eventName: 'CreateSchema',
      awsRegion: REGION,
      requestParameters: {
        registryId: { registryName: 'orders-registry' },
        schemaName: 'orders',
        dataFormat: 'AVRO',
        schemaDefinition: AVRO_V1,
        tags: { CostCenter: '42' },
      },
      responseElements: expect.objectContaining({
        registryName: 'orders-registry',
        schemaArn: SCHEMA_ARN,
        schemaName: 'orders',
        schemaVersionId: created.SchemaVersionId,
        latestSchemaVersion: 1,
      }),
      requestID: expect.any(String),
      eventID: expect.stringMatching(/^[a-f0-9-]{36}$/u),
      eventType: 'AwsApiCall',
      recipientAccountId: ACCOUNT,
    });
  });

  it('records RegisterSchemaVersion with the schemaId request and a response without registryName', async () => {
    // Prepare
    const { cloud, call, events } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'orders-registry' });
    await call('CreateSchema', {
      RegistryId: { RegistryName: 'orders-registry' },
      SchemaName: 'orders',
      DataFormat: 'AVRO',
      SchemaDefinition: AVRO_V1,
    });
    events.length = 0;

    // Act
    const v2 = await call<RegisterSchemaVersionResponse>('RegisterSchemaVersion', {
      SchemaId: { SchemaName: 'orders', RegistryName: 'orders-registry' },
      SchemaDefinition: AVRO_V2,
    });
    await cloud.settle();

    // Assess
    expect(events.map((e) => e.detail.eventName)).toEqual(['RegisterSchemaVersion']);
    expect(events[0]?.detail.requestParameters).toEqual({
      schemaId: { schemaName: 'orders', registryName: 'orders-registry' },
      schemaDefinition: AVRO_V2,
    });
    expect(events[0]?.detail.responseElements).toEqual({
      schemaVersionId: v2.SchemaVersionId,
      versionNumber: 2,
      status: 'AVAILABLE',
    });
  });

  it('emits one event per successful write, named after the operation, and none for reads or failures', async () => {
    // Prepare
    const { cloud, call, events } = glueCloud();
    const schemaId = { SchemaArn: SCHEMA_ARN };

    // Act
    await call('CreateRegistry', { RegistryName: 'orders-registry' });
    await call('CreateSchema', {
      RegistryId: { RegistryName: 'orders-registry' },
      SchemaName: 'orders',
      DataFormat: 'AVRO',
      SchemaDefinition: AVRO_V1,
    });
    await call('GetSchema', { SchemaId: schemaId });
    await call('ListSchemas', {});
    await call('RegisterSchemaVersion', { SchemaId: schemaId, SchemaDefinition: AVRO_V2 });
    await call('UpdateSchema', { SchemaId: schemaId, SchemaVersionNumber: { LatestVersion: true } });
    await call('DeleteSchemaVersions', { SchemaId: schemaId, Versions: '7' });
    await expect(call('CreateRegistry', { RegistryName: 'orders-registry' })).rejects.toThrow();
    await call('DeleteSchema', { SchemaId: schemaId });
    await call('DeleteRegistry', { RegistryId: { RegistryName: 'orders-registry' } });
    await cloud.settle();

    // Assess
    expect(events.map((e) => e.detail.eventName)).toEqual([
      'CreateRegistry',
      'CreateSchema',
      'RegisterSchemaVersion',
      'UpdateSchema',
      'DeleteSchemaVersions',
      'DeleteSchema',
      'DeleteRegistry',
    ]);
    const byName = Object.fromEntries(events.map((e) => [e.detail.eventName, e.detail]));
    expect(byName.DeleteSchema).toMatchObject({
      requestParameters: { schemaId: { schemaArn: SCHEMA_ARN } },
      responseElements: { schemaArn: SCHEMA_ARN, schemaName: 'orders', status: 'DELETING' },
    });
    expect(byName.UpdateSchema).toMatchObject({
      requestParameters: {
        schemaId: { schemaArn: SCHEMA_ARN },
        schemaVersionNumber: { latestVersion: true },
      },
      responseElements: { schemaArn: SCHEMA_ARN, schemaName: 'orders', registryName: 'orders-registry' },
    });
    expect(byName.DeleteSchemaVersions).toMatchObject({
      requestParameters: { schemaId: { schemaArn: SCHEMA_ARN }, versions: '7' },
      responseElements: { schemaVersionErrors: [{ versionNumber: 7, errorDetails: expect.any(Object) }] },
    });
  });

  it('records an assumed-role caller as AssumedRole with the session ARN', async () => {
    // Prepare
    const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/sync/session-1`;
    const { cloud, call, events } = glueCloud({
      account: ACCOUNT,
      region: REGION,
      accessKeyId: 'ASIATEST',
      principalArn: sessionArn,
    });

    // Act
    await call('CreateRegistry', { RegistryName: 'r' });
    await cloud.settle();

    // Assess
    expect(events[0]?.detail.userIdentity).toEqual({
      type: 'AssumedRole',
      arn: sessionArn,
      accountId: ACCOUNT,
    });
  });
});

describe('toCloudTrailCase', () => {
  it('lower-cases the first letter of member names at every level but keeps tag keys', () => {
    expect(
      toCloudTrailCase({
        SchemaId: { SchemaArn: 'a' },
        Items: [{ VersionNumber: 1 }],
        Tags: { Team: 'x' },
        Gone: undefined,
      }),
    ).toEqual({ schemaId: { schemaArn: 'a' }, items: [{ versionNumber: 1 }], tags: { Team: 'x' } });
  });
});
