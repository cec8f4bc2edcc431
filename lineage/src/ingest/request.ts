/**
 * The HTTP side of the ingest endpoint, pure: which requests it takes (OpenLineage's HTTP transport
 * paths), and how a body becomes a list of events (gzip, base64, single or batch).
 *
 * @module
 */
import { gunzipSync } from 'node:zlib';

/** The path OpenLineage HTTP clients post one event to (their default `endpoint`). */
export const LINEAGE_PATH = '/api/v1/lineage';
/** The batch path of the OpenLineage API spec: a JSON array of events. */
export const BATCH_PATH = '/api/v1/lineage/batch';

/** An HTTP request as the ingest endpoint sees it (header names in lower case). */
export interface IngestRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as received: possibly base64 (Function URLs) and possibly gzip. */
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/** A request the endpoint refuses before looking at any event. */
export interface RequestProblem {
  readonly status: 400 | 404 | 405 | 413 | 415;
  readonly error: string;
  readonly message: string;
}

/** The events of an accepted request. */
export interface ParsedEvents {
  /** Parsed JSON values, not yet validated. */
  readonly events: readonly unknown[];
  readonly batch: boolean;
}

/** Limits of one request. */
export interface RequestLimits {
  /** Largest body in bytes, before and after gzip decompression. */
  readonly maxBodyBytes: number;
  readonly maxBatchEvents: number;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/iu;

function problem(status: RequestProblem['status'], error: string, message: string): RequestProblem {
  return { status, error, message };
}

function normalisedPath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/u, '') : path;
}

function rawBody(request: IngestRequest, limits: RequestLimits): Buffer | RequestProblem {
  const bytes = request.isBase64Encoded
    ? Buffer.from(request.body, 'base64')
    : Buffer.from(request.body, 'utf8');
  if (bytes.length > limits.maxBodyBytes) {
    return problem(
      413,
      'PayloadTooLarge',
      `The body is ${bytes.length} bytes; at most ${limits.maxBodyBytes} are accepted`,
    );
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return bytes;
  if (encoding !== 'gzip') {
    return problem(
      415,
      'UnsupportedContentEncoding',
      `Content-Encoding ${JSON.stringify(encoding)} is not supported; send gzip or no encoding`,
    );
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: limits.maxBodyBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return problem(413, 'PayloadTooLarge', `The body inflates to more than ${limits.maxBodyBytes} bytes`);
    }
    return problem(400, 'InvalidGzip', `The body is not valid gzip: ${(error as Error).message}`);
  }
}

/**
 * Checks a request and parses its events: `POST /api/v1/lineage` takes one event (a JSON object),
 * `POST /api/v1/lineage/batch` a JSON array of events. Bodies may be base64 (Function URLs) and gzip
 * (`Content-Encoding: gzip`, as the OpenLineage clients' `compression: gzip` sends them).
 * @returns the events, or the problem to answer with: 404 for another path, 405 for another method,
 * 415 for a body that is not JSON (by Content-Type; none is taken as JSON) or an unknown encoding,
 * 413 for a body or a batch above the limits, 400 for JSON that does not parse or has the wrong shape.
 */
export function parseIngestRequest(
  request: IngestRequest,
  limits: RequestLimits,
): ParsedEvents | RequestProblem {
  const path = normalisedPath(request.path);
  if (path !== LINEAGE_PATH && path !== BATCH_PATH) {
    return problem(
      404,
      'NotFound',
      `No route ${request.path}; post OpenLineage events to ${LINEAGE_PATH} or ${BATCH_PATH}`,
    );
  }
  if (request.method.toUpperCase() !== 'POST') {
    return problem(405, 'MethodNotAllowed', `${request.method} is not allowed on ${path}; use POST`);
  }
  const type = request.headers['content-type'];
  if (type !== undefined && !JSON_TYPE.test(type.trim())) {
    return problem(
      415,
      'UnsupportedMediaType',
      `Content-Type ${JSON.stringify(type)} is not JSON; send application/json`,
    );
  }
  const body = rawBody(request, limits);
  if (!Buffer.isBuffer(body)) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return problem(400, 'InvalidJson', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const batch = path === BATCH_PATH;
  if (!batch) {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return problem(
        400,
        'InvalidEvent',
        Array.isArray(parsed)
          ? `${LINEAGE_PATH} takes one event (a JSON object); post arrays of events to ${BATCH_PATH}`
          : 'The body must be one OpenLineage event (a JSON object)',
      );
    }
    return { events: [parsed], batch: false };
  }
  if (!Array.isArray(parsed)) {
    return problem(400, 'InvalidBatch', `${BATCH_PATH} takes a JSON array of OpenLineage events`);
  }
  if (parsed.length === 0) return problem(400, 'InvalidBatch', 'The batch has no event');
  if (parsed.length > limits.maxBatchEvents) {
    return problem(
      413,
      'BatchTooLarge',
      `The batch has ${parsed.length} events; at most ${limits.maxBatchEvents} are accepted per request`,
    );
  }
  return { events: parsed, batch: true };
}

/** True when `value` is a {@link RequestProblem} (not parsed events). */
export function isRequestProblem(value: ParsedEvents | RequestProblem): value is RequestProblem {
  return 'status' in value;
}
