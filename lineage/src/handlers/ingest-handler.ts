/**
 * The ingest endpoint behind a Lambda Function URL (payload format 2.0): maps the event to a request,
 * answers it with {@link handleIngestRequest}, maps the answer back. Ports are injected (tests).
 *
 * @module
 */
import { handleIngestRequest, type IngestDependencies } from '../ingest/handle-request.ts';

/** The parts of a Function URL event (payload format 2.0) the endpoint reads. */
export interface FunctionUrlEvent {
  readonly rawPath: string;
  /** Header names are lower case; repeated headers are joined with commas. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly requestId?: string; readonly http: { readonly method: string } };
}

/** A Function URL response (payload format 2.0). */
export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly isBase64Encoded: false;
}

/** The Lambda context fields the handler reads. */
export interface IngestContext {
  readonly awsRequestId?: string;
}

/**
 * The Function URL handler over the given settings, ports, log and metrics; the request's metrics
 * (INGEST_METRICS) are flushed before it returns, also when it throws.
 */
export function createIngestHandler(
  deps: IngestDependencies,
): (event: FunctionUrlEvent, context?: IngestContext) => Promise<FunctionUrlResult> {
  return async (event, context) => {
    try {
      return await answer(deps, event, context);
    } finally {
      deps.metrics?.flush();
    }
  };
}

async function answer(
  deps: IngestDependencies,
  event: FunctionUrlEvent,
  context: IngestContext | undefined,
): Promise<FunctionUrlResult> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const requestId = context?.awsRequestId ?? event.requestContext.requestId ?? 'unknown';
  const response = await handleIngestRequest(
    {
      method: event.requestContext.http.method,
      path: event.rawPath,
      headers,
      body: event.body ?? '',
      isBase64Encoded: event.isBase64Encoded === true,
    },
    requestId,
    deps,
  );
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: false,
  };
}
