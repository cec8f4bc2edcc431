import { type HandlerEntry, repoPath } from './handler-entries.ts';

/** Entry points of the lineage functions; lineage/src/handlers owns the files. */
export const LINEAGE_HANDLER_ENTRIES: Readonly<Record<'ingest' | 'flinkLifecycle', HandlerEntry>> = {
  ingest: { entry: repoPath('lineage/src/handlers/ingest-entry.ts'), handler: 'handler' },
  flinkLifecycle: { entry: repoPath('lineage/src/handlers/flink-lifecycle-entry.ts'), handler: 'handler' },
};
