import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { encodeDeadLetter } from '../ingest/dead-letter.ts';
import type { DeadLetter, DeadLetterQueue } from '../ingest/ports.ts';
import { jobLabel } from '../model.ts';

/** Options of {@link SqsDeadLetterQueue}. */
export interface SqsDeadLetterQueueOptions {
  /** The SQS client (from `ClientFactory.sqs()`); only `send` is used. */
  readonly client: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  readonly log: Log;
}

/**
 * The ingest endpoint's dead-letter queue on Amazon SQS: one message per dead letter (JSON, the event
 * compressed when it would not fit 256 KiB), with message attributes naming the error for filtering.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(private readonly options: SqsDeadLetterQueueOptions) {}

  /**
   * @throws DeadLetterTooLargeError when the letter does not fit even compressed; TransientAwsError or
   * AwsCallError (with the SDK error as `cause`) when SQS refuses it.
   */
  async send(letter: DeadLetter): Promise<{ readonly messageId: string }> {
    const body = encodeDeadLetter(letter);
    const context = {
      queueUrl: this.options.queueUrl,
      requestId: letter.requestId,
      job: jobLabel(letter.event),
    };
    try {
      const output = await this.options.client.send(
        new SendMessageCommand({
          QueueUrl: this.options.queueUrl,
          MessageBody: body,
          MessageAttributes: {
            errorName: { DataType: 'String', StringValue: letter.error.name },
            domainId: { DataType: 'String', StringValue: letter.domainId },
          },
        }),
      );
      const messageId = output.MessageId ?? '';
      this.options.log.debug('Dead letter stored', { ...context, messageId });
      return { messageId };
    } catch (error) {
      throw translateAwsError(error, 'sqs:SendMessage', context);
    }
  }
}
