import type { CreateSchemaResponse, GetSchemaResponse, ListSchemasResponse } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, AVRO_V1, AVRO_V2, glueCloud, NOW, REGION } from './harness.ts';

const SCHEMA_ARN = `arn:aws:glue:${REGION}:${ACCOUNT}:schema/default-registry/orders`;

describe('glue schemas', () => {
  it('creates a schema in default-registry (auto-created) and registers version 1 as the checkpoint', async () => {
    // Prepare
    const { call } = glueCloud();

    // Act
    const created = await call<CreateSchemaResponse>('CreateSchema', {
      SchemaName: 'orders',
      DataFormat: 'AVRO',
      SchemaDefinition: AVRO_V1,
      Tags: { Owner: 'team' },
    });
    const registry = await call('GetRegistry', { RegistryId: { RegistryName: 'default-registry' } });

    // Assess
    expect(created).toEqual({
      RegistryName: 'default-registry',
      RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/default-registry`,
      SchemaName: 'orders',
      SchemaArn: SCHEMA_ARN,
      DataFormat: 'AVRO',
      Compatibility: 'BACKWARD',
      SchemaCheckpoint: 1,
      LatestSchemaVersion: 1,
      NextSchemaVersion: 2,
      SchemaStatus: 'AVAILABLE',
      Tags: { Owner: 'team' },
      SchemaVersionId: expect.stringMatching(/^[a-f0-9-]{36}$/u),
      SchemaVersionStatus: 'AVAILABLE',
    });
    expect(registry).toMatchObject({ RegistryName: 'default-registry', Status: 'AVAILABLE' });
  });

  it('creates a schema without a definition: no version yet, next version 1', async () => {
    const { call } = glueCloud();

    const created = await call<CreateSchemaResponse>('CreateSchema', {
      SchemaName: 'empty',
      DataFormat: 'JSON',
    });

    expect(created.LatestSchemaVersion).toBeUndefined();
    expect(created.SchemaCheckpoint).toBeUndefined();
    expect(created.NextSchemaVersion).toBe(1);
    expect(created.SchemaVersionId).toBeUndefined();
  });

  it('reads a schema by ARN and by registry and schema name, with latest and next version', async () => {
    // Prepare
    const { call } = glueCloud();
    await call('CreateSchema', { SchemaName: 'orders', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 });
    await call('RegisterSchemaVersion', { SchemaId: { SchemaArn: SCHEMA_ARN }, SchemaDefinition: AVRO_V2 });

    // Act
    const byArn = await call<GetSchemaResponse>('GetSchema', { SchemaId: { SchemaArn: SCHEMA_ARN } });
    const byName = await call<GetSchemaResponse>('GetSchema', {
      SchemaId: { RegistryName: 'default-registry', SchemaName: 'orders' },
    });

    // Assess
    expect(byArn).toEqual({
      RegistryName: 'default-registry',
      RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/default-registry`,
      SchemaName: 'orders',
      SchemaArn: SCHEMA_ARN,
      DataFormat: 'AVRO',
      Compatibility: 'BACKWARD',
      SchemaCheckpoint: 1,
      LatestSchemaVersion: 2,
      NextSchemaVersion: 3,
      SchemaStatus: 'AVAILABLE',
      CreatedTime: NOW.toISOString(),
      UpdatedTime: NOW.toISOString(),
    });
    expect(byName).toEqual(byArn);
  });

  it('throws AlreadyExistsException for a duplicate schema name in the registry', async () => {
    const { call } = glueCloud();
    await call('CreateSchema', { SchemaName: 'orders', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 });

    await expect(
      call('CreateSchema', { SchemaName: 'orders', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 }),
    ).rejects.toMatchObject({
      code: 'AlreadyExistsException',
      message: 'Schema already exists. SchemaName: orders, RegistryName: default-registry',
    });
  });

  it('throws EntityNotFoundException for an unknown registry or schema', async () => {
    const { call } = glueCloud();

    await expect(
      call('CreateSchema', { RegistryId: { RegistryName: 'nope' }, SchemaName: 's', DataFormat: 'AVRO' }),
    ).rejects.toMatchObject({
      code: 'EntityNotFoundException',
      message: 'Registry is not found. RegistryName: nope',
    });
    await expect(
      call('GetSchema', { SchemaId: { RegistryName: 'default-registry', SchemaName: 'nope' } }),
    ).rejects.toMatchObject({
      code: 'EntityNotFoundException',
      message: 'Schema is not found. RegistryName: default-registry, SchemaName: nope',
    });
    await expect(
      call('GetSchema', { SchemaId: { SchemaArn: `arn:aws:glue:${REGION}:999999999999:schema/r/s` } }),
    ).rejects.toMatchObject({ code: 'EntityNotFoundException' });
  });

  it('throws InvalidInputException for a SchemaId with an ARN and a name, or neither', async () => {
    const { call } = glueCloud();

    await expect(
      call('GetSchema', { SchemaId: { SchemaArn: SCHEMA_ARN, SchemaName: 'orders' } }),
    ).rejects.toMatchObject({ code: 'InvalidInputException' });
    await expect(call('GetSchema', { SchemaId: {} })).rejects.toMatchObject({
      code: 'InvalidInputException',
    });
    await expect(
      call('GetSchema', {
        SchemaId: { SchemaArn: `arn:aws:glue:${REGION}:${ACCOUNT}:schema/only-registry` },
      }),
    ).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining('schema ARN'),
    });
  });

  it.each([
    ['AVRO', '{not json', 'Schema definition of AVRO data format is invalid'],
    ['AVRO', '42', 'an Avro schema is a JSON object, array or string'],
    ['JSON', '{"type": ', 'Schema definition of JSON data format is invalid'],
    ['JSON', '"string"', 'a JSON Schema is an object or a boolean'],
    ['PROTOBUF', 'hello world', 'Schema definition of PROTOBUF data format is invalid'],
  ])('throws InvalidInputException for an invalid %s definition %s', async (format, definition, message) => {
    const { call } = glueCloud();

    await expect(
      call('CreateSchema', { SchemaName: 's', DataFormat: format, SchemaDefinition: definition }),
    ).rejects.toMatchObject({ code: 'InvalidInputException', message: expect.stringContaining(message) });
    await expect(
      call('GetRegistry', { RegistryId: { RegistryName: 'default-registry' } }),
    ).rejects.toMatchObject({
      code: 'EntityNotFoundException',
    });
  });

  it.each([
    ['AVRO', '"string"'],
    ['AVRO', '["null","string"]'],
    ['JSON', '{"type":"object"}'],
    ['PROTOBUF', 'syntax = "proto3";\nmessage Order { string id = 1; }'],
  ])('accepts a valid %s definition %s', async (format, definition) => {
    const { call } = glueCloud();

    await expect(
      call('CreateSchema', { SchemaName: 's', DataFormat: format, SchemaDefinition: definition }),
    ).resolves.toMatchObject({ LatestSchemaVersion: 1 });
  });

  it('rejects an unknown DataFormat or Compatibility and a blank definition', async () => {
    const { call } = glueCloud();

    await expect(call('CreateSchema', { SchemaName: 's', DataFormat: 'XML' })).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("Value 'XML' at 'DataFormat'"),
    });
    await expect(
      call('CreateSchema', { SchemaName: 's', DataFormat: 'AVRO', Compatibility: 'SOMETIMES' }),
    ).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("'Compatibility'"),
    });
    await expect(
      call('CreateSchema', { SchemaName: 's', DataFormat: 'AVRO', SchemaDefinition: '   ' }),
    ).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("'SchemaDefinition'"),
    });
  });

  it('updates the checkpoint, compatibility and description', async () => {
    // Prepare
    const { call } = glueCloud();
    await call('CreateSchema', { SchemaName: 'orders', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 });
    await call('RegisterSchemaVersion', { SchemaId: { SchemaArn: SCHEMA_ARN }, SchemaDefinition: AVRO_V2 });

    // Act
    const updated = await call('UpdateSchema', {
      SchemaId: { SchemaArn: SCHEMA_ARN },
      SchemaVersionNumber: { LatestVersion: true },
      Compatibility: 'FULL',
      Description: 'orders placed',
    });
    const schema = await call<GetSchemaResponse>('GetSchema', { SchemaId: { SchemaArn: SCHEMA_ARN } });

    // Assess
    expect(updated).toEqual({
      SchemaArn: SCHEMA_ARN,
      SchemaName: 'orders',
      RegistryName: 'default-registry',
    });
    expect(schema).toMatchObject({
      SchemaCheckpoint: 2,
      Compatibility: 'FULL',
      Description: 'orders placed',
    });
  });

  it('throws on UpdateSchema without changes, Compatibility without a version, or an unknown version', async () => {
    const { call } = glueCloud();
    await call('CreateSchema', { SchemaName: 'orders', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 });
    const schemaId = { SchemaArn: SCHEMA_ARN };

    await expect(call('UpdateSchema', { SchemaId: schemaId })).rejects.toMatchObject({
      code: 'InvalidInputException',
    });
    await expect(call('UpdateSchema', { SchemaId: schemaId, Compatibility: 'NONE' })).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining('SchemaVersionNumber is required when Compatibility is updated'),
    });
    await expect(
      call('UpdateSchema', { SchemaId: schemaId, SchemaVersionNumber: { VersionNumber: 7 } }),
    ).rejects.toMatchObject({
      code: 'EntityNotFoundException',
      message: expect.stringContaining('VersionNumber: 7'),
    });
    await expect(
      call('UpdateSchema', {
        SchemaId: schemaId,
        SchemaVersionNumber: { LatestVersion: true, VersionNumber: 1 },
      }),
    ).rejects.toMatchObject({ code: 'InvalidInputException' });
  });

  it('deletes a schema: the answer says DELETING, then the schema is gone and not listed', async () => {
    // Prepare
    const { call } = glueCloud();
    await call('CreateSchema', { SchemaName: 'orders', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 });
    await call('CreateSchema', { SchemaName: 'payments', DataFormat: 'AVRO', SchemaDefinition: AVRO_V1 });

    // Act
    const deleted = await call('DeleteSchema', { SchemaId: { SchemaArn: SCHEMA_ARN } });
    const listed = await call<ListSchemasResponse>('ListSchemas', {});

    // Assess
    expect(deleted).toEqual({ SchemaArn: SCHEMA_ARN, SchemaName: 'orders', Status: 'DELETING' });
    expect(listed.Schemas?.map((s) => s.SchemaName)).toEqual(['payments']);
    await expect(call('GetSchema', { SchemaId: { SchemaArn: SCHEMA_ARN } })).rejects.toMatchObject({
      code: 'EntityNotFoundException',
    });
  });

  it('lists schemas of one registry or of all, in pages', async () => {
    // Prepare
    const { call } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'a' });
    await call('CreateRegistry', { RegistryName: 'b' });
    for (const name of ['s1', 's2', 's3']) {
      await call('CreateSchema', { RegistryId: { RegistryName: 'a' }, SchemaName: name, DataFormat: 'JSON' });
    }
    await call('CreateSchema', { RegistryId: { RegistryName: 'b' }, SchemaName: 's0', DataFormat: 'JSON' });

    // Act
    const first = await call<ListSchemasResponse>('ListSchemas', { MaxResults: 3 });
    const second = await call<ListSchemasResponse>('ListSchemas', {
      MaxResults: 3,
      NextToken: first.NextToken,
    });
    const onlyB = await call<ListSchemasResponse>('ListSchemas', { RegistryId: { RegistryName: 'b' } });

    // Assess
    expect(first.Schemas?.map((s) => `${s.RegistryName}/${s.SchemaName}`)).toEqual(['a/s1', 'a/s2', 'a/s3']);
    expect(second.Schemas?.map((s) => `${s.RegistryName}/${s.SchemaName}`)).toEqual(['b/s0']);
    expect(second.NextToken).toBeUndefined();
    expect(onlyB.Schemas).toEqual([
      {
        RegistryName: 'b',
        SchemaName: 's0',
        SchemaArn: `arn:aws:glue:${REGION}:${ACCOUNT}:schema/b/s0`,
        SchemaStatus: 'AVAILABLE',
        CreatedTime: NOW.toISOString(),
        UpdatedTime: NOW.toISOString(),
      },
    ]);
    await expect(
      call('ListSchemas', { RegistryId: { RegistryName: 'a' }, NextToken: first.NextToken }),
    ).rejects.toMatchObject({ code: 'InvalidInputException' });
    await expect(call('ListSchemas', { RegistryId: { RegistryName: 'zzz' } })).rejects.toMatchObject({
      code: 'EntityNotFoundException',
    });
  });
});
