import {
  type AssetItem,
  type DataZoneClient,
  GetAssetCommand,
  GetLineageNodeCommand,
  type LineageNodeReference,
  paginateListLineageNodeHistory,
  paginateSearch,
} from '@aws-sdk/client-datazone';
import { SYSTEM_FORMS } from '../../../../asset-types/src/definition.ts';
import { formsByName } from '../../../../asset-types/src/forms.ts';
import { translateAwsError } from '../../../../common/src/errors.ts';
import type { Log } from '../../../../common/src/logger.ts';
import type { LineageNodeDetails, NodeHistory, NodeReference } from '../model.ts';
import type { AssetLookup, AuditAsset, LineageGraphReader } from '../ports.ts';

const NOT_FOUND = 'ResourceNotFoundException';

export interface DataZoneLineageReaderOptions {
  /** A DataZone client of the domain's account (from common's ClientFactory). */
  readonly client: DataZoneClient;
  readonly domainId: string;
  readonly log: Log;
  /** Items per ListLineageNodeHistory and Search page (DataZone allows 1–50). @default 50 */
  readonly pageSize?: number;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === NOT_FOUND;
}

function iso(date: Date | undefined): string | undefined {
  return date === undefined ? undefined : date.toISOString();
}

function references(list: readonly LineageNodeReference[] | undefined): NodeReference[] {
  return (list ?? [])
    .filter((r): r is LineageNodeReference & { id: string } => typeof r.id === 'string' && r.id !== '')
    .map((r) => ({
      id: r.id,
      ...(r.eventTimestamp ? { eventTimestamp: r.eventTimestamp.toISOString() } : {}),
    }));
}

/**
 * DataZone's lineage and catalog APIs for the audit view: GetLineageNode, ListLineageNodeHistory (every
 * page), GetAsset and Search (every page). A missing node or asset is `undefined`; every other SDK error
 * becomes TransientAwsError (throttling, 5xx) or AwsCallError, with the call and identifier named.
 */
export class DataZoneLineageReader implements LineageGraphReader, AssetLookup {
  private readonly client: DataZoneClient;
  private readonly domainId: string;
  private readonly log: Log;
  private readonly pageSize: number;

  constructor(options: DataZoneLineageReaderOptions) {
    this.client = options.client;
    this.domainId = options.domainId;
    this.log = options.log;
    this.pageSize = options.pageSize ?? 50;
  }

  /** GetLineageNode by node id or sourceIdentifier; undefined when DataZone has no such node. */
  async getNode(identifier: string): Promise<LineageNodeDetails | undefined> {
    try {
      const out = await this.client.send(
        new GetLineageNodeCommand({ domainIdentifier: this.domainId, identifier }),
      );
      const eventTimestamp = iso(out.eventTimestamp);
      return {
        id: out.id ?? identifier,
        name: out.name ?? out.sourceIdentifier ?? out.id ?? identifier,
        typeName: out.typeName ?? '',
        ...(out.sourceIdentifier === undefined ? {} : { sourceIdentifier: out.sourceIdentifier }),
        ...(eventTimestamp === undefined ? {} : { eventTimestamp }),
        forms: formsByName(out.formsOutput ?? []),
        upstream: references(out.upstreamNodes),
        downstream: references(out.downstreamNodes),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateAwsError(error, `datazone:GetLineageNode ${identifier}`, {
        domainId: this.domainId,
        identifier,
      });
    }
  }

  /** Every page of ListLineageNodeHistory: the number of entries and the first and last event times. */
  async nodeHistory(nodeId: string): Promise<NodeHistory> {
    let events = 0;
    let first: string | undefined;
    let last: string | undefined;
    let pages = 0;
    try {
      for await (const page of paginateListLineageNodeHistory(
        { client: this.client, pageSize: this.pageSize },
        { domainIdentifier: this.domainId, identifier: nodeId },
      )) {
        pages += 1;
        for (const entry of page.nodes ?? []) {
          events += 1;
          const at = iso(entry.eventTimestamp);
          if (at === undefined) continue;
          if (first === undefined || at < first) first = at;
          if (last === undefined || at > last) last = at;
        }
      }
    } catch (error) {
      throw translateAwsError(error, `datazone:ListLineageNodeHistory ${nodeId}`, {
        domainId: this.domainId,
        nodeId,
      });
    }
    this.log.debug('read lineage node history', { nodeId, events, pages });
    return { events, ...(first ? { firstEventAt: first } : {}), ...(last ? { lastEventAt: last } : {}) };
  }

  /** GetAsset with the sourceIdentifier of its AssetCommonDetailsForm; undefined when it does not exist. */
  async getAsset(assetId: string): Promise<AuditAsset | undefined> {
    try {
      const out = await this.client.send(
        new GetAssetCommand({ domainIdentifier: this.domainId, identifier: assetId }),
      );
      const common = formsByName(out.formsOutput ?? [])[SYSTEM_FORMS.commonDetails.formName];
      const sourceIdentifier = common?.sourceIdentifier;
      return {
        id: out.id ?? assetId,
        name: out.name ?? '',
        typeName: out.typeIdentifier ?? '',
        ...(out.externalIdentifier ? { externalIdentifier: out.externalIdentifier } : {}),
        ...(typeof sourceIdentifier === 'string' ? { sourceIdentifier } : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateAwsError(error, `datazone:GetAsset ${assetId}`, { domainId: this.domainId, assetId });
    }
  }

  /**
   * The asset whose externalIdentifier is exactly `externalIdentifier` (Search in ASSET scope, every
   * page). Should several match, the smallest id is taken, so that the answer is stable.
   */
  async findByExternalIdentifier(externalIdentifier: string): Promise<AuditAsset | undefined> {
    const matches: AssetItem[] = [];
    try {
      for await (const page of paginateSearch(
        { client: this.client, pageSize: this.pageSize },
        {
          domainIdentifier: this.domainId,
          searchScope: 'ASSET',
          filters: { filter: { attribute: 'externalIdentifier', value: externalIdentifier } },
        },
      )) {
        for (const item of page.items ?? []) {
          const asset = item.assetItem;
          if (asset?.identifier && asset.externalIdentifier === externalIdentifier) matches.push(asset);
        }
      }
    } catch (error) {
      throw translateAwsError(error, `datazone:Search externalIdentifier ${externalIdentifier}`, {
        domainId: this.domainId,
        externalIdentifier,
      });
    }
    const [chosen] = matches.sort((a, b) => ((a.identifier ?? '') < (b.identifier ?? '') ? -1 : 1));
    if (!chosen?.identifier) return undefined;
    return {
      id: chosen.identifier,
      name: chosen.name ?? '',
      typeName: chosen.typeIdentifier ?? '',
      externalIdentifier,
    };
  }
}
