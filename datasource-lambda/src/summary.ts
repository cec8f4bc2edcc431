/**
 * The summary of one catalog sync run: what it did, what failed and why, what it cost.
 */

import type { Partition } from './partition.ts';
import type { DeleteGuardReport, PlannedAction } from './plan-asset-sync.ts';

/** One topic the run could not bring in step. */
export interface FailedItem {
  /** Index key (`<account>/<region>/<cluster>/<uuid>/<topic>`), or the source label for a source failure. */
  readonly key: string;
  readonly topic: string;
  /** `<ErrorName>: <message>`. */
  readonly error: string;
}

/** A value schema that could not be turned into columns (the asset exists, with the error recorded). */
export interface ParseErrorItem {
  readonly topic: string;
  /** `<registry>/<schema>`. */
  readonly schema: string;
  readonly error: string;
}

/** How one configured source's listings went. */
export interface SourceReport {
  /** `<cluster name or ARN> + <registry>`. */
  readonly source: string;
  /** All listings succeeded: deletes are allowed for this source's cluster. */
  readonly complete: boolean;
  readonly topics: number;
  readonly schemas: number;
  readonly error?: string;
}

/** One planned action, without its content (for dry runs and logs). */
export interface PlanItem {
  readonly kind: PlannedAction['kind'];
  readonly key: string;
  readonly topic: string;
  readonly assetId?: string;
}

export interface SyncSummary {
  readonly runId: string;
  readonly dryRun: boolean;
  /** The partition a partitioned run synced (its counts cover that partition only). */
  readonly partition?: Partition;
  /** Assets created (for a dry run: that would be). */
  readonly created: number;
  /** New revisions of indexed assets. */
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** Existing assets found by externalIdentifier and taken into the index (with a revision if they differed). */
  readonly adopted: number;
  readonly failed: readonly FailedItem[];
  readonly parseErrors: readonly ParseErrorItem[];
  /** `<registry>/<schema>` of schemas whose topic does not exist. */
  readonly unmatchedSchemas: readonly string[];
  /** Things a person should know that did not fail the run (truncated columns, topics that vanished). */
  readonly warnings: readonly string[];
  readonly sources: readonly SourceReport[];
  /** Index keys that look gone but were kept because their listing was not complete. */
  readonly heldBack: readonly string[];
  readonly deleteGuard?: DeleteGuardReport;
  /** Calls per port method (`catalog.createAsset`, …); adapters may make several AWS calls per port call. */
  readonly apiCalls?: Readonly<Record<string, number>>;
  readonly durationMs: number;
  /** The plan (always for a dry run). */
  readonly plan?: readonly PlanItem[];
}

/** `<ErrorName>: <message>` of any thrown value. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The plan as items without content. */
export function planItems(actions: readonly PlannedAction[]): PlanItem[] {
  return actions.map((a) => ({
    kind: a.kind,
    key: a.key,
    topic: a.topic,
    ...('assetId' in a ? { assetId: a.assetId } : {}),
  }));
}

/** One line for logs and error messages: counts and the first failures by name. */
export function summaryLine(summary: SyncSummary): string {
  const counts = `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, deleted ${summary.deleted}, adopted ${summary.adopted}, failed ${summary.failed.length}`;
  const failedSources = summary.sources.filter((s) => !s.complete).map((s) => s.source);
  const parts = summary.partition
    ? [`partition ${summary.partition.index} of ${summary.partition.count}: ${counts}`]
    : [counts];
  if (failedSources.length > 0) parts.push(`incomplete sources: ${failedSources.join(', ')}`);
  if (summary.failed.length > 0) {
    const names = summary.failed.slice(0, 5).map((f) => `${f.topic} (${f.error})`);
    parts.push(
      `failed: ${names.join('; ')}${summary.failed.length > 5 ? ` and ${summary.failed.length - 5} more` : ''}`,
    );
  }
  if (summary.deleteGuard?.refused) parts.push(`deletes refused: ${summary.deleteGuard.reason}`);
  return parts.join('; ');
}
