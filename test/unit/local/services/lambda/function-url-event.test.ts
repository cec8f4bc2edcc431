import { describe, expect, it } from 'vitest';
import {
  requestTime,
  toFunctionUrlEvent,
  toHttpResponse,
} from '../../../../../local/src/services/lambda/function-url-event.ts';
import type { WireRequest } from '../../../../../local/src/wire/http.ts';

const NOW = new Date('2026-03-05T09:04:03.120Z');
const CONTEXT = {
  urlId: 'abc123',
  region: 'eu-west-1',
  path: '/orders/1',
  requestId: 'r-1',
  now: NOW,
  sourceIp: '127.0.0.1',
};

function request(overrides: Partial<WireRequest> = {}): WireRequest {
  return {
    method: 'POST',
    rawPath: '/lambda-url/abc123/orders/1',
    query: new URLSearchParams('a=1&a=2&b=x'),
    headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'user-agent': 'test' },
    body: new TextEncoder().encode('{"x":1}'),
    ...overrides,
  };
}

describe('toFunctionUrlEvent', () => {
  it('builds the payload format 2.0 event: path, query, headers, cookies, text body', () => {
    // Act
    const event = toFunctionUrlEvent(request(), CONTEXT);

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/orders/1',
      rawQueryString: 'a=1&a=2&b=x',
      cookies: ['c1=v1', 'c2=v2'],
      headers: { 'content-type': 'application/json', 'user-agent': 'test' },
      queryStringParameters: { a: '1,2', b: 'x' },
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: {
        accountId: 'anonymous',
        apiId: 'abc123',
        domainName: 'abc123.lambda-url.eu-west-1.on.aws',
        http: {
          method: 'POST',
          path: '/orders/1',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'test',
        },
        requestId: 'r-1',
        time: '05/Mar/2026:09:04:03 +0000',
        timeEpoch: NOW.getTime(),
      },
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('base64-encodes a binary body and leaves out an empty one', () => {
    // Act
    const binary = toFunctionUrlEvent(
      request({ headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255]) }),
      CONTEXT,
    );
    const empty = toFunctionUrlEvent(request({ method: 'GET', body: new Uint8Array() }), CONTEXT);

    // Assess
    expect([binary.body, binary.isBase64Encoded]).toEqual(['AP8=', true]);
    expect('body' in empty).toBe(false);
    expect(empty.isBase64Encoded).toBe(false);
  });

  it('names the IAM caller of a signed request', () => {
    // Act
    const event = toFunctionUrlEvent(request(), {
      ...CONTEXT,
      caller: {
        accessKeyId: 'ASIA1',
        account: '111111111111',
        principalArn: 'arn:aws:sts::111111111111:assumed-role/r/s',
      },
    });

    // Assess
    expect(event.requestContext.accountId).toBe('111111111111');
    expect(event.requestContext.authorizer?.iam.userArn).toBe('arn:aws:sts::111111111111:assumed-role/r/s');
  });
});

describe('toHttpResponse', () => {
  it('takes a result with statusCode as the response', () => {
    // Act
    const response = toHttpResponse({
      statusCode: 202,
      headers: { 'X-A': 'b', 'Content-Type': 'text/plain' },
      cookies: ['s=1'],
      body: 'accepted',
    });

    // Assess
    expect(response).toEqual({
      status: 202,
      headers: { 'x-a': 'b', 'content-type': 'text/plain', 'set-cookie': 's=1' },
      body: 'accepted',
    });
  });

  it('decodes a base64 body', () => {
    const response = toHttpResponse({ statusCode: 200, body: 'AP8=', isBase64Encoded: true });
    expect([...(response.body as Uint8Array)]).toEqual([0, 255]);
  });

  it('answers any other result as the JSON body of a 200', () => {
    expect(toHttpResponse({ hello: 'world' })).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    expect(toHttpResponse(null).body).toBe('null');
  });
});

describe('requestTime', () => {
  it('formats dd/Mon/yyyy:HH:mm:ss +0000', () => {
    expect(requestTime(new Date('2020-12-01T00:00:09Z'))).toBe('01/Dec/2020:00:00:09 +0000');
  });
});
