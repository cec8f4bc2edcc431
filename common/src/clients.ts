import { DataZoneClient } from '@aws-sdk/client-datazone';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

/** Static or assumed-role credentials; omitted = the SDK's default provider chain. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Credentials that refresh themselves (an assumed role); the SDK calls it when they near expiry. */
export type CredentialsProvider = () => Promise<Credentials & { readonly expiration?: Date }>;

export interface ClientSettings {
  readonly region: string;
  /** Endpoint override (the local cloud). Omitted: AWS_ENDPOINT_URL(_<SERVICE>) or the regional endpoint. */
  readonly endpoint?: string;
  /** Total attempts per call, including the first (SDK standard retry). @default 3 */
  readonly maxAttempts?: number;
  readonly credentials?: Credentials | CredentialsProvider;
}

/**
 * The only place where AWS SDK clients are constructed. Each client is built once per factory, with the
 * factory's region, endpoint, retry and credential settings.
 */
export class ClientFactory {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly settings: ClientSettings) {}

  /** A factory with the same settings acting with other credentials (an assumed role). */
  withCredentials(credentials: Credentials | CredentialsProvider): ClientFactory {
    return new ClientFactory({ ...this.settings, credentials });
  }

  private config() {
    const { region, endpoint, maxAttempts, credentials } = this.settings;
    return {
      region,
      ...(endpoint ? { endpoint } : {}),
      ...(maxAttempts ? { maxAttempts } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  private memo<C>(key: string, build: () => C): C {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as C;
  }

  dataZone = () => this.memo('datazone', () => new DataZoneClient(this.config()));
  glue = () => this.memo('glue', () => new GlueClient(this.config()));
  kafka = () => this.memo('kafka', () => new KafkaClient(this.config()));
  ssm = () => this.memo('ssm', () => new SSMClient(this.config()));
  iam = () => this.memo('iam', () => new IAMClient(this.config()));
  sts = () => this.memo('sts', () => new STSClient(this.config()));
  sfn = () => this.memo('sfn', () => new SFNClient(this.config()));
  eventBridge = () => this.memo('events', () => new EventBridgeClient(this.config()));
  lambda = () => this.memo('lambda', () => new LambdaClient(this.config()));
  kinesisAnalytics = () => this.memo('kinesisanalytics', () => new KinesisAnalyticsV2Client(this.config()));
  /** Requests go to the configured endpoint, never to a queue URL's host (which the local cloud does not serve). */
  sqs = () => this.memo('sqs', () => new SQSClient({ ...this.config(), useQueueUrlAsEndpoint: false }));
}
