/** One message attribute as stored (binary values as base64, so that the state stays plain JSON). */
export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryBase64?: string;
}

/** One message of a queue. Times are epoch milliseconds. */
export interface StoredMessage {
  MessageId: string;
  Body: string;
  MD5OfBody: string;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, StoredAttribute>;
  SentTimestamp: number;
  /** When the message may be received (after a delay, or when its visibility timeout ends). */
  VisibleAt: number;
  ReceiveCount: number;
  FirstReceiveTimestamp?: number;
  /** The receipt handle of the latest receive; only it deletes the message or changes its visibility. */
  ReceiptHandle?: string;
  SenderId: string;
}

/** One standard queue. */
export interface StoredQueue {
  Name: string;
  /** Configurable attributes as SQS reports them (strings), defaults included. */
  Attributes: Record<string, string>;
  Tags: Record<string, string>;
  /** Epoch seconds. */
  CreatedTimestamp: number;
  LastModifiedTimestamp: number;
  /** Epoch milliseconds of the last PurgeQueue (one purge per 60 s). */
  LastPurged?: number;
  Messages: StoredMessage[];
}

/** The queues of one account and Region; names of recently deleted queues with when (epoch ms). */
export interface SqsState {
  queues: Record<string, StoredQueue>;
  deleted: Record<string, number>;
}

export function initialSqsState(): SqsState {
  return { queues: {}, deleted: {} };
}

/**
 * The URL of a queue, in AWS's form. Only the path (`/<account>/<name>`) identifies the queue, so a URL
 * with the local endpoint's origin is accepted too; clients must send requests to their configured
 * endpoint (`useQueueUrlAsEndpoint: false`, as `ClientFactory.sqs()` does), not to the URL's host.
 */
export function queueUrl(region: string, account: string, name: string): string {
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

export function queueArn(region: string, account: string, name: string): string {
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

/** Account and queue name of a queue URL (`<scheme>://<host>/<account>/<name>`), if it is one. */
export function parseQueueUrl(url: string): { account: string; name: string } | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = /^\/(\d{12})\/([A-Za-z0-9_-]{1,80})\/?$/u.exec(path);
  return match?.[1] && match[2] ? { account: match[1], name: match[2] } : undefined;
}
