import { createHash } from 'node:crypto';
import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  EmptyBatchRequest,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidAttributeName,
  InvalidAttributeValue,
  ListQueuesCommand,
  MessageNotInflight,
  PurgeQueueCommand,
  PurgeQueueInProgress,
  paginateListQueues,
  QueueDeletedRecently,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsService } from '../../../local/src/services/sqs/index.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

let cloud: TestCloud;
let sqs: SQSClient;
/** The cloud's clock, moved by the tests (visibility timeouts, cool-downs). */
let nowMs = Date.parse('2026-11-22T10:00:00Z');

beforeAll(async () => {
  cloud = await startTestCloud({ services: [sqsService], now: () => new Date(nowMs) });
  sqs = cloud.clients().sqs();
});
afterAll(async () => {
  await cloud.close();
});

async function caught(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number }; Code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error('no QueueUrl');
  return QueueUrl;
}

describe('sqs over HTTP', () => {
  it('creates a KMS-encrypted queue idempotently and reports its attributes', async () => {
    // Act
    const url = await queue('dlq-kms', {
      KmsMasterKeyId: 'alias/streamgov',
      MessageRetentionPeriod: '1209600',
    });
    const again = await queue('dlq-kms', {
      KmsMasterKeyId: 'alias/streamgov',
      MessageRetentionPeriod: '1209600',
    });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    const byName = await sqs.send(new GetQueueUrlCommand({ QueueName: 'dlq-kms' }));

    // Assess
    expect(url).toBe('https://sqs.eu-west-1.amazonaws.com/111111111111/dlq-kms');
    expect(again).toBe(url);
    expect(byName.QueueUrl).toBe(url);
    expect(Attributes).toMatchObject({
      KmsMasterKeyId: 'alias/streamgov',
      MessageRetentionPeriod: '1209600',
      VisibilityTimeout: '30',
      MaximumMessageSize: '262144',
      ApproximateNumberOfMessages: '0',
      QueueArn: 'arn:aws:sqs:eu-west-1:111111111111:dlq-kms',
    });
  });

  it('throws QueueNameExists for the same name with other attributes', async () => {
    // Prepare
    await queue('clash', { VisibilityTimeout: '10' });
    // Act
    const error = await caught(
      sqs.send(new CreateQueueCommand({ QueueName: 'clash', Attributes: { VisibilityTimeout: '20' } })),
    );
    // Assess
    expect(error).toBeInstanceOf(QueueNameExists);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('throws InvalidAttributeName and InvalidAttributeValue naming the attribute', async () => {
    // Act
    const unknown = await caught(
      sqs.send(new CreateQueueCommand({ QueueName: 'bad1', Attributes: { Colour: 'blue' } as never })),
    );
    const outOfRange = await caught(
      sqs.send(new CreateQueueCommand({ QueueName: 'bad2', Attributes: { MessageRetentionPeriod: '10' } })),
    );
    // Assess
    expect(unknown).toBeInstanceOf(InvalidAttributeName);
    expect(unknown.message).toContain('Colour');
    expect(outOfRange).toBeInstanceOf(InvalidAttributeValue);
    expect(outOfRange.message).toContain('MessageRetentionPeriod');
  });

  it('throws QueueDoesNotExist with the query-compatible code for a missing queue', async () => {
    // Act
    const error = await caught(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/nope',
          MessageBody: 'x',
        }),
      ),
    );
    // Assess
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error.name).toBe('QueueDoesNotExist');
    expect(error.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('sends with the body MD5 the SDK checks, receives, hides and deletes a message', async () => {
    // Prepare
    const url = await queue('work');
    // Act
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: '{"hello":"wörld"}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'dead-letter' } },
      }),
    );
    const first = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const counts = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const message = first.Messages?.[0];
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }));
    nowMs += 31_000;
    const afterTimeout = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));

    // Assess
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('{"hello":"wörld"}', 'utf8').digest('hex'));
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/u);
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: '{"hello":"wörld"}',
      Attributes: { ApproximateReceiveCount: '1' },
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'dead-letter' } },
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
    });
    expect(hidden.Messages).toBeUndefined();
    expect(counts.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    expect(afterTimeout.Messages).toBeUndefined();
  });

  it('makes a message visible again after its visibility timeout, with a new receipt handle', async () => {
    // Prepare
    const url = await queue('redeliver', { VisibilityTimeout: '5' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    // Act
    nowMs += 6_000;
    const second = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }),
    );
    const stillThere = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    // Assess
    expect(second.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(stillThere.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
  });

  it('changes the visibility of a message in flight, and refuses one that is not', async () => {
    // Prepare
    const url = await queue('visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'v' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const handle = received.Messages?.[0]?.ReceiptHandle;
    // Act
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }),
    );
    const visibleAgain = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    nowMs += 31_000;
    const error = await caught(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: visibleAgain.Messages?.[0]?.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    // Assess
    expect(visibleAgain.Messages).toHaveLength(1);
    expect(error).toBeInstanceOf(MessageNotInflight);
  });

  it('refuses a malformed receipt handle with ReceiptHandleIsInvalid (404)', async () => {
    // Prepare
    const url = await queue('handles');
    // Act
    const error = await caught(
      sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage!' })),
    );
    // Assess
    expect(error).toBeInstanceOf(ReceiptHandleIsInvalid);
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it('refuses MaxNumberOfMessages above 10 and a body above 256 KiB with InvalidParameterValue', async () => {
    // Prepare
    const url = await queue('limits');
    // Act
    const tooMany = await caught(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
    );
    const tooLarge = await caught(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_145) })),
    );
    const fits = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_144) }));
    // Assess
    expect(tooMany.name).toBe('InvalidParameterValue');
    expect(tooMany.message).toContain('MaxNumberOfMessages');
    expect(tooLarge.name).toBe('InvalidParameterValue');
    expect(tooLarge.message).toContain('262144');
    expect(fits.MessageId).toBeDefined();
  });

  it('sends and deletes batches of up to 10, with the batch errors SQS names', async () => {
    // Prepare
    const url = await queue('batches');
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` }));
    // Act
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: (received.Messages ?? []).map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    const eleven = await caught(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [...entries, { Id: 'm10', MessageBody: 'x' }],
        }),
      ),
    );
    const twins = await caught(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: '1' },
            { Id: 'a', MessageBody: '2' },
          ],
        }),
      ),
    );
    const empty = await caught(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })));
    const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    // Assess
    expect(sent.Successful).toHaveLength(10);
    expect(sent.Failed ?? []).toEqual([]);
    expect(received.Messages).toHaveLength(10);
    expect(deleted.Successful).toHaveLength(10);
    expect(eleven).toBeInstanceOf(TooManyEntriesInBatchRequest);
    expect(twins).toBeInstanceOf(BatchEntryIdsNotDistinct);
    expect(empty).toBeInstanceOf(EmptyBatchRequest);
    expect(left.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(left.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('purges a queue once per 60 seconds', async () => {
    // Prepare
    const url = await queue('purged');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'gone' }));
    // Act
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const again = await caught(sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    nowMs += 61_000;
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    // Assess
    expect(again).toBeInstanceOf(PurgeQueueInProgress);
    expect(left.Messages).toBeUndefined();
  });

  it('lists queues by prefix over several pages', async () => {
    // Prepare
    for (const n of [1, 2, 3, 4, 5]) await queue(`paged-${n}`);
    // Act
    const pages: string[][] = [];
    for await (const page of paginateListQueues(
      { client: sqs, pageSize: 2 },
      { QueueNamePrefix: 'paged-' },
    )) {
      pages.push(page.QueueUrls ?? []);
    }
    const unpaged = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'paged-' }));
    const badToken = await caught(sqs.send(new ListQueuesCommand({ MaxResults: 2, NextToken: 'nope' })));
    // Assess
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((u) => u.split('/').at(-1))).toEqual([
      'paged-1',
      'paged-2',
      'paged-3',
      'paged-4',
      'paged-5',
    ]);
    expect(unpaged.QueueUrls).toHaveLength(5);
    expect(unpaged.NextToken).toBeUndefined();
    expect(badToken.name).toBe('InvalidParameterValue');
  });

  it('deletes a queue and reserves its name for 60 seconds', async () => {
    // Prepare
    const url = await queue('short-lived');
    // Act
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const gone = await caught(sqs.send(new GetQueueUrlCommand({ QueueName: 'short-lived' })));
    const tooSoon = await caught(sqs.send(new CreateQueueCommand({ QueueName: 'short-lived' })));
    nowMs += 61_000;
    const recreated = await queue('short-lived');
    // Assess
    expect(gone).toBeInstanceOf(QueueDoesNotExist);
    expect(tooSoon).toBeInstanceOf(QueueDeletedRecently);
    expect(recreated).toBe(url);
  });
});
