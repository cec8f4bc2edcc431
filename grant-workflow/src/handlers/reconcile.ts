import { ClientFactory } from '../../../common/src/clients.ts';
import { runtimeRegion } from '../../../common/src/config.ts';
import { createLogger, type Log } from '../../../common/src/logger.ts';
import { type MetricsRecorder, noMetrics, PowertoolsMetricsRecorder } from '../../../common/src/metrics.ts';
import { type Clock, systemClock } from '../../../common/src/rate-limiter.ts';
import { GRANT_RECONCILE_METRICS, recordReconcile } from '../metrics.ts';
import { driftRemains, type ReconcileReport, reconcileGrants } from '../reconcile.ts';
import {
  createReconcileDependencies,
  type ReconcileDependencies,
  type ReconcileSettings,
  reconcileParams,
  reconcileSettingsFromEnvironment,
} from '../reconcile-config.ts';

/** What the scheduled reconcile runs with. */
export interface ReconcileHandlerOptions {
  readonly settings: ReconcileSettings;
  readonly dependencies: ReconcileDependencies;
  readonly log: Log;
  readonly clock: Clock;
  readonly random: () => number;
  /** Where each run's findings are recorded (GRANT_RECONCILE_METRICS). @default no metrics */
  readonly metrics?: MetricsRecorder;
}

/**
 * The scheduled reconcile: one run per invocation (the event is ignored), report-only unless the
 * settings say apply. Each run logs its report and records its findings (GRANT_RECONCILE_METRICS:
 * `DriftRemaining` is what the drift alarm watches), flushed before it returns or throws. Drift is a
 * finding, not a failure: the run returns its report, so only the drift alarm fires; a run that cannot
 * read DataZone, IAM, MSK or SSM throws, and the error alarm (then the dead-letter queue) says so.
 * @param options - See {@link ReconcileHandlerOptions}.
 * @returns The handler; it resolves to the report.
 */
export function createReconcileHandler(options: ReconcileHandlerOptions): () => Promise<ReconcileReport> {
  const { settings, dependencies, log, clock, random, metrics = noMetrics } = options;
  return async () => {
    try {
      const report = await reconcileGrants(reconcileParams(settings, dependencies, { log, clock, random }));
      log.info('Reconcile report', { report });
      recordReconcile(metrics, report);
      if (driftRemains(report)) log.warn('Grant drift remains', { domainId: report.domainId });
      return report;
    } finally {
      metrics.flush();
    }
  };
}

let cached: (() => Promise<ReconcileReport>) | undefined;

/** The reconcile function's entry point: configuration and clients are built on the first invocation. */
export async function handler(): Promise<ReconcileReport> {
  if (cached === undefined) {
    const log = createLogger('grant-workflow', { function: 'reconcile' });
    const settings = reconcileSettingsFromEnvironment();
    const factory = new ClientFactory({ region: runtimeRegion() });
    cached = createReconcileHandler({
      settings,
      dependencies: createReconcileDependencies({ factory, settings, log }),
      log,
      clock: systemClock,
      random: Math.random,
      metrics: new PowertoolsMetricsRecorder({ service: GRANT_RECONCILE_METRICS.service }),
    });
  }
  return cached();
}
