import type { AwsError } from './errors.ts';

/** An EventBridge event as delivered to rules and targets (the JSON envelope). */
export interface CloudEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** Who is calling and where: derived from the request's SigV4 credential scope and access key. */
export interface CallerIdentity {
  readonly account: string;
  readonly region: string;
  readonly accessKeyId: string;
  /** ARN of the principal (the assumed-role session ARN for AssumeRole keys, else the account root). */
  readonly principalArn: string;
}

/**
 * What the cloud offers a service implementation besides its own state. Services never import each
 * other; they go through this.
 */
export interface CloudRuntime {
  /** Calls any operation of any local service in-process, as the given caller. */
  call<T = unknown>(service: string, operation: string, input: object, caller: CallerIdentity): Promise<T>;
  /** Puts an event on the default EventBridge bus of (event.account, event.region). */
  emitEvent(event: Omit<CloudEvent, 'version' | 'id' | 'time'> & { time?: string }): void;
  /** The state of another service for an account and region (read-only use expected). */
  stateOf<S>(service: string, account: string, region: string): S;
  /** Registers an access key issued by STS AssumeRole: requests signed with it act as `key.account`. */
  issueKey(
    accessKeyId: string,
    key: { readonly account: string; readonly principalArn: string; readonly expiresAt: string },
  ): void;
  /** Identity of a caller acting as `account` in `region` with no specific key (root). */
  rootCaller(account: string, region: string): CallerIdentity;
  /** Per-cloud objects that are not persisted (running executions, function handlers), by key. */
  runtime<T>(key: string, create: () => T): T;
  /** Tracks asynchronous work (event delivery, executions) so that `settle()` can wait for it. */
  track(work: Promise<unknown>): void;
  readonly now: () => Date;
  readonly newId: () => string;
}

export interface CallContext<S> {
  readonly state: S;
  readonly caller: CallerIdentity;
  readonly cloud: CloudRuntime;
  readonly requestId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: operation inputs and outputs are SDK-shaped, typed per operation by each service.
export type OperationHandler<S> = (input: any, ctx: CallContext<S>) => unknown;

/** One local AWS service: its signing name (the SigV4 scope service), its state and its operations. */
export interface ServiceDefinition<S> {
  readonly signingName: string;
  /** Fresh state for one account and region. Must be plain JSON data (it is dumped and persisted). */
  initialState(): S;
  /** The error every input validation failure becomes (ValidationException, InvalidInputException…). */
  validationError(message: string): AwsError;
  readonly operations: Readonly<Record<string, OperationHandler<S>>>;
  /** Operations reachable only in-process through `CloudRuntime.call` (never on the wire). */
  readonly internal?: Readonly<Record<string, OperationHandler<S>>>;
  /** IAM and STS keep one state per account; every other service one per account and region. */
  readonly scope?: 'global' | 'regional';
}
