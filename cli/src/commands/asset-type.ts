import { parseArgs } from 'node:util';
import { applyTopicAssetType } from '../../../asset-types/src/adapters/datazone-asset-type.ts';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { ClientFactory } from '../../../common/src/clients.ts';
import { loadStreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import { stderrLog } from '../output.ts';
import { UsageError } from '../usage.ts';

export const ASSET_TYPE_USAGE = 'streamgov asset-type apply --config FILE [--json]';

/**
 * `streamgov asset-type apply`: creates or updates the topic asset type and its form types in the domain,
 * with the code the CDK custom resource runs. Prints what it did.
 */
export async function runAssetType(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'apply' || positionals.length !== 1) {
    throw new UsageError(`unknown asset-type subcommand "${positionals.join(' ')}"`, ASSET_TYPE_USAGE);
  }
  if (!values.config) throw new UsageError('--config is required', ASSET_TYPE_USAGE);
  const config = await loadStreamgovConfig(values.config);
  const result = await applyTopicAssetType({
    client: new ClientFactory({ region: config.region }).dataZone(),
    domainId: config.domainId,
    owningProjectId: config.catalog.owningProjectId,
    definition: topicAssetType(config.catalog.assetTypeNames),
    log: stderrLog(),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    for (const form of result.formTypes)
      process.stdout.write(`form type  ${form.name}: ${form.action} (revision ${form.revision})\n`);
    process.stdout.write(
      `asset type ${config.catalog.assetTypeNames.assetType}: ${result.assetType.action} (revision ${result.assetType.revision})\n`,
    );
  }
  return 0;
}
