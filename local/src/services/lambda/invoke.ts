/** Invoke: synchronous (RequestResponse), asynchronous (Event) and DryRun invocations. */
import type { CallContext } from '../../cloud/types.ts';
import { anchored, any, required, str, validated } from '../../cloud/validate.ts';
import { invalidRequestContent, requestTooLarge } from './errors.ts';
import { namespacedFunctionName, resolveFunction } from './function-name.ts';
import { handlers, isolatedFunctions } from './handlers.ts';
import { type FunctionErrorPayload, runHandler } from './run-handler.ts';
import type { LambdaState } from './state.ts';

type Ctx = CallContext<LambdaState>;

/** Payload quotas: 6 MB for synchronous invocations, 1 MB for asynchronous ones. */
const MAX_SYNC_BYTES = 6_291_456;
const MAX_ASYNC_BYTES = 1_048_576;

interface InvokeInput {
  readonly FunctionName: string;
  readonly InvocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  readonly Payload?: Uint8Array;
  readonly Qualifier?: string;
}

const encoder = new TextEncoder();

function parsePayload(payload: Uint8Array | undefined): { text: string; event: unknown } {
  const text = payload && payload.length > 0 ? new TextDecoder().decode(payload) : '{}';
  try {
    return { text, event: JSON.parse(text) };
  } catch (error) {
    throw invalidRequestContent((error as Error).message);
  }
}

function encodeResult(value: unknown): { payload: Uint8Array; error?: FunctionErrorPayload } {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch {
    const error = {
      errorType: 'Runtime.MarshalError',
      errorMessage: 'Unable to stringify response body',
      trace: [],
    };
    return { payload: encoder.encode(JSON.stringify(error)), error };
  }
  const payload = encoder.encode(text);
  if (payload.length <= MAX_SYNC_BYTES) return { payload };
  const error = {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_BYTES} bytes).`,
  };
  return { payload: encoder.encode(JSON.stringify(error)), error };
}

export const invoke = validated(
  {
    FunctionName: required(namespacedFunctionName),
    InvocationType: str({ enum: ['Event', 'RequestResponse', 'DryRun'] }),
    LogType: str({ enum: ['None', 'Tail'] }),
    ClientContext: str(),
    Payload: any(),
    Qualifier: str({ min: 1, max: 128, pattern: anchored('(|[a-zA-Z0-9$_-]+)') }),
  },
  async (input: InvokeInput, ctx: Ctx) => {
    const { fn, state } = resolveFunction(ctx, input.FunctionName);
    const type = input.InvocationType ?? 'RequestResponse';
    const size = input.Payload?.length ?? 0;
    if (type === 'Event' && size > MAX_ASYNC_BYTES) throw requestTooLarge(MAX_ASYNC_BYTES, 'InvokeAsync');
    if (size > MAX_SYNC_BYTES) throw requestTooLarge(MAX_SYNC_BYTES, 'InvokeFunction');
    const { text, event } = parsePayload(input.Payload);
    if (type === 'DryRun') return { StatusCode: 204 };
    const now = ctx.cloud.now();
    const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
    const requestId = ctx.cloud.newId();
    const region = fn.FunctionArn.split(':')[3] as string;
    const invocation = {
      fn,
      handler: handlers(ctx.cloud).get(fn.FunctionArn),
      isolated: isolatedFunctions(ctx.cloud).has(fn.FunctionArn),
      event,
      invokedFunctionArn:
        input.Qualifier === undefined ? fn.FunctionArn : `${fn.FunctionArn}:${input.Qualifier}`,
      requestId,
      region,
      logStreamName: `${day}/[$LATEST]${ctx.cloud.newId().replaceAll('-', '')}`,
    };
    if (type === 'Event') {
      ctx.cloud.track(
        runHandler(invocation).then((result) => {
          if (result.ok) return;
          state.asyncFailures.push({
            time: ctx.cloud.now().toISOString(),
            functionArn: fn.FunctionArn,
            requestId,
            payload: text,
            errorType: result.error.errorType,
            errorMessage: result.error.errorMessage,
          });
        }),
      );
      return { StatusCode: 202 };
    }
    const result = await runHandler(invocation);
    if (!result.ok) {
      return {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        ExecutedVersion: '$LATEST',
        Payload: encoder.encode(JSON.stringify(result.error)),
      };
    }
    const encoded = encodeResult(result.value);
    return {
      StatusCode: 200,
      ...(encoded.error ? { FunctionError: 'Unhandled' } : {}),
      ExecutedVersion: '$LATEST',
      Payload: encoded.payload,
    };
  },
);
