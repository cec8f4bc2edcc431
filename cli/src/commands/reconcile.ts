import { parseArgs } from 'node:util';
import { ClientFactory } from '../../../common/src/clients.ts';
import type { Log } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import {
  driftRemains,
  type ReconcileReport,
  reconcileGrants,
} from '../../../grant-workflow/src/reconcile.ts';
import {
  createReconcileDependencies,
  reconcileParams,
} from '../../../grant-workflow/src/reconcile-config.ts';
import {
  loadStreamgovConfig,
  reconcileSettings,
  type StreamgovConfig,
} from '../../../infra/config/streamgov-config.ts';
import { stderrLog } from '../output.ts';
import { UsageError } from '../usage.ts';

export const RECONCILE_USAGE = 'streamgov reconcile --config FILE [--apply] [--json]';

/** Options of {@link reconcileConfigured}. */
interface ReconcileRunOptions {
  /** Clients of the domain account; the environment accounts are reached through their reconcile roles. */
  readonly factory: ClientFactory;
  readonly log: Log;
  /** Repair drift; report-only otherwise. */
  readonly apply: boolean;
}

/**
 * One reconcile run of the grants of `config`:
 * the configuration's reconcile settings, DataZone and the environment accounts through `factory`.
 */
async function reconcileConfigured(
  config: StreamgovConfig,
  options: ReconcileRunOptions,
): Promise<ReconcileReport> {
  const { factory, log, apply } = options;
  const settings = reconcileSettings(config, apply);
  const dependencies = createReconcileDependencies({ factory, settings, log });
  return reconcileGrants(
    reconcileParams(settings, dependencies, { log, clock: systemClock, random: Math.random }),
  );
}

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
  const report = await reconcileConfigured(config, {
    factory: new ClientFactory({ region: config.region }),
    log: stderrLog(),
    apply: values.apply,
  });
  print(report, values.json);
  return driftRemains(report) ? 1 : 0;
}
