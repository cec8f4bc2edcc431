import {
  AccessDeniedException,
  type DataZoneClient,
  GetLineageNodeCommand,
  ListLineageNodeHistoryCommand,
  ResourceNotFoundException,
  SearchCommand,
} from '@aws-sdk/client-datazone';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientFactory } from '../../../../../common/src/clients.ts';
import { AwsCallError } from '../../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../../common/src/logger.ts';
import { DataZoneLineageReader } from '../../../../../lineage/src/audit/adapters/datazone-lineage-reader.ts';

type Handler = (command: unknown) => unknown;

/**
 * A real DataZone client instance (the paginators insist on one) whose `send` answers with `handler`,
 * recording every command's input; nothing goes over the wire.
 */
function fakeClient(handler: Handler): { client: DataZoneClient; inputs: Record<string, unknown>[] } {
  const inputs: Record<string, unknown>[] = [];
  const client = new ClientFactory({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDUNIT', secretAccessKey: 'unit' },
  }).dataZone();
  vi.spyOn(client, 'send').mockImplementation((async (command: { input: Record<string, unknown> }) => {
    inputs.push({ ...command.input });
    return handler(command);
  }) as unknown as DataZoneClient['send']);
  return { client, inputs };
}

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 10, minute));

function reader(client: DataZoneClient, pageSize = 2): DataZoneLineageReader {
  return new DataZoneLineageReader({ client, domainId: 'dzd_test', log: new MemoryLog(), pageSize });
}

describe('DataZoneLineageReader', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads every page of a node history and keeps its first and last event times', async () => {
    // Prepare: two pages, newest first
    const { client, inputs } = fakeClient((command) => {
      if (!(command instanceof ListLineageNodeHistoryCommand)) throw new Error('unexpected command');
      return command.input.nextToken === undefined
        ? {
            nodes: [
              { id: 'n1', eventTimestamp: at(3) },
              { id: 'n1', eventTimestamp: at(2) },
            ],
            nextToken: 'p2',
          }
        : { nodes: [{ id: 'n1', eventTimestamp: at(1) }] };
    });
    // Act
    const history = await reader(client).nodeHistory('n1');
    // Assess
    expect(history).toEqual({
      events: 3,
      firstEventAt: '2025-01-01T10:01:00.000Z',
      lastEventAt: '2025-01-01T10:03:00.000Z',
    });
    expect(inputs).toEqual([
      { domainIdentifier: 'dzd_test', identifier: 'n1', maxResults: 2 },
      { domainIdentifier: 'dzd_test', identifier: 'n1', maxResults: 2, nextToken: 'p2' },
    ]);
  });

  it('searches every page and keeps only the exact externalIdentifier', async () => {
    // Prepare: Search also returns a near match, and the exact one is on page two
    const { client, inputs } = fakeClient((command) => {
      if (!(command instanceof SearchCommand)) throw new Error('unexpected command');
      const item = (identifier: string, externalIdentifier: string) => ({
        assetItem: { identifier, name: 'orders', typeIdentifier: 'MskTopicAssetType', externalIdentifier },
      });
      return command.input.nextToken === undefined
        ? { items: [item('a1', 'arn:x/orders-v2')], nextToken: 'p2' }
        : { items: [item('a2', 'arn:x/orders')] };
    });
    // Act
    const found = await reader(client).findByExternalIdentifier('arn:x/orders');
    // Assess
    expect(found).toEqual({
      id: 'a2',
      name: 'orders',
      typeName: 'MskTopicAssetType',
      externalIdentifier: 'arn:x/orders',
    });
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      searchScope: 'ASSET',
      filters: { filter: { attribute: 'externalIdentifier', value: 'arn:x/orders' } },
    });
  });

  it('maps GetLineageNode to domain terms, forms parsed and references kept', async () => {
    // Prepare
    const { client } = fakeClient((command) => {
      if (!(command instanceof GetLineageNodeCommand)) throw new Error('unexpected command');
      return {
        domainId: 'dzd_test',
        id: 'n1',
        name: 'orders',
        typeName: 'MskTopicAssetType',
        sourceIdentifier: 'kafka://b-1:9098/orders',
        eventTimestamp: at(5),
        formsOutput: [
          { formName: 'AssetCommonDetailsForm', content: '{"sourceIdentifier":"kafka://b-1:9098/orders"}' },
        ],
        upstreamNodes: [{ id: 'u1', eventTimestamp: at(4) }, {}],
        downstreamNodes: [{ id: 'd1' }],
      };
    });
    // Act
    const node = await reader(client).getNode('kafka://b-1:9098/orders');
    // Assess
    expect(node).toEqual({
      id: 'n1',
      name: 'orders',
      typeName: 'MskTopicAssetType',
      sourceIdentifier: 'kafka://b-1:9098/orders',
      eventTimestamp: '2025-01-01T10:05:00.000Z',
      forms: { AssetCommonDetailsForm: { sourceIdentifier: 'kafka://b-1:9098/orders' } },
      upstream: [{ id: 'u1', eventTimestamp: '2025-01-01T10:04:00.000Z' }],
      downstream: [{ id: 'd1' }],
    });
  });

  it('answers undefined for ResourceNotFoundException', async () => {
    // Prepare
    const { client } = fakeClient(() => {
      throw new ResourceNotFoundException({ message: 'no node', $metadata: { httpStatusCode: 404 } });
    });
    // Act / Assess
    expect(await reader(client).getNode('x')).toBeUndefined();
    expect(await reader(client).getAsset('x')).toBeUndefined();
  });

  it('throws AwsCallError naming the call for any other refusal', async () => {
    // Prepare
    const { client } = fakeClient(() => {
      throw new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } });
    });
    // Act
    const act = reader(client).nodeHistory('n1');
    // Assess
    await expect(act).rejects.toThrow(AwsCallError);
    await expect(act).rejects.toThrow(
      'datazone:ListLineageNodeHistory n1 failed: AccessDeniedException: denied',
    );
  });
});
