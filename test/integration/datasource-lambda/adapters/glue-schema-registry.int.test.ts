import { CreateSchemaCommand, DeleteSchemaCommand } from '@aws-sdk/client-glue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallError, InvalidInputError, TransientAwsError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { GlueSchemaRegistry } from '../../../../datasource-lambda/src/adapters/glue-schema-registry.ts';
import { SourceNotFoundError } from '../../../../datasource-lambda/src/errors.ts';
import { calls, type DemoCloud, startDemoCloud } from '../../../support/demo-world.ts';

describe('GlueSchemaRegistry', () => {
  let demo: DemoCloud;
  let registry: GlueSchemaRegistry;

  beforeAll(async () => {
    demo = await startDemoCloud();
    const glue = demo.producer.glue();
    // 23 more schemas (28 in all): ListSchemas needs 2 pages (of 25).
    for (let i = 1; i <= 23; i += 1) {
      await glue.send(
        new CreateSchemaCommand({
          RegistryId: { RegistryName: 'streaming' },
          SchemaName: `extra-${String(i).padStart(2, '0')}`,
          DataFormat: 'AVRO',
          Compatibility: 'BACKWARD',
          SchemaDefinition:
            '{"type": "record", "name": "Extra", "fields": [{"name": "id", "type": "string"}]}',
        }),
      );
    }
    await glue.send(
      new DeleteSchemaCommand({ SchemaId: { RegistryName: 'streaming', SchemaName: 'extra-23' } }),
    );
    registry = new GlueSchemaRegistry({ client: demo.producer.glue(), log: new MemoryLog(), pageSize: 25 });
  });
  afterAll(() => demo.local.close());
  afterEach(() => {
    demo.local.cloud.faults.configure({});
    demo.local.cloud.resetCallCounts();
  });

  it('lists every available schema over two pages', async () => {
    // Act
    const schemas = await registry.listSchemas('streaming');

    // Assess
    expect(schemas).toHaveLength(27);
    expect(schemas.map((s) => s.schemaName)).toEqual(
      expect.arrayContaining([
        'orders-value',
        'orders-key',
        'payments',
        'shipments',
        'legacy-clicks',
        'extra-22',
      ]),
    );
    expect(schemas.map((s) => s.schemaName)).not.toContain('extra-23');
    const orders = schemas.find((s) => s.schemaName === 'orders-value');
    expect(orders?.registryName).toBe('streaming');
    expect(orders?.schemaArn).toBe('arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-value');
    expect(orders?.updatedTime).not.toBe('');
    expect(calls(demo, 'glue:ListSchemas')).toBe(2);
  });

  it('throws SourceNotFoundError naming a registry that does not exist', async () => {
    // Act
    const result = registry.listSchemas('no-such-registry');

    // Assess
    await expect(result).rejects.toThrow(SourceNotFoundError);
    await expect(result).rejects.toThrow(/no-such-registry/);
  });

  it('reads the latest version with compatibility, data format and registry ARN', async () => {
    // Act
    const version = await registry.getLatestVersion('streaming', 'orders-value');

    // Assess
    expect(version).toMatchObject({
      registryName: 'streaming',
      registryArn: 'arn:aws:glue:eu-west-1:222222222222:registry/streaming',
      schemaName: 'orders-value',
      schemaArn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-value',
      dataFormat: 'AVRO',
      compatibility: 'BACKWARD',
      versionNumber: 2,
    });
    expect(version?.definition).toContain('"channel"');
    expect(version?.updatedTime).not.toBe('');
  });

  it('returns undefined for a schema or registry that does not exist', async () => {
    await expect(registry.getLatestVersion('streaming', 'extra-23')).resolves.toBeUndefined();
    await expect(registry.getLatestVersion('no-such-registry', 'orders-value')).resolves.toBeUndefined();
  });

  it('throws InvalidInputError for names Glue would refuse', async () => {
    await expect(registry.listSchemas('bad name')).rejects.toThrow(InvalidInputError);
    await expect(registry.getLatestVersion('streaming', 'bad/name')).rejects.toThrow(InvalidInputError);
  });

  it('throws TransientAwsError when Glue throttles ListSchemas', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: { 'glue:ListSchemas': { rate: 1, code: 'ThrottlingException' } },
    });

    // Act & Assess
    await expect(registry.listSchemas('streaming')).rejects.toThrow(TransientAwsError);
  });

  it('throws TransientAwsError on an internal error and AwsCallError on access denied', async () => {
    // Prepare
    demo.local.cloud.faults.configure({
      errors: {
        'glue:GetSchema': { rate: 1, code: 'InternalServiceException', status: 500 },
        'glue:ListSchemas': { rate: 1, code: 'AccessDeniedException' },
      },
    });

    // Act & Assess
    await expect(registry.getLatestVersion('streaming', 'payments')).rejects.toThrow(TransientAwsError);
    const denied = registry.listSchemas('streaming');
    await expect(denied).rejects.toThrow(AwsCallError);
    await expect(denied).rejects.toThrow(/AccessDeniedException/);
  });
});
