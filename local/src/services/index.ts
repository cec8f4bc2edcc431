import type { ServiceDefinition } from '../cloud/types.ts';
import { dataZoneService } from './datazone/index.ts';
import { eventsService } from './events/index.ts';
import { glueService } from './glue/index.ts';
import { iamService } from './iam/index.ts';
import { kafkaService } from './kafka/index.ts';
import { kinesisAnalyticsService } from './kinesisanalytics/index.ts';
import { lambdaService } from './lambda/index.ts';
import { sqsService } from './sqs/index.ts';
import { ssmService } from './ssm/index.ts';
import { statesService } from './states/index.ts';
import { stsService } from './sts/index.ts';

/** Every service of the local cloud. */
// biome-ignore lint/suspicious/noExplicitAny: services have different state types.
export const ALL_SERVICES: readonly ServiceDefinition<any>[] = [
  dataZoneService,
  eventsService,
  glueService,
  iamService,
  kafkaService,
  kinesisAnalyticsService,
  lambdaService,
  sqsService,
  ssmService,
  statesService,
  stsService,
];
