import { randomUUID } from 'node:crypto';
import { notImplemented } from './errors.ts';
import { FaultModel } from './faults.ts';
import { invalidateDerivedIndexes } from './indexes.ts';
import { toEventTime } from './time.ts';
import type { CallerIdentity, CloudEvent, CloudRuntime, ServiceDefinition } from './types.ts';
import { type Rule, validateInput } from './validate.ts';

export interface LocalCloudOptions {
  // biome-ignore lint/suspicious/noExplicitAny: a registry of services with different state types.
  readonly services: readonly ServiceDefinition<any>[];
  /** Account of requests whose access key was not issued by STS AssumeRole. */
  readonly defaultAccount?: string;
  readonly defaultRegion?: string;
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly faults?: FaultModel;
}

/** Access keys issued by AssumeRole: they act as the role's account. */
export interface IssuedKey {
  readonly account: string;
  readonly principalArn: string;
  readonly expiresAt: string;
}

/** Everything the cloud persists: per service, per `account` or `account/region`, plus issued keys. */
export interface CloudState {
  services: Record<string, Record<string, unknown>>;
  accessKeys: Record<string, IssuedKey>;
}

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'eu-west-1';

/**
 * The local cloud's core: service registry, state per account and region, caller identity, call
 * counters, fault model and in-process calls between services. The HTTP server sits on top of it.
 */
export class LocalCloud implements CloudRuntime {
  readonly defaultAccount: string;
  readonly defaultRegion: string;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly faults: FaultModel;
  // biome-ignore lint/suspicious/noExplicitAny: see LocalCloudOptions.services.
  private readonly services = new Map<string, ServiceDefinition<any>>();
  private state: CloudState = { services: {}, accessKeys: {} };
  private calls: Record<string, number> = {};
  private readonly runtimes = new Map<string, unknown>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly asyncFailures: { readonly context: string; readonly error: unknown }[] = [];

  constructor(options: LocalCloudOptions) {
    for (const service of options.services) this.services.set(service.signingName, service);
    this.defaultAccount = options.defaultAccount ?? DEFAULT_ACCOUNT;
    this.defaultRegion = options.defaultRegion ?? DEFAULT_REGION;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.faults = options.faults ?? new FaultModel();
  }

  serviceNames(): string[] {
    return [...this.services.keys()];
  }

  has(service: string, operation: string): boolean {
    return Boolean(this.services.get(service)?.operations[operation]);
  }

  /** Identity of a request signed with `accessKeyId` in `region`. */
  identify(accessKeyId: string, region: string): CallerIdentity {
    const issued = this.state.accessKeys[accessKeyId];
    if (issued) return { account: issued.account, region, accessKeyId, principalArn: issued.principalArn };
    return {
      account: this.defaultAccount,
      region,
      accessKeyId,
      principalArn: `arn:aws:iam::${this.defaultAccount}:root`,
    };
  }

  rootCaller(account: string, region: string): CallerIdentity {
    return { account, region, accessKeyId: 'local-root', principalArn: `arn:aws:iam::${account}:root` };
  }

  issueKey(accessKeyId: string, key: IssuedKey): void {
    this.state.accessKeys[accessKeyId] = key;
  }

  stateOf<S>(service: string, account: string, region: string): S {
    const definition = this.services.get(service);
    if (!definition) throw new Error(`unknown local service ${service}`);
    const key = definition.scope === 'global' ? account : `${account}/${region}`;
    const byKey = this.state.services[service] ?? {};
    this.state.services[service] = byKey;
    if (!(key in byKey)) byKey[key] = definition.initialState();
    return byKey[key] as S;
  }

  /** Dispatches one call: faults (wire calls only), counting, validation, then the service. */
  async dispatch(
    service: string,
    operation: string,
    input: object,
    caller: CallerIdentity,
    requestId: string = this.newId(),
    { wire = false }: { wire?: boolean } = {},
  ): Promise<unknown> {
    const definition = this.services.get(service);
    const handler =
      definition?.operations[operation] ?? (wire ? undefined : definition?.internal?.[operation]);
    if (!definition || !handler) throw notImplemented(service, operation);
    if (wire) {
      const key = `${service}:${operation}`;
      this.calls[key] = (this.calls[key] ?? 0) + 1;
      const latency = this.faults.latencyMs;
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      this.faults.admit(service, operation);
    }
    const rules = (handler as { rules?: Readonly<Record<string, Rule>> }).rules;
    if (rules) validateInput(rules, input, (message) => definition.validationError(message));
    const state = this.stateOf(service, caller.account, caller.region);
    return handler(input, { state, caller, cloud: this, requestId });
  }

  call<T = unknown>(service: string, operation: string, input: object, caller: CallerIdentity): Promise<T> {
    return this.dispatch(service, operation, input, caller) as Promise<T>;
  }

  emitEvent(event: Omit<CloudEvent, 'version' | 'id' | 'time'> & { time?: string }): void {
    const full: CloudEvent = {
      version: '0',
      id: this.newId(),
      time: event.time ?? toEventTime(this.now()),
      ...event,
    };
    if (!this.services.has('events')) return;
    this.track(this.call('events', 'DeliverEvent', full, this.rootCaller(full.account, full.region)));
  }

  runtime<T>(key: string, create: () => T): T {
    if (!this.runtimes.has(key)) this.runtimes.set(key, create());
    return this.runtimes.get(key) as T;
  }

  track(work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => {
        this.asyncFailures.push({ context: 'async work', error });
      },
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Waits until no tracked asynchronous work (event deliveries, executions) is left. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Failures of asynchronous work that had no other place to land (kept, never dropped). */
  failures(): readonly { readonly context: string; readonly error: unknown }[] {
    return this.asyncFailures;
  }

  callCounts(): Readonly<Record<string, number>> {
    return this.calls;
  }

  resetCallCounts(): void {
    this.calls = {};
  }

  dump(): CloudState {
    return this.state;
  }

  load(state: CloudState): void {
    this.state = { services: state.services ?? {}, accessKeys: state.accessKeys ?? {} };
    // Indexes derived from state objects: the loaded objects may be ones an index was built from.
    invalidateDerivedIndexes();
  }

  reset(): void {
    this.state = { services: {}, accessKeys: {} };
    invalidateDerivedIndexes();
    this.calls = {};
    this.faults.configure({});
    this.asyncFailures.length = 0;
  }
}
