/**
 * Function URLs of the local deployment: each is served by the local cloud's HTTP server under
 * `/lambda-url/<urlId>/…`, turned into a payload-format-2.0 event, run through Invoke, and the result
 * turned into the HTTP response. `AWS_IAM` URLs need a SigV4-signed request (signing name `lambda`,
 * the URL's Region) from a credential of the function's own account that the local cloud knows (an
 * unexpired AssumeRole key, or a plain key acting as the default account); the signature itself is not
 * verified, as nowhere in the local cloud.
 */
import { createHash } from 'node:crypto';
import type { LocalCloud } from '../../cloud/cloud.ts';
import type { CloudRuntime } from '../../cloud/types.ts';
import type { WireRequest, WireResponse } from '../../wire/http.ts';
import { functionErrorResponse, toFunctionUrlEvent, toHttpResponse } from './function-url-event.ts';

/** The path prefix Function URLs are served under. */
export const FUNCTION_URL_PREFIX = '/lambda-url/';

export type FunctionUrlAuthType = 'NONE' | 'AWS_IAM';

/** A Function URL bound to a function. */
export interface FunctionUrlBinding {
  readonly urlId: string;
  readonly functionArn: string;
  readonly authType: FunctionUrlAuthType;
}

function bindings(cloud: CloudRuntime): Map<string, FunctionUrlBinding> {
  return cloud.runtime('lambda:function-urls', () => new Map<string, FunctionUrlBinding>());
}

/** The URL id of a function (32 lower-case letters and digits, stable for the function ARN). */
export function functionUrlId(functionArn: string): string {
  const digest = createHash('sha256').update(functionArn).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...digest.subarray(0, 32)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Binds a Function URL to a function of the cloud; returns the binding (the URL id names it). */
export function registerFunctionUrl(
  cloud: CloudRuntime,
  functionArn: string,
  authType: FunctionUrlAuthType,
): FunctionUrlBinding {
  const binding = { urlId: functionUrlId(functionArn), functionArn, authType };
  bindings(cloud).set(binding.urlId, binding);
  return binding;
}

/** The Function URL of a binding on a local cloud served at `baseUrl`. */
export function functionUrl(baseUrl: string, binding: FunctionUrlBinding): string {
  return `${baseUrl.replace(/\/$/u, '')}${FUNCTION_URL_PREFIX}${binding.urlId}/`;
}

function forbidden(message: string): WireResponse {
  return {
    status: 403,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Message: message }),
  };
}

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-f]{64}$/u;

type Caller = { accessKeyId: string; account: string; principalArn: string };

/** The signer of an AWS_IAM request, or the reason it is refused. */
function authenticate(
  cloud: LocalCloud,
  request: WireRequest,
  account: string,
  region: string,
): Caller | { refused: string } {
  const match = SIGV4.exec(request.headers.authorization ?? '');
  if (!match?.[1] || !request.headers['x-amz-date']) {
    return { refused: 'Forbidden: this Function URL needs a SigV4-signed request (AuthType AWS_IAM)' };
  }
  const [, accessKeyId, scopeRegion, service] = match;
  if (service !== 'lambda' || scopeRegion !== region) {
    return { refused: `Forbidden: sign for service lambda in ${region}, not ${service} in ${scopeRegion}` };
  }
  const issued = cloud.dump().accessKeys[accessKeyId];
  if (issued && Date.parse(issued.expiresAt) <= cloud.now().getTime()) {
    return { refused: 'Forbidden: the security token included in the request is expired' };
  }
  const caller = cloud.identify(accessKeyId, region);
  if (caller.account !== account) {
    return {
      refused: `Forbidden: ${caller.principalArn} is not allowed lambda:InvokeFunctionUrl on a function of account ${account}`,
    };
  }
  return { accessKeyId, account: caller.account, principalArn: caller.principalArn };
}

/**
 * Serves a request for a Function URL (`/lambda-url/<urlId>/<path>`), or returns undefined when the
 * path is not one.
 */
export async function serveFunctionUrl(
  cloud: LocalCloud,
  request: WireRequest,
  requestId: string,
): Promise<WireResponse | undefined> {
  if (!request.rawPath.startsWith(FUNCTION_URL_PREFIX)) return undefined;
  const rest = request.rawPath.slice(FUNCTION_URL_PREFIX.length);
  const slash = rest.indexOf('/');
  const urlId = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '/' : rest.slice(slash);
  const binding = bindings(cloud).get(urlId);
  if (!binding) {
    return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"Message":"Not Found"}' };
  }
  const [, , , region = '', account = ''] = binding.functionArn.split(':');
  let caller: Caller | undefined;
  if (binding.authType === 'AWS_IAM') {
    const result = authenticate(cloud, request, account, region);
    if ('refused' in result) return forbidden(result.refused);
    caller = result;
  }
  const event = toFunctionUrlEvent(request, {
    urlId,
    region,
    path,
    requestId,
    now: cloud.now(),
    sourceIp: '127.0.0.1',
    ...(caller ? { caller } : {}),
  });
  const output = await cloud.call<{ FunctionError?: string; Payload?: Uint8Array }>(
    'lambda',
    'Invoke',
    { FunctionName: binding.functionArn, Payload: new TextEncoder().encode(JSON.stringify(event)) },
    cloud.rootCaller(account, region),
  );
  if (output.FunctionError) return functionErrorResponse();
  const text = output.Payload ? new TextDecoder().decode(output.Payload) : 'null';
  return toHttpResponse(JSON.parse(text));
}
