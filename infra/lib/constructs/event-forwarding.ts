import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors.ts';
import { createAlarms, deadLettersMetric } from '../private/alarms.ts';
import { createDeadLetterQueue } from '../private/dead-letter-queue.ts';
import { checkProp } from '../private/validate.ts';

const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.\-/]+$/;

/** One rule of {@link EventForwarding}: which events of this account go to the target bus. */
export interface ForwardedEvents {
  /** Construct id of the rule (PascalCase, frozen). */
  readonly id: string;
  readonly description: string;
  readonly pattern: events.EventPattern;
}

/** Props of {@link EventForwarding}. */
export interface EventForwardingProps {
  /** ARN of the event bus the events go to (the governance account's default bus). */
  readonly targetBusArn: string;
  /** The rules, at least one. */
  readonly rules: readonly ForwardedEvents[];
  /**
   * Key of the dead-letter queue.
   * @default - a new customer-managed key with yearly rotation that EventBridge may use
   */
  readonly key?: kms.IKey;
  /** Topic the dead-letter alarm notifies. @default - the alarm has no action */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Rules on this account's default event bus that forward events (CloudTrail records of Glue Schema
 * Registry or Managed Service for Apache Flink calls) to another account's bus, with a role that may put
 * events on exactly that bus, a KMS-encrypted dead-letter queue for events that could not be delivered,
 * and an alarm on it. The target bus must allow this account to put events (the governance stack's
 * bus policy does).
 *
 * @example
 * new EventForwarding(this, 'SchemaEvents', {
 *   targetBusArn: 'arn:aws:events:eu-west-1:111111111111:event-bus/default',
 *   rules: [{ id: 'GlueSchemaEvents', description: 'Glue schema changes', pattern: { source: ['aws.glue'] } }],
 * });
 */
export class EventForwarding extends Construct {
  readonly rules: readonly events.Rule[];
  /** The role EventBridge assumes to put the events on the target bus. */
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.IQueue;
  readonly key: kms.IKey;
  /** At least one event in the dead-letter queue. */
  readonly deadLettersAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: EventForwardingProps) {
    super(scope, id);
    if (props.rules.length === 0) {
      throw new ConstructPropsError(this, 'rules', [], 'must name at least one rule');
    }
    checkProp(this, 'targetBusArn', props.targetBusArn, EVENT_BUS_ARN);
    const dlq = createDeadLetterQueue(this, {
      key: props.key ?? 'streamgov event forwarding: dead-letter queue',
      eventBridge: true,
      receives: 'the forwarding rules',
    });
    this.key = dlq.key;
    this.deadLetterQueue = dlq.queue;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'streamgov: forwards events of this account to the governance account event bus',
    });
    const bus = events.EventBus.fromEventBusArn(this, 'TargetBus', props.targetBusArn);
    this.rules = props.rules.map(
      (rule) =>
        new events.Rule(this, rule.id, {
          description: rule.description,
          eventPattern: rule.pattern,
          targets: [new targets.EventBus(bus, { role: this.role, deadLetterQueue: this.deadLetterQueue })],
        }),
    );
    this.deadLettersAlarm = createAlarms(
      this,
      {
        deadLetters: {
          description:
            'streamgov event forwarding: an event could not be put on the governance account bus and is in the dead-letter queue (check the bus policy).',
          metric: deadLettersMetric(this.deadLetterQueue),
        },
      },
      props.alarmTopic,
    ).deadLetters;
  }
}
