import * as datazone from '@aws-sdk/client-datazone';
import { DataZoneClient } from '@aws-sdk/client-datazone';
import * as events from '@aws-sdk/client-eventbridge';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as glue from '@aws-sdk/client-glue';
import { GlueClient } from '@aws-sdk/client-glue';
import * as iam from '@aws-sdk/client-iam';
import { IAMClient } from '@aws-sdk/client-iam';
import * as kafka from '@aws-sdk/client-kafka';
import { KafkaClient } from '@aws-sdk/client-kafka';
import * as kinesisanalytics from '@aws-sdk/client-kinesis-analytics-v2';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import * as lambda from '@aws-sdk/client-lambda';
import { LambdaClient } from '@aws-sdk/client-lambda';
import * as states from '@aws-sdk/client-sfn';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as sqs from '@aws-sdk/client-sqs';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as ssm from '@aws-sdk/client-ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { STSClient } from '@aws-sdk/client-sts';
import { operation } from '@smithy/core/schema';

type OperationSchema = ReturnType<typeof operation>;

export type WireProtocol = 'restJson1' | 'awsJson1_0' | 'awsJson1_1' | 'awsQuery';

/** The SDK's own protocol object, used backwards: requests are decoded and responses encoded with it. */
export interface SdkProtocol {
  serializeRequest(op: OperationSchema, input: object, context: object): Promise<SdkHttpRequest>;
  deserializeResponse(
    op: OperationSchema,
    context: object,
    response: unknown,
  ): Promise<Record<string, unknown>>;
  setSerdeContext(context: object): void;
  readonly serviceTarget?: string;
}

export interface SdkHttpRequest {
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** One operation of a service, from the SDK's `<Operation>$` export. */
export interface OperationEntry {
  readonly name: string;
  /** The operation with input and output as in the model. */
  readonly schema: OperationSchema;
  /** `[method, pathTemplate, successStatus]` for REST protocols. */
  readonly http?: readonly [string, string, number];
}

/** One modelled error shape, from the SDK's `<Error>$` export. */
export interface ErrorEntry {
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's static error schema tuple.
  readonly schema: any;
  readonly status: number;
  readonly fault: 'client' | 'server';
  /** awsQuery wire code (`NoSuchEntity` for `NoSuchEntityException`). */
  readonly queryCode?: string;
}

export interface ServiceWire {
  readonly signingName: string;
  readonly protocol: WireProtocol;
  readonly sdkProtocol: SdkProtocol;
  /** The client's resolved config: the serde context the protocol expects. */
  readonly config: object;
  readonly operations: ReadonlyMap<string, OperationEntry>;
  /** Errors by shape name and, for awsQuery, by wire code. */
  readonly errors: ReadonlyMap<string, ErrorEntry>;
  /** `X-Amz-Target` prefix for awsJson services (`AmazonSSM`). */
  readonly targetPrefix?: string;
  readonly xmlNamespace?: string;
}

interface ClientModule {
  readonly [exported: string]: unknown;
}

type ClientCtor = new (config: object) => { config: { protocol: SdkProtocol } & object };

const DUMMY_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  endpoint: 'http://127.0.0.1:1',
};

function build(
  signingName: string,
  protocol: WireProtocol,
  Client: ClientCtor,
  module: ClientModule,
  xmlNamespace?: string,
): ServiceWire {
  const client = new Client(DUMMY_CONFIG);
  const sdkProtocol = client.config.protocol;
  sdkProtocol.setSerdeContext(client.config);
  const operations = new Map<string, OperationEntry>();
  const errors = new Map<string, ErrorEntry>();
  for (const [exported, value] of Object.entries(module)) {
    if (!exported.endsWith('$') || !Array.isArray(value)) continue;
    if (value[0] === 9) {
      const [, namespace, name, traits, input, output] = value;
      const http = (traits as { http?: [string, string, number] }).http;
      operations.set(name, {
        name,
        schema: operation(namespace, name, traits, input, output),
        ...(http ? { http } : {}),
      });
    } else if (value[0] === -3) {
      const [, , name, traits] = value as [number, string, string, Record<string, unknown>];
      const fault = traits.error === 'server' ? 'server' : 'client';
      const queryError = traits.awsQueryError as [string, number] | undefined;
      // awsQuery-compatible JSON services (SSM) carry query statuses too; only awsQuery answers with them.
      const queryStatus = protocol === 'awsQuery' ? queryError?.[1] : undefined;
      const status =
        (traits.httpError as number | undefined) ?? queryStatus ?? (fault === 'server' ? 500 : 400);
      const entry: ErrorEntry = {
        name,
        schema: value,
        status,
        fault,
        ...(queryError ? { queryCode: queryError[0] } : {}),
      };
      errors.set(name, entry);
      if (queryError) errors.set(queryError[0], entry);
    }
  }
  return {
    signingName,
    protocol,
    sdkProtocol,
    config: client.config,
    operations,
    errors,
    ...(sdkProtocol.serviceTarget ? { targetPrefix: sdkProtocol.serviceTarget } : {}),
    ...(xmlNamespace ? { xmlNamespace } : {}),
  };
}

const builders: Readonly<Record<string, () => ServiceWire>> = {
  datazone: () => build('datazone', 'restJson1', DataZoneClient as unknown as ClientCtor, datazone),
  kafka: () => build('kafka', 'restJson1', KafkaClient as unknown as ClientCtor, kafka),
  lambda: () => build('lambda', 'restJson1', LambdaClient as unknown as ClientCtor, lambda),
  glue: () => build('glue', 'awsJson1_1', GlueClient as unknown as ClientCtor, glue),
  ssm: () => build('ssm', 'awsJson1_1', SSMClient as unknown as ClientCtor, ssm),
  events: () => build('events', 'awsJson1_1', EventBridgeClient as unknown as ClientCtor, events),
  kinesisanalytics: () =>
    build(
      'kinesisanalytics',
      'awsJson1_1',
      KinesisAnalyticsV2Client as unknown as ClientCtor,
      kinesisanalytics,
    ),
  states: () => build('states', 'awsJson1_0', SFNClient as unknown as ClientCtor, states),
  sqs: () => build('sqs', 'awsJson1_0', SQSClient as unknown as ClientCtor, sqs),
  iam: () =>
    build(
      'iam',
      'awsQuery',
      IAMClient as unknown as ClientCtor,
      iam,
      'https://iam.amazonaws.com/doc/2010-05-08/',
    ),
  sts: () =>
    build(
      'sts',
      'awsQuery',
      STSClient as unknown as ClientCtor,
      sts,
      'https://sts.amazonaws.com/doc/2011-06-15/',
    ),
};

const cache = new Map<string, ServiceWire>();

/** Signing names of every service the wire layer can speak. */
export const WIRE_SERVICES: readonly string[] = Object.keys(builders);

/** The wire description of a service, built once from its SDK client package. */
export function serviceWire(signingName: string): ServiceWire | undefined {
  const cached = cache.get(signingName);
  if (cached) return cached;
  const builder = builders[signingName];
  if (!builder) return undefined;
  const wire = builder();
  cache.set(signingName, wire);
  return wire;
}
