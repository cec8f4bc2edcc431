/**
 * Application configuration, pure: CreateApplication's ApplicationConfiguration and UpdateApplication's
 * ApplicationConfigurationUpdate turned into the ApplicationConfigurationDescription DescribeApplication
 * answers (Flink defaults filled in as the service does).
 */
import { createHash } from 'node:crypto';
import { invalidArgument, invalidConfiguration, unsupported } from './errors.ts';
import type { ConfigurationDescription } from './state.ts';

type Description = ConfigurationDescription;
type FlinkDescription = NonNullable<Description['FlinkApplicationConfigurationDescription']>;
type CodeDescription = NonNullable<Description['ApplicationCodeConfigurationDescription']>;

interface S3Location {
  readonly BucketARN: string;
  readonly FileKey: string;
  readonly ObjectVersion?: string;
}

interface PropertyGroup {
  readonly PropertyGroupId: string;
  readonly PropertyMap: Readonly<Record<string, string>>;
}

interface CodeConfiguration {
  readonly CodeContentType: string;
  readonly CodeContent?: {
    TextContent?: string;
    ZipFileContent?: Uint8Array;
    S3ContentLocation?: S3Location;
  };
}

interface FlinkConfiguration {
  readonly CheckpointConfiguration?: {
    ConfigurationType: string;
    CheckpointingEnabled?: boolean;
    CheckpointInterval?: number;
    MinPauseBetweenCheckpoints?: number;
  };
  readonly MonitoringConfiguration?: { ConfigurationType: string; MetricsLevel?: string; LogLevel?: string };
  readonly ParallelismConfiguration?: {
    ConfigurationType: string;
    Parallelism?: number;
    ParallelismPerKPU?: number;
    AutoScalingEnabled?: boolean;
  };
}

/** The SDK's ApplicationConfiguration (supported members; others are refused). */
export interface ApplicationConfiguration {
  readonly ApplicationCodeConfiguration?: CodeConfiguration;
  readonly EnvironmentProperties?: { readonly PropertyGroups: readonly PropertyGroup[] };
  readonly FlinkApplicationConfiguration?: FlinkConfiguration;
  readonly ApplicationSnapshotConfiguration?: { readonly SnapshotsEnabled: boolean };
  readonly [other: string]: unknown;
}

/** The SDK's ApplicationConfigurationUpdate (supported members; others are refused). */
export interface ApplicationConfigurationUpdate {
  readonly ApplicationCodeConfigurationUpdate?: {
    CodeContentTypeUpdate?: string;
    CodeContentUpdate?: {
      TextContentUpdate?: string;
      ZipFileContentUpdate?: Uint8Array;
      S3ContentLocationUpdate?: {
        BucketARNUpdate?: string;
        FileKeyUpdate?: string;
        ObjectVersionUpdate?: string;
      };
    };
  };
  readonly EnvironmentPropertyUpdates?: { readonly PropertyGroups: readonly PropertyGroup[] };
  readonly FlinkApplicationConfigurationUpdate?: {
    CheckpointConfigurationUpdate?: {
      ConfigurationTypeUpdate?: string;
      CheckpointingEnabledUpdate?: boolean;
      CheckpointIntervalUpdate?: number;
      MinPauseBetweenCheckpointsUpdate?: number;
    };
    MonitoringConfigurationUpdate?: {
      ConfigurationTypeUpdate?: string;
      MetricsLevelUpdate?: string;
      LogLevelUpdate?: string;
    };
    ParallelismConfigurationUpdate?: {
      ConfigurationTypeUpdate?: string;
      ParallelismUpdate?: number;
      ParallelismPerKPUUpdate?: number;
      AutoScalingEnabledUpdate?: boolean;
    };
  };
  readonly ApplicationSnapshotConfigurationUpdate?: { readonly SnapshotsEnabledUpdate: boolean };
  readonly [other: string]: unknown;
}

const SUPPORTED = [
  'ApplicationCodeConfiguration',
  'EnvironmentProperties',
  'FlinkApplicationConfiguration',
  'ApplicationSnapshotConfiguration',
];
const SUPPORTED_UPDATES = [
  'ApplicationCodeConfigurationUpdate',
  'EnvironmentPropertyUpdates',
  'FlinkApplicationConfigurationUpdate',
  'ApplicationSnapshotConfigurationUpdate',
];

export function isFlink(runtime: string): boolean {
  return runtime.startsWith('FLINK-');
}

function refuseUnsupported(object: object, supported: readonly string[]): void {
  const other = Object.keys(object).filter(
    (key) => !supported.includes(key) && (object as Record<string, unknown>)[key] !== undefined,
  );
  if (other.length > 0)
    throw unsupported(`${other.join(', ')} is not supported by the streamgov local cloud`);
}

function propertyGroups(groups: readonly PropertyGroup[]): Description['EnvironmentPropertyDescriptions'] {
  const ids = groups.map((g) => g.PropertyGroupId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw invalidArgument(`Duplicate PropertyGroupId: ${duplicate}`);
  return {
    PropertyGroupDescriptions: groups.map((g) => ({
      PropertyGroupId: g.PropertyGroupId,
      PropertyMap: { ...g.PropertyMap },
    })),
  };
}

function md5(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}

function codeDescription(code: CodeConfiguration, runtime: string): CodeDescription {
  const content = code.CodeContent ?? {};
  if (code.CodeContentType === 'PLAINTEXT') {
    if (isFlink(runtime))
      throw invalidConfiguration('Apache Flink applications require CodeContentType ZIPFILE.');
    if (content.TextContent === undefined) throw invalidConfiguration('PLAINTEXT code requires TextContent.');
    return {
      CodeContentType: 'PLAINTEXT',
      CodeContentDescription: {
        TextContent: content.TextContent,
        CodeMD5: md5(content.TextContent),
        CodeSize: Buffer.byteLength(content.TextContent, 'utf8'),
      },
    };
  }
  if (content.TextContent !== undefined) throw invalidConfiguration('ZIPFILE code cannot have TextContent.');
  if (content.ZipFileContent !== undefined && content.S3ContentLocation !== undefined) {
    throw invalidConfiguration('Specify either ZipFileContent or S3ContentLocation, not both.');
  }
  if (content.ZipFileContent !== undefined) {
    return {
      CodeContentType: 'ZIPFILE',
      CodeContentDescription: {
        CodeMD5: md5(content.ZipFileContent),
        CodeSize: content.ZipFileContent.length,
      },
    };
  }
  const s3 = content.S3ContentLocation;
  if (!s3) throw invalidConfiguration('ZIPFILE code requires ZipFileContent or S3ContentLocation.');
  return {
    CodeContentType: 'ZIPFILE',
    CodeContentDescription: {
      S3ApplicationCodeLocationDescription: {
        BucketARN: s3.BucketARN,
        FileKey: s3.FileKey,
        ...(s3.ObjectVersion !== undefined ? { ObjectVersion: s3.ObjectVersion } : {}),
      },
    },
  };
}

/** The service's values for ConfigurationType DEFAULT. */
function defaultFlink(): FlinkDescription {
  return {
    CheckpointConfigurationDescription: {
      ConfigurationType: 'DEFAULT',
      CheckpointingEnabled: true,
      CheckpointInterval: 60_000,
      MinPauseBetweenCheckpoints: 5_000,
    },
    MonitoringConfigurationDescription: {
      ConfigurationType: 'DEFAULT',
      MetricsLevel: 'APPLICATION',
      LogLevel: 'INFO',
    },
    ParallelismConfigurationDescription: {
      ConfigurationType: 'DEFAULT',
      Parallelism: 1,
      ParallelismPerKPU: 1,
      CurrentParallelism: 1,
      AutoScalingEnabled: false,
    },
  };
}

/** Applies settings given for CUSTOM configuration types; DEFAULT resets a part to the service's values. */
function applyFlink(
  base: FlinkDescription,
  changes: {
    checkpoint?: { type?: string; enabled?: boolean; interval?: number; minPause?: number };
    monitoring?: { type?: string; metrics?: string; log?: string };
    parallelism?: { type?: string; parallelism?: number; perKpu?: number; autoScaling?: boolean };
  },
): FlinkDescription {
  const defaults = defaultFlink();
  const result: FlinkDescription = structuredClone(base);
  const { checkpoint, monitoring, parallelism } = changes;
  if (checkpoint) {
    const type = checkpoint.type ?? result.CheckpointConfigurationDescription.ConfigurationType;
    const current =
      type === 'DEFAULT'
        ? defaults.CheckpointConfigurationDescription
        : result.CheckpointConfigurationDescription;
    result.CheckpointConfigurationDescription = {
      ConfigurationType: type,
      CheckpointingEnabled:
        type === 'DEFAULT'
          ? current.CheckpointingEnabled
          : (checkpoint.enabled ?? current.CheckpointingEnabled),
      CheckpointInterval:
        type === 'DEFAULT' ? current.CheckpointInterval : (checkpoint.interval ?? current.CheckpointInterval),
      MinPauseBetweenCheckpoints:
        type === 'DEFAULT'
          ? current.MinPauseBetweenCheckpoints
          : (checkpoint.minPause ?? current.MinPauseBetweenCheckpoints),
    };
  }
  if (monitoring) {
    const type = monitoring.type ?? result.MonitoringConfigurationDescription.ConfigurationType;
    const current =
      type === 'DEFAULT'
        ? defaults.MonitoringConfigurationDescription
        : result.MonitoringConfigurationDescription;
    result.MonitoringConfigurationDescription = {
      ConfigurationType: type,
      MetricsLevel: type === 'DEFAULT' ? current.MetricsLevel : (monitoring.metrics ?? current.MetricsLevel),
      LogLevel: type === 'DEFAULT' ? current.LogLevel : (monitoring.log ?? current.LogLevel),
    };
  }
  if (parallelism) {
    const type = parallelism.type ?? result.ParallelismConfigurationDescription.ConfigurationType;
    const current =
      type === 'DEFAULT'
        ? defaults.ParallelismConfigurationDescription
        : result.ParallelismConfigurationDescription;
    const value = type === 'DEFAULT' ? current.Parallelism : (parallelism.parallelism ?? current.Parallelism);
    result.ParallelismConfigurationDescription = {
      ConfigurationType: type,
      Parallelism: value,
      ParallelismPerKPU:
        type === 'DEFAULT' ? current.ParallelismPerKPU : (parallelism.perKpu ?? current.ParallelismPerKPU),
      CurrentParallelism: value,
      AutoScalingEnabled:
        type === 'DEFAULT'
          ? current.AutoScalingEnabled
          : (parallelism.autoScaling ?? current.AutoScalingEnabled),
    };
  }
  return result;
}

/**
 * The description of a new application's configuration.
 * @throws UnsupportedOperationException, InvalidArgumentException, InvalidApplicationConfigurationException
 */
export function describeConfiguration(
  config: ApplicationConfiguration | undefined,
  runtime: string,
): Description {
  const given = config ?? {};
  refuseUnsupported(given, SUPPORTED);
  const description: Description = {};
  if (given.ApplicationCodeConfiguration) {
    description.ApplicationCodeConfigurationDescription = codeDescription(
      given.ApplicationCodeConfiguration,
      runtime,
    );
  }
  if (given.EnvironmentProperties) {
    description.EnvironmentPropertyDescriptions = propertyGroups(given.EnvironmentProperties.PropertyGroups);
  }
  if (!isFlink(runtime)) {
    if (given.FlinkApplicationConfiguration) {
      throw invalidConfiguration('FlinkApplicationConfiguration is only valid for Apache Flink runtimes.');
    }
    return description;
  }
  const flink = given.FlinkApplicationConfiguration ?? {};
  const { CheckpointConfiguration: c, MonitoringConfiguration: m, ParallelismConfiguration: p } = flink;
  description.FlinkApplicationConfigurationDescription = applyFlink(defaultFlink(), {
    ...(c
      ? {
          checkpoint: {
            type: c.ConfigurationType,
            enabled: c.CheckpointingEnabled,
            interval: c.CheckpointInterval,
            minPause: c.MinPauseBetweenCheckpoints,
          },
        }
      : {}),
    ...(m ? { monitoring: { type: m.ConfigurationType, metrics: m.MetricsLevel, log: m.LogLevel } } : {}),
    ...(p
      ? {
          parallelism: {
            type: p.ConfigurationType,
            parallelism: p.Parallelism,
            perKpu: p.ParallelismPerKPU,
            autoScaling: p.AutoScalingEnabled,
          },
        }
      : {}),
  });
  description.ApplicationSnapshotConfigurationDescription = {
    SnapshotsEnabled: given.ApplicationSnapshotConfiguration?.SnapshotsEnabled ?? false,
  };
  return description;
}

function updateCode(
  current: CodeDescription | undefined,
  update: NonNullable<ApplicationConfigurationUpdate['ApplicationCodeConfigurationUpdate']>,
  runtime: string,
): CodeDescription {
  const type = update.CodeContentTypeUpdate ?? current?.CodeContentType ?? 'ZIPFILE';
  const content = update.CodeContentUpdate;
  if (!content) {
    if (type !== current?.CodeContentType)
      throw invalidConfiguration('Changing CodeContentType requires CodeContentUpdate.');
    return current;
  }
  const previousS3 = current?.CodeContentDescription?.S3ApplicationCodeLocationDescription;
  const s3 = content.S3ContentLocationUpdate;
  const location = s3
    ? {
        BucketARN: s3.BucketARNUpdate ?? previousS3?.BucketARN,
        FileKey: s3.FileKeyUpdate ?? previousS3?.FileKey,
        ObjectVersion: s3.ObjectVersionUpdate ?? previousS3?.ObjectVersion,
      }
    : undefined;
  if (location && (location.BucketARN === undefined || location.FileKey === undefined)) {
    throw invalidArgument(
      'S3ContentLocationUpdate needs BucketARNUpdate and FileKeyUpdate for an application without S3 code.',
    );
  }
  return codeDescription(
    {
      CodeContentType: type,
      CodeContent: {
        ...(content.TextContentUpdate !== undefined ? { TextContent: content.TextContentUpdate } : {}),
        ...(content.ZipFileContentUpdate !== undefined
          ? { ZipFileContent: content.ZipFileContentUpdate }
          : {}),
        ...(location ? { S3ContentLocation: location as S3Location } : {}),
      },
    },
    runtime,
  );
}

/**
 * The description after an UpdateApplication's configuration update (property groups are replaced as a whole).
 * @throws UnsupportedOperationException, InvalidArgumentException, InvalidApplicationConfigurationException
 */
export function updateConfiguration(
  current: Description,
  update: ApplicationConfigurationUpdate,
  runtime: string,
): Description {
  refuseUnsupported(update, SUPPORTED_UPDATES);
  const next: Description = structuredClone(current);
  if (update.ApplicationCodeConfigurationUpdate) {
    next.ApplicationCodeConfigurationDescription = updateCode(
      current.ApplicationCodeConfigurationDescription,
      update.ApplicationCodeConfigurationUpdate,
      runtime,
    );
  }
  if (update.EnvironmentPropertyUpdates) {
    next.EnvironmentPropertyDescriptions = propertyGroups(update.EnvironmentPropertyUpdates.PropertyGroups);
  }
  const flink = update.FlinkApplicationConfigurationUpdate;
  if (flink) {
    if (!next.FlinkApplicationConfigurationDescription) {
      throw invalidConfiguration(
        'FlinkApplicationConfigurationUpdate is only valid for Apache Flink runtimes.',
      );
    }
    const {
      CheckpointConfigurationUpdate: c,
      MonitoringConfigurationUpdate: m,
      ParallelismConfigurationUpdate: p,
    } = flink;
    next.FlinkApplicationConfigurationDescription = applyFlink(
      next.FlinkApplicationConfigurationDescription,
      {
        ...(c
          ? {
              checkpoint: {
                type: c.ConfigurationTypeUpdate,
                enabled: c.CheckpointingEnabledUpdate,
                interval: c.CheckpointIntervalUpdate,
                minPause: c.MinPauseBetweenCheckpointsUpdate,
              },
            }
          : {}),
        ...(m
          ? {
              monitoring: {
                type: m.ConfigurationTypeUpdate,
                metrics: m.MetricsLevelUpdate,
                log: m.LogLevelUpdate,
              },
            }
          : {}),
        ...(p
          ? {
              parallelism: {
                type: p.ConfigurationTypeUpdate,
                parallelism: p.ParallelismUpdate,
                perKpu: p.ParallelismPerKPUUpdate,
                autoScaling: p.AutoScalingEnabledUpdate,
              },
            }
          : {}),
      },
    );
  }
  if (update.ApplicationSnapshotConfigurationUpdate) {
    next.ApplicationSnapshotConfigurationDescription = {
      SnapshotsEnabled: update.ApplicationSnapshotConfigurationUpdate.SnapshotsEnabledUpdate,
    };
  }
  return next;
}
