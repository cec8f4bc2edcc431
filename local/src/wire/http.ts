/** An HTTP request as the server received it. */
export interface WireRequest {
  readonly method: string;
  /** Raw (still percent-encoded) path, without the query string. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** An HTTP response for the server to send. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | string;
}

export const utf8 = new TextDecoder();
