/**
 * The grant workflow's metrics (namespace `streamgov`): names, services and dimensions in one place,
 * recorded by the handlers and used by infra's dashboard and the reconcile drift alarm.
 *
 * @module
 */
import type { MetricsRecorder } from '../../common/src/metrics.ts';
import { GRANT_STATUS, type GrantAction, type GrantSide } from './contract.ts';
import type { DriftKind } from './drift.ts';
import type { ReconcileReport } from './reconcile.ts';
import type { CompensationOutcome } from './report-status.ts';

/** Metrics of the central functions (service `grant-workflow`: CollectMetadata and ReportStatus). */
export const GRANT_CENTRAL_METRICS = {
  service: 'grant-workflow',
  names: {
    /** Statuses reported to DataZone, by `Status` (GRANTED, REVOKED, GRANT_FAILED, REVOKE_FAILED). */
    reported: 'GrantsReported',
    /** Out-of-date grant events skipped by CollectMetadata (a grant after its revoke, …). */
    skipped: 'GrantEventsSkipped',
    /** Sides whose applied access a failed GRANT took back, by `Side`. */
    compensated: 'Compensations',
    /** Sides whose compensation failed (access may remain until reconcile), by `Side`. */
    compensationFailed: 'CompensationsFailed',
  },
  dimensions: { status: 'Status', side: 'Side' },
  statuses: [
    GRANT_STATUS.GRANT.done,
    GRANT_STATUS.REVOKE.done,
    GRANT_STATUS.GRANT.failed,
    GRANT_STATUS.REVOKE.failed,
  ],
  sides: ['producer', 'consumer'],
} as const;

/** Metrics of the environment apply function (service `grant-environment`, in each environment account). */
export const GRANT_ENVIRONMENT_METRICS = {
  service: 'grant-environment',
  names: {
    /** Grants and revokes applied on one side, by `Action` and `Side` (an undo counts as a REVOKE). */
    applied: 'GrantsApplied',
    /** Undos (compensations of a failed or late GRANT) applied, by `Side`. */
    undone: 'GrantsUndone',
  },
  dimensions: { action: 'Action', side: 'Side' },
} as const;

/** Metrics of the scheduled reconcile (service `grant-reconcile`), one data point set per run. */
export const GRANT_RECONCILE_METRICS = {
  service: 'grant-reconcile',
  names: {
    /** Findings before any repair, by `Kind` (missing, extra, stale, foreign); 0 when none. */
    findings: 'DriftFindings',
    /** Repairs that succeeded (apply runs only). */
    repaired: 'DriftRepaired',
    /** Repairs that failed (apply runs only). */
    repairsFailed: 'RepairsFailed',
    /**
     * What is left to do after the run: repairable findings (not foreign) not repaired, plus failed
     * repairs. Above 0 exactly when driftRemains(report); the drift alarm watches it.
     */
    remaining: 'DriftRemaining',
  },
  dimensions: { kind: 'Kind' },
  kinds: ['missing', 'extra', 'stale', 'foreign'] as const satisfies readonly DriftKind[],
} as const;

/** Records one status reported to DataZone, and the compensation it reports. */
export function recordReported(
  metrics: MetricsRecorder,
  status: string,
  compensation: CompensationOutcome | undefined,
): void {
  const { names, dimensions } = GRANT_CENTRAL_METRICS;
  metrics.count(names.reported, 1, { [dimensions.status]: status });
  for (const side of compensation?.compensated ?? []) {
    metrics.count(names.compensated, 1, { [dimensions.side]: side });
  }
  for (const { side } of compensation?.failed ?? []) {
    metrics.count(names.compensationFailed, 1, { [dimensions.side]: side });
  }
}

/** Records one side applied by the environment workflow. */
export function recordApplied(
  metrics: MetricsRecorder,
  action: GrantAction,
  side: GrantSide,
  undo: boolean,
): void {
  const { names, dimensions } = GRANT_ENVIRONMENT_METRICS;
  metrics.count(names.applied, 1, { [dimensions.action]: action, [dimensions.side]: side });
  if (undo) metrics.count(names.undone, 1, { [dimensions.side]: side });
}

/** What a reconcile report leaves to do (see {@link GRANT_RECONCILE_METRICS} `remaining`). */
export function driftRemaining(report: ReconcileReport): number {
  const left = report.repaired?.remaining ?? report.drift;
  const failed = report.repaired?.actions.filter((a) => a.error !== undefined).length ?? 0;
  return left.filter((item) => item.kind !== 'foreign').length + failed;
}

/** Records one reconcile run: findings by kind (0 included), repairs and what remains. */
export function recordReconcile(metrics: MetricsRecorder, report: ReconcileReport): void {
  const { names, dimensions, kinds } = GRANT_RECONCILE_METRICS;
  for (const kind of kinds) {
    metrics.count(names.findings, report.drift.filter((i) => i.kind === kind).length, {
      [dimensions.kind]: kind,
    });
  }
  if (report.repaired) {
    const failed = report.repaired.actions.filter((a) => a.error !== undefined).length;
    metrics.count(names.repaired, report.repaired.actions.length - failed);
    metrics.count(names.repairsFailed, failed);
  }
  metrics.count(names.remaining, driftRemaining(report));
}
