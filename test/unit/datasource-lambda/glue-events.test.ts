import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { parseSyncEvent, triggerOptions } from '../../../datasource-lambda/src/glue-events.ts';

/** A Glue CloudTrail event as the local cloud emits it (local/src/services/glue/cloudtrail.ts). */
function glueEvent(eventName: string, requestParameters: unknown, responseElements: unknown = {}) {
  return {
    version: '0',
    id: 'e-1',
    source: 'aws.glue',
    'detail-type': 'AWS API Call via CloudTrail',
    account: '222222222222',
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventSource: 'glue.amazonaws.com',
      eventName,
      awsRegion: 'eu-west-1',
      requestParameters,
      responseElements,
      eventType: 'AwsApiCall',
    },
  };
}

describe('parseSyncEvent', () => {
  it.each([
    {
      name: 'CreateSchema with registryId.registryName',
      event: glueEvent('CreateSchema', {
        registryId: { registryName: 'streaming' },
        schemaName: 'orders',
        dataFormat: 'AVRO',
      }),
      expected: { registryName: 'streaming', schemaName: 'orders' },
    },
    {
      name: 'CreateSchema with registryId.registryArn',
      event: glueEvent('CreateSchema', {
        registryId: { registryArn: 'arn:aws:glue:eu-west-1:222222222222:registry/streaming' },
        schemaName: 'orders',
      }),
      expected: { registryName: 'streaming', schemaName: 'orders' },
    },
    {
      name: 'CreateSchema without registry (default-registry)',
      event: glueEvent('CreateSchema', { schemaName: 'orders' }),
      expected: { registryName: 'default-registry', schemaName: 'orders' },
    },
    {
      name: 'RegisterSchemaVersion by name (its response has no registryName)',
      event: glueEvent(
        'RegisterSchemaVersion',
        { schemaId: { schemaName: 'orders', registryName: 'streaming' }, schemaDefinition: '{}' },
        { schemaVersionId: 'v', versionNumber: 2, status: 'AVAILABLE' },
      ),
      expected: { registryName: 'streaming', schemaName: 'orders' },
    },
    {
      name: 'DeleteSchema by ARN',
      event: glueEvent('DeleteSchema', {
        schemaId: { schemaArn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders' },
      }),
      expected: { registryName: 'streaming', schemaName: 'orders' },
    },
    {
      name: 'UpdateSchema without registryName (default-registry)',
      event: glueEvent('UpdateSchema', { schemaId: { schemaName: 'orders' }, compatibility: 'FULL' }),
      expected: { registryName: 'default-registry', schemaName: 'orders' },
    },
    {
      name: 'DeleteSchemaVersions',
      event: glueEvent('DeleteSchemaVersions', {
        schemaId: { schemaName: 'orders', registryName: 'streaming' },
        versions: '2',
      }),
      expected: { registryName: 'streaming', schemaName: 'orders' },
    },
  ])('names the schema of $name', ({ event, expected }) => {
    // Act
    const trigger = parseSyncEvent(event);

    // Assess
    expect(trigger).toEqual({ kind: 'schema-change', eventName: event.detail.eventName, schema: expected });
    expect(triggerOptions(trigger)).toEqual({ only: [expected] });
  });

  it('recognises the EventBridge Scheduled Event', () => {
    const trigger = parseSyncEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    expect(trigger).toEqual({ kind: 'scheduled' });
    expect(triggerOptions(trigger)).toEqual({});
  });

  it.each([
    { event: {}, expected: { kind: 'manual', deep: false, force: false } },
    { event: { deep: true }, expected: { kind: 'manual', deep: true, force: false } },
    { event: { deep: false, force: true }, expected: { kind: 'manual', deep: false, force: true } },
  ])('recognises a manual invocation $event', ({ event, expected }) => {
    const trigger = parseSyncEvent(event);
    expect(trigger).toEqual(expected);
    expect(triggerOptions(trigger)).toEqual({ deep: expected.deep, force: expected.force });
  });

  it('recognises one partition of a partitioned run, with deep and force', () => {
    // Act
    const trigger = parseSyncEvent({ partition: { index: 2, count: 4 }, deep: true });

    // Assess
    expect(trigger).toEqual({ kind: 'manual', deep: true, force: false, partition: { index: 2, count: 4 } });
    expect(triggerOptions(trigger)).toEqual({ deep: true, force: false, partition: { index: 2, count: 4 } });
  });

  it.each([
    { event: 'x', field: 'event' },
    { event: { partition: 3 }, field: 'partition' },
    { event: { partition: { index: 0 } }, field: 'partition.count' },
    { event: { partition: { index: 0, count: 65 } }, field: 'partition.count' },
    { event: { partition: { index: 4, count: 4 } }, field: 'partition.index' },
    { event: { partition: { index: 0, count: 4, of: 1 } }, field: 'partition.of' },
    { event: [], field: 'event' },
    { event: { deep: 'true' }, field: 'deep' },
    { event: { deeep: true }, field: 'deeep' },
    { event: { source: 'aws.s3', 'detail-type': 'Object Created' }, field: 'source' },
    { event: { source: 'aws.events', 'detail-type': 'Something' }, field: 'detail-type' },
    { event: { source: 'aws.glue', 'detail-type': 'Glue Job State Change' }, field: 'detail-type' },
    { event: { source: 'aws.glue', 'detail-type': 'AWS API Call via CloudTrail' }, field: 'detail' },
    { event: glueEvent('CreateRegistry', { registryName: 'x' }), field: 'detail.eventName' },
    { event: glueEvent('PutSchemaVersionMetadata', {}), field: 'detail.eventName' },
    { event: glueEvent('CreateSchema', 'oops'), field: 'detail.requestParameters' },
    { event: glueEvent('CreateSchema', {}), field: 'detail.requestParameters.schemaName' },
    { event: glueEvent('CreateSchema', { schemaName: 'a b' }), field: 'detail.requestParameters.schemaName' },
    {
      event: glueEvent('CreateSchema', { schemaName: 'a', registryId: 'x' }),
      field: 'detail.requestParameters.registryId',
    },
    {
      event: glueEvent('CreateSchema', { schemaName: 'a', registryId: { registryArn: 'arn:aws:s3:::b' } }),
      field: 'detail.requestParameters.registryId.registryArn',
    },
    { event: glueEvent('DeleteSchema', {}), field: 'detail.requestParameters.schemaId' },
    { event: glueEvent('DeleteSchema', { schemaId: {} }), field: 'detail.requestParameters.schemaId' },
    {
      event: glueEvent('DeleteSchema', { schemaId: { schemaArn: 5 } }),
      field: 'detail.requestParameters.schemaId.schemaArn',
    },
    {
      event: glueEvent('DeleteSchema', {
        schemaId: { schemaArn: 'arn:aws:glue:eu-west-1:222222222222:registry/r' },
      }),
      field: 'detail.requestParameters.schemaId.schemaArn',
    },
    {
      event: glueEvent('DeleteSchema', { schemaId: { schemaName: 'ok', registryName: '' } }),
      field: 'detail.requestParameters.schemaId.registryName',
    },
  ])('throws InvalidInputError naming $field for a malformed event', ({ event, field }) => {
    // Act
    let caught: unknown;
    try {
      parseSyncEvent(event);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).field).toBe(field);
  });

  it('throws InvalidInputError for an event from another service that claims to be Glue', () => {
    const event = glueEvent('CreateSchema', { schemaName: 'a' });
    const forged = { ...event, detail: { ...event.detail, eventSource: 's3.amazonaws.com' } };
    expect(() => parseSyncEvent(forged)).toThrow(/detail.eventSource/);
  });
});
