import { Token } from 'aws-cdk-lib';
import * as datazone from 'aws-cdk-lib/aws-datazone';
import { Construct } from 'constructs';
import { DEFAULT_NAMES } from '../../../asset-types/src/definition.ts';
import { SUBSCRIPTION_TARGET } from '../../../grant-workflow/src/resolve-grants.ts';
import { ConstructPropsError } from '../errors.ts';
import { ASSET_TYPE_NAME, checkProp, DOMAIN_ID, PROJECT_ID } from '../private/validate.ts';
import type { TopicSubscriptionTargetProps } from './topic-subscription-target-props.ts';

/**
 * The subscription target that makes a DataZone environment eligible for topic grants
 * (`AWS::DataZone::SubscriptionTarget`): it accepts the topic asset type, names streamgov as type and
 * provider, lists the consumer roles as authorized principals, and lets DataZone create grants
 * automatically when a subscription is approved. The same target as `streamgov subscription-target
 * create` with the same name.
 *
 * @example
 * new TopicSubscriptionTarget(this, 'AnalyticsTarget', {
 *   domainId: 'dzd_abc123', environmentId: 'env123',
 *   principals: [analyticsRole], manageAccessRole: grantRole,
 * });
 */
export class TopicSubscriptionTarget extends Construct {
  /** The subscription target resource. */
  readonly resource: datazone.CfnSubscriptionTarget;
  /** Its id (a deploy-time value). */
  readonly subscriptionTargetId: string;

  /** @throws ConstructPropsError for malformed ids or names, or 0 or more than 20 principals. */
  constructor(scope: Construct, id: string, props: TopicSubscriptionTargetProps) {
    super(scope, id);
    const domainId = checkProp(this, 'domainId', props.domainId, DOMAIN_ID);
    const environmentId = checkProp(this, 'environmentId', props.environmentId, PROJECT_ID);
    const assetTypeName = checkProp(
      this,
      'assetTypeName',
      props.assetTypeName ?? DEFAULT_NAMES.assetType,
      ASSET_TYPE_NAME,
    );
    const name = checkProp(this, 'name', props.name ?? SUBSCRIPTION_TARGET.defaultName, /^.{1,256}$/s);
    const count = props.principals.length;
    if (count < SUBSCRIPTION_TARGET.minPrincipals || count > SUBSCRIPTION_TARGET.maxPrincipals) {
      throw new ConstructPropsError(
        this,
        'principals',
        `${count} roles`,
        `DataZone takes ${SUBSCRIPTION_TARGET.minPrincipals} to ${SUBSCRIPTION_TARGET.maxPrincipals} authorized principals; split the roles across targets`,
      );
    }
    const arns = props.principals.map((role) => role.roleArn);
    const literal = arns.filter((arn) => !Token.isUnresolved(arn));
    if (new Set(literal).size !== literal.length) {
      throw new ConstructPropsError(this, 'principals', literal, 'lists a role twice');
    }
    this.resource = new datazone.CfnSubscriptionTarget(this, 'Resource', {
      domainIdentifier: domainId,
      environmentIdentifier: environmentId,
      name,
      type: SUBSCRIPTION_TARGET.type,
      provider: SUBSCRIPTION_TARGET.provider,
      applicableAssetTypes: [assetTypeName],
      authorizedPrincipals: arns,
      manageAccessRole: props.manageAccessRole.roleArn,
      subscriptionTargetConfig: [],
    });
    this.subscriptionTargetId = this.resource.attrId;
  }
}
