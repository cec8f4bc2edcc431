/** Lambda state for one account and region: function metadata (handlers live in the cloud runtime). */

/** A registered function's configuration (the SDK's FunctionConfiguration members, as plain JSON). */
export interface FunctionRecord {
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly Runtime: string;
  readonly Handler: string;
  readonly Role?: string;
  readonly Description: string;
  readonly Timeout: number;
  readonly MemorySize: number;
  readonly Environment?: { readonly Variables: Readonly<Record<string, string>> };
  /** Lambda's own format: `2026-01-01T00:00:00.000+0000`. */
  readonly LastModified: string;
  readonly CodeSha256: string;
  readonly CodeSize: number;
  readonly RevisionId: string;
}

/** An asynchronous (Event) invocation that failed: kept like an on-failure destination record. */
export interface AsyncFailure {
  readonly time: string;
  readonly functionArn: string;
  readonly requestId: string;
  /** The event as invoked (JSON text). */
  readonly payload: string;
  readonly errorType: string;
  readonly errorMessage: string;
}

export interface LambdaState {
  functions: Record<string, FunctionRecord>;
  asyncFailures: AsyncFailure[];
}

export function initialLambdaState(): LambdaState {
  return { functions: {}, asyncFailures: [] };
}

export function functionArn(account: string, region: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/** Lambda's LastModified format. */
export function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
