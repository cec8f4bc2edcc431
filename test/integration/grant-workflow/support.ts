import {
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { CreateClusterV2Command, GetClusterPolicyCommand } from '@aws-sdk/client-kafka';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../../../common/src/clients.ts';
import { MemoryLog } from '../../../common/src/logger.ts';
import { systemClock } from '../../../common/src/rate-limiter.ts';
import { IamRolePolicyStore } from '../../../grant-workflow/src/adapters/iam-role-policy-store.ts';
import { MskClusterPolicyStore } from '../../../grant-workflow/src/adapters/msk-cluster-policy-store.ts';
import { SsmGrantLedger } from '../../../grant-workflow/src/adapters/ssm-grant-ledger.ts';
import { applyGrant } from '../../../grant-workflow/src/apply-grant.ts';
import type {
  ApplyResult,
  GrantAction,
  GrantRequest,
  GrantSide,
} from '../../../grant-workflow/src/contract.ts';
import type { TopicGrant } from '../../../grant-workflow/src/grants.ts';
import type { PolicyDocument } from '../../../grant-workflow/src/policy/policy-document.ts';
import { type GrantSettingsInput, grantSettings } from '../../../grant-workflow/src/settings.ts';
import type { ServiceDefinition } from '../../../local/src/cloud/types.ts';
import { loadWorld } from '../../../local/src/index.ts';
import { applyWorld, type SeededWorld } from '../../../local/src/seed/apply-world.ts';
import { ALL_SERVICES } from '../../../local/src/services/index.ts';
import { createKafkaService } from '../../../local/src/services/kafka/index.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

export const PRODUCER = '222222222222';
export const CONSUMER = '333333333333';
export const REGION = 'eu-west-1';
export const LEDGER_PREFIX = '/streamgov/grants';
/** The demo world's consumer roles carry this tag and live under this path. */
export const MANAGED_TAGS = [{ Key: 'streamgov:managed', Value: 'true' }];

/** The demo world on a local cloud, with client factories acting in the producer and consumer accounts. */
export interface GrantWorld {
  readonly local: TestCloud;
  readonly seeded: SeededWorld;
  readonly producer: ClientFactory;
  readonly consumer: ClientFactory;
  readonly clusterArn: string;
}

async function assume(local: TestCloud, account: string): Promise<ClientFactory> {
  const { Credentials: c } = await local
    .clients()
    .sts()
    .send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/local-admin`,
        RoleSessionName: 'grant-test',
      }),
    );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`no credentials for ${account}`);
  return local.clients({
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    },
  });
}

/**
 * Starts the demo world. `maxClusterPolicyChars` raises the local MSK's cluster policy limit (its default
 * 20,480 is IAM's common resource-policy size; AWS documents no limit for MSK cluster policies).
 */
export async function startGrantWorld(options: { maxClusterPolicyChars?: number } = {}): Promise<GrantWorld> {
  const services: ServiceDefinition<unknown>[] = ALL_SERVICES.map((service) =>
    service.signingName === 'kafka' && options.maxClusterPolicyChars !== undefined
      ? (createKafkaService({
          maxClusterPolicyChars: options.maxClusterPolicyChars,
        }) as ServiceDefinition<unknown>)
      : service,
  );
  const local = await startTestCloud({ defaultAccount: '111111111111', services });
  const seeded = await applyWorld(local.cloud, await loadWorld('demo'));
  const clusterArn = seeded.clusters['streaming-orders']?.arn ?? '';
  return {
    local,
    seeded,
    producer: await assume(local, PRODUCER),
    consumer: await assume(local, CONSUMER),
    clusterArn,
  };
}

/** Creates a consumer role tagged like the demo world's (or untagged with `managed: false`). */
export async function createConsumerRole(world: GrantWorld, name: string, managed = true): Promise<string> {
  const out = await world.consumer.iam().send(
    new CreateRoleCommand({
      RoleName: name,
      Path: managed ? '/streamgov/' : '/',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CONSUMER}:root` }, Action: 'sts:AssumeRole' },
        ],
      }),
      ...(managed ? { Tags: MANAGED_TAGS } : {}),
    }),
  );
  return out.Role?.Arn ?? '';
}

/** Creates another cluster in the producer account. */
export async function createCluster(world: GrantWorld, name: string, serverless = false): Promise<string> {
  const out = await world.producer.kafka().send(
    new CreateClusterV2Command({
      ClusterName: name,
      ...(serverless
        ? { Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-0a1b2c3d'] }] } }
        : {
            Provisioned: {
              KafkaVersion: '3.6.0',
              NumberOfBrokerNodes: 3,
              BrokerNodeGroupInfo: {
                InstanceType: 'kafka.m5.large',
                ClientSubnets: ['subnet-1', 'subnet-2', 'subnet-3'],
              },
            },
          }),
    }),
  );
  return out.ClusterArn ?? '';
}

/**
 * A grant of topic `topic` on `clusterArn` to `principals` (consumer account), with value and key schemas
 * in a registry of `schemaAccount` (default: the consumer's, so that they are rendered — the worst case
 * for policy size; another account's registry is not, see readableSchemaArns).
 */
export function topicGrant(
  clusterArn: string,
  topic: string,
  principals: readonly string[],
  n: number,
  schemaAccount = CONSUMER,
): TopicGrant {
  const [, , , , account, resource = ''] = clusterArn.split(':');
  const [, name, uuid] = resource.split('/');
  return {
    grantId: `grt${String(n).padStart(6, '0')}`,
    assetId: `ast${String(n).padStart(6, '0')}`,
    clusterArn,
    topicArn: `arn:aws:kafka:${REGION}:${account}:topic/${name}/${uuid}/${topic}`,
    consumerGroups: { prefix: 'consumer-env-' },
    schemaArns: [
      `arn:aws:glue:${REGION}:${schemaAccount}:schema/streaming/${topic}-value`,
      `arn:aws:glue:${REGION}:${schemaAccount}:schema/streaming/${topic}-key`,
    ],
    consumerAccount: CONSUMER,
    principals,
  };
}

export function grantRequest(
  grant: TopicGrant,
  action: GrantAction,
  clusterType: GrantRequest['clusterType'] = 'PROVISIONED',
): GrantRequest {
  const account = grant.clusterArn.split(':')[4] ?? '';
  return {
    domainId: 'dzd_demo',
    action,
    grant,
    clusterType,
    producerAccount: account,
    region: REGION,
    crossAccount: account !== grant.consumerAccount,
  };
}

/** Runs applyGrant on one side with fresh adapters (as a separate Lambda invocation would have). */
export async function apply(
  world: GrantWorld,
  request: GrantRequest,
  side: GrantSide,
  settings: GrantSettingsInput = {},
  log = new MemoryLog(),
): Promise<ApplyResult> {
  const clients = side === 'consumer' ? world.consumer : world.producer;
  const ledger = new SsmGrantLedger({ client: clients.ssm(), prefix: LEDGER_PREFIX, log });
  const ports =
    side === 'consumer'
      ? {
          ledger,
          roles: new IamRolePolicyStore({ client: clients.iam(), managedPolicyPath: '/streamgov/', log }),
        }
      : { ledger, clusters: new MskClusterPolicyStore({ client: clients.kafka(), log }) };
  return applyGrant({
    request,
    side,
    ports,
    settings: grantSettings(settings),
    log,
    clock: systemClock,
    random: Math.random,
  });
}

/** Both sides, producer first (as the central workflow runs them). */
export async function applyBoth(world: GrantWorld, request: GrantRequest, settings: GrantSettingsInput = {}) {
  const producer = await apply(world, request, 'producer', settings);
  const consumer = await apply(world, request, 'consumer', settings);
  return { producer, consumer };
}

/** The role's streamgov documents (inline + its attached `streamgov-<role>-<n>`) and the other ones. */
export async function roleDocuments(world: GrantWorld, roleName: string) {
  const iam = world.consumer.iam();
  const inline: Record<string, string> = {};
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: roleName })) {
    for (const name of page.PolicyNames ?? []) {
      const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      inline[name] = decodeURIComponent(out.PolicyDocument ?? '');
    }
  }
  const managed: Record<string, string> = {};
  const attached: string[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
    for (const policy of page.AttachedPolicies ?? []) {
      attached.push(policy.PolicyName ?? '');
      if (!policy.PolicyName?.startsWith(`streamgov-${roleName}-`)) continue;
      const { Policy: p } = await iam.send(new GetPolicyCommand({ PolicyArn: policy.PolicyArn }));
      const { PolicyVersion: v } = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn: policy.PolicyArn, VersionId: p?.DefaultVersionId }),
      );
      managed[policy.PolicyName] = decodeURIComponent(v?.Document ?? '');
    }
  }
  const ours = [inline['streamgov-kafka-access'], ...Object.values(managed)]
    .filter((text): text is string => text !== undefined)
    .map((text) => JSON.parse(text) as PolicyDocument);
  return { inline, managed, attached, ours };
}

/** Resources of Allow statements that include `action`, over documents, as a sorted set. */
export function resourcesWith(
  documents: readonly PolicyDocument[],
  action: string,
  kind = ':topic/',
): string[] {
  const out = new Set<string>();
  for (const statement of documents.flatMap((d) => d.Statement)) {
    const actions = typeof statement.Action === 'string' ? [statement.Action] : [...(statement.Action ?? [])];
    if (statement.Effect !== 'Allow' || !actions.includes(action)) continue;
    const resources =
      typeof statement.Resource === 'string' ? [statement.Resource] : [...(statement.Resource ?? [])];
    for (const resource of resources) if (resource.includes(kind)) out.add(resource);
  }
  return [...out].sort();
}

/** The cluster policy in force (parsed), or undefined. */
export async function clusterPolicy(
  world: GrantWorld,
  clusterArn: string,
): Promise<PolicyDocument | undefined> {
  try {
    const out = await world.producer.kafka().send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
    return JSON.parse(out.Policy ?? '') as PolicyDocument;
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFoundException') return undefined;
    throw error;
  }
}
