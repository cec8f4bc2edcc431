import { invalidAttributeName, invalidAttributeValue } from './errors.ts';
import { queueArn, type StoredMessage, type StoredQueue } from './state.ts';

/** The largest message SQS accepts in this emulation (body plus attributes), in bytes: 256 KiB. */
export const MAX_MESSAGE_BYTES = 262_144;

type Check = (value: string) => string | undefined;

function integer(min: number, max: number): Check {
  return (value) => {
    if (!/^\d+$/u.test(value)) return 'must be an integer';
    const n = Number(value);
    return n < min || n > max ? `must be between ${min} and ${max}` : undefined;
  };
}

const anyString: Check = (value) => (value.length > 0 ? undefined : 'must not be empty');
const booleanString: Check = (value) =>
  value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"';
const json: Check = (value) => {
  try {
    JSON.parse(value);
    return undefined;
  } catch {
    return 'must be a JSON document';
  }
};

/** The attributes a standard queue may be created or updated with, and their checks. */
const SETTABLE: Readonly<Record<string, Check>> = {
  DelaySeconds: integer(0, 900),
  MaximumMessageSize: integer(1_024, MAX_MESSAGE_BYTES),
  MessageRetentionPeriod: integer(60, 1_209_600),
  ReceiveMessageWaitTimeSeconds: integer(0, 20),
  VisibilityTimeout: integer(0, 43_200),
  KmsMasterKeyId: anyString,
  KmsDataKeyReusePeriodSeconds: integer(60, 86_400),
  SqsManagedSseEnabled: booleanString,
  Policy: json,
  RedrivePolicy: json,
  RedriveAllowPolicy: json,
};

/** Defaults of a new queue, as GetQueueAttributes reports them. */
const DEFAULTS: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: String(MAX_MESSAGE_BYTES),
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
};

/** Attributes computed by SQS, readable but not settable. */
const COMPUTED = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

/**
 * Checks attributes given to CreateQueue / SetQueueAttributes.
 * @throws InvalidAttributeName for a name SQS does not know (FIFO attributes included: FIFO queues are
 * not emulated), InvalidAttributeValue naming the attribute, the value and the allowed range.
 */
export function checkSettable(attributes: Readonly<Record<string, string>>): Record<string, string> {
  for (const [name, value] of Object.entries(attributes)) {
    const check = SETTABLE[name];
    if (!check) throw invalidAttributeName(name);
    const problem = check(value);
    if (problem) throw invalidAttributeValue(name, value, problem);
  }
  return { ...attributes };
}

/** The stored attributes of a new queue: defaults, then the given ones; SSE-SQS unless a KMS key is set. */
export function initialAttributes(given: Readonly<Record<string, string>>): Record<string, string> {
  const attributes = { ...DEFAULTS, ...checkSettable(given) };
  if (attributes.KmsMasterKeyId === undefined && attributes.SqsManagedSseEnabled === undefined) {
    attributes.SqsManagedSseEnabled = 'true';
  }
  return attributes;
}

/** Whether a message is visible, in flight (received, not yet visible again) or delayed (never received). */
export function messageState(message: StoredMessage, nowMs: number): 'visible' | 'inflight' | 'delayed' {
  if (message.VisibleAt <= nowMs) return 'visible';
  return message.ReceiveCount > 0 ? 'inflight' : 'delayed';
}

/**
 * The attributes of a queue for GetQueueAttributes: `All`, or the names asked for.
 * @throws InvalidAttributeName for a name SQS does not know.
 */
export function readAttributes(
  queue: StoredQueue,
  names: readonly string[],
  where: { region: string; account: string; nowMs: number },
): Record<string, string> {
  const counts = { visible: 0, inflight: 0, delayed: 0 };
  for (const message of queue.Messages) counts[messageState(message, where.nowMs)] += 1;
  const all: Record<string, string> = {
    ...queue.Attributes,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inflight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(queue.CreatedTimestamp),
    LastModifiedTimestamp: String(queue.LastModifiedTimestamp),
    QueueArn: queueArn(where.region, where.account, queue.Name),
  };
  if (names.length === 0) return {};
  if (names.includes('All')) return all;
  const known = new Set<string>([...Object.keys(SETTABLE), ...COMPUTED]);
  const picked: Record<string, string> = {};
  for (const name of names) {
    if (!known.has(name)) throw invalidAttributeName(name);
    const value = all[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
