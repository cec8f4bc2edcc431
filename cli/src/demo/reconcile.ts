/**
 * The reconcile step of the demo: DataZone's grants compared with the ledgers and policies in force in
 * every environment account — through the deployed reconcile function when the app has one, else with
 * the reconcile use case and the configuration file (as `streamgov reconcile`).
 *
 * @module
 */
import { MemoryLog } from '../../../common/src/logger.ts';
import { driftRemains, type ReconcileReport } from '../../../grant-workflow/src/reconcile.ts';
import { reconcileConfigured } from '../commands/reconcile.ts';
import { type DemoContext, deployedFunction, invokeFunction } from './context.ts';
import { DemoExpectationError } from './errors.ts';

/** Logical id prefixes the reconcile function may have in the governance stack. */
export const RECONCILE_FUNCTION_PREFIXES = ['GrantReconcile', 'Reconcile', 'GrantWorkflowReconcile'] as const;

/** What the reconcile step found. */
export interface ReconcileFacts {
  readonly via: 'deployed function' | 'use case';
  readonly report: ReconcileReport;
}

/**
 * Step 7: reconcile, report-only.
 * @throws DemoExpectationError listing the drift when any is found.
 */
export async function reconcile(context: DemoContext): Promise<ReconcileFacts> {
  const fn = RECONCILE_FUNCTION_PREFIXES.map((prefix) =>
    deployedFunction(context.deployment, context.estate.governanceAccount, prefix),
  ).find((f) => f !== undefined);
  const report = fn
    ? await invokeFunction<ReconcileReport>(context, fn.name, {})
    : await reconcileConfigured(context.config, {
        factory: context.accounts.governance,
        log: new MemoryLog(),
        apply: false,
      });
  const via = fn ? 'deployed function' : 'use case';
  context.printer.detail(
    `${fn ? `Lambda Invoke ${fn.name}` : `reconcile with ${context.configFile}`}: ${report.checkedGrants} GRANTED grants checked, ` +
      `${report.drift.length} findings, ${report.pending.length} pending, ${report.unresolved.length} unresolved`,
  );
  for (const item of report.drift) {
    context.printer.detail(`  ${item.kind} ${item.target} ${item.topicArn}: ${item.detail}`);
  }
  if (driftRemains(report) || report.drift.length > 0) {
    throw new DemoExpectationError(`reconcile found ${report.drift.length} findings (listed above)`);
  }
  context.printer.detail('no drift: the policies in force match DataZone’s grants');
  return { via, report };
}
