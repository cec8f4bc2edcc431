import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AdminOptions, handleAdmin } from './admin.ts';
import type { LocalCloud } from './cloud/cloud.ts';
import { AwsError } from './cloud/errors.ts';
import { serveFunctionUrl } from './services/lambda/function-urls.ts';
import { serviceWire } from './wire/catalog.ts';
import { decodeCall, encodeError, encodeOutput } from './wire/dispatch.ts';
import type { WireRequest, WireResponse } from './wire/http.ts';

export interface ServerOptions extends AdminOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Called after every wire call that reached a service (to persist state, for example). */
  readonly onCall?: () => void;
  /** Extra HTTP routes served before AWS routing (the local deployment's function URLs). */
  readonly extraRoutes?: (request: WireRequest) => Promise<WireResponse | undefined>;
}

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The SigV4 credential scope of a request: access key, region and signing service. */
export function credentialScope(
  headers: Readonly<Record<string, string>>,
): { accessKeyId: string; region: string; service: string } | undefined {
  const match = SCOPE.exec(headers.authorization ?? '');
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { accessKeyId: match[1], region: match[2], service: match[3] };
}

async function readRequest(req: IncomingMessage): Promise<WireRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: req.method ?? 'GET',
    rawPath: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers,
    body: Buffer.concat(chunks),
  };
}

function send(res: ServerResponse, response: WireResponse, requestId: string): void {
  // Buffer.from(view) would call the SDK's JsonBytesStringAdapter.valueOf(); wrap the bytes instead.
  const body =
    typeof response.body === 'string'
      ? Buffer.from(response.body)
      : Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength);
  res.writeHead(response.status, {
    ...response.headers,
    'x-amzn-requestid': requestId,
    date: new Date().toUTCString(),
    'content-length': String(body.length),
  });
  res.end(body);
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Handles one AWS API request: route by SigV4 scope service, decode, dispatch, encode. */
export async function handleAwsRequest(
  cloud: LocalCloud,
  request: WireRequest,
  requestId: string,
): Promise<WireResponse> {
  const scope = credentialScope(request.headers);
  if (!scope) {
    return json(403, {
      message:
        'Missing or malformed SigV4 Authorization header: the local cloud routes by its credential scope',
    });
  }
  const wire = serviceWire(scope.service);
  if (!wire || !cloud.serviceNames().includes(scope.service)) {
    return json(400, { message: `Service ${scope.service} is not served by the streamgov local cloud` });
  }
  try {
    const { entry, input } = await decodeCall(wire, request);
    const caller = cloud.identify(scope.accessKeyId, scope.region);
    const output = await cloud.dispatch(scope.service, entry.name, input, caller, requestId, { wire: true });
    return await encodeOutput(wire, entry, output, requestId);
  } catch (error) {
    if (error instanceof AwsError) return encodeError(wire, error, requestId);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `local cloud: internal error in ${scope.service}: ${error instanceof Error ? error.stack : message}\n`,
    );
    return encodeError(
      wire,
      new AwsError('InternalFailure', `Local cloud internal error: ${message}`, {}, 500),
      requestId,
    );
  }
}

/** Starts the local cloud's HTTP server on 127.0.0.1. */
export async function startServer(cloud: LocalCloud, options: ServerOptions = {}): Promise<LocalServer> {
  const server: Server = createServer((req, res) => {
    const requestId = cloud.newId();
    void (async () => {
      try {
        const request = await readRequest(req);
        if (request.rawPath.startsWith('/_local/')) {
          send(res, await handleAdmin(cloud, request, options), requestId);
          return;
        }
        const functionUrl = await serveFunctionUrl(cloud, request, requestId);
        if (functionUrl) {
          send(res, functionUrl, requestId);
          return;
        }
        const extra = await options.extraRoutes?.(request);
        if (extra) {
          send(res, extra, requestId);
          return;
        }
        send(res, await handleAwsRequest(cloud, request, requestId), requestId);
        options.onCall?.();
      } catch (error) {
        send(res, json(500, { message: error instanceof Error ? error.message : String(error) }), requestId);
      }
    })();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
