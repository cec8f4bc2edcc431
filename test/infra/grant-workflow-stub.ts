/** The `vi.mock` factory of the grant handler entries (imports no construct; see grant-workflow-support.ts). */
import type * as entries from '../../infra/lib/private/grant-handler-entries.ts';
import type { HandlerEntry } from '../../infra/lib/private/handler-entries.ts';

const STUB: HandlerEntry = {
  entry: new URL('./fixtures/stub-handler.ts', import.meta.url).pathname,
  handler: 'handler',
};

/** Every grant function bundles the stub handler. */
export function stubGrantHandlerEntries(original: typeof entries): typeof entries {
  return {
    ...original,
    GRANT_HANDLER_ENTRIES: { collectMetadata: STUB, reportStatus: STUB, apply: STUB, reconcile: STUB },
  };
}
