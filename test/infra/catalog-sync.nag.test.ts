import { describe, expect, it, vi } from 'vitest';
import { CatalogSync } from '../../infra/lib/constructs/catalog-sync.ts';
import { acknowledgements, testSettings, testStack, unacknowledgedFindings } from './support.ts';

vi.mock('../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('./support.ts')).stubHandlerEntries(await importOriginal()),
);

const SETTINGS = testSettings({
  sources: [
    { clusterName: 'orders', registryName: 'streaming', mapping: 'auto', includeTopicsWithoutSchema: true },
    {
      clusterArn: 'arn:aws:kafka:eu-west-1:111111111111:cluster/payments/abcd-1',
      registryName: 'default-registry',
      mapping: 'topic-name',
      includeTopicsWithoutSchema: false,
    },
  ],
});

describe('CatalogSync (cdk-nag AwsSolutions)', () => {
  it.each([
    ['an environment-agnostic stack', false],
    ['a stack in an account and Region', true],
  ])('has no unacknowledged finding in %s', (_case, env) => {
    // Prepare
    const { app, stack } = testStack({ env });

    // Act
    new CatalogSync(stack, 'CatalogSync', { settings: SETTINGS, schedule: 'rate(1 hour)' });

    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('has no unacknowledged finding with the partitioned state machine', () => {
    // Prepare
    const { app, stack } = testStack({ env: true });

    // Act
    new CatalogSync(stack, 'CatalogSync', { settings: SETTINGS, schedule: 'rate(6 hours)', partitions: 8 });

    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
    const acks = acknowledgements(stack).filter((a) => a.path.includes('/PartitionedSync/'));
    expect(acks.map((a) => a.id.replace(/^annotation::/i, '')).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CatalogSyncFunction[0-9A-F]+\.Arn>:\*\]$/),
    ]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });

  it('acknowledges only named findings on the constructs that cause them, each with a reason', () => {
    // Prepare
    const { stack } = testStack({ env: true });

    // Act
    new CatalogSync(stack, 'CatalogSync', { settings: SETTINGS, schedule: 'rate(1 hour)' });

    // Assess
    const acks = acknowledgements(stack);
    const policy = 'Test/CatalogSync/FunctionRole/DefaultPolicy';
    const p = 'arn:<AWS::Partition>';
    const byPathAndId = (a: { path: string; id: string }, b: { path: string; id: string }) =>
      `${a.path} ${a.id}`.localeCompare(`${b.path} ${b.id}`);
    expect(
      acks.map(({ path, id }) => ({ path, id: id.replace(/^annotation::/i, '') })).sort(byPathAndId),
    ).toEqual(
      [
        { path: 'Test/CatalogSync/DeadLetterQueue', id: 'AwsSolutions-SQS3' },
        { path: 'Test/CatalogSync/Function', id: 'AwsSolutions-L1' },
        ...[
          'Resource::*',
          'Action::kms:ReEncrypt*',
          'Action::kms:GenerateDataKey*',
          `Resource::${p}:kafka:eu-west-1:111111111111:cluster/orders/*`,
          `Resource::${p}:kafka:eu-west-1:111111111111:topic/orders/*`,
          'Resource::arn:aws:kafka:eu-west-1:111111111111:topic/payments/abcd-1/*',
          `Resource::${p}:glue:eu-west-1:111111111111:schema/streaming/*`,
          `Resource::${p}:glue:eu-west-1:111111111111:schema/default-registry/*`,
          `Resource::${p}:ssm:eu-west-1:111111111111:parameter/streamgov/dzd_abc123/catalog/*`,
        ].map((finding) => ({ path: policy, id: `AwsSolutions-IAM5[${finding}]` })),
      ].sort(byPathAndId),
    );
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
