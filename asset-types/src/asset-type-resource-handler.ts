import { ClientFactory } from '../../common/src/clients.ts';
import { runtimeRegion } from '../../common/src/config.ts';
import { createLogger } from '../../common/src/logger.ts';
import {
  type AssetTypeResourceEvent,
  type AssetTypeResourceResponse,
  onAssetTypeResourceEvent,
} from './asset-type-resource.ts';

const log = createLogger('asset-types');
const client = new ClientFactory({ region: runtimeRegion() }).dataZone();

/** onEvent handler of the TopicAssetType custom resource (CDK Provider framework). */
export async function handler(event: AssetTypeResourceEvent): Promise<AssetTypeResourceResponse> {
  log.info('asset type resource event', { requestType: event.RequestType });
  return onAssetTypeResourceEvent(event, { client, log });
}
