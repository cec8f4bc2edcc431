/**
 * What a function or role may read of the catalog sources (clusters and registries): the MSK and Glue
 * statements, the read roles of cross-account sources, and the cdk-nag acknowledgements of their
 * wildcards, shared by every construct that reads the sources.
 *
 * @module
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { ClusterSource } from '../../../asset-types/src/adapters/msk-clusters.ts';
import { type MskClusterArn, parseMskClusterArn } from '../../../common/src/arns.ts';
import { ConstructPropsError } from '../errors.ts';
import { glueRegistryArn, glueSchemaArn, mskArn } from './arns.ts';
import { acknowledgeFinding, resourceFinding } from './nag.ts';
import { checkProp } from './validate.ts';

/**
 * MSK actions on the catalog's clusters and their topics. ListTopics and DescribeTopic are authorised
 * with the kafka-cluster actions on the cluster and topic ARNs (MSK developer guide, "Topic operations").
 */
export const MSK_ACTIONS = [
  'kafka:DescribeClusterV2',
  'kafka:GetBootstrapBrokers',
  'kafka:ListTopics',
  'kafka:DescribeTopic',
  'kafka-cluster:Connect',
  'kafka-cluster:DescribeTopic',
  'kafka-cluster:DescribeTopicDynamicConfiguration',
] as const;

/**
 * Glue Schema Registry reads. The adapter reads versions by SchemaId + version number (never by
 * SchemaVersionId alone), so schema ARNs scope GetSchemaVersion; it pages ListSchemaVersions when the
 * latest version is not AVAILABLE.
 */
export const GLUE_ACTIONS = [
  'glue:GetRegistry',
  'glue:ListSchemas',
  'glue:GetSchema',
  'glue:GetSchemaVersion',
  'glue:ListSchemaVersions',
] as const;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const LIST_CLUSTERS_REASON =
  'kafka:ListClustersV2 has no resource-level permissions; IAM accepts only "*" for it';

/**
 * A source's cluster ARN, parsed.
 * @throws ConstructPropsError naming `prop` when it is not an MSK cluster ARN.
 */
export function parseClusterArnProp(scope: IConstruct, prop: string, arn: string): MskClusterArn {
  try {
    return parseMskClusterArn(arn, prop);
  } catch (error) {
    throw new ConstructPropsError(scope, prop, arn, 'must be an MSK cluster ARN', { cause: error });
  }
}

/** The cluster and the topics of a cluster ARN (`topic/<name>/<uuid>/*`, in the cluster's account). */
export function clusterAndTopicsArns(cluster: MskClusterArn, arn: string): string[] {
  return [
    arn,
    `arn:${cluster.partition}:kafka:${cluster.region}:${cluster.account}:topic/${cluster.clusterName}/${cluster.clusterUuid}/*`,
  ];
}

/**
 * The clusters and topics of `sources` (each once): by cluster ARN, or `cluster/<name>/*` and
 * `topic/<name>/*` in the stack's account and Region for a source named by cluster (its UUID exists only
 * once the cluster does). `prop` is the sources' prop path, for errors.
 * @throws ConstructPropsError for a cluster ARN that is not one.
 */
export function catalogMskResources(
  scope: IConstruct,
  sources: readonly ClusterSource[],
  prop: string,
): string[] {
  return unique(
    sources.flatMap((source, i) => {
      if (source.clusterArn) {
        const cluster = parseClusterArnProp(scope, `${prop}[${i}].clusterArn`, source.clusterArn);
        return clusterAndTopicsArns(cluster, source.clusterArn);
      }
      const name = source.clusterName ?? '';
      return [mskArn(scope, 'cluster', `${name}/*`), mskArn(scope, 'topic', `${name}/*`)];
    }),
  );
}

/**
 * Lets `role` read the catalog: list clusters (ListClustersV2 accepts only `*`), read `mskResources`
 * (clusters and topics, {@link MSK_ACTIONS}) and the schemas of `registries` ({@link GLUE_ACTIONS}),
 * with the acknowledgements of the wildcards. Statements `MskListClusters`, `MskReadClustersAndTopics`,
 * `GlueReadSchemas`.
 */
export function grantCatalogReads(
  scope: IConstruct,
  role: iam.Role,
  mskResources: readonly string[],
  registries: readonly string[],
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'MskListClusters',
      actions: ['kafka:ListClustersV2'],
      resources: ['*'],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'MskReadClustersAndTopics',
      actions: [...MSK_ACTIONS],
      resources: [...mskResources],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'GlueReadSchemas',
      actions: [...GLUE_ACTIONS],
      resources: registries.flatMap((r) => [glueRegistryArn(scope, r), glueSchemaArn(scope, r, '*')]),
    }),
  );
  const policy = role.node.findChild('DefaultPolicy');
  const findings: Array<[string, string]> = [
    ['Resource::*', `${LIST_CLUSTERS_REASON}.`],
    ...mskResources
      .filter((arn) => arn.endsWith('*'))
      .map((arn): [string, string] => [
        resourceFinding(scope, arn),
        'Topics of a configured cluster (or the clusters of a configured name, whose UUID exists only after creation): the sync lists and describes every topic of it.',
      ]),
    ...registries.map((r): [string, string] => [
      resourceFinding(scope, glueSchemaArn(scope, r, '*')),
      `Schemas of the configured registry ${r}: the sync reads every schema in it.`,
    ]),
  ];
  for (const [finding, reason] of findings) acknowledgeFinding(policy, 'AwsSolutions-IAM5', finding, reason);
}

/**
 * Lets `role` assume the read roles of `sources` (each once; statement `sid`). Nothing when no source
 * has one.
 */
export function grantAssumeReadRoles(
  role: iam.IRole,
  sources: readonly ClusterSource[],
  sid = 'AssumeSourceReadRoles',
): void {
  const roleArns = unique(sources.flatMap((s) => (s.readRoleArn ? [s.readRoleArn] : [])));
  if (roleArns.length === 0) return;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid, actions: ['sts:AssumeRole'], resources: roleArns }),
  );
}

/**
 * Lets `role` learn the bootstrap brokers of the sources' clusters: it assumes the read roles of
 * cross-account sources, and reads the others' clusters (statement `MskReadClusters`: by ARN, or every
 * cluster of a configured name) in the stack's account, listing clusters (`MskListClusters`) when a
 * source names its cluster. With the acknowledgements of the wildcards.
 * @throws ConstructPropsError naming `sources[i]…` for a read role or cluster ARN that is not one, or a
 *   source that names no cluster.
 */
export function grantClusterReads(
  scope: IConstruct,
  role: iam.Role,
  sources: readonly ClusterSource[],
): void {
  const clusters: string[] = [];
  sources.forEach((source, i) => {
    if (source.readRoleArn !== undefined) {
      checkProp(scope, `sources[${i}].readRoleArn`, source.readRoleArn, ROLE_ARN);
    }
    if (source.clusterArn === undefined && source.clusterName === undefined) {
      throw new ConstructPropsError(scope, `sources[${i}]`, source, 'needs a clusterName or a clusterArn');
    }
    if (source.readRoleArn !== undefined) return;
    if (source.clusterArn === undefined) {
      clusters.push(mskArn(scope, 'cluster', `${source.clusterName ?? ''}/*`));
    } else {
      parseClusterArnProp(scope, `sources[${i}].clusterArn`, source.clusterArn);
      clusters.push(source.clusterArn);
    }
  });
  grantAssumeReadRoles(role, sources);
  if (clusters.length === 0) return;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'MskReadClusters',
      actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
      resources: unique(clusters),
    }),
  );
  const policy = role.node.findChild('DefaultPolicy');
  if (sources.some((s) => s.readRoleArn === undefined && s.clusterArn === undefined)) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'MskListClusters',
        actions: ['kafka:ListClustersV2'],
        resources: ['*'],
      }),
    );
    acknowledgeFinding(
      policy,
      'AwsSolutions-IAM5',
      'Resource::*',
      `${LIST_CLUSTERS_REASON} (sources named by cluster name are found with it).`,
    );
  }
  for (const arn of unique(clusters).filter((c) => c.endsWith('*'))) {
    acknowledgeFinding(
      policy,
      'AwsSolutions-IAM5',
      resourceFinding(scope, arn),
      'The clusters of a configured name (their UUID exists only after creation): the function reads their bootstrap brokers.',
    );
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
