/**
 * The audit view's use case: resolve what was asked for (a topic of a configured cluster, or a catalog
 * asset) to the sourceIdentifier of its lineage node, then collect the lineage around that node.
 *
 * @module
 */
import { canonicalEndpoint, topicIdentity } from '../../../asset-types/src/topic-identity.ts';
import { LineageTargetNotFoundError } from './errors.ts';
import type { LineageView } from './model.ts';
import { type ClusterSourceRef, findCatalogSource, type TopicRef } from './options.ts';
import type { AssetLookup, AuditAsset, LineageGraphReader, TopicDirectory } from './ports.ts';
import { collectLineage } from './traverse.ts';

/** What the audit view is asked for. */
export type LineageTarget =
  | { readonly kind: 'topic'; readonly ref: TopicRef }
  | { readonly kind: 'asset'; readonly assetId: string };

/** The target, resolved. */
export interface ResolvedTarget {
  readonly kind: 'topic' | 'asset';
  /** What was asked for, as given (`streaming-orders/orders`, or the asset id). */
  readonly value: string;
  /** The sourceIdentifier of its lineage node. */
  readonly sourceIdentifier: string;
  /** The topic's cluster ARN and topic ARN (topic targets). */
  readonly clusterArn?: string;
  readonly topicArn?: string;
  /** The catalog asset of the target, when the catalog has one. */
  readonly asset?: AuditAsset;
  /** Findings a person should know about (no asset, a stale sourceIdentifier). */
  readonly warnings: readonly string[];
}

/** The audit view of one target. */
export interface LineageAudit {
  readonly target: ResolvedTarget;
  readonly view: LineageView;
}

export interface AuditLineageOptions<S extends ClusterSourceRef> {
  readonly target: LineageTarget;
  /** The configured catalog sources (a topic's cluster must be one of them). */
  readonly sources: readonly S[];
  /** The MSK directory to use for a source (its read role, when it has one). */
  readonly directoryFor: (source: S) => TopicDirectory;
  readonly reader: LineageGraphReader;
  readonly assets: AssetLookup;
  readonly depth?: number;
  readonly concurrency?: number;
}

function describeSources(sources: readonly ClusterSourceRef[]): string {
  const names = sources.map((s) => s.clusterName ?? s.clusterArn ?? '?');
  return names.length === 0 ? 'none' : names.join(', ');
}

async function resolveTopic<S extends ClusterSourceRef>(
  ref: TopicRef,
  options: AuditLineageOptions<S>,
): Promise<ResolvedTarget> {
  const value = `${ref.cluster}/${ref.topic}`;
  const source = findCatalogSource(options.sources, ref.cluster);
  if (!source) {
    throw new LineageTargetNotFoundError(
      'cluster',
      ref.cluster,
      `is not a configured catalog source (configured: ${describeSources(options.sources)})`,
    );
  }
  const directory = options.directoryFor(source);
  const cluster = await directory.resolveCluster(
    ref.cluster.startsWith('arn:') ? { clusterArn: ref.cluster } : source,
  );
  const topic = await directory.describeTopic(cluster.arn, ref.topic);
  if (!topic) {
    throw new LineageTargetNotFoundError('topic', value, `does not exist in cluster ${cluster.arn}`);
  }
  const identity = topicIdentity(cluster.arn, ref.topic, canonicalEndpoint(cluster.brokers, cluster.arn));
  const found = await options.assets.findByExternalIdentifier(identity.topicArn);
  const asset = found ? ((await options.assets.getAsset(found.id)) ?? found) : undefined;
  const warnings: string[] = [];
  if (!asset) {
    warnings.push(`the catalog has no asset for topic ARN ${identity.topicArn} (run streamgov sync)`);
  } else if (asset.sourceIdentifier !== undefined && asset.sourceIdentifier !== identity.sourceIdentifier) {
    warnings.push(
      `asset ${asset.id} has sourceIdentifier ${asset.sourceIdentifier}, not ${identity.sourceIdentifier}: ` +
        'lineage events do not link to it until streamgov sync writes the current one',
    );
  }
  return {
    kind: 'topic',
    value,
    sourceIdentifier: identity.sourceIdentifier,
    clusterArn: cluster.arn,
    topicArn: identity.topicArn,
    ...(asset ? { asset } : {}),
    warnings,
  };
}

async function resolveAsset(assetId: string, assets: AssetLookup): Promise<ResolvedTarget> {
  const asset = await assets.getAsset(assetId);
  if (!asset) throw new LineageTargetNotFoundError('asset', assetId, 'does not exist in the domain');
  if (!asset.sourceIdentifier) {
    throw new LineageTargetNotFoundError(
      'asset',
      assetId,
      'has no AssetCommonDetailsForm.sourceIdentifier, so no lineage node is linked to it (run streamgov sync)',
    );
  }
  return {
    kind: 'asset',
    value: assetId,
    sourceIdentifier: asset.sourceIdentifier,
    ...(asset.externalIdentifier ? { topicArn: asset.externalIdentifier } : {}),
    asset,
    warnings: [],
  };
}

/**
 * Resolves the target and collects its lineage.
 * @throws LineageTargetNotFoundError naming the cluster, topic, asset or missing lineage node; the
 * adapters' errors (TransientAwsError, AwsCallError) when AWS fails.
 */
export async function auditLineage<S extends ClusterSourceRef>(
  options: AuditLineageOptions<S>,
): Promise<LineageAudit> {
  const { target } = options;
  const resolved =
    target.kind === 'topic'
      ? await resolveTopic(target.ref, options)
      : await resolveAsset(target.assetId, options.assets);
  const view = await collectLineage({
    reader: options.reader,
    assets: options.assets,
    root: resolved.sourceIdentifier,
    rootLabel: { kind: resolved.kind, value: resolved.value },
    ...(resolved.asset ? { rootAsset: resolved.asset } : {}),
    ...(options.depth === undefined ? {} : { depth: options.depth }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  return { target: resolved, view };
}
