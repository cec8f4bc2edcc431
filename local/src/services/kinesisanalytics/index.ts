/**
 * Kinesis Analytics V2 / Managed Service for Apache Flink (signing name `kinesisanalytics`, awsJson1_1):
 * application lifecycle with its statuses and versions, and the CloudTrail events each change emits.
 */
import { AwsError } from '../../cloud/errors.ts';
import type { ServiceDefinition } from '../../cloud/types.ts';
import {
  createApplication,
  deleteApplication,
  describeApplication,
  listApplications,
  startApplication,
  stopApplication,
  updateApplication,
} from './applications.ts';
import { listApplicationOperations } from './operations.ts';
import { initialKinesisAnalyticsState, type KinesisAnalyticsState } from './state.ts';

export type { ApplicationRecord, KinesisAnalyticsState, OperationRecord } from './state.ts';

export const kinesisAnalyticsService: ServiceDefinition<KinesisAnalyticsState> = {
  signingName: 'kinesisanalytics',
  initialState: initialKinesisAnalyticsState,
  validationError: (message) => new AwsError('InvalidArgumentException', message),
  operations: {
    CreateApplication: createApplication,
    DescribeApplication: describeApplication,
    ListApplications: listApplications,
    UpdateApplication: updateApplication,
    DeleteApplication: deleteApplication,
    StartApplication: startApplication,
    StopApplication: stopApplication,
    ListApplicationOperations: listApplicationOperations,
  },
};
