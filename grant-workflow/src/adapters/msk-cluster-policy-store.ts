import {
  DeleteClusterPolicyCommand,
  DescribeClusterV2Command,
  GetClusterPolicyCommand,
  type KafkaClient,
  PutClusterPolicyCommand,
} from '@aws-sdk/client-kafka';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { InvalidGrantRequestError, VersionConflictError } from '../errors.ts';
import { type PolicyDocument, parsePolicyDocument, serializePolicy } from '../policy/policy-document.ts';
import type { ClusterPolicy, ClusterPolicyStore } from '../ports.ts';

export interface MskClusterPolicyStoreOptions {
  readonly client: KafkaClient;
  readonly log: Log;
}

/** Part of MSK's message for a stale `currentVersion` (aws-api-facts §5.3; full text unverified). */
const STALE_VERSION = /version of the cluster policy isn't current/i;

function named(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/**
 * MSK cluster policies ({@link ClusterPolicyStore}): GetClusterPolicy (404 → no policy), PutClusterPolicy
 * with `currentVersion` for optimistic concurrency (a stale version → VersionConflictError, which the use
 * case retries after re-reading), DeleteClusterPolicy (404 → nothing to delete), DescribeClusterV2 for
 * the cluster type. SDK errors become TransientAwsError (throttling, 5xx) or AwsCallError; a policy in
 * force that is not a policy document becomes MalformedPolicyError (streamgov will not rewrite it).
 */
export class MskClusterPolicyStore implements ClusterPolicyStore {
  private readonly client: KafkaClient;
  private readonly log: Log;

  constructor(options: MskClusterPolicyStoreOptions) {
    this.client = options.client;
    this.log = options.log;
  }

  /** @throws InvalidGrantRequestError when the cluster does not exist. */
  async clusterType(clusterArn: string): Promise<'PROVISIONED' | 'SERVERLESS'> {
    try {
      const { ClusterInfo: info } = await this.client.send(
        new DescribeClusterV2Command({ ClusterArn: clusterArn }),
      );
      const type = info?.ClusterType;
      if (type !== 'PROVISIONED' && type !== 'SERVERLESS') {
        throw new InvalidGrantRequestError(
          `Cluster ${clusterArn} has the unknown cluster type ${String(type)}`,
          {
            context: { clusterArn },
          },
        );
      }
      return type;
    } catch (error) {
      if (named(error, 'NotFoundException')) {
        throw new InvalidGrantRequestError(`Cluster ${clusterArn} does not exist in the producer account`, {
          cause: error,
          context: { clusterArn },
        });
      }
      throw translateAwsError(error, `DescribeClusterV2 ${clusterArn}`, { clusterArn });
    }
  }

  async get(clusterArn: string): Promise<ClusterPolicy | undefined> {
    let policy: string | undefined;
    let version: string | undefined;
    try {
      const out = await this.client.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
      policy = out.Policy;
      version = out.CurrentVersion;
    } catch (error) {
      if (named(error, 'NotFoundException')) return undefined;
      throw translateAwsError(error, `GetClusterPolicy ${clusterArn}`, { clusterArn });
    }
    if (policy === undefined || version === undefined) return undefined;
    return { document: parsePolicyDocument(policy, `cluster policy of ${clusterArn}`), version };
  }

  async put(
    clusterArn: string,
    document: PolicyDocument,
    currentVersion: string | undefined,
  ): Promise<string> {
    try {
      const out = await this.client.send(
        new PutClusterPolicyCommand({
          ClusterArn: clusterArn,
          Policy: serializePolicy(document),
          ...(currentVersion === undefined ? {} : { CurrentVersion: currentVersion }),
        }),
      );
      this.log.info('Cluster policy written', {
        clusterArn,
        sids: document.Statement.map((statement) => statement.Sid ?? ''),
      });
      return out.CurrentVersion ?? '';
    } catch (error) {
      if (named(error, 'BadRequestException') && STALE_VERSION.test((error as Error).message)) {
        throw new VersionConflictError(clusterArn, { cause: error });
      }
      throw translateAwsError(error, `PutClusterPolicy ${clusterArn}`, { clusterArn });
    }
  }

  async delete(clusterArn: string): Promise<void> {
    try {
      await this.client.send(new DeleteClusterPolicyCommand({ ClusterArn: clusterArn }));
      this.log.info('Cluster policy deleted', { clusterArn });
    } catch (error) {
      if (named(error, 'NotFoundException')) return;
      throw translateAwsError(error, `DeleteClusterPolicy ${clusterArn}`, { clusterArn });
    }
  }
}
