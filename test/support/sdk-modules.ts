import * as datazone from '@aws-sdk/client-datazone';
import * as events from '@aws-sdk/client-eventbridge';
import * as glue from '@aws-sdk/client-glue';
import * as iam from '@aws-sdk/client-iam';
import * as kafka from '@aws-sdk/client-kafka';
import * as kinesisanalytics from '@aws-sdk/client-kinesis-analytics-v2';
import * as lambda from '@aws-sdk/client-lambda';
import * as states from '@aws-sdk/client-sfn';
import * as sqs from '@aws-sdk/client-sqs';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';

const modules: Record<string, { module: Record<string, unknown>; client: string }> = {
  datazone: { module: datazone, client: 'DataZoneClient' },
  events: { module: events, client: 'EventBridgeClient' },
  glue: { module: glue, client: 'GlueClient' },
  iam: { module: iam, client: 'IAMClient' },
  kafka: { module: kafka, client: 'KafkaClient' },
  kinesisanalytics: { module: kinesisanalytics, client: 'KinesisAnalyticsV2Client' },
  lambda: { module: lambda, client: 'LambdaClient' },
  states: { module: states, client: 'SFNClient' },
  sqs: { module: sqs, client: 'SQSClient' },
  ssm: { module: ssm, client: 'SSMClient' },
  sts: { module: sts, client: 'STSClient' },
};

type AnyCommandCtor = new (input: object) => unknown;
type AnyClient = { send(command: unknown): Promise<unknown> };

/**
 * A real SDK client of `service` with a custom request handler, able to send any operation by name —
 * for tests that look at the wire (the round trip); everything else uses common's ClientFactory.
 */
export function sdkClient(service: string, requestHandler: object) {
  const entry = modules[service];
  if (!entry) throw new Error(`no SDK module for ${service}`);
  const Client = entry.module[entry.client] as new (config: object) => AnyClient;
  const client = new Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' },
    endpoint: 'http://127.0.0.1:1',
    maxAttempts: 1,
    requestHandler,
    // SQS checks body MD5s client-side; the round trip's sample outputs carry arbitrary MD5 strings.
    ...(service === 'sqs' ? { md5: false } : {}),
  });
  return {
    send(operation: string, input: object): Promise<unknown> {
      const Command = entry.module[`${operation}Command`] as AnyCommandCtor | undefined;
      if (!Command) throw new Error(`no ${operation}Command in ${service}`);
      return client.send(new Command(input));
    },
  };
}
