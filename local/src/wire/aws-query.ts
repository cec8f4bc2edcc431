import { NormalizedSchema } from '@smithy/core/schema';
import type { AwsError } from '../cloud/errors.ts';
import type { OperationEntry, ServiceWire } from './catalog.ts';
import { utf8, type WireRequest, type WireResponse } from './http.ts';

/** The form parameters of an awsQuery request (`Action=...&Version=...&...`). */
export function queryParams(request: WireRequest): URLSearchParams {
  return new URLSearchParams(utf8.decode(request.body));
}

export function routeQueryRequest(wire: ServiceWire, params: URLSearchParams): OperationEntry | undefined {
  const action = params.get('Action');
  return action ? wire.operations.get(action) : undefined;
}

function keyOf(name: string, schema: NormalizedSchema): string {
  return (schema.getMergedTraits().xmlName as string | undefined) ?? name;
}

function readScalar(schema: NormalizedSchema, text: string): unknown {
  if (schema.isNumericSchema()) return Number(text);
  if (schema.isBooleanSchema()) return text === 'true';
  if (schema.isTimestampSchema()) return new Date(text);
  if (schema.isBlobSchema()) return Buffer.from(text, 'base64');
  return text;
}

function hasPrefix(params: URLSearchParams, prefix: string): boolean {
  for (const key of params.keys()) if (key === prefix || key.startsWith(`${prefix}.`)) return true;
  return false;
}

function read(schema: NormalizedSchema, params: URLSearchParams, key: string): unknown {
  if (schema.isStructSchema()) {
    if (key && !hasPrefix(params, key)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const value = read(member, params, key ? `${key}.${keyOf(name, member)}` : keyOf(name, member));
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (schema.isListSchema()) {
    if (params.get(key) === '') return [];
    const member = schema.getValueSchema();
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    const base = flat ? key : `${key}.${keyOf('member', member)}`;
    const items: unknown[] = [];
    for (let i = 1; hasPrefix(params, `${base}.${i}`); i += 1)
      items.push(read(member, params, `${base}.${i}`));
    return items.length > 0 ? items : undefined;
  }
  if (schema.isMapSchema()) {
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    const base = flat ? key : `${key}.entry`;
    const out: Record<string, unknown> = {};
    for (let i = 1; params.has(`${base}.${i}.key`); i += 1) {
      out[params.get(`${base}.${i}.key`) as string] = read(
        schema.getValueSchema(),
        params,
        `${base}.${i}.value`,
      );
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const text = params.get(key);
  return text === null ? undefined : readScalar(schema, text);
}

/** Decodes awsQuery form parameters into the SDK-shaped operation input. */
export function decodeAwsQuery(entry: OperationEntry, params: URLSearchParams): Record<string, unknown> {
  return (read(NormalizedSchema.of(entry.schema.input), params, '') as Record<string, unknown>) ?? {};
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function writeValue(schema: NormalizedSchema, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (schema.isStructSchema()) {
    let xml = '';
    for (const [name, member] of schema.structIterator()) {
      const child = (value as Record<string, unknown>)[name];
      if (child === undefined || child === null) continue;
      xml += writeElement(keyOf(name, member), member, child);
    }
    return xml;
  }
  if (schema.isListSchema()) {
    const member = schema.getValueSchema();
    return (value as unknown[]).map((item) => writeElement(keyOf('member', member), member, item)).join('');
  }
  if (schema.isMapSchema()) {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([k, v]) =>
          `<entry><key>${escapeXml(k)}</key>${writeElement('value', schema.getValueSchema(), v)}</entry>`,
      )
      .join('');
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return escapeXml(String(value));
}

function writeElement(name: string, schema: NormalizedSchema, value: unknown): string {
  if (schema.isListSchema() && schema.getMergedTraits().xmlFlattened) {
    const member = schema.getValueSchema();
    return (value as unknown[]).map((item) => writeElement(name, member, item)).join('');
  }
  return `<${name}>${writeValue(schema, value)}</${name}>`;
}

/** Encodes an SDK-shaped output as the awsQuery XML response (`<OpResponse><OpResult>…`). */
export function encodeAwsQuery(
  wire: ServiceWire,
  entry: OperationEntry,
  output: Record<string, unknown>,
  requestId: string,
): WireResponse {
  const schema = NormalizedSchema.of(entry.schema.output);
  const result = schema.isStructSchema() ? writeValue(schema, output) : '';
  const body =
    `<${entry.name}Response xmlns="${wire.xmlNamespace}">` +
    (result ? `<${entry.name}Result>${result}</${entry.name}Result>` : '') +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${entry.name}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

/** Encodes an error as awsQuery XML with the wire code of the error shape (`NoSuchEntity`). */
export function encodeAwsQueryError(wire: ServiceWire, error: AwsError, requestId: string): WireResponse {
  const entry = wire.errors.get(error.code);
  const code = entry?.queryCode ?? error.code;
  const status = error.status ?? entry?.status ?? 400;
  const type = (entry?.fault ?? (status >= 500 ? 'server' : 'client')) === 'server' ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${wire.xmlNamespace}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml' }, body };
}
