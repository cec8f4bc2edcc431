import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { TopicSubscriptionTarget } from '../../infra/lib/constructs/topic-subscription-target.ts';
import { ConstructPropsError } from '../../infra/lib/errors.ts';
import { catchError, testStack } from './support.ts';

const READER = 'arn:aws:iam::333333333333:role/streamgov/analytics-reader';
const FRAUD = 'arn:aws:iam::333333333333:role/streamgov/fraud-detector';
const MANAGER = 'arn:aws:iam::111111111111:role/streamgov-grant';

function build(
  overrides: { principals?: string[]; name?: string; assetTypeName?: string; environmentId?: string } = {},
) {
  const { stack } = testStack();
  const role = (arn: string, index: number) => iam.Role.fromRoleArn(stack, `Role${index}`, arn);
  const target = new TopicSubscriptionTarget(stack, 'Target', {
    domainId: 'dzd_abc123',
    environmentId: overrides.environmentId ?? 'env123',
    principals: (overrides.principals ?? [READER, FRAUD]).map(role),
    manageAccessRole: iam.Role.fromRoleArn(stack, 'Manager', MANAGER),
    ...(overrides.name ? { name: overrides.name } : {}),
    ...(overrides.assetTypeName ? { assetTypeName: overrides.assetTypeName } : {}),
  });
  return { stack, target };
}

describe('TopicSubscriptionTarget', () => {
  it('creates the subscription target streamgov grants topics through', () => {
    // Act
    const { stack } = build();
    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::DataZone::SubscriptionTarget', {
      DomainIdentifier: 'dzd_abc123',
      EnvironmentIdentifier: 'env123',
      Name: 'streamgov-msk-topics',
      Type: 'StreamgovMskTopicSubscriptionTarget',
      Provider: 'streamgov',
      ApplicableAssetTypes: ['MskTopicAssetType'],
      AuthorizedPrincipals: [READER, FRAUD],
      ManageAccessRole: MANAGER,
      SubscriptionTargetConfig: [],
    });
  });

  it('takes a name and an asset type name', () => {
    // Act
    const { stack } = build({ name: 'orders-readers', assetTypeName: 'KafkaTopic' });
    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::DataZone::SubscriptionTarget', {
      Name: 'orders-readers',
      ApplicableAssetTypes: ['KafkaTopic'],
    });
  });

  it.each([
    ['no principal', { principals: [] }, /principals.*1 to 20/],
    ['21 principals', { principals: Array.from({ length: 21 }, (_, i) => `${READER}${i}`) }, /1 to 20/],
    ['a principal twice', { principals: [READER, READER] }, /twice/],
    ['a malformed environment id', { environmentId: 'env 1' }, /environmentId/],
    ['an asset type name with a dot', { assetTypeName: 'amazon.datazone.Topic' }, /assetTypeName/],
  ])('throws ConstructPropsError for %s', (_case, overrides, message) => {
    // Act
    const error = catchError(() => build(overrides));
    // Assess
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect((error as Error).message).toMatch(message);
  });
});
