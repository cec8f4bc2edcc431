/**
 * Amazon EventBridge (signing name `events`, awsJson1_1): the default bus of each account and region,
 * its rules and targets, PutEvents, and the internal operations the cloud and the local deployment use
 * (DeliverEvent for every emitted event, RunSchedules and a scheduler ticker for scheduled rules).
 */
import { AwsError } from '../../cloud/errors.ts';
import type { ServiceDefinition } from '../../cloud/types.ts';
import { deliverEvent } from './delivery.ts';
import { putEvents } from './put-events.ts';
import { deleteRule, describeRule, disableRule, enableRule, listRules, putRule } from './rules.ts';
import { runSchedules, startScheduler, stopScheduler } from './schedules.ts';
import { type EventsState, initialEventsState } from './state.ts';
import { listTargetsByRule, putTargets, removeTargets } from './targets.ts';

export type { DeadLetterRecord, DeliveryRecord, EventsState } from './state.ts';

export const eventsService: ServiceDefinition<EventsState> = {
  signingName: 'events',
  initialState: initialEventsState,
  validationError: (message) => new AwsError('ValidationException', message),
  operations: {
    PutEvents: putEvents,
    PutRule: putRule,
    DescribeRule: describeRule,
    ListRules: listRules,
    DeleteRule: deleteRule,
    EnableRule: enableRule,
    DisableRule: disableRule,
    PutTargets: putTargets,
    RemoveTargets: removeTargets,
    ListTargetsByRule: listTargetsByRule,
  },
  internal: {
    DeliverEvent: deliverEvent,
    RunSchedules: runSchedules,
    StartScheduler: startScheduler,
    StopScheduler: stopScheduler,
  },
};
