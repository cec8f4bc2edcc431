/**
 * The reconcile step of the demo: the deployed reconcile function compares DataZone's grants with the
 * ledgers and policies in force in every environment account (report-only).
 *
 * @module
 */
import { driftRemains, type ReconcileReport } from '../../../grant-workflow/src/reconcile.ts';
import { type DemoContext, deployedFunction, invokeFunction } from './context.ts';
import { DemoExpectationError } from './errors.ts';

/** The logical id prefix of the scheduled reconcile function in the governance stack. */
export const RECONCILE_FUNCTION_PREFIX = 'GrantReconcile';

/** What the reconcile step found. */
export interface ReconcileFacts {
  readonly report: ReconcileReport;
}

/**
 * Invokes the deployed reconcile function (as its schedule would).
 * @throws DemoExpectationError when the app has no reconcile function, or listing the drift found.
 */
export async function reconcile(context: DemoContext): Promise<ReconcileFacts> {
  const fn = deployedFunction(
    context.deployment,
    context.estate.governanceAccount,
    RECONCILE_FUNCTION_PREFIX,
  );
  if (!fn)
    throw new DemoExpectationError(`the governance stack has no ${RECONCILE_FUNCTION_PREFIX} function`);
  const report = await invokeFunction<ReconcileReport>(context, fn.name, {});
  context.printer.detail(
    `Lambda Invoke ${fn.name}: ${report.checkedGrants} GRANTED grants checked, ` +
      `${report.drift.length} findings, ${report.pending.length} pending, ${report.unresolved.length} unresolved`,
  );
  for (const item of report.drift) {
    context.printer.detail(`  ${item.kind} ${item.target} ${item.topicArn}: ${item.detail}`);
  }
  if (driftRemains(report) || report.drift.length > 0) {
    throw new DemoExpectationError(`reconcile found ${report.drift.length} findings (listed above)`);
  }
  context.printer.detail('no drift: the policies in force match DataZone’s grants');
  return { report };
}
