/**
 * The lineage step of the demo: a Managed Service for Apache Flink application starts in the consumer
 * account with property groups that name its Kafka topics (docs/lineage.md, lineage/src/flink/
 * convention.ts) through a non-canonical broker address; its CloudTrail event is forwarded to the
 * governance bus and the deployed lifecycle emitter posts the lineage. One OpenLineage event is also
 * posted through the deployed ingest Function URL (SigV4-signed), when the app has one. The result is
 * shown with `streamgov lineage`'s own code (text format).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetLineageNodeCommand } from '@aws-sdk/client-datazone';
import { GetBootstrapBrokersCommand } from '@aws-sdk/client-kafka';
import { CreateApplicationCommand, StartApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { SignatureV4 } from '@smithy/signature-v4';
import { canonicalEndpoint, clusterEndpoints } from '../../../asset-types/src/topic-identity.ts';
import { parseMskClusterArn } from '../../../common/src/arns.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import { createSyncPorts } from '../../../datasource-lambda/src/wiring.ts';
import { syncSettings } from '../../../infra/config/streamgov-config.ts';
import { DataZoneLineageReader } from '../../../lineage/src/audit/adapters/datazone-lineage-reader.ts';
import { auditLineage, type LineageAudit } from '../../../lineage/src/audit/audit-lineage.ts';
import { parseTopicRef } from '../../../lineage/src/audit/options.ts';
import { renderText } from '../../../lineage/src/audit/render-text.ts';
import { DEFAULT_DEPTH } from '../../../lineage/src/audit/traverse.ts';
import {
  DEFAULT_LINEAGE_PROPERTY_GROUP_ID,
  LINEAGE_GROUP_KEYS,
} from '../../../lineage/src/flink/convention.ts';
import { SCHEMA_URLS } from '../../../lineage/src/model.ts';
import { DEMO_CREDENTIALS } from './accounts.ts';
import type { TopicAssetView } from './catalog.ts';
import { type DemoContext, deployedUrl, waitInCloud } from './context.ts';
import { DemoExpectationError } from './errors.ts';

/** The demo's Flink application. */
export const FLINK_APPLICATION = {
  name: 'orders-fraud-scoring',
  outputTopic: 'orders-scored',
  runtime: 'FLINK-1_20',
} as const;

/** The logical id prefix of the lineage ingest function's URL in the governance stack. */
export const LINEAGE_INGEST_URL = 'LineageIngest';

/** What the ingest endpoint answered. */
export interface IngestFacts {
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
  readonly job: string;
}

/** What the lineage step observed. */
export interface LineageFacts {
  readonly broker: string;
  readonly applicationArn: string;
  /** The lineage node of the topic, once it has a downstream node. */
  readonly topicNodeId: string;
  readonly audit: LineageAudit;
  /** Absent when the deployment serves no lineage ingest URL. */
  readonly ingest?: IngestFacts;
}

/** A bootstrap broker of the cluster that is not the canonical one, in upper case (as a job might write it). */
async function nonCanonicalBroker(context: DemoContext): Promise<string> {
  const { clusterArn } = context.estate;
  const brokers = await context.accounts.producer
    .kafka()
    .send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
  const canonical = canonicalEndpoint(brokers, clusterArn);
  const other = clusterEndpoints(brokers).find((e) => e !== canonical);
  if (!other) throw new DemoExpectationError(`cluster ${clusterArn} has a single bootstrap broker`);
  return other.toUpperCase();
}

/** Posts one OpenLineage RunEvent to the ingest URL, signed with SigV4 as the governance account. */
async function postOpenLineage(
  context: DemoContext,
  url: string,
  broker: string,
  topic: string,
): Promise<IngestFacts> {
  const job = 'orders-nightly-export';
  const event = {
    eventType: 'COMPLETE',
    eventTime: new Date().toISOString(),
    producer: 'https://github.com/streamgov/streamgov/demo',
    schemaURL: SCHEMA_URLS.RunEvent,
    run: { runId: randomUUID() },
    job: { namespace: 'streamgov-demo', name: job },
    inputs: [{ namespace: `kafka://${broker}`, name: topic }],
    outputs: [],
  };
  const target = new URL('api/v1/lineage', url.endsWith('/') ? url : `${url}/`);
  const body = JSON.stringify(event);
  const signer = new SignatureV4({
    service: 'lambda',
    region: context.estate.region,
    credentials: DEMO_CREDENTIALS,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    headers: { host: target.host, 'content-type': 'application/json' },
    body,
  });
  const response = await fetch(target, { method: 'POST', headers: signed.headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: shown as it came.
  }
  return { url: target.toString(), status: response.status, body: parsed, job: `streamgov-demo/${job}` };
}

/** The topic's lineage node once it has a downstream node, else undefined. */
async function linkedTopicNode(context: DemoContext, sourceIdentifier: string): Promise<string | undefined> {
  try {
    const node = await context.accounts.governance.dataZone().send(
      new GetLineageNodeCommand({
        domainIdentifier: context.estate.domainId,
        identifier: sourceIdentifier,
      }),
    );
    return (node.downstreamNodes ?? []).length > 0 ? node.id : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** The audit view of the topic, as `streamgov lineage --topic <cluster>/<topic>` computes it. */
export async function topicLineage(context: DemoContext, topic: string): Promise<LineageAudit> {
  const settings = syncSettings(context.config);
  const log = new MemoryLog();
  const factory = context.accounts.governance;
  const ports = createSyncPorts({ factory, settings, log });
  const reader = new DataZoneLineageReader({
    client: factory.dataZone(),
    domainId: context.estate.domainId,
    log,
  });
  const cluster = parseMskClusterArn(context.estate.clusterArn).clusterName;
  return auditLineage<CatalogSource>({
    target: { kind: 'topic', ref: parseTopicRef(`${cluster}/${topic}`) },
    sources: settings.sources,
    directoryFor: (source) => ports.forSource(source).clusters,
    reader,
    assets: reader,
    depth: DEFAULT_DEPTH,
  });
}

/**
 * Step 4: starts the Flink application, waits for its lineage, posts an OpenLineage event through the
 * ingest URL (when deployed), prints the topic's lineage.
 * @throws DemoTimeoutError when no lineage reaches the topic; DemoExpectationError when the ingest
 *   endpoint refuses the event.
 */
export async function flinkLineage(context: DemoContext, asset: TopicAssetView): Promise<LineageFacts> {
  const { printer, estate } = context;
  const broker = await nonCanonicalBroker(context);
  const flink = context.accounts.consumer.kinesisAnalytics();
  const K = LINEAGE_GROUP_KEYS;
  const created = await flink.send(
    new CreateApplicationCommand({
      ApplicationName: FLINK_APPLICATION.name,
      RuntimeEnvironment: FLINK_APPLICATION.runtime,
      ServiceExecutionRole: estate.consumerRoleArn,
      ApplicationConfiguration: {
        ApplicationCodeConfiguration: {
          CodeContentType: 'ZIPFILE',
          CodeContent: {
            S3ContentLocation: {
              BucketARN: 'arn:aws:s3:::fraud-team-artifacts',
              FileKey: 'fraud-scoring.jar',
            },
          },
        },
        EnvironmentProperties: {
          PropertyGroups: [
            {
              PropertyGroupId: DEFAULT_LINEAGE_PROPERTY_GROUP_ID,
              PropertyMap: {
                [K.bootstrapServers]: broker,
                [K.inputTopics]: asset.name,
                [K.outputTopics]: FLINK_APPLICATION.outputTopic,
              },
            },
            { PropertyGroupId: 'scoring', PropertyMap: { 'model.version': '7' } },
          ],
        },
      },
    }),
  );
  const applicationArn = created.ApplicationDetail?.ApplicationARN ?? '';
  printer.detail(
    `consumer ${estate.consumerAccount}: CreateApplication ${FLINK_APPLICATION.name} (${DEFAULT_LINEAGE_PROPERTY_GROUP_ID}: ${K.bootstrapServers}=${broker}, ${K.inputTopics}=${asset.name}, ${K.outputTopics}=${FLINK_APPLICATION.outputTopic})`,
  );
  await flink.send(new StartApplicationCommand({ ApplicationName: FLINK_APPLICATION.name }));
  printer.detail(
    'StartApplication → CloudTrail event → forwarded to the governance bus → the deployed lifecycle emitter',
  );
  const topicNodeId = await waitInCloud(context, `lineage downstream of ${asset.name}`, () =>
    linkedTopicNode(context, asset.sourceIdentifier),
  );

  let ingest: IngestFacts | undefined;
  const url = deployedUrl(context.deployment, estate.governanceAccount, LINEAGE_INGEST_URL);
  if (url) {
    ingest = await postOpenLineage(context, url.url, broker, asset.name);
    printer.detail(
      `OpenLineage COMPLETE of ${ingest.job} → POST ${ingest.url} (SigV4): HTTP ${ingest.status}`,
    );
    if (ingest.status !== 200) {
      throw new DemoExpectationError(
        `the lineage ingest URL answered ${ingest.status}: ${JSON.stringify(ingest.body)}`,
      );
    }
  } else {
    printer.detail('the deployment serves no lineage ingest URL: no OpenLineage event posted over HTTP');
  }
  const audit = await topicLineage(context, asset.name);
  printer.detail(
    `streamgov lineage --topic ${parseMskClusterArn(estate.clusterArn).clusterName}/${asset.name}:`,
  );
  printer.detail(renderText(audit).trimEnd());
  return { broker, applicationArn, topicNodeId, audit, ...(ingest ? { ingest } : {}) };
}
