import type { Log } from '../../../common/src/logger.ts';
import { collectGrant, type GrantCatalog } from '../collect-grant.ts';
import type { CentralSettings } from '../config.ts';
import type { CentralInput, CollectOutcome } from '../contract.ts';

/** What the CollectMetadata function is built from. */
export interface CollectMetadataDeps {
  readonly settings: CentralSettings;
  readonly catalog: GrantCatalog;
  readonly log: Log;
}

/**
 * The CollectMetadata task: the DataZone event in, the collected grant out (see collectGrant). Errors
 * leave under their names (InvalidGrantRequestError, TransientAwsError…) for the state machine's Retry
 * and Catch.
 */
export function createCollectMetadataHandler(
  deps: CollectMetadataDeps,
): (event: CentralInput) => Promise<CollectOutcome> {
  return (event) => collectGrant({ event, ...deps });
}
