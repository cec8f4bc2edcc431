import { type HandlerEntry, repoPath } from './handler-entries.ts';

/** Entry points of the grant workflow's functions; grant-workflow/src/handlers owns the files. */
export const GRANT_HANDLER_ENTRIES: Readonly<
  Record<'collectMetadata' | 'reportStatus' | 'apply' | 'reconcile', HandlerEntry>
> = {
  collectMetadata: {
    entry: repoPath('grant-workflow/src/handlers/central-entry.ts'),
    handler: 'collectMetadata',
  },
  reportStatus: { entry: repoPath('grant-workflow/src/handlers/central-entry.ts'), handler: 'reportStatus' },
  apply: { entry: repoPath('grant-workflow/src/handlers/environment-entry.ts'), handler: 'apply' },
  reconcile: { entry: repoPath('grant-workflow/src/handlers/reconcile.ts'), handler: 'handler' },
};
