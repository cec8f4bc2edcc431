import type { ServiceDefinition } from '../../cloud/types.ts';
import { invalidParameterValue } from './errors.ts';
import {
  changeMessageVisibility,
  deleteMessage,
  deleteMessageBatch,
  receiveMessage,
  sendMessage,
  sendMessageBatch,
} from './messages.ts';
import {
  createQueue,
  deleteQueue,
  getQueueAttributes,
  getQueueUrl,
  listQueues,
  purgeQueue,
  setQueueAttributes,
} from './queues.ts';
import { initialSqsState, type SqsState } from './state.ts';

export type { SqsState } from './state.ts';

/**
 * Amazon SQS standard queues (awsJson1_0 with query-compatible errors, signing name `sqs`), one state
 * per account and Region. Queue URLs have AWS's form (`https://sqs.<region>.amazonaws.com/<account>/<name>`);
 * only their path is read, so clients keep sending to their configured endpoint. Not emulated: FIFO
 * queues, long-poll waiting, redrive (RedrivePolicy is stored, not applied), cross-account access.
 */
export const sqsService: ServiceDefinition<SqsState> = {
  signingName: 'sqs',
  initialState: initialSqsState,
  validationError: invalidParameterValue,
  operations: {
    CreateQueue: createQueue,
    GetQueueUrl: getQueueUrl,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
    ListQueues: listQueues,
    PurgeQueue: purgeQueue,
    DeleteQueue: deleteQueue,
    SendMessage: sendMessage,
    SendMessageBatch: sendMessageBatch,
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
    ChangeMessageVisibility: changeMessageVisibility,
  },
};
