/** The in-process handlers bound to registered functions, kept per cloud (never persisted). */
import type { CloudRuntime } from '../../cloud/types.ts';

/** The Node.js Lambda context object, as the managed runtime passes it. */
export interface LocalLambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  /** A string, as in the Node.js runtime. */
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** A function handler: `(event, context) => result`, async or not. */
export type LocalHandler = (event: unknown, context: LocalLambdaContext) => unknown;

/** Handlers by function ARN. */
export function handlers(cloud: CloudRuntime): Map<string, LocalHandler> {
  return cloud.runtime('lambda:handlers', () => new Map<string, LocalHandler>());
}

/**
 * ARNs of functions whose handler runs in its own environment (a worker thread or process with the
 * function's variables): their invocations leave `process.env` alone.
 */
export function isolatedFunctions(cloud: CloudRuntime): Set<string> {
  return cloud.runtime('lambda:isolated', () => new Set<string>());
}
