import { AwsError } from './errors.ts';

/** Settings of `PUT /_local/faults`. `{}` clears every fault. */
export interface FaultSettings {
  /** Added to every wire call, in milliseconds. */
  readonly latencyMs?: number;
  /** Requests per second per `service:Operation`, as token buckets; "aws-defaults" = AWS's documented rates. */
  readonly quotas?: 'aws-defaults' | Readonly<Record<string, number>>;
  /** Injected errors per `service:Operation` (or `service:*`): probability and error code. */
  readonly errors?: Readonly<
    Record<string, { readonly rate: number; readonly code: string; readonly status?: number }>
  >;
}

/**
 * AWS's documented request rates (per account and Region) for the operations streamgov uses.
 * DataZone: user guide "Quotas for Amazon DataZone"; SSM: shared 40 TPS for GetParameter(s)/ByPath
 * (default throughput). Operations not listed here have no documented rate and are not limited.
 */
export const AWS_DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(
    [
      'CreateAsset',
      'CreateAssetRevision',
      'ListAssetRevisions',
      'DeleteAsset',
      'CreateAssetType',
      'DeleteAssetType',
      'CreateFormType',
      'DeleteFormType',
      'Search',
      'PostLineageEvent',
      'CreateListingChangeSet',
    ].map((op) => [`datazone:${op}`, 20]),
  ),
  'datazone:SearchListings': 16,
  ...Object.fromEntries(
    [
      'GetEnvironment',
      'GetSubscriptionGrant',
      'GetSubscription',
      'ListSubscriptionGrants',
      'ListSubscriptionTargets',
      'ListEnvironments',
    ].map((op) => [`datazone:${op}`, 8]),
  ),
  ...Object.fromEntries(
    [
      'AcceptSubscriptionRequest',
      'CreateSubscriptionRequest',
      'CreateSubscriptionGrant',
      'DeleteSubscriptionGrant',
      'RejectSubscriptionRequest',
      'RevokeSubscription',
      'UpdateSubscriptionTarget',
      'DeleteSubscriptionTarget',
      'CancelSubscription',
    ].map((op) => [`datazone:${op}`, 3]),
  ),
  'ssm:GetParameter': 40,
  'ssm:GetParameters': 40,
  'ssm:GetParametersByPath': 40,
};

/** The throttling answer of each service, as AWS sends it (code and HTTP status). */
const THROTTLING: Readonly<Record<string, { code: string; status: number }>> = {
  datazone: { code: 'ThrottlingException', status: 429 },
  kafka: { code: 'TooManyRequestsException', status: 429 },
  glue: { code: 'ThrottlingException', status: 400 },
  ssm: { code: 'ThrottlingException', status: 400 },
  iam: { code: 'Throttling', status: 400 },
  sts: { code: 'Throttling', status: 400 },
  states: { code: 'ThrottlingException', status: 400 },
  events: { code: 'ThrottlingException', status: 400 },
  lambda: { code: 'TooManyRequestsException', status: 429 },
  kinesisanalytics: { code: 'ThrottlingException', status: 400 },
};

export function throttlingError(service: string): AwsError {
  const { code, status } = THROTTLING[service] ?? { code: 'ThrottlingException', status: 400 };
  return new AwsError(code, 'Rate exceeded', {}, status);
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Latency, token-bucket quotas and injected errors, applied to each call before the service runs. */
export class FaultModel {
  private settings: FaultSettings = {};
  private quotas: Readonly<Record<string, number>> = {};
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly nowMs: () => number = () => Date.now(),
    private readonly random: () => number = Math.random,
  ) {}

  configure(settings: FaultSettings): void {
    this.settings = settings;
    this.quotas = settings.quotas === 'aws-defaults' ? AWS_DEFAULT_QUOTAS : (settings.quotas ?? {});
    this.buckets.clear();
  }

  current(): FaultSettings {
    return this.settings;
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** Throws the injected or throttling error for this call, if any; consumes a quota token otherwise. */
  admit(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    const injected = this.settings.errors?.[key] ?? this.settings.errors?.[`${service}:*`];
    if (injected && this.random() < injected.rate) {
      throw new AwsError(injected.code, `Injected fault ${injected.code} for ${key}`, {}, injected.status);
    }
    const rate = this.quotas[key];
    if (rate === undefined) return;
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: rate, updatedMs: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updatedMs) / 1000) * rate);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) throw throttlingError(service);
    bucket.tokens -= 1;
  }
}
