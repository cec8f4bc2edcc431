/**
 * Runs one invocation of an in-process handler as the Node.js managed runtime would: the context object,
 * the function's environment, the timeout, and errors turned into the runtime's error payload.
 *
 * For an in-process handler, the environment is applied to `process.env` for the duration of the call and restored afterwards (a
 * variable is restored only if the handler left the value this invocation set). Concurrent invocations
 * share `process.env`, so overlapping invocations of functions that set the same variable to different
 * values see the last one applied; a handler that outlives its timeout keeps running without its
 * environment. An isolated handler (a worker with an environment of its own) leaves `process.env` alone.
 */
import type { LocalHandler, LocalLambdaContext } from './handlers.ts';
import type { FunctionRecord } from './state.ts';

/** The Node.js runtime's payload for a failed invocation. */
export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export type InvocationResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: FunctionErrorPayload };

export interface Invocation {
  readonly fn: FunctionRecord;
  readonly handler: LocalHandler | undefined;
  /** The handler has an environment of its own: do not apply the function's to `process.env`. */
  readonly isolated?: boolean;
  readonly event: unknown;
  readonly invokedFunctionArn: string;
  readonly requestId: string;
  readonly region: string;
  /** Log stream name, `YYYY/MM/DD/[$LATEST]<32 hex>`. */
  readonly logStreamName: string;
}

function errorPayload(error: unknown): FunctionErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  const errorMessage = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  return { errorType: typeof error, errorMessage, trace: [] };
}

function applyEnvironment(variables: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(variables)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (process.env[key] !== variables[key]) continue;
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Variables the Lambda runtime sets, then the function's own. */
function environment(invocation: Invocation): Record<string, string> {
  const { fn, region } = invocation;
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.FunctionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.MemorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.FunctionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: invocation.logStreamName,
    _HANDLER: fn.Handler,
    ...(fn.Environment?.Variables ?? {}),
  };
}

/** Runs the invocation; never throws (handler failures and timeouts come back as error payloads). */
export async function runHandler(invocation: Invocation): Promise<InvocationResult> {
  const { fn, handler, requestId } = invocation;
  if (!handler) {
    return {
      ok: false,
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${fn.Handler} is undefined or not exported`,
        trace: [],
      },
    };
  }
  const timeoutMs = fn.Timeout * 1000;
  const deadline = Date.now() + timeoutMs;
  const context: LocalLambdaContext = {
    functionName: fn.FunctionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: String(fn.MemorySize),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.FunctionName}`,
    logStreamName: invocation.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const restore = invocation.isolated ? () => undefined : applyEnvironment(environment(invocation));
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<InvocationResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: `RequestId: ${requestId} Error: Task timed out after ${fn.Timeout.toFixed(2)} seconds`,
            },
          }),
        timeoutMs,
      );
    });
    const run = (async () => handler(invocation.event, context))().then(
      (value): InvocationResult => ({ ok: true, value }),
      (error: unknown): InvocationResult => ({ ok: false, error: errorPayload(error) }),
    );
    return await Promise.race([run, timedOut]);
  } finally {
    clearTimeout(timer);
    restore();
  }
}
