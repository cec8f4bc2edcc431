/**
 * Function URL requests and responses as Lambda shapes them (payload format 2.0): the HTTP request
 * becomes the event, the handler's result becomes the HTTP response. Pure.
 */
import { isJsonObject } from '../../../../common/src/json.ts';
import type { WireRequest, WireResponse } from '../../wire/http.ts';

/** The event a Function URL hands to its function (payload format version 2.0). */
export interface FunctionUrlEvent {
  readonly version: '2.0';
  readonly routeKey: '$default';
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly queryStringParameters?: Readonly<Record<string, string>>;
  readonly requestContext: {
    readonly accountId: string;
    readonly apiId: string;
    readonly authorizer?: {
      readonly iam: {
        readonly accessKey: string;
        readonly accountId: string;
        readonly callerId: string;
        readonly userArn: string;
        readonly userId: string;
      };
    };
    readonly domainName: string;
    readonly domainPrefix: string;
    readonly http: {
      readonly method: string;
      readonly path: string;
      readonly protocol: string;
      readonly sourceIp: string;
      readonly userAgent: string;
    };
    readonly requestId: string;
    readonly routeKey: '$default';
    readonly stage: '$default';
    readonly time: string;
    readonly timeEpoch: number;
  };
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

/** Where and when the request arrived, and who signed it (AWS_IAM URLs). */
export interface FunctionUrlRequestContext {
  readonly urlId: string;
  readonly region: string;
  /** The path after the URL's prefix, starting with `/`. */
  readonly path: string;
  readonly requestId: string;
  readonly now: Date;
  readonly sourceIp: string;
  readonly caller?: { readonly accessKeyId: string; readonly account: string; readonly principalArn: string };
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/iu;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the request time format of Function URL events. */
export function requestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function queryParameters(query: URLSearchParams): Record<string, string> | undefined {
  const keys = [...new Set(query.keys())];
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((key) => [key, query.getAll(key).join(',')]));
}

/**
 * The Function URL event of an HTTP request: lower-case headers (cookies moved to `cookies`), query
 * parameters joined with commas, a text body as is and any other body base64-encoded.
 */
export function toFunctionUrlEvent(
  request: WireRequest,
  context: FunctionUrlRequestContext,
): FunctionUrlEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== 'cookie') headers[name.toLowerCase()] = value;
  }
  const cookies = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const hasBody = request.body.length > 0;
  const isText = TEXT_TYPES.test(request.headers['content-type'] ?? '');
  const body = !hasBody
    ? undefined
    : isText
      ? Buffer.from(request.body).toString('utf8')
      : Buffer.from(request.body).toString('base64');
  const queryStringParameters = queryParameters(request.query);
  const domainName = `${context.urlId}.lambda-url.${context.region}.on.aws`;
  const caller = context.caller;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: context.path,
    rawQueryString: request.query.toString(),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: caller?.account ?? 'anonymous',
      apiId: context.urlId,
      ...(caller
        ? {
            authorizer: {
              iam: {
                accessKey: caller.accessKeyId,
                accountId: caller.account,
                callerId: caller.principalArn.split('/').slice(1).join(':') || caller.account,
                userArn: caller.principalArn,
                userId: caller.principalArn.split('/').slice(1).join(':') || caller.account,
              },
            },
          }
        : {}),
      domainName,
      domainPrefix: context.urlId,
      http: {
        method: request.method,
        path: context.path,
        protocol: 'HTTP/1.1',
        sourceIp: context.sourceIp,
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: hasBody && !isText,
  };
}

/**
 * The HTTP response of a handler result, as Lambda infers it: an object with `statusCode` is taken as
 * the response (`headers`, `body`, `isBase64Encoded`, `cookies` → `set-cookie`); anything else is
 * the JSON body of a 200 (a string as is).
 */
export function toHttpResponse(result: unknown): WireResponse {
  if (isJsonObject(result) && typeof result.statusCode === 'number') {
    const headers: Record<string, string> = {};
    if (isJsonObject(result.headers)) {
      for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = String(value);
    }
    if (Array.isArray(result.cookies) && result.cookies.length > 0) {
      headers['set-cookie'] = result.cookies.map(String).join(', ');
    }
    const text =
      result.body === undefined || result.body === null
        ? ''
        : typeof result.body === 'string'
          ? result.body
          : JSON.stringify(result.body);
    const body = result.isBase64Encoded === true ? new Uint8Array(Buffer.from(text, 'base64')) : text;
    return { status: result.statusCode, headers, body };
  }
  const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? '');
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

/** What a Function URL answers when its function fails (Lambda's answer is a bare 502). */
export function functionErrorResponse(): WireResponse {
  return {
    status: 502,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Message: 'Internal Server Error' }),
  };
}
