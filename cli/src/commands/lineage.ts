import { parseArgs } from 'node:util';
import { ClientFactory } from '../../../common/src/clients.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { loadStreamgovConfig, syncSettings } from '../../../infra/config/streamgov-config.ts';
import { DataZoneLineageReader } from '../../../lineage/src/audit/adapters/datazone-lineage-reader.ts';
import { auditLineage, type LineageTarget } from '../../../lineage/src/audit/audit-lineage.ts';
import { parseDepth, parseFormat, parseTopicRef } from '../../../lineage/src/audit/options.ts';
import { renderJson } from '../../../lineage/src/audit/render-json.ts';
import { renderMermaid } from '../../../lineage/src/audit/render-mermaid.ts';
import { renderText } from '../../../lineage/src/audit/render-text.ts';
import { DEFAULT_DEPTH } from '../../../lineage/src/audit/traverse.ts';
import { stderrLog } from '../output.ts';
import { UsageError } from '../usage.ts';

export const LINEAGE_USAGE =
  'streamgov lineage --config FILE (--topic CLUSTER/TOPIC | --asset ID) [--format text|json|mermaid] [--depth N]';

const RENDERERS = { text: renderText, json: renderJson, mermaid: renderMermaid } as const;

/** Bad option values are usage errors (exit 2), with the message naming the option and the value. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new UsageError(error.message, LINEAGE_USAGE);
    throw error;
  }
}

/**
 * `streamgov lineage`: upstream and downstream of a topic (or of a catalog asset) from DataZone's lineage
 * APIs, as a text tree, a JSON document or a Mermaid graph on stdout. Exit 0 on success, 1 when the
 * topic, asset or lineage node does not exist or AWS fails, 2 on wrong arguments.
 */
export async function runLineage(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: 'string' },
      topic: { type: 'string' },
      asset: { type: 'string' },
      format: { type: 'string' },
      depth: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.config) throw new UsageError('--config is required', LINEAGE_USAGE);
  if ((values.topic === undefined) === (values.asset === undefined)) {
    throw new UsageError('give exactly one of --topic and --asset', LINEAGE_USAGE);
  }
  const format = usage(() => parseFormat(values.format));
  const depth = usage(() => parseDepth(values.depth, DEFAULT_DEPTH));
  const target: LineageTarget =
    values.topic !== undefined
      ? { kind: 'topic', ref: usage(() => parseTopicRef(values.topic ?? '')) }
      : { kind: 'asset', assetId: usage(() => nonEmpty(values.asset)) };
  const config = await loadStreamgovConfig(values.config);
  const settings = syncSettings(config);
  const log = stderrLog();
  const factory = new ClientFactory({ region: config.region });
  const ports = createSyncPorts({ factory, settings, log });
  const reader = new DataZoneLineageReader({ client: factory.dataZone(), domainId: config.domainId, log });
  const audit = await auditLineage<CatalogSource>({
    target,
    sources: settings.sources,
    directoryFor: (source) => ports.forSource(source).clusters,
    reader,
    assets: reader,
    depth,
  });
  process.stdout.write(RENDERERS[format](audit).replace(/\n?$/u, '\n'));
  return 0;
}

function nonEmpty(value: string | undefined): string {
  if (!value || value.trim() === '') throw new InvalidInputError('--asset', value, 'must be an asset id');
  return value;
}
