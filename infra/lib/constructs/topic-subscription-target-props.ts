import type * as iam from 'aws-cdk-lib/aws-iam';

/** Props of {@link TopicSubscriptionTarget}. */
export interface TopicSubscriptionTargetProps {
  /** The DataZone domain (`dzd_…` or `dzd-…`). */
  readonly domainId: string;
  /** The consumer environment that becomes eligible for topic grants. */
  readonly environmentId: string;
  /**
   * The roles whose Kafka access grants manage: DataZone's authorized principals, 1–20 IAM roles in the
   * environment's account (every one must opt in to streamgov management by tag or path).
   */
  readonly principals: readonly iam.IRole[];
  /** The role DataZone passes to the subscription target (`manageAccessRole`). */
  readonly manageAccessRole: iam.IRole;
  /**
   * The topic asset type the target accepts.
   * @default `MskTopicAssetType` (DEFAULT_NAMES.assetType)
   */
  readonly assetTypeName?: string;
  /**
   * Name of the subscription target, unique in the environment.
   * @default `streamgov-msk-topics` (the CLI's default, so both create the same target)
   */
  readonly name?: string;
}
