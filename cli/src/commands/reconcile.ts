import { parseArgs } from 'node:util';
import { ClientFactory } from '../../../common/src/clients.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import {
  driftRemains,
  type ReconcileReport,
  reconcileGrants,
} from '../../../grant-workflow/src/reconcile.ts';
import {
  createReconcileDependencies,
  reconcileGrantSettings,
} from '../../../grant-workflow/src/reconcile-config.ts';
import { loadStreamgovConfig, reconcileSettings } from '../../../infra/config/streamgov-config.ts';
import { stderrLog } from '../output.ts';
import { UsageError } from '../usage.ts';

export const RECONCILE_USAGE = 'streamgov reconcile --config FILE [--apply] [--json]';

function print(report: ReconcileReport, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  for (const note of report.pending) {
    process.stdout.write(`pending   ${note.grantId}/${note.assetId} ${note.detail}\n`);
  }
  for (const note of report.unresolved) {
    process.stdout.write(`unresolved ${note.grantId}/${note.assetId}: ${note.detail}\n`);
  }
  for (const item of report.drift) {
    const grant = item.grantId ? ` ${item.grantId}/${item.assetId}` : '';
    process.stdout.write(`${item.kind.padEnd(9)} ${item.target} ${item.topicArn}${grant}: ${item.detail}\n`);
  }
  for (const action of report.repaired?.actions ?? []) {
    process.stdout.write(
      `repair    ${action.action} ${action.side} ${action.grantId}/${action.assetId}: ${action.error ?? 'done'}\n`,
    );
  }
  const left = report.repaired?.remaining ?? report.drift;
  process.stdout.write(
    `reconcile: ${report.checkedGrants} grants checked, ${report.drift.length} findings, ` +
      `${left.filter((i) => i.kind !== 'foreign').length} to repair left, ${left.filter((i) => i.kind === 'foreign').length} foreign\n`,
  );
}

/**
 * `streamgov reconcile`: compares DataZone's grants with the ledgers and policies of every configured
 * environment account and, with --apply, repairs missing, extra and stale drift. Exit 0 when no
 * repairable drift remains (foreign statements are reported only), 1 otherwise.
 */
export async function runReconcile(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: 'string' },
      apply: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.config) throw new UsageError('--config is required', RECONCILE_USAGE);
  const config = await loadStreamgovConfig(values.config);
  const settings = reconcileSettings(config, values.apply);
  const log = stderrLog();
  const dependencies = createReconcileDependencies({
    factory: new ClientFactory({ region: config.region }),
    settings,
    log,
  });
  const report = await reconcileGrants({
    domainId: settings.domainId,
    assetType: settings.assetTypeNames.assetType,
    consumerGroups: settings.consumerGroups,
    settings: reconcileGrantSettings(settings),
    directory: dependencies.directory,
    environments: dependencies.environments,
    apply: settings.apply,
    log,
    clock: systemClock,
    random: Math.random,
  });
  print(report, values.json);
  return driftRemains(report) ? 1 : 0;
}
