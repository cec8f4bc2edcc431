import { parseArgs } from 'node:util';
import { ClientFactory } from '../../../common/src/clients.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import { PartialSyncError } from '../../../datasource-lambda/src/errors.ts';
import { type SyncSummary, summaryLine } from '../../../datasource-lambda/src/summary.ts';
import { syncCatalog } from '../../../datasource-lambda/src/sync-assets.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { loadStreamgovConfig, syncSettings } from '../../../infra/config/streamgov-config.ts';
import { stderrLog } from '../output.ts';
import { UsageError } from '../usage.ts';

export const SYNC_USAGE = 'streamgov sync --config FILE [--json] [--dry-run] [--force-deletes] [--deep]';

function print(summary: SyncSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  if (summary.dryRun) {
    for (const item of summary.plan ?? []) process.stdout.write(`${item.kind.padEnd(9)} ${item.key}\n`);
  }
  for (const error of summary.parseErrors) {
    process.stdout.write(`schema not parsed: ${error.topic} (${error.schema}): ${error.error}\n`);
  }
  for (const schema of summary.unmatchedSchemas) process.stdout.write(`schema without topic: ${schema}\n`);
  for (const warning of summary.warnings) process.stdout.write(`warning: ${warning}\n`);
  process.stdout.write(
    `${summary.dryRun ? 'plan' : 'sync'}: ${summaryLine(summary)} (${summary.durationMs} ms)\n`,
  );
}

/**
 * `streamgov sync`: one catalog sync against the AWS endpoint of the environment (AWS, or the local cloud
 * through AWS_ENDPOINT_URL). Exit 0 when every item and source succeeded, 1 otherwise (with the summary).
 */
export async function runSync(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'force-deletes': { type: 'boolean', default: false },
      deep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config) throw new UsageError('--config is required', SYNC_USAGE);
  const config = await loadStreamgovConfig(values.config);
  const settings = syncSettings(config);
  const log = stderrLog();
  const ports = createSyncPorts({ factory: new ClientFactory({ region: config.region }), settings, log });
  try {
    const summary = await syncCatalog({
      settings,
      ports,
      log,
      clock: systemClock,
      options: { dryRun: values['dry-run'], force: values['force-deletes'], deep: values.deep },
    });
    print(summary, values.json);
    return 0;
  } catch (error) {
    if (!(error instanceof PartialSyncError)) throw error;
    print(error.summary, values.json);
    process.stderr.write(`${error.name}: ${error.message}\n`);
    return 1;
  }
}
