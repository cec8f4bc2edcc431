import type {
  CreateQueueRequest,
  CreateQueueResult,
  DeleteQueueRequest,
  GetQueueAttributesRequest,
  GetQueueAttributesResult,
  GetQueueUrlRequest,
  GetQueueUrlResult,
  ListQueuesRequest,
  ListQueuesResult,
  PurgeQueueRequest,
  SetQueueAttributesRequest,
} from '@aws-sdk/client-sqs';
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { list, map, num, required, str, validated } from '../../cloud/validate.ts';
import { checkSettable, initialAttributes, readAttributes } from './attributes.ts';
import {
  invalidParameterValue,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
} from './errors.ts';
import { queueOf } from './lookup.ts';
import { queueUrl, type SqsState, type StoredQueue } from './state.ts';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/u;
const URL = required(str({ min: 1 }));
/** How long a deleted queue's name stays reserved, and how often a queue may be purged. */
const COOL_DOWN_MS = 60_000;
/** ListQueues without MaxResults answers at most this many queues, with no NextToken. */
const UNPAGED_LIMIT = 1_000;

function urlOf(ctx: CallContext<SqsState>, name: string): string {
  return queueUrl(ctx.caller.region, ctx.caller.account, name);
}

function sameAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/**
 * CreateQueue: a standard queue with the given attributes (KmsMasterKeyId, MessageRetentionPeriod…);
 * idempotent for the same name and attributes, QueueNameExists for other attributes, QueueDeletedRecently
 * within 60 s of deleting a queue of that name. FIFO queues are not emulated (InvalidAttributeName).
 */
export const createQueue = validated(
  { QueueName: required(str({ min: 1 })), Attributes: map(), tags: map() },
  (input: CreateQueueRequest, ctx: CallContext<SqsState>): CreateQueueResult => {
    const name = input.QueueName ?? '';
    if (!QUEUE_NAME.test(name)) {
      throw invalidParameterValue(
        `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length: ${JSON.stringify(name)}`,
      );
    }
    const attributes = initialAttributes(input.Attributes ?? {});
    const existing = ctx.state.queues[name];
    if (existing) {
      if (!sameAttributes(existing.Attributes, attributes)) throw queueNameExists(name);
      return { QueueUrl: urlOf(ctx, name) };
    }
    const now = ctx.cloud.now().getTime();
    const deletedAt = ctx.state.deleted[name];
    if (deletedAt !== undefined && now - deletedAt < COOL_DOWN_MS) throw queueDeletedRecently(name);
    const seconds = Math.floor(now / 1000);
    ctx.state.queues[name] = {
      Name: name,
      Attributes: attributes,
      Tags: { ...input.tags },
      CreatedTimestamp: seconds,
      LastModifiedTimestamp: seconds,
      Messages: [],
    };
    delete ctx.state.deleted[name];
    return { QueueUrl: urlOf(ctx, name) };
  },
);

/** GetQueueUrl: the URL of a queue of the caller's account (or of `QueueOwnerAWSAccountId`, if the same). */
export const getQueueUrl = validated(
  { QueueName: required(str({ min: 1 })), QueueOwnerAWSAccountId: str() },
  (input: GetQueueUrlRequest, ctx: CallContext<SqsState>): GetQueueUrlResult => {
    const owner = input.QueueOwnerAWSAccountId ?? ctx.caller.account;
    const name = input.QueueName ?? '';
    if (owner !== ctx.caller.account || !ctx.state.queues[name]) throw queueDoesNotExist();
    return { QueueUrl: urlOf(ctx, name) };
  },
);

/** GetQueueAttributes: `All` or named attributes, with the approximate message counts. */
export const getQueueAttributes = validated(
  { QueueUrl: URL, AttributeNames: list(str()) },
  (input: GetQueueAttributesRequest, ctx: CallContext<SqsState>): GetQueueAttributesResult => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    const attributes = readAttributes(queue, input.AttributeNames ?? [], {
      region: ctx.caller.region,
      account: ctx.caller.account,
      nowMs: ctx.cloud.now().getTime(),
    });
    return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
  },
);

/** SetQueueAttributes: changes settable attributes (checked as CreateQueue checks them). */
export const setQueueAttributes = validated(
  { QueueUrl: URL, Attributes: required(map()) },
  (input: SetQueueAttributesRequest, ctx: CallContext<SqsState>): Record<string, never> => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    queue.Attributes = { ...queue.Attributes, ...checkSettable(input.Attributes ?? {}) };
    queue.LastModifiedTimestamp = Math.floor(ctx.cloud.now().getTime() / 1000);
    return {};
  },
);

/**
 * ListQueues: queue URLs by name prefix, in name order. With MaxResults (1–1000) pages carry a NextToken;
 * without it SQS answers up to 1,000 URLs and no token.
 */
export const listQueues = validated(
  { QueueNamePrefix: str({ max: 80 }), NextToken: str(), MaxResults: num() },
  (input: ListQueuesRequest, ctx: CallContext<SqsState>): ListQueuesResult => {
    const max = input.MaxResults;
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1_000)) {
      throw invalidParameterValue(
        `Value ${max} for parameter MaxResults is invalid. Reason: must be between 1 and 1000.`,
      );
    }
    if (input.NextToken !== undefined && max === undefined) {
      throw invalidParameterValue('MaxResults is required when NextToken is given.');
    }
    const prefix = input.QueueNamePrefix ?? '';
    const names = Object.keys(ctx.state.queues)
      .filter((name) => name.startsWith(prefix))
      .sort();
    if (max === undefined) return { QueueUrls: names.slice(0, UNPAGED_LIMIT).map((n) => urlOf(ctx, n)) };
    const page = paginate({
      items: names,
      key: (name) => name,
      limit: max,
      token: input.NextToken,
      scope: { prefix },
      invalidToken: () => invalidParameterValue('Invalid NextToken value.'),
    });
    return {
      QueueUrls: page.items.map((n) => urlOf(ctx, n)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

/** PurgeQueue: drops every message; once per 60 s per queue (PurgeQueueInProgress). */
export const purgeQueue = validated(
  { QueueUrl: URL },
  (input: PurgeQueueRequest, ctx: CallContext<SqsState>): Record<string, never> => {
    const queue: StoredQueue = queueOf(ctx, input.QueueUrl ?? '');
    const now = ctx.cloud.now().getTime();
    if (queue.LastPurged !== undefined && now - queue.LastPurged < COOL_DOWN_MS) {
      throw purgeQueueInProgress(input.QueueUrl ?? '');
    }
    queue.Messages = [];
    queue.LastPurged = now;
    return {};
  },
);

/** DeleteQueue: the queue and its messages; its name is reserved for 60 s. */
export const deleteQueue = validated(
  { QueueUrl: URL },
  (input: DeleteQueueRequest, ctx: CallContext<SqsState>): Record<string, never> => {
    const queue = queueOf(ctx, input.QueueUrl ?? '');
    delete ctx.state.queues[queue.Name];
    ctx.state.deleted[queue.Name] = ctx.cloud.now().getTime();
    return {};
  },
);
