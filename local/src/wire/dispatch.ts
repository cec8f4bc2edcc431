import { AwsError } from '../cloud/errors.ts';
import type { CallerIdentity } from '../cloud/types.ts';
import {
  decodeAwsJson,
  encodeAwsJson,
  encodeAwsJsonError,
  jsonOperationName,
  routeJsonRequest,
} from './aws-json.ts';
import {
  decodeAwsQuery,
  encodeAwsQuery,
  encodeAwsQueryError,
  queryParams,
  routeQueryRequest,
} from './aws-query.ts';
import type { OperationEntry, ServiceWire } from './catalog.ts';
import type { WireRequest, WireResponse } from './http.ts';
import { decodeRestJson, encodeRestJson, encodeRestJsonError, routeRestRequest } from './rest-json.ts';

/** What the wire layer needs from the cloud: run one operation for a caller. */
export type Invoke = (operation: string, input: Record<string, unknown>) => Promise<unknown>;

export interface DecodedCall {
  readonly entry: OperationEntry;
  readonly input: Record<string, unknown>;
}

/** Identifies the operation of a request and decodes its input, per the service's protocol. */
export async function decodeCall(wire: ServiceWire, request: WireRequest): Promise<DecodedCall> {
  switch (wire.protocol) {
    case 'restJson1': {
      const routed = routeRestRequest(wire, request);
      if (!routed) {
        throw new AwsError(
          'UnknownOperationException',
          `No ${wire.signingName} operation matches ${request.method} ${request.rawPath}`,
          {},
          404,
        );
      }
      return { entry: routed.entry, input: await decodeRestJson(wire, routed.entry, routed.labels, request) };
    }
    case 'awsJson1_0':
    case 'awsJson1_1': {
      const entry = routeJsonRequest(wire, request);
      if (!entry) {
        throw new AwsError(
          'UnknownOperationException',
          `Unknown ${wire.signingName} operation ${jsonOperationName(request)} (X-Amz-Target ${request.headers['x-amz-target'] ?? 'missing'})`,
        );
      }
      return { entry, input: await decodeAwsJson(wire, entry, request) };
    }
    case 'awsQuery': {
      const params = queryParams(request);
      const entry = routeQueryRequest(wire, params);
      if (!entry) {
        throw new AwsError(
          'InvalidAction',
          `Unknown ${wire.signingName} action ${params.get('Action') ?? '(missing Action)'}`,
        );
      }
      return { entry, input: decodeAwsQuery(entry, params) };
    }
  }
}

/** Encodes a successful output per the service's protocol. */
export function encodeOutput(
  wire: ServiceWire,
  entry: OperationEntry,
  output: unknown,
  requestId: string,
): Promise<WireResponse> | WireResponse {
  const record = (output ?? {}) as Record<string, unknown>;
  switch (wire.protocol) {
    case 'restJson1':
      return encodeRestJson(wire, entry, record);
    case 'awsJson1_0':
    case 'awsJson1_1':
      return encodeAwsJson(wire, entry, record);
    case 'awsQuery':
      return encodeAwsQuery(wire, entry, record, requestId);
  }
}

/** Encodes an error per the service's protocol. */
export function encodeError(
  wire: ServiceWire,
  error: AwsError,
  requestId: string,
): Promise<WireResponse> | WireResponse {
  switch (wire.protocol) {
    case 'restJson1':
      return encodeRestJsonError(wire, error);
    case 'awsJson1_0':
    case 'awsJson1_1':
      return encodeAwsJsonError(wire, error);
    case 'awsQuery':
      return encodeAwsQueryError(wire, error, requestId);
  }
}

export type { CallerIdentity };
