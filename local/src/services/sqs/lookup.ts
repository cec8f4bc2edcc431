import { AwsError } from '../../cloud/errors.ts';
import type { CallContext } from '../../cloud/types.ts';
import { queueDoesNotExist } from './errors.ts';
import { parseQueueUrl, type SqsState, type StoredQueue } from './state.ts';

/**
 * The caller's queue named by `url`, with messages past their retention period dropped.
 * @throws InvalidAddress (404) for a string that is not a queue URL; QueueDoesNotExist for a queue of
 * another account (cross-account queue policies are not emulated) or one that does not exist.
 */
export function queueOf(ctx: CallContext<SqsState>, url: string): StoredQueue {
  const parsed = parseQueueUrl(url);
  if (!parsed) {
    throw new AwsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, {}, 404);
  }
  const queue = parsed.account === ctx.caller.account ? ctx.state.queues[parsed.name] : undefined;
  if (!queue) throw queueDoesNotExist();
  const retentionMs = Number(queue.Attributes.MessageRetentionPeriod) * 1000;
  const now = ctx.cloud.now().getTime();
  queue.Messages = queue.Messages.filter((m) => now - m.SentTimestamp < retentionMs);
  return queue;
}
