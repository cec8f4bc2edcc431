import { HttpResponse } from '@smithy/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../local/src/cloud/errors.ts';
import { serviceWire, WIRE_SERVICES } from '../../local/src/wire/catalog.ts';
import { decodeCall, encodeError, encodeOutput } from '../../local/src/wire/dispatch.ts';
import type { WireRequest } from '../../local/src/wire/http.ts';
import { normalize, sampleValue } from '../support/sample-values.ts';
import { sdkClient } from '../support/sdk-modules.ts';

interface CapturedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

function toWireRequest(captured: CapturedRequest): WireRequest {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(captured.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) query.append(key, v);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(captured.headers)) headers[key.toLowerCase()] = value;
  const body = captured.body;
  return {
    method: captured.method,
    rawPath: captured.path,
    query,
    headers,
    body:
      body === undefined || body === null
        ? new Uint8Array()
        : typeof body === 'string'
          ? new TextEncoder().encode(body)
          : (body as Uint8Array),
  };
}

/** Streaming members (event streams, streaming blobs) are outside the wire layer's scope. */
function hasStreaming(schema: NormalizedSchema): boolean {
  if (!schema.isStructSchema()) return false;
  for (const [, member] of schema.structIterator()) if (member.isStreaming()) return true;
  return false;
}

/** Members the SDK itself resolves into the endpoint (so they must be valid host labels), not sent. */
const ENDPOINT_MEMBERS: Readonly<Record<string, readonly string[]>> = { 'events:PutEvents': ['EndpointId'] };

// Header-bound timestamps travel as HTTP-dates (whole seconds) — the sample values use whole seconds.
describe.each(WIRE_SERVICES)('wire round trip: %s', (service) => {
  const wire = serviceWire(service);
  if (!wire) throw new Error(`no wire for ${service}`);
  const operations = [...wire.operations.values()].filter(
    (entry) =>
      !hasStreaming(NormalizedSchema.of(entry.schema.input)) &&
      !hasStreaming(NormalizedSchema.of(entry.schema.output)),
  );

  it('covers every non-streaming operation of the client', () => {
    expect(operations.length).toBeGreaterThan(service === 'sts' ? 5 : 10);
  });

  it.each(operations.map((entry) => [entry.name, entry] as const))(
    '%s: request and response',
    async (name, entry) => {
      // Prepare
      const seed = name.length;
      const input = sampleValue(NormalizedSchema.of(entry.schema.input), seed) as Record<string, unknown>;
      for (const member of ENDPOINT_MEMBERS[`${service}:${name}`] ?? []) delete input[member];
      const output = sampleValue(NormalizedSchema.of(entry.schema.output), seed + 3) as Record<
        string,
        unknown
      >;
      let captured: CapturedRequest | undefined;
      let responseToSend: HttpResponse | undefined;
      const client = sdkClient(service, {
        handle: async (request: CapturedRequest) => {
          captured = request;
          return { response: responseToSend };
        },
      });
      const response = await (async () => {
        const decoded = await (async () => {
          try {
            await client.send(name, input);
          } catch (error) {
            // The first send only captures the request; its response is sent in the second round.
            if (!captured) throw error;
          }
          if (!captured) throw new Error('no request captured');
          return decodeCall(wire, toWireRequest(captured));
        })();
        // Assess the request direction
        expect(decoded.entry.name).toBe(name);
        expect(normalize(decoded.input)).toEqual(normalize(input ?? {}));
        // Act: encode the output and feed it back
        const encoded = await encodeOutput(wire, entry, output, 'req-1');
        const body = typeof encoded.body === 'string' ? new TextEncoder().encode(encoded.body) : encoded.body;
        responseToSend = new HttpResponse({ statusCode: encoded.status, headers: encoded.headers, body });
        return client.send(name, input);
      })();
      expect(normalize(response)).toEqual(normalize(output ?? {}));
    },
  );

  it('encodes modelled errors so that the SDK throws the right class', async () => {
    const [errorName, errorEntry] =
      [...wire.errors.entries()].find(([key, e]) => key === e.name && e.fault === 'client') ?? [];
    if (!errorName || !errorEntry) return;
    const entry = operations[0];
    if (!entry) throw new Error('no operation');
    const encoded = await encodeError(wire, new AwsError(errorName, 'boom happened'), 'req-2');
    const body = typeof encoded.body === 'string' ? new TextEncoder().encode(encoded.body) : encoded.body;
    const client = sdkClient(service, {
      handle: async () => ({
        response: new HttpResponse({ statusCode: encoded.status, headers: encoded.headers, body }),
      }),
    });
    const input = sampleValue(NormalizedSchema.of(entry.schema.input), 1) as Record<string, unknown>;
    const error = await client.send(entry.name, input).then(
      () => undefined,
      (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
    );
    expect(error?.name).toBe(errorName);
    expect(error?.message).toBe('boom happened');
    expect(error?.$metadata?.httpStatusCode).toBe(errorEntry.status);
  });
});

describe('wire round trip sensitivity', () => {
  it('notices a codec that percent-decodes the path before splitting it (labels holding "/")', async () => {
    // Prepare: a lineage node identifier is a sourceIdentifier with slashes, sent as %2F by the SDK.
    const wire = serviceWire('datazone');
    if (!wire) throw new Error('no datazone wire');
    let captured: CapturedRequest | undefined;
    const client = sdkClient('datazone', {
      handle: async (request: CapturedRequest) => {
        captured = request;
        throw new Error('captured');
      },
    });
    const input = { domainIdentifier: 'dzd_abc', identifier: 'kafka://b-1.c:9098/orders' };
    await client.send('GetLineageNode', input).catch(() => undefined);
    if (!captured) throw new Error('no request captured');
    // Act: the right codec, and a broken one that decodes the whole path first.
    const right = await decodeCall(wire, toWireRequest(captured));
    const broken = await decodeCall(wire, {
      ...toWireRequest(captured),
      rawPath: decodeURIComponent(captured.path),
    }).then(
      (decoded) => decoded.input,
      (error: unknown) => error,
    );
    // Assess
    expect(right.input).toEqual(input);
    expect(broken).not.toEqual(input);
  });
});
