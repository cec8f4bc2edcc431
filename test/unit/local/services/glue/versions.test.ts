import type {
  CreateSchemaResponse,
  DeleteSchemaVersionsResponse,
  GetSchemaResponse,
  GetSchemaVersionResponse,
  ListSchemaVersionsResponse,
  RegisterSchemaVersionResponse,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { parseVersions } from '../../../../../local/src/services/glue/versions.ts';
import { ACCOUNT, AVRO_V1, AVRO_V2, AVRO_V3, glueCloud, NOW, REGION } from './harness.ts';

const SCHEMA_ID = { RegistryName: 'default-registry', SchemaName: 'orders' };
const SCHEMA_ARN = `arn:aws:glue:${REGION}:${ACCOUNT}:schema/default-registry/orders`;

async function withOrders(compatibility?: string) {
  const harness = glueCloud();
  const created = await harness.call<CreateSchemaResponse>('CreateSchema', {
    SchemaName: 'orders',
    DataFormat: 'AVRO',
    SchemaDefinition: AVRO_V1,
    ...(compatibility ? { Compatibility: compatibility } : {}),
  });
  return { ...harness, created };
}

describe('glue schema versions', () => {
  it('registers versions numbered from 1 and reads them by id, number and latest', async () => {
    // Prepare
    const { call, created } = await withOrders();

    // Act
    const v2 = await call<RegisterSchemaVersionResponse>('RegisterSchemaVersion', {
      SchemaId: SCHEMA_ID,
      SchemaDefinition: AVRO_V2,
    });
    const byId = await call<GetSchemaVersionResponse>('GetSchemaVersion', {
      SchemaVersionId: created.SchemaVersionId,
    });
    const latest = await call<GetSchemaVersionResponse>('GetSchemaVersion', {
      SchemaId: SCHEMA_ID,
      SchemaVersionNumber: { LatestVersion: true },
    });
    const first = await call<GetSchemaVersionResponse>('GetSchemaVersion', {
      SchemaId: { SchemaArn: SCHEMA_ARN },
      SchemaVersionNumber: { VersionNumber: 1 },
    });

    // Assess
    expect(v2).toEqual({ SchemaVersionId: expect.any(String), VersionNumber: 2, Status: 'AVAILABLE' });
    expect(byId).toEqual({
      SchemaVersionId: created.SchemaVersionId,
      SchemaDefinition: AVRO_V1,
      DataFormat: 'AVRO',
      SchemaArn: SCHEMA_ARN,
      VersionNumber: 1,
      Status: 'AVAILABLE',
      CreatedTime: NOW.toISOString(),
    });
    expect(latest).toMatchObject({
      SchemaVersionId: v2.SchemaVersionId,
      VersionNumber: 2,
      SchemaDefinition: AVRO_V2,
    });
    expect(first).toEqual(byId);
  });

  it('returns the existing version for an identical definition instead of adding one', async () => {
    // Prepare
    const { call, created } = await withOrders();
    const reordered = JSON.stringify({
      name: 'Order',
      type: 'record',
      fields: [{ type: 'string', name: 'id' }],
    });

    // Act
    const again = await call<RegisterSchemaVersionResponse>('RegisterSchemaVersion', {
      SchemaId: SCHEMA_ID,
      SchemaDefinition: `  ${reordered}\n`,
    });
    const schema = await call<GetSchemaResponse>('GetSchema', { SchemaId: SCHEMA_ID });

    // Assess
    expect(again).toEqual({
      SchemaVersionId: created.SchemaVersionId,
      VersionNumber: 1,
      Status: 'AVAILABLE',
    });
    expect(schema).toMatchObject({ LatestSchemaVersion: 1, NextSchemaVersion: 2 });
  });

  it('throws InvalidInputException for a second version when compatibility is DISABLED', async () => {
    const { call } = await withOrders('DISABLED');

    await expect(
      call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V2 }),
    ).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining('Compatibility DISABLED does not allow versioning'),
    });
    await expect(
      call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V1 }),
    ).resolves.toMatchObject({ VersionNumber: 1 });
  });

  it('throws EntityNotFoundException when registering on an unknown schema', async () => {
    const { call } = glueCloud();

    await expect(
      call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V1 }),
    ).rejects.toMatchObject({
      code: 'EntityNotFoundException',
      message: 'Schema is not found. RegistryName: default-registry, SchemaName: orders',
    });
  });

  it('throws InvalidInputException when GetSchemaVersion gets both forms or neither', async () => {
    const { call, created } = await withOrders();

    await expect(
      call('GetSchemaVersion', { SchemaVersionId: created.SchemaVersionId, SchemaId: SCHEMA_ID }),
    ).rejects.toMatchObject({ code: 'InvalidInputException', message: expect.stringContaining('not both') });
    await expect(call('GetSchemaVersion', {})).rejects.toMatchObject({ code: 'InvalidInputException' });
    await expect(call('GetSchemaVersion', { SchemaId: SCHEMA_ID })).rejects.toMatchObject({
      code: 'InvalidInputException',
    });
    await expect(
      call('GetSchemaVersion', { SchemaId: SCHEMA_ID, SchemaVersionNumber: { LatestVersion: false } }),
    ).rejects.toMatchObject({ code: 'InvalidInputException' });
    await expect(call('GetSchemaVersion', { SchemaVersionId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("Value 'not-a-uuid' at 'SchemaVersionId'"),
    });
  });

  it('throws EntityNotFoundException for an unknown version id or number', async () => {
    const { call } = await withOrders();
    const unknown = '00000000-0000-4000-8000-000000000000';

    await expect(call('GetSchemaVersion', { SchemaVersionId: unknown })).rejects.toMatchObject({
      code: 'EntityNotFoundException',
      message: `Schema version is not found. SchemaVersionId: ${unknown}`,
    });
    await expect(
      call('GetSchemaVersion', { SchemaId: SCHEMA_ID, SchemaVersionNumber: { VersionNumber: 9 } }),
    ).rejects.toMatchObject({ code: 'EntityNotFoundException' });
  });

  it('lists versions in pages', async () => {
    // Prepare
    const { call } = await withOrders();
    await call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V2 });
    await call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V3 });

    // Act
    const first = await call<ListSchemaVersionsResponse>('ListSchemaVersions', {
      SchemaId: SCHEMA_ID,
      MaxResults: 2,
    });
    const second = await call<ListSchemaVersionsResponse>('ListSchemaVersions', {
      SchemaId: SCHEMA_ID,
      MaxResults: 2,
      NextToken: first.NextToken,
    });

    // Assess
    expect(first.Schemas?.map((v) => v.VersionNumber)).toEqual([1, 2]);
    expect(first.Schemas?.[0]).toEqual({
      SchemaArn: SCHEMA_ARN,
      SchemaVersionId: expect.any(String),
      VersionNumber: 1,
      Status: 'AVAILABLE',
      CreatedTime: NOW.toISOString(),
    });
    expect(second.Schemas?.map((v) => v.VersionNumber)).toEqual([3]);
    expect(second.NextToken).toBeUndefined();
  });

  it('deletes versions by list and range, reporting versions it cannot delete', async () => {
    // Prepare
    const { call } = await withOrders();
    for (let i = 2; i <= 5; i += 1) {
      await call('RegisterSchemaVersion', {
        SchemaId: SCHEMA_ID,
        SchemaDefinition: JSON.stringify({ type: 'enum', name: 'E', symbols: [`S${i}`] }),
      });
    }

    // Act
    const result = await call<DeleteSchemaVersionsResponse>('DeleteSchemaVersions', {
      SchemaId: SCHEMA_ID,
      Versions: '2-3,5,8',
    });
    const listed = await call<ListSchemaVersionsResponse>('ListSchemaVersions', { SchemaId: SCHEMA_ID });
    const schema = await call<GetSchemaResponse>('GetSchema', { SchemaId: SCHEMA_ID });

    // Assess
    expect(result.SchemaVersionErrors).toEqual([
      {
        VersionNumber: 8,
        ErrorDetails: {
          ErrorCode: 'EntityNotFoundException',
          ErrorMessage: 'Schema version 8 is not found.',
        },
      },
    ]);
    expect(listed.Schemas?.map((v) => v.VersionNumber)).toEqual([1, 4]);
    expect(schema).toMatchObject({ LatestSchemaVersion: 4, NextSchemaVersion: 6 });
  });

  it('refuses to delete the checkpoint version with a 409 conflict and deletes nothing', async () => {
    const { call } = await withOrders();
    await call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V2 });
    await call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V3 });
    await call('UpdateSchema', { SchemaId: SCHEMA_ID, SchemaVersionNumber: { VersionNumber: 2 } });

    await expect(
      call('DeleteSchemaVersions', { SchemaId: SCHEMA_ID, Versions: '2-3' }),
    ).rejects.toMatchObject({
      code: 'ConflictException',
      status: 409,
      message: expect.stringContaining('checkpoint version 2'),
    });
    const listed = await call<ListSchemaVersionsResponse>('ListSchemaVersions', { SchemaId: SCHEMA_ID });
    expect(listed.Schemas?.map((v) => v.VersionNumber)).toEqual([1, 2, 3]);
  });

  it('reports version 1 as deletable only through DeleteSchema once the checkpoint moved', async () => {
    const { call } = await withOrders();
    await call('RegisterSchemaVersion', { SchemaId: SCHEMA_ID, SchemaDefinition: AVRO_V2 });
    await call('UpdateSchema', { SchemaId: SCHEMA_ID, SchemaVersionNumber: { VersionNumber: 2 } });

    const result = await call<DeleteSchemaVersionsResponse>('DeleteSchemaVersions', {
      SchemaId: SCHEMA_ID,
      Versions: '1',
    });

    expect(result.SchemaVersionErrors).toEqual([
      {
        VersionNumber: 1,
        ErrorDetails: {
          ErrorCode: 'InvalidInputException',
          ErrorMessage: 'The first schema version can only be deleted with DeleteSchema.',
        },
      },
    ]);
  });

  it('throws InvalidInputException for a malformed Versions expression, naming it', async () => {
    const { call } = await withOrders();

    await expect(
      call('DeleteSchemaVersions', { SchemaId: SCHEMA_ID, Versions: '3-1' }),
    ).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("Versions '3-1' is invalid"),
    });
  });
});

describe('parseVersions', () => {
  it.each([
    ['5', [5]],
    ['5-8', [5, 6, 7, 8]],
    ['1-3,5', [1, 2, 3, 5]],
    [' 2 , 2-3 ', [2, 3]],
  ])('parses %s', (expression, expected) => {
    expect(parseVersions(expression)).toEqual(expected);
  });

  it.each(['', '0', 'a', '1-', '-2', '3-1', '1,,2', '100001'])('rejects %s', (expression) => {
    expect(() => parseVersions(expression)).toThrow(/is invalid/u);
  });
});
