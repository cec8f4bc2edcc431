import type {
  BatchResultErrorEntry,
  ChangeMessageVisibilityRequest,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  DeleteMessageBatchResultEntry,
  DeleteMessageRequest,
  Message,
  MessageAttributeValue,
  ReceiveMessageRequest,
  ReceiveMessageResult,
  SendMessageBatchRequest,
  SendMessageBatchRequestEntry,
  SendMessageBatchResult,
  SendMessageBatchResultEntry,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import type { CallContext } from '../../cloud/types.ts';
import { list, map, num, required, str, struct, validated } from '../../cloud/validate.ts';
import { MAX_MESSAGE_BYTES, messageState } from './attributes.ts';
import {
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  invalidBatchEntryId,
  invalidMessageContents,
  invalidParameterValue,
  messageNotInflight,
  receiptHandleIsInvalid,
  tooManyEntriesInBatchRequest,
} from './errors.ts';
import { queueOf } from './lookup.ts';
import { md5OfAttributes, md5OfBody } from './md5.ts';
import type { SqsState, StoredAttribute, StoredMessage, StoredQueue } from './state.ts';

const URL = required(str({ min: 1 }));
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/u;
const MAX_BATCH = 10;
const MAX_ATTRIBUTES = 10;
/** Characters SQS accepts in a message body. */
const INVALID_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
];

interface Outgoing {
  readonly MessageBody?: string | undefined;
  readonly DelaySeconds?: number | undefined;
  readonly MessageAttributes?: Record<string, MessageAttributeValue> | undefined;
}

function storedAttributes(
  given: Record<string, MessageAttributeValue> | undefined,
): Record<string, StoredAttribute> {
  const entries = Object.entries(given ?? {});
  if (entries.length > MAX_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const stored: Record<string, StoredAttribute> = {};
  for (const [name, value] of entries) {
    const type = value.DataType ?? '';
    if (!/^(String|Number|Binary)(\..+)?$/u.test(type)) {
      throw invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid: ${JSON.stringify(type)}.`,
      );
    }
    if (type.startsWith('Binary')) {
      if (!value.BinaryValue)
        throw invalidParameterValue(
          `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
        );
      stored[name] = { DataType: type, BinaryBase64: Buffer.from(value.BinaryValue).toString('base64') };
    } else {
      if (value.StringValue === undefined || value.StringValue === '') {
        throw invalidParameterValue(
          `Message (user) attribute '${name}' must contain a non-empty value of type '${type}'.`,
        );
      }
      stored[name] = { DataType: type, StringValue: value.StringValue };
    }
  }
  return stored;
}

function attributeBytes(attributes: Readonly<Record<string, StoredAttribute>>): number {
  let bytes = 0;
  for (const [name, a] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    bytes +=
      a.BinaryBase64 === undefined
        ? Buffer.byteLength(a.StringValue ?? '')
        : Buffer.from(a.BinaryBase64, 'base64').length;
  }
  return bytes;
}

/**
 * A message ready to enqueue, checked as SQS checks it.
 * @throws MissingParameter-like InvalidParameterValue for an empty body or a message above the queue's
 * MaximumMessageSize (256 KiB by default); InvalidMessageContents for characters SQS refuses.
 */
function prepare(queue: StoredQueue, outgoing: Outgoing, ctx: CallContext<SqsState>): StoredMessage {
  const body = outgoing.MessageBody ?? '';
  if (body === '') throw invalidParameterValue('The request must contain the parameter MessageBody.');
  if (INVALID_CHARACTER.test(body)) throw invalidMessageContents();
  const attributes = storedAttributes(outgoing.MessageAttributes);
  const bytes = Buffer.byteLength(body) + attributeBytes(attributes);
  const limit = Number(queue.Attributes.MaximumMessageSize ?? MAX_MESSAGE_BYTES);
  if (bytes > limit) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    );
  }
  const delay = outgoing.DelaySeconds ?? Number(queue.Attributes.DelaySeconds ?? 0);
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    throw invalidParameterValue(
      `Value ${delay} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900.`,
    );
  }
  const now = ctx.cloud.now().getTime();
  const hasAttributes = Object.keys(attributes).length > 0;
  return {
    MessageId: ctx.cloud.newId(),
    Body: body,
    MD5OfBody: md5OfBody(body),
    ...(hasAttributes
      ? { MessageAttributes: attributes, MD5OfMessageAttributes: md5OfAttributes(attributes) }
      : {}),
    SentTimestamp: now,
    VisibleAt: now + delay * 1000,
    ReceiveCount: 0,
    SenderId: ctx.caller.accessKeyId,
  };
}

function sent(message: StoredMessage): SendMessageResult {
  return {
    MessageId: message.MessageId,
    MD5OfMessageBody: message.MD5OfBody,
    ...(message.MD5OfMessageAttributes ? { MD5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
  };
}

const ATTRIBUTE_RULE = map();

/** SendMessage: one message (≤ 256 KiB with its attributes), answered with its id and body MD5. */
export const sendMessage = validated(
  { QueueUrl: URL, MessageBody: required(str()), DelaySeconds: num(), MessageAttributes: ATTRIBUTE_RULE },
  (input: SendMessageRequest, ctx: CallContext<SqsState>): SendMessageResult => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    const message = prepare(queue, input, ctx);
    queue.Messages.push(message);
    return sent(message);
  },
);

/**
 * SendMessageBatch: 1–10 entries with distinct ids, 256 KiB in total. An entry SQS refuses on its own
 * (its size, its characters) is reported in `Failed` with SenderFault; the others are sent.
 */
export const sendMessageBatch = validated(
  { QueueUrl: URL, Entries: required(list(struct({ Id: required(str()), MessageBody: required(str()) }))) },
  (input: SendMessageBatchRequest, ctx: CallContext<SqsState>): SendMessageBatchResult => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    const entries: SendMessageBatchRequestEntry[] = input.Entries ?? [];
    checkBatchIds(entries.map((e) => e.Id ?? ''));
    const total = entries.reduce(
      (sum, e) =>
        sum + Buffer.byteLength(e.MessageBody ?? '') + attributeBytes(safeAttributes(e.MessageAttributes)),
      0,
    );
    if (total > MAX_MESSAGE_BYTES) throw batchRequestTooLong(total, MAX_MESSAGE_BYTES);
    const successful: SendMessageBatchResultEntry[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        const message = prepare(queue, entry, ctx);
        queue.Messages.push(message);
        const success: SendMessageBatchResultEntry = {
          Id: entry.Id,
          MessageId: message.MessageId,
          MD5OfMessageBody: message.MD5OfBody,
          ...(message.MD5OfMessageAttributes
            ? { MD5OfMessageAttributes: message.MD5OfMessageAttributes }
            : {}),
        };
        successful.push(success);
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'InternalError';
        failed.push({
          Id: entry.Id,
          Code: code,
          Message: (error as Error).message,
          SenderFault: true,
        });
      }
    }
    return { Successful: successful, Failed: failed };
  },
);

function safeAttributes(
  given: Record<string, MessageAttributeValue> | undefined,
): Record<string, StoredAttribute> {
  try {
    return storedAttributes(given);
  } catch {
    return {};
  }
}

/** @throws EmptyBatchRequest, TooManyEntriesInBatchRequest, InvalidBatchEntryId, BatchEntryIdsNotDistinct */
function checkBatchIds(ids: readonly string[]): void {
  if (ids.length === 0) throw emptyBatchRequest();
  if (ids.length > MAX_BATCH) throw tooManyEntriesInBatchRequest(ids.length);
  const seen = new Set<string>();
  for (const id of ids) {
    if (!BATCH_ID.test(id)) throw invalidBatchEntryId(id);
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
}

function newReceiptHandle(queue: StoredQueue, message: StoredMessage, ctx: CallContext<SqsState>): string {
  return Buffer.from(JSON.stringify({ q: queue.Name, m: message.MessageId, n: ctx.cloud.newId() })).toString(
    'base64url',
  );
}

/**
 * The message a receipt handle names in `queue`, if it is still there.
 * @throws ReceiptHandleIsInvalid (404) for a string that is not a receipt handle of this queue.
 */
function byReceiptHandle(queue: StoredQueue, handle: string): StoredMessage | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
  } catch {
    throw receiptHandleIsInvalid(handle);
  }
  const { q, m } = (decoded ?? {}) as { q?: unknown; m?: unknown };
  if (q !== queue.Name || typeof m !== 'string') throw receiptHandleIsInvalid(handle);
  return queue.Messages.find((message) => message.MessageId === m);
}

function wanted(names: readonly string[] | undefined, name: string): boolean {
  if (!names) return false;
  return names.some(
    (n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))),
  );
}

function delivered(message: StoredMessage, input: ReceiveMessageRequest): Message {
  const systemNames = [...(input.MessageSystemAttributeNames ?? []), ...(input.AttributeNames ?? [])];
  const system: Record<string, string> = {
    SenderId: message.SenderId,
    SentTimestamp: String(message.SentTimestamp),
    ApproximateReceiveCount: String(message.ReceiveCount),
    ApproximateFirstReceiveTimestamp: String(message.FirstReceiveTimestamp ?? message.SentTimestamp),
  };
  const attributes = Object.fromEntries(
    SYSTEM_ATTRIBUTES.filter((n) => wanted(systemNames, n)).map((n) => [n, system[n] ?? '']),
  );
  const userAttributes: Record<string, MessageAttributeValue> = {};
  for (const [name, a] of Object.entries(message.MessageAttributes ?? {})) {
    if (!wanted(input.MessageAttributeNames, name)) continue;
    userAttributes[name] =
      a.BinaryBase64 === undefined
        ? { DataType: a.DataType, StringValue: a.StringValue ?? '' }
        : { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryBase64, 'base64') };
  }
  const hasUser = Object.keys(userAttributes).length > 0;
  return {
    MessageId: message.MessageId,
    ReceiptHandle: message.ReceiptHandle ?? '',
    MD5OfBody: message.MD5OfBody,
    Body: message.Body,
    ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
    ...(hasUser
      ? { MessageAttributes: userAttributes, MD5OfMessageAttributes: message.MD5OfMessageAttributes ?? '' }
      : {}),
  };
}

/**
 * ReceiveMessage: up to MaxNumberOfMessages (1–10) visible messages, oldest first, each hidden for the
 * queue's (or the request's) VisibilityTimeout with a fresh receipt handle. Long polling is not waited
 * for: an empty queue answers at once with no messages.
 */
export const receiveMessage = validated(
  {
    QueueUrl: URL,
    MaxNumberOfMessages: num(),
    VisibilityTimeout: num({ min: 0, max: 43_200 }),
    WaitTimeSeconds: num({ min: 0, max: 20 }),
    AttributeNames: list(str()),
    MessageSystemAttributeNames: list(str()),
    MessageAttributeNames: list(str()),
  },
  (input: ReceiveMessageRequest, ctx: CallContext<SqsState>): ReceiveMessageResult => {
    const max = input.MaxNumberOfMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > MAX_BATCH) {
      throw invalidParameterValue(
        `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
      );
    }
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    const now = ctx.cloud.now().getTime();
    const timeout = input.VisibilityTimeout ?? Number(queue.Attributes.VisibilityTimeout ?? 30);
    const picked = queue.Messages.filter((m) => messageState(m, now) === 'visible').slice(0, max);
    for (const message of picked) {
      message.ReceiveCount += 1;
      message.FirstReceiveTimestamp ??= now;
      message.VisibleAt = now + timeout * 1000;
      message.ReceiptHandle = newReceiptHandle(queue, message, ctx);
    }
    return picked.length === 0 ? {} : { Messages: picked.map((m) => delivered(m, input)) };
  },
);

function deleteByHandle(queue: StoredQueue, handle: string): void {
  const message = byReceiptHandle(queue, handle);
  // A handle of a message already deleted, or of an earlier receive, deletes nothing and does not fail.
  if (message && message.ReceiptHandle === handle)
    queue.Messages = queue.Messages.filter((m) => m !== message);
}

/** DeleteMessage: deletes the message of the latest receipt handle; ReceiptHandleIsInvalid for garbage. */
export const deleteMessage = validated(
  { QueueUrl: URL, ReceiptHandle: required(str({ min: 1 })) },
  (input: DeleteMessageRequest, ctx: CallContext<SqsState>): Record<string, never> => {
    deleteByHandle(queueOf(ctx, input.QueueUrl ?? ''), input.ReceiptHandle ?? '');
    return {};
  },
);

/** DeleteMessageBatch: 1–10 receipt handles; an invalid one is reported in `Failed`. */
export const deleteMessageBatch = validated(
  { QueueUrl: URL, Entries: required(list(struct({ Id: required(str()), ReceiptHandle: required(str()) }))) },
  (input: DeleteMessageBatchRequest, ctx: CallContext<SqsState>): DeleteMessageBatchResult => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    const entries = input.Entries ?? [];
    checkBatchIds(entries.map((e) => e.Id ?? ''));
    const successful: DeleteMessageBatchResultEntry[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        deleteByHandle(queue, entry.ReceiptHandle ?? '');
        successful.push({ Id: entry.Id });
      } catch (error) {
        failed.push({
          Id: entry.Id,
          Code: (error as { code?: string }).code ?? 'InternalError',
          Message: (error as Error).message,
          SenderFault: true,
        });
      }
    }
    return { Successful: successful, Failed: failed };
  },
);

/** ChangeMessageVisibility: a new visibility timeout (0–43,200 s) for a message in flight. */
export const changeMessageVisibility = validated(
  {
    QueueUrl: URL,
    ReceiptHandle: required(str({ min: 1 })),
    VisibilityTimeout: required(num({ min: 0, max: 43_200 })),
  },
  (input: ChangeMessageVisibilityRequest, ctx: CallContext<SqsState>): Record<string, never> => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    const handle = input.ReceiptHandle ?? '';
    const message = byReceiptHandle(queue, handle);
    const now = ctx.cloud.now().getTime();
    if (!message || message.ReceiptHandle !== handle || messageState(message, now) !== 'inflight') {
      throw messageNotInflight();
    }
    message.VisibleAt = now + (input.VisibilityTimeout ?? 0) * 1000;
    return {};
  },
);
