import { ClientFactory } from '../../../common/src/clients.ts';
import { runtimeRegion } from '../../../common/src/config.ts';
import { createLogger, type Log } from '../../../common/src/logger.ts';
import { type Clock, systemClock } from '../../../common/src/rate-limiter.ts';
import { DriftDetectedError, driftRemains, type ReconcileReport, reconcileGrants } from '../reconcile.ts';
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
}

/**
 * The scheduled reconcile: one run per invocation (the event is ignored), report-only unless the
 * settings say apply. Drift left over throws DriftDetectedError (after logging the report), so the
 * function's error alarm fires; foreign statements alone do not.
 * @param options - See {@link ReconcileHandlerOptions}.
 * @returns The handler; it resolves to the report when no drift remains.
 */
export function createReconcileHandler(options: ReconcileHandlerOptions): () => Promise<ReconcileReport> {
  const { settings, dependencies, log, clock, random } = options;
  return async () => {
    const report = await reconcileGrants(reconcileParams(settings, dependencies, { log, clock, random }));
    log.info('Reconcile report', { report });
    if (driftRemains(report)) throw new DriftDetectedError(report);
    return report;
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
    });
  }
  return cached();
}
