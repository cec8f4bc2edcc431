import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { TopicSubscriptionTarget } from '../../infra/lib/constructs/topic-subscription-target.ts';
import { acknowledgements, testStack, unacknowledgedFindings } from './support.ts';

describe('TopicSubscriptionTarget (cdk-nag AwsSolutions)', () => {
  it.each([
    ['an environment-agnostic stack', false],
    ['a stack in an account and Region', true],
  ])('has no finding and no acknowledgement in %s', (_case, env) => {
    // Prepare
    const { app, stack } = testStack({ env });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    const manager = new iam.Role(stack, 'Manager', {
      assumedBy: new iam.ServicePrincipal('datazone.amazonaws.com'),
    });
    // Act
    new TopicSubscriptionTarget(stack, 'Target', {
      domainId: 'dzd_abc123',
      environmentId: 'env123',
      principals: [reader],
      manageAccessRole: manager,
    });
    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
    expect(acknowledgements(stack)).toEqual([]);
  });
});
