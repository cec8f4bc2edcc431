import {
  AlreadyExistsException,
  ConflictException,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteRegistryCommand,
  DeleteSchemaCommand,
  DeleteSchemaVersionsCommand,
  EntityNotFoundException,
  GetRegistryCommand,
  GetSchemaCommand,
  GetSchemaVersionCommand,
  type GlueClient,
  InvalidInputException,
  paginateListRegistries,
  paginateListSchemas,
  paginateListSchemaVersions,
  RegisterSchemaVersionCommand,
  UpdateSchemaCommand,
} from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../local/src/cloud/errors.ts';
import type { CloudEvent, ServiceDefinition } from '../../../local/src/cloud/types.ts';
import { glueService } from '../../../local/src/services/glue/index.ts';
import { startTestCloud, TEST_REGION, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
const events: CloudEvent[] = [];
/** Records the events the cloud delivers, in place of the EventBridge service. */
const recordingEvents: ServiceDefinition<Record<string, never>> = {
  signingName: 'events',
  initialState: () => ({}),
  validationError: (message) => new AwsError('ValidationException', message),
  operations: {},
  internal: {
    DeliverEvent: (event: CloudEvent) => {
      events.push(event);
      return {};
    },
  },
};

let cloud: TestCloud;
let glue: GlueClient;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [glueService, recordingEvents], defaultAccount: ACCOUNT });
  glue = cloud.clients().glue();
});
afterAll(async () => {
  await cloud.close();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function avro(...fields: string[]): string {
  return JSON.stringify({
    type: 'record',
    name: 'Order',
    fields: fields.map((name) => ({ name, type: 'string' })),
  });
}

describe('glue schema registry over HTTP', () => {
  it('creates a registry and a schema with version 1, with ISO string times', async () => {
    const registry = await glue.send(new CreateRegistryCommand({ RegistryName: 'int-orders' }));
    expect(registry.RegistryArn).toBe(`arn:aws:glue:${TEST_REGION}:${ACCOUNT}:registry/int-orders`);

    const schema = await glue.send(
      new CreateSchemaCommand({
        RegistryId: { RegistryName: 'int-orders' },
        SchemaName: 'orders',
        DataFormat: 'AVRO',
        SchemaDefinition: avro('id'),
      }),
    );
    expect(schema).toMatchObject({
      SchemaArn: `arn:aws:glue:${TEST_REGION}:${ACCOUNT}:schema/int-orders/orders`,
      LatestSchemaVersion: 1,
      NextSchemaVersion: 2,
      SchemaCheckpoint: 1,
      SchemaVersionStatus: 'AVAILABLE',
    });

    const got = await glue.send(new GetSchemaCommand({ SchemaId: { SchemaArn: schema.SchemaArn } }));
    expect(got.CreatedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u);
    const gotRegistry = await glue.send(
      new GetRegistryCommand({ RegistryId: { RegistryName: 'int-orders' } }),
    );
    expect(gotRegistry.Status).toBe('AVAILABLE');
  });

  it('registers versions, de-duplicates identical definitions and reads versions back', async () => {
    const schemaId = { RegistryName: 'int-orders', SchemaName: 'orders' };
    const v2 = await glue.send(
      new RegisterSchemaVersionCommand({ SchemaId: schemaId, SchemaDefinition: avro('id', 'sku') }),
    );
    const same = await glue.send(
      new RegisterSchemaVersionCommand({ SchemaId: schemaId, SchemaDefinition: avro('id', 'sku') }),
    );
    expect(v2.VersionNumber).toBe(2);
    expect(same).toMatchObject({ SchemaVersionId: v2.SchemaVersionId, VersionNumber: 2 });

    const latest = await glue.send(
      new GetSchemaVersionCommand({ SchemaId: schemaId, SchemaVersionNumber: { LatestVersion: true } }),
    );
    const byId = await glue.send(new GetSchemaVersionCommand({ SchemaVersionId: v2.SchemaVersionId }));
    expect(latest).toMatchObject({
      VersionNumber: 2,
      SchemaDefinition: avro('id', 'sku'),
      DataFormat: 'AVRO',
    });
    expect(byId.VersionNumber).toBe(2);
  });

  it('paginates registries, schemas and versions with the SDK paginators', async () => {
    for (let i = 0; i < 3; i += 1) {
      await glue.send(
        new CreateSchemaCommand({ SchemaName: `page-${i}`, DataFormat: 'JSON', SchemaDefinition: '{}' }),
      );
    }
    const schemaPages: string[][] = [];
    for await (const page of paginateListSchemas(
      { client: glue, pageSize: 2 },
      { RegistryId: { RegistryName: 'default-registry' } },
    )) {
      schemaPages.push((page.Schemas ?? []).map((s) => s.SchemaName ?? ''));
    }
    expect(schemaPages).toEqual([['page-0', 'page-1'], ['page-2']]);

    const registries: string[] = [];
    for await (const page of paginateListRegistries({ client: glue, pageSize: 1 }, {})) {
      registries.push(...(page.Registries ?? []).map((r) => r.RegistryName ?? ''));
    }
    expect(registries).toEqual(['default-registry', 'int-orders']);

    const versions: number[] = [];
    for await (const page of paginateListSchemaVersions(
      { client: glue, pageSize: 1 },
      { SchemaId: { RegistryName: 'int-orders', SchemaName: 'orders' } },
    )) {
      versions.push(...(page.Schemas ?? []).map((v) => v.VersionNumber ?? 0));
    }
    expect(versions).toEqual([1, 2]);
  });

  it('throws the modelled exceptions with status 400', async () => {
    const notFound = await caught(
      glue.send(new GetSchemaCommand({ SchemaId: { RegistryName: 'int-orders', SchemaName: 'missing' } })),
    );
    expect(notFound).toBeInstanceOf(EntityNotFoundException);
    expect((notFound as EntityNotFoundException).message).toBe(
      'Schema is not found. RegistryName: int-orders, SchemaName: missing',
    );
    expect((notFound as EntityNotFoundException).$metadata.httpStatusCode).toBe(400);

    const exists = await caught(glue.send(new CreateRegistryCommand({ RegistryName: 'int-orders' })));
    expect(exists).toBeInstanceOf(AlreadyExistsException);
    expect((exists as AlreadyExistsException).$metadata.httpStatusCode).toBe(400);

    const invalid = await caught(
      glue.send(
        new CreateSchemaCommand({ SchemaName: 'bad', DataFormat: 'AVRO', SchemaDefinition: '{oops' }),
      ),
    );
    expect(invalid).toBeInstanceOf(InvalidInputException);
    expect((invalid as InvalidInputException).$metadata.httpStatusCode).toBe(400);

    const both = await caught(
      glue.send(
        new GetSchemaVersionCommand({
          SchemaVersionId: '00000000-0000-4000-8000-000000000000',
          SchemaId: { SchemaName: 'orders', RegistryName: 'int-orders' },
        }),
      ),
    );
    expect(both).toBeInstanceOf(InvalidInputException);
  });

  it('deletes versions, refusing the checkpoint with a 409 ConflictException', async () => {
    const schemaId = { RegistryName: 'int-orders', SchemaName: 'orders' };
    await glue.send(
      new RegisterSchemaVersionCommand({ SchemaId: schemaId, SchemaDefinition: avro('id', 'sku', 'qty') }),
    );

    const result = await glue.send(new DeleteSchemaVersionsCommand({ SchemaId: schemaId, Versions: '2,9' }));
    expect(result.SchemaVersionErrors).toEqual([
      {
        VersionNumber: 9,
        ErrorDetails: { ErrorCode: 'EntityNotFoundException', ErrorMessage: expect.any(String) },
      },
    ]);

    await glue.send(
      new UpdateSchemaCommand({ SchemaId: schemaId, SchemaVersionNumber: { VersionNumber: 3 } }),
    );
    const conflict = await caught(
      glue.send(new DeleteSchemaVersionsCommand({ SchemaId: schemaId, Versions: '3' })),
    );
    expect(conflict).toBeInstanceOf(ConflictException);
    expect((conflict as ConflictException).$metadata.httpStatusCode).toBe(409);
  });

  it('deletes schemas and registries (DELETING) and puts CloudTrail events on the bus', async () => {
    const deleted = await glue.send(
      new DeleteSchemaCommand({ SchemaId: { RegistryName: 'int-orders', SchemaName: 'orders' } }),
    );
    expect(deleted.Status).toBe('DELETING');
    const registry = await glue.send(
      new DeleteRegistryCommand({ RegistryId: { RegistryName: 'int-orders' } }),
    );
    expect(registry.Status).toBe('DELETING');
    await cloud.cloud.settle();

    const names = events.map((e) => e.detail.eventName);
    expect(names).toContain('CreateSchema');
    expect(names).toContain('RegisterSchemaVersion');
    expect(names.at(-1)).toBe('DeleteRegistry');
    const deleteEvent = events.find((e) => e.detail.eventName === 'DeleteSchema');
    expect(deleteEvent).toMatchObject({
      source: 'aws.glue',
      'detail-type': 'AWS API Call via CloudTrail',
      account: ACCOUNT,
      region: TEST_REGION,
      detail: {
        eventSource: 'glue.amazonaws.com',
        requestParameters: { schemaId: { registryName: 'int-orders', schemaName: 'orders' } },
        responseElements: { status: 'DELETING' },
        userIdentity: { accountId: ACCOUNT },
      },
    });
  });
});
