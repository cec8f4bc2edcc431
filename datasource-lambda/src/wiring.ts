import { topicAssetType } from '../../asset-types/src/definition.ts';
import { assumeRoleCredentials } from '../../common/src/assume-role.ts';
import type { ClientFactory } from '../../common/src/clients.ts';
import type { Log } from '../../common/src/logger.ts';
import { DataZoneAssetCatalog } from './adapters/datazone-asset-catalog.ts';
import { GlueSchemaRegistry } from './adapters/glue-schema-registry.ts';
import { KafkaClusterDirectory } from './adapters/kafka-cluster-directory.ts';
import { SsmAssetIndex } from './adapters/ssm-asset-index.ts';
import type { CatalogSource, SyncSettings } from './config.ts';
import type { SourcePorts, SyncPorts } from './ports.ts';

/**
 * The sync's ports on AWS: DataZone and the index with `factory`'s identity; each source's MSK and Glue
 * with the source's `readRoleArn` assumed (cross-account), or with `factory`'s identity when it has none.
 */
export function createSyncPorts(options: {
  factory: ClientFactory;
  settings: SyncSettings;
  log: Log;
}): SyncPorts {
  const { factory, settings, log } = options;
  const bySourceRole = new Map<string, SourcePorts>();
  return {
    catalog: new DataZoneAssetCatalog({
      client: factory.dataZone(),
      domainId: settings.domainId,
      owningProjectId: settings.owningProjectId,
      definition: topicAssetType(settings.assetTypeNames),
      log,
    }),
    index: new SsmAssetIndex({
      client: factory.ssm(),
      prefix: settings.indexPrefix,
      ...(settings.indexKmsKeyId ? { kmsKeyId: settings.indexKmsKeyId } : {}),
      log,
    }),
    forSource(source: CatalogSource): SourcePorts {
      const role = source.readRoleArn ?? '';
      const known = bySourceRole.get(role);
      if (known) return known;
      const clients = source.readRoleArn
        ? factory.withCredentials(
            assumeRoleCredentials(factory.sts(), source.readRoleArn, 'streamgov-catalog-sync'),
          )
        : factory;
      const ports = {
        clusters: new KafkaClusterDirectory({ client: clients.kafka(), log }),
        registry: new GlueSchemaRegistry({ client: clients.glue(), log }),
      };
      bySourceRole.set(role, ports);
      return ports;
    },
  };
}
