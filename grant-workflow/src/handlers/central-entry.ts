import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { ClientFactory } from '../../../common/src/clients.ts';
import { runtimeRegion } from '../../../common/src/config.ts';
import { createLogger } from '../../../common/src/logger.ts';
import { PowertoolsMetricsRecorder } from '../../../common/src/metrics.ts';
import { DataZoneSubscriptions } from '../adapters/datazone-subscriptions.ts';
import { centralSettingsFromEnvironment } from '../config.ts';
import type { CentralInput } from '../contract.ts';
import { GRANT_CENTRAL_METRICS } from '../metrics.ts';
import { createCollectMetadataHandler } from './collect-metadata.ts';
import { createReportStatusHandler, type ReportStatusEvent } from './report-status.ts';

const log = createLogger('grant-workflow');
const settings = centralSettingsFromEnvironment();
const catalog = new DataZoneSubscriptions({
  client: new ClientFactory({ region: runtimeRegion() }).dataZone(),
  domainId: settings.domainId,
  definition: topicAssetType(settings.assetTypeNames),
  log,
});

/** The CollectMetadata function of the central state machine. */
export const collectMetadata: (event: CentralInput) => Promise<unknown> = createCollectMetadataHandler({
  settings,
  catalog,
  log,
  metrics: new PowertoolsMetricsRecorder({ service: GRANT_CENTRAL_METRICS.service }),
});

/** The ReportSuccess / ReportFailure function of the central state machine. */
export const reportStatus: (event: ReportStatusEvent) => Promise<unknown> = createReportStatusHandler({
  settings,
  catalog,
  log,
  timeoutSeconds: settings.environmentTimeoutSeconds,
  metrics: new PowertoolsMetricsRecorder({ service: GRANT_CENTRAL_METRICS.service }),
});
