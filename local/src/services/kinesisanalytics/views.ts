/** How applications are answered: ApplicationDetail and ApplicationSummary as the SDK types them. */
import type { ApplicationRecord } from './state.ts';

export function applicationDetail(app: ApplicationRecord) {
  return {
    ApplicationARN: app.ApplicationARN,
    ...(app.ApplicationDescription !== undefined
      ? { ApplicationDescription: app.ApplicationDescription }
      : {}),
    ApplicationName: app.ApplicationName,
    RuntimeEnvironment: app.RuntimeEnvironment,
    ServiceExecutionRole: app.ServiceExecutionRole,
    ApplicationStatus: app.ApplicationStatus,
    ApplicationVersionId: app.ApplicationVersionId,
    CreateTimestamp: new Date(app.CreateTimestamp),
    LastUpdateTimestamp: new Date(app.LastUpdateTimestamp),
    ApplicationConfigurationDescription: structuredClone(app.configuration),
    ...(app.CloudWatchLoggingOptionDescriptions.length > 0
      ? { CloudWatchLoggingOptionDescriptions: structuredClone(app.CloudWatchLoggingOptionDescriptions) }
      : {}),
    ...(app.ApplicationVersionUpdatedFrom !== undefined
      ? { ApplicationVersionUpdatedFrom: app.ApplicationVersionUpdatedFrom }
      : {}),
    ConditionalToken: app.ConditionalToken,
    ApplicationMode: app.ApplicationMode,
  };
}

export function applicationSummary(app: ApplicationRecord) {
  return {
    ApplicationName: app.ApplicationName,
    ApplicationARN: app.ApplicationARN,
    ApplicationStatus: app.ApplicationStatus,
    ApplicationVersionId: app.ApplicationVersionId,
    RuntimeEnvironment: app.RuntimeEnvironment,
    ApplicationMode: app.ApplicationMode,
  };
}
