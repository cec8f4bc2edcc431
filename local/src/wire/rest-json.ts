import { HttpResponse } from '@smithy/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../cloud/errors.ts';
import type { OperationEntry, ServiceWire } from './catalog.ts';
import { utf8, type WireRequest, type WireResponse } from './http.ts';

type Segment = { readonly literal: string } | { readonly label: string; readonly greedy: boolean };

interface Route {
  readonly entry: OperationEntry;
  readonly method: string;
  readonly segments: readonly Segment[];
  readonly staticQuery: readonly [string, string][];
  readonly literalCount: number;
}

const routeCache = new WeakMap<ServiceWire, Route[]>();

function parseTemplate(entry: OperationEntry): Route {
  const [method, template] = entry.http ?? ['POST', '/'];
  const [path = '/', queryPart] = template.split('?');
  const segments: Segment[] = path
    .split('/')
    .slice(1)
    .map((part) => {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
      return label?.[1] ? { label: label[1], greedy: label[2] === '+' } : { literal: part };
    });
  const staticQuery = [...new URLSearchParams(queryPart ?? '').entries()];
  return {
    entry,
    method,
    segments,
    staticQuery,
    literalCount: segments.filter((s) => 'literal' in s).length,
  };
}

function routes(wire: ServiceWire): Route[] {
  let list = routeCache.get(wire);
  if (!list) {
    list = [...wire.operations.values()]
      .filter((entry) => entry.http)
      .map(parseTemplate)
      .sort((a, b) => b.literalCount - a.literalCount || b.staticQuery.length - a.staticQuery.length);
    routeCache.set(wire, list);
  }
  return list;
}

function matchRoute(route: Route, method: string, parts: readonly string[], query: URLSearchParams) {
  if (route.method !== method) return undefined;
  const labels: Record<string, string> = {};
  let i = 0;
  for (const [index, segment] of route.segments.entries()) {
    if ('literal' in segment) {
      if (parts[i] !== segment.literal) return undefined;
      i += 1;
    } else if (segment.greedy) {
      const rest = route.segments.length - index - 1;
      const taken = parts.slice(i, parts.length - rest);
      if (taken.length === 0) return undefined;
      labels[segment.label] = taken.map(decodeURIComponent).join('/');
      i += taken.length;
    } else {
      const part = parts[i];
      if (part === undefined || part === '') return undefined;
      labels[segment.label] = decodeURIComponent(part);
      i += 1;
    }
  }
  if (i !== parts.length) return undefined;
  for (const [key, value] of route.staticQuery) {
    if (value === '' ? !query.has(key) : query.get(key) !== value) return undefined;
  }
  return labels;
}

/** Finds the operation a REST request addresses: method + path template (most literal segments first). */
export function routeRestRequest(
  wire: ServiceWire,
  request: WireRequest,
): { entry: OperationEntry; labels: Record<string, string> } | undefined {
  const parts = request.rawPath.split('/').slice(1);
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  for (const route of routes(wire)) {
    const labels = matchRoute(route, request.method, parts, request.query);
    if (labels) return { entry: route.entry, labels };
  }
  return undefined;
}

function fromString(schema: NormalizedSchema, text: string): unknown {
  if (schema.isNumericSchema()) return Number(text);
  if (schema.isBooleanSchema()) return text === 'true';
  if (schema.isTimestampSchema()) return new Date(/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : text);
  return text;
}

function invalidLabel(wire: ServiceWire, member: string, value: string): AwsError {
  return new AwsError(
    wire.signingName === 'kafka' ? 'BadRequestException' : 'ValidationException',
    `Invalid value '${value}' for ${member}`,
    {},
    400,
  );
}

/** Decodes a REST request into the SDK-shaped operation input. */
export async function decodeRestJson(
  wire: ServiceWire,
  entry: OperationEntry,
  labels: Readonly<Record<string, string>>,
  request: WireRequest,
): Promise<Record<string, unknown>> {
  const inputSchema = NormalizedSchema.of(entry.schema.input);
  let blobPayload: string | undefined;
  const extra: Record<string, unknown> = {};
  for (const [name, member] of inputSchema.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.httpLabel) {
      const raw = labels[name];
      if (raw !== undefined) {
        const value = fromString(member, raw);
        if (typeof value === 'number' && Number.isNaN(value)) throw invalidLabel(wire, name, raw);
        extra[name] = value;
      }
    } else if (typeof traits.httpQuery === 'string') {
      const values = request.query.getAll(traits.httpQuery);
      if (values.length === 0) continue;
      extra[name] = member.isListSchema()
        ? values.flatMap((v) => v.split(',')).map((v) => fromString(member.getValueSchema(), v))
        : fromString(member, values[0] as string);
    } else if (traits.httpQueryParams) {
      const params: Record<string, string> = {};
      for (const [key, value] of request.query) params[key] = value;
      extra[name] = params;
    } else if (traits.httpPayload && member.isBlobSchema()) {
      blobPayload = name;
    }
  }
  const bodyForProtocol = blobPayload ? new Uint8Array() : request.body;
  const response = new HttpResponse({
    statusCode: 200,
    headers: { ...request.headers },
    body: bodyForProtocol,
  });
  const { schema } = entry;
  const swapped = { ...schema, output: schema.input } as typeof schema;
  const decoded = await wire.sdkProtocol.deserializeResponse(swapped, wire.config, response);
  delete decoded.$metadata;
  for (const key of Object.keys(decoded))
    if (decoded[key] === null || decoded[key] === undefined) delete decoded[key];
  if (blobPayload && request.body.length > 0) decoded[blobPayload] = request.body;
  return { ...decoded, ...extra };
}

const ENDPOINT_CONTEXT = { endpoint: async () => ({ protocol: 'http:', hostname: 'local', path: '/' }) };

/** Encodes an SDK-shaped output as the REST response the SDK expects (status, headers, JSON body). */
export async function encodeRestJson(
  wire: ServiceWire,
  entry: OperationEntry,
  output: Record<string, unknown>,
): Promise<WireResponse> {
  const outputSchema = NormalizedSchema.of(entry.schema.output);
  let status = entry.http?.[2] ?? 200;
  const body: Record<string, unknown> = { ...output };
  for (const [name, member] of outputSchema.structIterator()) {
    if (member.getMergedTraits().httpResponseCode) {
      if (typeof body[name] === 'number') status = body[name] as number;
      delete body[name];
    }
  }
  const { schema } = entry;
  const asRequest = { ...schema, traits: {}, input: schema.output } as typeof schema;
  const request = await wire.sdkProtocol.serializeRequest(asRequest, body, {
    ...wire.config,
    ...ENDPOINT_CONTEXT,
  });
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) headers[key.toLowerCase()] = value;
  if (status === 204) return { status, headers: {}, body: '' };
  return { status, headers, body: request.body ?? '' };
}

/** Encodes an error as restJson1: `x-amzn-errortype`, the modelled status, members from the error shape. */
export async function encodeRestJsonError(wire: ServiceWire, error: AwsError): Promise<WireResponse> {
  const entry = wire.errors.get(error.code);
  const status = error.status ?? entry?.status ?? 400;
  const headers: Record<string, string> = {
    'x-amzn-errortype': error.code,
    'content-type': 'application/json',
  };
  if (!entry) return { status, headers, body: JSON.stringify({ message: error.message, ...error.fields }) };
  const schema = NormalizedSchema.of(entry.schema);
  const members: Record<string, unknown> = { ...error.fields };
  for (const [name] of schema.structIterator())
    if (name.toLowerCase() === 'message') members[name] = error.message;
  const asRequest = {
    name: entry.name,
    namespace: '',
    traits: {},
    input: entry.schema,
    output: entry.schema,
  };
  const request = await wire.sdkProtocol.serializeRequest(asRequest as never, members, {
    ...wire.config,
    ...ENDPOINT_CONTEXT,
  });
  const text =
    typeof request.body === 'string' ? request.body : utf8.decode(request.body ?? new Uint8Array());
  const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (parsed.message === undefined && parsed.Message === undefined) parsed.message = error.message;
  return { status, headers, body: JSON.stringify(parsed) };
}
