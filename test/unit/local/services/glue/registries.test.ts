import type { GetRegistryResponse, ListRegistriesResponse } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, glueCloud, NOW, REGION } from './harness.ts';

describe('glue registries', () => {
  it('creates a registry and reads it back by name and by ARN', async () => {
    // Prepare
    const { call } = glueCloud();

    // Act
    const created = await call('CreateRegistry', {
      RegistryName: 'orders',
      Description: 'd',
      Tags: { team: 'x' },
    });
    const byName = await call<GetRegistryResponse>('GetRegistry', { RegistryId: { RegistryName: 'orders' } });
    const byArn = await call<GetRegistryResponse>('GetRegistry', {
      RegistryId: { RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/orders` },
    });

    // Assess
    expect(created).toEqual({
      RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/orders`,
      RegistryName: 'orders',
      Description: 'd',
      Tags: { team: 'x' },
    });
    expect(byName).toEqual({
      RegistryName: 'orders',
      RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/orders`,
      Description: 'd',
      Status: 'AVAILABLE',
      CreatedTime: NOW.toISOString(),
      UpdatedTime: NOW.toISOString(),
    });
    expect(byArn).toEqual(byName);
  });

  it('throws AlreadyExistsException when the registry name is taken', async () => {
    const { call } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'orders' });

    await expect(call('CreateRegistry', { RegistryName: 'orders' })).rejects.toMatchObject({
      code: 'AlreadyExistsException',
      message: 'Registry already exists. RegistryName: orders',
    });
  });

  it('throws EntityNotFoundException for an unknown registry, naming it', async () => {
    const { call } = glueCloud();

    await expect(call('GetRegistry', { RegistryId: { RegistryName: 'nope' } })).rejects.toMatchObject({
      code: 'EntityNotFoundException',
      message: 'Registry is not found. RegistryName: nope',
    });
    await expect(
      call('GetRegistry', { RegistryId: { RegistryArn: `arn:aws:glue:us-east-1:${ACCOUNT}:registry/nope` } }),
    ).rejects.toMatchObject({ code: 'EntityNotFoundException' });
  });

  it('throws InvalidInputException for a RegistryId with both, neither or a malformed ARN', async () => {
    const { call } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'orders' });

    await expect(
      call('GetRegistry', {
        RegistryId: {
          RegistryName: 'orders',
          RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/orders`,
        },
      }),
    ).rejects.toMatchObject({ code: 'InvalidInputException' });
    await expect(call('GetRegistry', { RegistryId: {} })).rejects.toMatchObject({
      code: 'InvalidInputException',
    });
    await expect(
      call('GetRegistry', {
        RegistryId: { RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:schema/orders/x` },
      }),
    ).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining('registry ARN'),
    });
  });

  it('rejects model violations with InvalidInputException naming the member and value', async () => {
    const { call } = glueCloud();

    await expect(call('CreateRegistry', { RegistryName: 'bad/name' })).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("Value 'bad/name' at 'RegistryName'"),
    });
    await expect(call('CreateRegistry', {})).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("Value null at 'RegistryName'"),
    });
    await expect(call('ListRegistries', { MaxResults: 101 })).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: expect.stringContaining("at 'MaxResults'"),
    });
  });

  it('lists registries in pages of MaxResults (default 25) with an opaque NextToken', async () => {
    // Prepare
    const { call } = glueCloud();
    for (let i = 0; i < 27; i += 1)
      await call('CreateRegistry', { RegistryName: `r${String(i).padStart(2, '0')}` });

    // Act
    const first = await call<ListRegistriesResponse>('ListRegistries', {});
    const second = await call<ListRegistriesResponse>('ListRegistries', { NextToken: first.NextToken });
    const small = await call<ListRegistriesResponse>('ListRegistries', { MaxResults: 2 });

    // Assess
    expect(first.Registries).toHaveLength(25);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.Registries?.map((r) => r.RegistryName)).toEqual(['r25', 'r26']);
    expect(second.NextToken).toBeUndefined();
    expect(small.Registries?.map((r) => r.RegistryName)).toEqual(['r00', 'r01']);
  });

  it('throws InvalidInputException for a NextToken it did not issue', async () => {
    const { call } = glueCloud();

    await expect(call('ListRegistries', { NextToken: 'garbage' })).rejects.toMatchObject({
      code: 'InvalidInputException',
      message: 'Invalid NextToken: garbage',
    });
  });

  it('deletes a registry with its schemas, answering DELETING', async () => {
    // Prepare
    const { call } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'orders' });
    await call('CreateSchema', {
      RegistryId: { RegistryName: 'orders' },
      SchemaName: 's',
      DataFormat: 'JSON',
    });

    // Act
    const deleted = await call('DeleteRegistry', { RegistryId: { RegistryName: 'orders' } });

    // Assess
    expect(deleted).toEqual({
      RegistryName: 'orders',
      RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/orders`,
      Status: 'DELETING',
    });
    await expect(call('GetRegistry', { RegistryId: { RegistryName: 'orders' } })).rejects.toMatchObject({
      code: 'EntityNotFoundException',
    });
    await expect(
      call('GetSchema', { SchemaId: { RegistryName: 'orders', SchemaName: 's' } }),
    ).rejects.toMatchObject({ code: 'EntityNotFoundException' });
    await expect(call('DeleteRegistry', { RegistryId: { RegistryName: 'orders' } })).rejects.toMatchObject({
      code: 'EntityNotFoundException',
    });
  });
});
