import { describe, expect, it } from 'vitest';
import { physicalName, resourceKind, syntheticValues } from '../../../../local/src/deploy/resource-kinds.ts';

describe('resourceKind', () => {
  it('tells mapped, custom, not-needed and unmapped types apart', () => {
    expect(resourceKind('AWS::Lambda::Function')).toBe('mapped');
    expect(resourceKind('Custom::StreamgovTopicAssetType')).toBe('custom');
    expect(resourceKind('AWS::CloudFormation::CustomResource')).toBe('custom');
    expect(resourceKind('AWS::CloudWatch::Alarm')).toBe('not-needed');
    expect(resourceKind('AWS::Batch::JobQueue')).toBe('unmapped');
  });
});

describe('physicalName', () => {
  it('names a resource <stack>-<logicalId> when it fits', () => {
    expect(physicalName('Gov', 'SyncFunction1234', 64)).toBe('Gov-SyncFunction1234');
  });

  it('shortens a long name with a hash that keeps names of different resources apart', () => {
    // Act
    const a = physicalName('StreamgovGovernance', `${'X'.repeat(60)}A`, 64);
    const b = physicalName('StreamgovGovernance', `${'X'.repeat(60)}B`, 64);

    // Assess
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).not.toBe(b);
  });
});

describe('syntheticValues', () => {
  const where = { account: '111111111111', region: 'eu-west-1', partition: 'aws' };

  it('gives a KMS key a key id and ARN, and an SQS queue its URL and ARN', () => {
    // Act
    const key = syntheticValues('AWS::KMS::Key', 'Gov-Key', where);
    const queue = syntheticValues('AWS::SQS::Queue', 'Gov-Queue', where);

    // Assess
    expect(key.attributes.Arn).toBe(`arn:aws:kms:eu-west-1:111111111111:key/${key.ref}`);
    expect(key.ref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(queue).toEqual({
      ref: 'https://sqs.eu-west-1.amazonaws.com/111111111111/Gov-Queue',
      attributes: {
        Arn: 'arn:aws:sqs:eu-west-1:111111111111:Gov-Queue',
        QueueName: 'Gov-Queue',
        QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/Gov-Queue',
      },
    });
  });

  it('gives any other type its name as Ref and no attributes', () => {
    expect(syntheticValues('AWS::Batch::JobQueue', 'Gov-Q', where)).toEqual({ ref: 'Gov-Q', attributes: {} });
  });
});
