import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeFinding } from './nag.ts';

/** Options of {@link createDeadLetterQueue}. */
export interface DeadLetterQueueOptions {
  /** What fails into the queue; ends the reason of the cdk-nag SQS3 acknowledgement. */
  readonly receives: string;
  /** The key to encrypt with, or the description of a new rotated key (child `Key`). */
  readonly key: kms.IKey | string;
  /** The queue is an EventBridge target's dead-letter queue: EventBridge must encrypt with the key. */
  readonly eventBridge: boolean;
}

/** What {@link createDeadLetterQueue} creates. */
export interface DeadLetterQueue {
  readonly queue: sqs.Queue;
  readonly key: kms.IKey;
}

/**
 * An encrypted (customer-managed KMS key, TLS only) dead-letter queue kept 14 days. Children: `Key`
 * (when `key` is a description) and `DeadLetterQueue`. With `eventBridge`, the key policy lets
 * events.amazonaws.com of this account use the key: without it, events that cannot be delivered are
 * lost instead of landing in the queue.
 */
export function createDeadLetterQueue(scope: Construct, options: DeadLetterQueueOptions): DeadLetterQueue {
  const key =
    typeof options.key === 'string'
      ? new kms.Key(scope, 'Key', { description: options.key, enableKeyRotation: true })
      : options.key;
  const queue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  if (options.eventBridge) allowEventBridge(scope, key);
  acknowledgeFinding(
    queue,
    'AwsSolutions-SQS3',
    undefined,
    `This queue is itself a dead-letter queue (of ${options.receives}); nothing consumes it automatically, an alarm watches it and an operator replays or discards its messages.`,
  );
  return { queue, key };
}

function allowEventBridge(scope: Construct, key: kms.IKey): void {
  const added = key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'EventBridgeDeadLetters',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      // In a key policy '*' is the key itself.
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
  if (!added.statementAdded) {
    Annotations.of(scope).addWarningV2(
      '@streamgov/dead-letter-queue:keyPolicy',
      'The dead-letter queue key is not managed by this stack: its key policy must allow events.amazonaws.com kms:GenerateDataKey and kms:Decrypt, or undeliverable events are lost instead of landing in the dead-letter queue.',
    );
  }
}
