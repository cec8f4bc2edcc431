/**
 * Application operations: CreateApplication, DescribeApplication, ListApplications, UpdateApplication,
 * DeleteApplication, StartApplication, StopApplication.
 */
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import {
  anchored,
  any,
  bool,
  list,
  map,
  num,
  required,
  str,
  struct,
  validated,
} from '../../cloud/validate.ts';
import { emitApiCall } from './cloudtrail.ts';
import {
  type ApplicationConfiguration,
  type ApplicationConfigurationUpdate,
  describeConfiguration,
  updateConfiguration,
} from './configuration.ts';
import { applicationNotFound, concurrentModification, invalidArgument, resourceInUse } from './errors.ts';
import { recordOperation } from './operations.ts';
import { type ApplicationRecord, applicationArn, type KinesisAnalyticsState } from './state.ts';
import { completeTransition } from './transitions.ts';
import { applicationDetail, applicationSummary } from './views.ts';

type Ctx = CallContext<KinesisAnalyticsState>;

const RUNTIMES = [
  'FLINK-1_6',
  'FLINK-1_8',
  'FLINK-1_11',
  'FLINK-1_13',
  'FLINK-1_15',
  'FLINK-1_18',
  'FLINK-1_19',
  'FLINK-1_20',
  'FLINK-2_2',
  'FLINK-2_3',
  'SQL-1_0',
  'ZEPPELIN-FLINK-1_0',
  'ZEPPELIN-FLINK-2_0',
  'ZEPPELIN-FLINK-3_0',
];
const DEFAULT_PAGE = 50;

const applicationName = str({ min: 1, max: 128, pattern: anchored('[a-zA-Z0-9_.-]+') });
const roleArn = str({ min: 1, max: 2048, pattern: anchored('arn:.*') });
const runtime = str({ enum: RUNTIMES });
const propertyGroups = list(
  struct({
    PropertyGroupId: required(str({ min: 1, max: 50, pattern: anchored('[a-zA-Z0-9_.-]+') })),
    PropertyMap: required(
      map({ min: 1, max: 50, key: str({ min: 1, max: 2048 }), value: str({ min: 1, max: 2048 }) }),
    ),
  }),
  { max: 50 },
);
const configurationType = str({ enum: ['DEFAULT', 'CUSTOM'] });
const metricsLevel = str({ enum: ['APPLICATION', 'OPERATOR', 'PARALLELISM', 'TASK'] });
const logLevel = str({ enum: ['INFO', 'WARN', 'ERROR', 'DEBUG'] });
const codeContentType = str({ enum: ['PLAINTEXT', 'ZIPFILE'] });
const s3Key = str({ min: 1, max: 1024 });

function token(ctx: Ctx): string {
  return ctx.cloud.newId().replaceAll('-', '').slice(0, 16);
}

function operationId(ctx: Ctx): string {
  return ctx.cloud.newId().replaceAll('-', '').slice(0, 12);
}

function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

function findApplication(ctx: Ctx, name: string): ApplicationRecord {
  const app = ctx.state.applications[name];
  if (!app) throw applicationNotFound(name, applicationArn(ctx.caller.account, ctx.caller.region, name));
  return app;
}

interface CreateApplicationInput {
  readonly ApplicationName: string;
  readonly ApplicationDescription?: string;
  readonly RuntimeEnvironment: string;
  readonly ServiceExecutionRole: string;
  readonly ApplicationConfiguration?: ApplicationConfiguration;
  readonly CloudWatchLoggingOptions?: { LogStreamARN: string }[];
  readonly ApplicationMode?: string;
}

export const createApplication = validated(
  {
    ApplicationName: required(applicationName),
    ApplicationDescription: str({ max: 1024 }),
    RuntimeEnvironment: required(runtime),
    ServiceExecutionRole: required(roleArn),
    ApplicationConfiguration: struct({
      EnvironmentProperties: struct({ PropertyGroups: required(propertyGroups) }),
      ApplicationCodeConfiguration: struct({
        CodeContentType: required(codeContentType),
        CodeContent: struct({
          TextContent: str({ max: 102400 }),
          ZipFileContent: any(),
          S3ContentLocation: struct({
            BucketARN: required(roleArn),
            FileKey: required(s3Key),
            ObjectVersion: s3Key,
          }),
        }),
      }),
      FlinkApplicationConfiguration: struct({
        CheckpointConfiguration: struct({
          ConfigurationType: required(configurationType),
          CheckpointingEnabled: bool(),
          CheckpointInterval: num({ min: 1 }),
          MinPauseBetweenCheckpoints: num({ min: 0 }),
        }),
        MonitoringConfiguration: struct({
          ConfigurationType: required(configurationType),
          MetricsLevel: metricsLevel,
          LogLevel: logLevel,
        }),
        ParallelismConfiguration: struct({
          ConfigurationType: required(configurationType),
          Parallelism: num({ min: 1 }),
          ParallelismPerKPU: num({ min: 1 }),
          AutoScalingEnabled: bool(),
        }),
      }),
      ApplicationSnapshotConfiguration: struct({ SnapshotsEnabled: required(bool()) }),
    }),
    CloudWatchLoggingOptions: list(struct({ LogStreamARN: required(roleArn) })),
    Tags: list(struct({ Key: required(str({ min: 1, max: 128 })), Value: str({ max: 256 }) }), {
      min: 1,
      max: 200,
    }),
    ApplicationMode: str({ enum: ['STREAMING', 'INTERACTIVE'] }),
  },
  (input: CreateApplicationInput, ctx: Ctx) => {
    if (ctx.state.applications[input.ApplicationName]) {
      throw resourceInUse(`Application ${input.ApplicationName} already exists`);
    }
    const configuration = describeConfiguration(input.ApplicationConfiguration, input.RuntimeEnvironment);
    const now = isoSeconds(ctx.cloud.now());
    const app: ApplicationRecord = {
      ApplicationName: input.ApplicationName,
      ApplicationARN: applicationArn(ctx.caller.account, ctx.caller.region, input.ApplicationName),
      ...(input.ApplicationDescription !== undefined
        ? { ApplicationDescription: input.ApplicationDescription }
        : {}),
      RuntimeEnvironment: input.RuntimeEnvironment,
      ServiceExecutionRole: input.ServiceExecutionRole,
      ApplicationStatus: 'READY',
      ApplicationVersionId: 1,
      ApplicationMode: input.ApplicationMode ?? 'STREAMING',
      CreateTimestamp: now,
      LastUpdateTimestamp: now,
      ConditionalToken: token(ctx),
      configuration,
      CloudWatchLoggingOptionDescriptions: (input.CloudWatchLoggingOptions ?? []).map((option, i) => ({
        CloudWatchLoggingOptionId: `${i + 1}.1`,
        LogStreamARN: option.LogStreamARN,
      })),
    };
    ctx.state.applications[input.ApplicationName] = app;
    const response = { ApplicationDetail: applicationDetail(app) };
    emitApiCall(ctx, { eventName: 'CreateApplication', request: input, response: response });
    return response;
  },
);

export const describeApplication = validated(
  { ApplicationName: required(applicationName), IncludeAdditionalDetails: bool() },
  (input: { ApplicationName: string }, ctx: Ctx) => ({
    ApplicationDetail: applicationDetail(findApplication(ctx, input.ApplicationName)),
  }),
);

export const listApplications = validated(
  { Limit: num({ min: 1, max: 50 }), NextToken: str({ min: 1, max: 512 }) },
  (input: { Limit?: number; NextToken?: string }, ctx: Ctx) => {
    const page = paginate({
      items: Object.values(ctx.state.applications),
      key: (app) => app.ApplicationName,
      sort: true,
      limit: input.Limit ?? DEFAULT_PAGE,
      token: input.NextToken,
      invalidToken: () => invalidArgument('Invalid NextToken.'),
    });
    return {
      ApplicationSummaries: page.items.map(applicationSummary),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

interface UpdateApplicationInput {
  readonly ApplicationName: string;
  readonly CurrentApplicationVersionId?: number;
  readonly ConditionalToken?: string;
  readonly ApplicationConfigurationUpdate?: ApplicationConfigurationUpdate;
  readonly ServiceExecutionRoleUpdate?: string;
  readonly RuntimeEnvironmentUpdate?: string;
  readonly RunConfigurationUpdate?: object;
}

export const updateApplication = validated(
  {
    ApplicationName: required(applicationName),
    CurrentApplicationVersionId: num({ min: 1, max: 999999999 }),
    ConditionalToken: str({ min: 1, max: 512, pattern: anchored('[a-zA-Z0-9-_+/=]+') }),
    ApplicationConfigurationUpdate: struct({
      EnvironmentPropertyUpdates: struct({ PropertyGroups: required(propertyGroups) }),
      ApplicationSnapshotConfigurationUpdate: struct({ SnapshotsEnabledUpdate: required(bool()) }),
    }),
    ServiceExecutionRoleUpdate: roleArn,
    RuntimeEnvironmentUpdate: runtime,
  },
  (input: UpdateApplicationInput, ctx: Ctx) => {
    const app = findApplication(ctx, input.ApplicationName);
    if (input.CurrentApplicationVersionId === undefined && input.ConditionalToken === undefined) {
      throw invalidArgument('Either CurrentApplicationVersionId or ConditionalToken must be provided.');
    }
    if (
      input.CurrentApplicationVersionId !== undefined &&
      input.CurrentApplicationVersionId !== app.ApplicationVersionId
    ) {
      throw concurrentModification(
        `Current application version ${input.CurrentApplicationVersionId} does not match the application's version ` +
          `${app.ApplicationVersionId}. Describe the application to get the current version.`,
      );
    }
    if (input.ConditionalToken !== undefined && input.ConditionalToken !== app.ConditionalToken) {
      throw concurrentModification(
        'The ConditionalToken does not match the application. Describe the application to get it.',
      );
    }
    if (app.ApplicationStatus !== 'READY' && app.ApplicationStatus !== 'RUNNING') {
      throw resourceInUse(
        `Application ${app.ApplicationName} is in ${app.ApplicationStatus} state; it cannot be updated now.`,
      );
    }
    const runtimeEnvironment = input.RuntimeEnvironmentUpdate ?? app.RuntimeEnvironment;
    const configuration = input.ApplicationConfigurationUpdate
      ? updateConfiguration(app.configuration, input.ApplicationConfigurationUpdate, runtimeEnvironment)
      : app.configuration;
    app.configuration = configuration;
    app.RuntimeEnvironment = runtimeEnvironment;
    if (input.ServiceExecutionRoleUpdate !== undefined)
      app.ServiceExecutionRole = input.ServiceExecutionRoleUpdate;
    app.ApplicationVersionUpdatedFrom = app.ApplicationVersionId;
    app.ApplicationVersionId += 1;
    app.LastUpdateTimestamp = ctx.cloud.now().toISOString();
    app.ConditionalToken = token(ctx);
    const running = app.ApplicationStatus === 'RUNNING';
    const operation = recordOperation(ctx, app, {
      id: operationId(ctx),
      name: 'UpdateApplication',
      status: running ? 'IN_PROGRESS' : 'SUCCESSFUL',
    });
    if (running) {
      app.ApplicationStatus = 'UPDATING';
      completeTransition(ctx, app, { from: 'UPDATING', to: 'RUNNING', operation });
    }
    const response = { ApplicationDetail: applicationDetail(app), OperationId: operation.OperationId };
    emitApiCall(ctx, { eventName: 'UpdateApplication', request: input, response: response });
    return response;
  },
);

export const deleteApplication = validated(
  { ApplicationName: required(applicationName), CreateTimestamp: required(any()) },
  (input: { ApplicationName: string; CreateTimestamp: Date }, ctx: Ctx) => {
    const app = findApplication(ctx, input.ApplicationName);
    const given = new Date(input.CreateTimestamp).getTime();
    if (Math.floor(given / 1000) !== Date.parse(app.CreateTimestamp) / 1000) {
      throw invalidArgument(
        `CreateTimestamp does not match the creation time of application ${app.ApplicationName}. ` +
          'Describe the application to get it.',
      );
    }
    if (app.ApplicationStatus !== 'READY' && app.ApplicationStatus !== 'RUNNING') {
      throw resourceInUse(
        `Application ${app.ApplicationName} is in ${app.ApplicationStatus} state; it cannot be deleted now.`,
      );
    }
    app.ApplicationStatus = 'DELETING';
    completeTransition(ctx, app, { from: 'DELETING', to: 'deleted' });
    emitApiCall(ctx, { eventName: 'DeleteApplication', request: input, response: {} });
    return {};
  },
);

export const startApplication = validated(
  { ApplicationName: required(applicationName), RunConfiguration: any() },
  (input: { ApplicationName: string; RunConfiguration?: object }, ctx: Ctx) => {
    const app = findApplication(ctx, input.ApplicationName);
    if (app.ApplicationStatus !== 'READY') {
      throw resourceInUse(
        `Application ${app.ApplicationName} is in ${app.ApplicationStatus} state; it can be started only when READY.`,
      );
    }
    app.ApplicationStatus = 'STARTING';
    const operation = recordOperation(ctx, app, {
      id: operationId(ctx),
      name: 'StartApplication',
      status: 'IN_PROGRESS',
    });
    completeTransition(ctx, app, { from: 'STARTING', to: 'RUNNING', operation });
    const response = { OperationId: operation.OperationId };
    emitApiCall(ctx, { eventName: 'StartApplication', request: input, response: response });
    return response;
  },
);

const STOPPABLE = ['RUNNING'];
const FORCE_STOPPABLE = ['RUNNING', 'STARTING', 'UPDATING', 'STOPPING'];

export const stopApplication = validated(
  { ApplicationName: required(applicationName), Force: bool() },
  (input: { ApplicationName: string; Force?: boolean }, ctx: Ctx) => {
    const app = findApplication(ctx, input.ApplicationName);
    const allowed = input.Force === true ? FORCE_STOPPABLE : STOPPABLE;
    if (!allowed.includes(app.ApplicationStatus)) {
      throw resourceInUse(
        `Application ${app.ApplicationName} is in ${app.ApplicationStatus} state; it cannot be stopped now.`,
      );
    }
    const status = input.Force === true ? 'FORCE_STOPPING' : 'STOPPING';
    app.ApplicationStatus = status;
    const operation = recordOperation(ctx, app, {
      id: operationId(ctx),
      name: 'StopApplication',
      status: 'IN_PROGRESS',
    });
    completeTransition(ctx, app, { from: status, to: 'READY', operation });
    const response = { OperationId: operation.OperationId };
    emitApiCall(ctx, { eventName: 'StopApplication', request: input, response: response });
    return response;
  },
);
