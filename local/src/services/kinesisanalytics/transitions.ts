/** Status changes that the service completes after answering (STARTING -> RUNNING and the like). */
import type { CallContext } from '../../cloud/types.ts';
import { endOperation } from './operations.ts';
import type {
  ApplicationRecord,
  ApplicationStatus,
  KinesisAnalyticsState,
  OperationRecord,
} from './state.ts';

/** How long a transitional status lasts locally, so that callers can observe it. */
const TRANSITION_MS = 20;

/**
 * After a short delay (tracked, so `cloud.settle()` waits for it), moves `app` from `from` to `to`, or
 * removes it for `'deleted'` — unless something else changed its status meanwhile. The `operation` that
 * asked for the transition ends SUCCESSFUL, or CANCELLED when it was superseded.
 */
export function completeTransition(
  ctx: CallContext<KinesisAnalyticsState>,
  app: ApplicationRecord,
  {
    from,
    to,
    operation,
  }: { from: ApplicationStatus; to: ApplicationStatus | 'deleted'; operation?: OperationRecord },
): void {
  const { state } = ctx;
  const done = new Promise((resolve) => setTimeout(resolve, TRANSITION_MS)).then(() => {
    const current = state.applications[app.ApplicationName];
    if (current !== app || current.ApplicationStatus !== from) {
      if (operation) endOperation(ctx, operation, 'CANCELLED');
      return;
    }
    if (operation) endOperation(ctx, operation, 'SUCCESSFUL');
    if (to === 'deleted') delete state.applications[app.ApplicationName];
    else current.ApplicationStatus = to;
  });
  ctx.cloud.track(done);
}
