import { HttpResponse } from '@smithy/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import type { AwsError } from '../cloud/errors.ts';
import type { OperationEntry, ServiceWire } from './catalog.ts';
import { utf8, type WireRequest, type WireResponse } from './http.ts';

/** The operation named by `X-Amz-Target: <Prefix>.<Operation>`, if the prefix is the service's. */
export function routeJsonRequest(wire: ServiceWire, request: WireRequest): OperationEntry | undefined {
  const target = request.headers['x-amz-target'] ?? '';
  const dot = target.lastIndexOf('.');
  if (dot < 0 || target.slice(0, dot) !== wire.targetPrefix) return undefined;
  return wire.operations.get(target.slice(dot + 1));
}

export function jsonOperationName(request: WireRequest): string {
  const target = request.headers['x-amz-target'] ?? '';
  return target.slice(target.lastIndexOf('.') + 1) || 'UnknownOperation';
}

function contentType(wire: ServiceWire): string {
  return wire.protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
}

/** Decodes an awsJson request body into the SDK-shaped operation input. */
export async function decodeAwsJson(
  wire: ServiceWire,
  entry: OperationEntry,
  request: WireRequest,
): Promise<Record<string, unknown>> {
  const body = request.body.length > 0 ? request.body : new TextEncoder().encode('{}');
  const response = new HttpResponse({ statusCode: 200, headers: {}, body });
  const { schema } = entry;
  const decoded = await wire.sdkProtocol.deserializeResponse(
    { ...schema, output: schema.input } as typeof schema,
    wire.config,
    response,
  );
  delete decoded.$metadata;
  for (const key of Object.keys(decoded))
    if (decoded[key] === null || decoded[key] === undefined) delete decoded[key];
  return decoded;
}

const ENDPOINT_CONTEXT = { endpoint: async () => ({ protocol: 'http:', hostname: 'local', path: '/' }) };

async function serialize(wire: ServiceWire, schema: unknown, value: object): Promise<string> {
  const op = { name: 'Encode', namespace: '', traits: {}, input: schema, output: schema };
  const request = await wire.sdkProtocol.serializeRequest(op as never, value, {
    ...wire.config,
    ...ENDPOINT_CONTEXT,
  });
  const body = request.body;
  return typeof body === 'string' ? body : utf8.decode(body ?? new Uint8Array());
}

/** Encodes an SDK-shaped output as an awsJson response. */
export async function encodeAwsJson(
  wire: ServiceWire,
  entry: OperationEntry,
  output: Record<string, unknown>,
): Promise<WireResponse> {
  const body = await serialize(wire, entry.schema.output, output);
  return { status: 200, headers: { 'content-type': contentType(wire) }, body: body || '{}' };
}

/** Encodes an error as awsJson: `__type`, `message` and the error shape's members, status 400/500. */
export async function encodeAwsJsonError(wire: ServiceWire, error: AwsError): Promise<WireResponse> {
  const entry = wire.errors.get(error.code);
  const status = error.status ?? entry?.status ?? 400;
  let members: Record<string, unknown> = {};
  if (entry) {
    const values: Record<string, unknown> = { ...error.fields };
    for (const [name] of NormalizedSchema.of(entry.schema).structIterator()) {
      if (name.toLowerCase() === 'message') values[name] = error.message;
    }
    const text = await serialize(wire, entry.schema, values);
    members = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } else {
    members = { ...error.fields };
  }
  const body = { __type: error.code, message: error.message, ...members };
  // Query-compatible services (SQS) also name the error by its awsQuery code: `<code>;Sender|Receiver`.
  const queryCompatible = (wire.sdkProtocol as { awsQueryCompatible?: boolean }).awsQueryCompatible === true;
  const queryError: Record<string, string> = queryCompatible
    ? { 'x-amzn-query-error': `${entry?.queryCode ?? error.code};${status >= 500 ? 'Receiver' : 'Sender'}` }
    : {};
  return {
    status,
    headers: { 'content-type': contentType(wire), 'x-amzn-errortype': error.code, ...queryError },
    body: JSON.stringify(body),
  };
}
