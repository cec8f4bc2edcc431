import { ClientFactory } from '../../../common/src/clients.ts';
import { runtimeRegion } from '../../../common/src/config.ts';
import { createLogger } from '../../../common/src/logger.ts';
import { PowertoolsMetricsRecorder } from '../../../common/src/metrics.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import { environmentSettingsFromEnvironment } from '../environment-config.ts';
import { GRANT_ENVIRONMENT_METRICS } from '../metrics.ts';
import { type ApplyEvent, createApplyHandler } from './apply.ts';
import { createGrantPorts } from './wiring.ts';

const log = createLogger('grant-workflow');
const settings = environmentSettingsFromEnvironment();

/** The ApplyGrant function of an environment state machine (its account's own role and clients). */
export const apply: (event: ApplyEvent) => Promise<unknown> = createApplyHandler({
  ports: createGrantPorts(new ClientFactory({ region: runtimeRegion() }), settings, log),
  settings: settings.grant,
  log,
  clock: systemClock,
  random: Math.random,
  metrics: new PowertoolsMetricsRecorder({ service: GRANT_ENVIRONMENT_METRICS.service }),
});
