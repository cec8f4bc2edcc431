import { AwsError } from '../../cloud/errors.ts';

/**
 * SQS errors as the JSON protocol answers them: the shape name is the `__type` the SDK maps to its class;
 * the wire layer adds the `x-amzn-query-error` header (`AWS.SimpleQueueService.NonExistentQueue;Sender`)
 * from the shape's awsQueryError trait, as SQS does for its query-compatible clients.
 */
function sqsError(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, {}, status);
}

/** `InvalidParameterValue` (unmodelled, HTTP 400): SQS's answer to input that breaks a constraint. */
export function invalidParameterValue(message: string): AwsError {
  return sqsError('InvalidParameterValue', message);
}

/** `MissingParameter` (unmodelled, HTTP 400). */
export function missingParameter(name: string): AwsError {
  return sqsError('MissingParameter', `The request must contain the parameter ${name}.`);
}

export function queueDoesNotExist(): AwsError {
  return sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
}

export function queueNameExists(name: string): AwsError {
  return sqsError(
    'QueueNameExists',
    `A queue already exists with the same name (${name}) and a different value for attributes.`,
  );
}

export function queueDeletedRecently(name: string): AwsError {
  return sqsError(
    'QueueDeletedRecently',
    `You must wait 60 seconds after deleting a queue before you can create another queue with the same name (${name}).`,
  );
}

export function invalidAttributeName(name: string): AwsError {
  return sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

export function invalidAttributeValue(name: string, value: string, reason: string): AwsError {
  return sqsError(
    'InvalidAttributeValue',
    `Invalid value for the parameter ${name} (${JSON.stringify(value)}): ${reason}`,
  );
}

export function receiptHandleIsInvalid(handle: string): AwsError {
  return sqsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
  );
}

export function messageNotInflight(): AwsError {
  return sqsError('MessageNotInflight', 'The message referred to is not in flight.');
}

export function purgeQueueInProgress(url: string): AwsError {
  return sqsError(
    'PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${url} is allowed every 60 seconds.`,
    403,
  );
}

export function invalidMessageContents(): AwsError {
  return sqsError(
    'InvalidMessageContents',
    'Invalid binary character in the message body: only #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD and #x10000 to #x10FFFF are allowed.',
  );
}

export function emptyBatchRequest(): AwsError {
  return sqsError('EmptyBatchRequest', 'There should be at least one entry in the request.');
}

export function tooManyEntriesInBatchRequest(count: number): AwsError {
  return sqsError(
    'TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );
}

export function batchEntryIdsNotDistinct(id: string): AwsError {
  return sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
}

export function invalidBatchEntryId(id: string): AwsError {
  return sqsError(
    'InvalidBatchEntryId',
    `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long: ${JSON.stringify(id)}.`,
  );
}

export function batchRequestTooLong(bytes: number, limit: number): AwsError {
  return sqsError(
    'BatchRequestTooLong',
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${bytes} bytes.`,
  );
}
