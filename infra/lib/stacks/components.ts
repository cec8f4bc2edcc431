/**
 * Names and event patterns the governance and environment stacks share.
 *
 * @module
 */
import type * as events from 'aws-cdk-lib/aws-events';
import { GLUE_SCHEMA_EVENT_NAMES } from '../../../datasource-lambda/src/glue-events.ts';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  FLINK_EVENT_SOURCE,
  FLINK_EVENT_SOURCE_HOST,
  LIFECYCLE_EVENT_NAMES,
} from '../../../lineage/src/flink/cloudtrail-event.ts';

/** Tag key on every resource of the app; its value names the part of streamgov the resource belongs to. */
export const COMPONENT_TAG = 'streamgov:component';

/** `source` of Glue Schema Registry CloudTrail events. */
export const GLUE_EVENT_SOURCE = 'aws.glue';

/** Event sources the environment accounts forward to the governance account's default bus. */
export const FORWARDED_SOURCES = [GLUE_EVENT_SOURCE, FLINK_EVENT_SOURCE] as const;

/** Successful Glue Schema Registry changes (what the catalog sync's schema change rule listens to). */
export const SCHEMA_CHANGE_FORWARD_PATTERN: events.EventPattern = {
  source: [GLUE_EVENT_SOURCE],
  detailType: [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: ['glue.amazonaws.com'],
    eventName: [...GLUE_SCHEMA_EVENT_NAMES],
    errorCode: [{ exists: false }],
  },
};

/** Managed Service for Apache Flink lifecycle calls (what the Flink lineage emitter listens to). */
export const FLINK_LIFECYCLE_FORWARD_PATTERN: events.EventPattern = {
  source: [FLINK_EVENT_SOURCE],
  detailType: [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: [FLINK_EVENT_SOURCE_HOST],
    eventName: [...LIFECYCLE_EVENT_NAMES],
    errorCode: [{ exists: false }],
  },
};
