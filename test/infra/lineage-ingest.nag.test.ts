import { describe, expect, it, vi } from 'vitest';
import { LineageIngest } from '../../infra/lib/constructs/lineage-ingest.ts';
import { acknowledgements, testStack, unacknowledgedFindings } from './support.ts';

vi.mock('../../infra/lib/private/lineage-handler-entries.ts', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../infra/lib/private/lineage-handler-entries.ts')>();
  const stub = { entry: new URL('./fixtures/stub-handler.ts', import.meta.url).pathname, handler: 'handler' };
  return { ...original, LINEAGE_HANDLER_ENTRIES: { ingest: stub, flinkLifecycle: stub } };
});

const SOURCES = [
  {
    clusterName: 'orders',
    registryName: 'streaming',
    mapping: 'auto' as const,
    includeTopicsWithoutSchema: true,
  },
  {
    clusterName: 'remote',
    registryName: 'streaming',
    readRoleArn: 'arn:aws:iam::222222222222:role/streamgov-read',
    mapping: 'auto' as const,
    includeTopicsWithoutSchema: true,
  },
];

describe('LineageIngest (cdk-nag AwsSolutions)', () => {
  it.each([
    ['an environment-agnostic stack', false],
    ['a stack in an account and Region', true],
  ])('has no unacknowledged finding in %s', (_case, env) => {
    // Prepare
    const { app, stack } = testStack({ env });
    // Act
    new LineageIngest(stack, 'LineageIngest', { domainId: 'dzd_abc123', sources: SOURCES });
    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('acknowledges only named findings, each with a reason', () => {
    // Prepare
    const { stack } = testStack({ env: true });
    // Act
    new LineageIngest(stack, 'LineageIngest', { domainId: 'dzd_abc123', sources: SOURCES });
    // Assess
    const acks = acknowledgements(stack).map(({ path, id, reason }) => ({
      path,
      id: id.replace(/^annotation::/i, ''),
      reason,
    }));
    expect(acks.map(({ path, id }) => `${path} ${id}`).sort()).toEqual(
      [
        'Test/LineageIngest/DeadLetterQueue AwsSolutions-SQS3',
        'Test/LineageIngest/Function AwsSolutions-L1',
        'Test/LineageIngest/FunctionRole/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
        'Test/LineageIngest/FunctionRole/DefaultPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kafka:eu-west-1:111111111111:cluster/orders/*]',
      ].sort(),
    );
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
