import { describe, expect, it, vi } from 'vitest';
import { TopicAssetType } from '../../infra/lib/constructs/topic-asset-type.ts';
import { acknowledgements, testStack, unacknowledgedFindings } from './support.ts';

vi.mock('../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('./support.ts')).stubHandlerEntries(await importOriginal()),
);

describe('TopicAssetType (cdk-nag AwsSolutions)', () => {
  it.each([
    ['an environment-agnostic stack', false],
    ['a stack in an account and Region', true],
  ])('has no unacknowledged finding in %s', (_case, env) => {
    // Prepare
    const { app, stack } = testStack({ env });

    // Act
    new TopicAssetType(stack, 'TopicAssetType', { domainId: 'dzd_abc123', owningProjectId: 'prj123' });

    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('acknowledges only named findings on the constructs that cause them, each with a reason', () => {
    // Prepare
    const { stack } = testStack();

    // Act
    new TopicAssetType(stack, 'TopicAssetType', { domainId: 'dzd_abc123', owningProjectId: 'prj123' });

    // Assess
    const acks = acknowledgements(stack);
    expect(acks.map(({ path, id }) => ({ path, id })).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'Test/TopicAssetType/Handler', id: expect.stringMatching(/AwsSolutions-L1$/) },
      {
        path: 'Test/TopicAssetType/ProviderRole/DefaultPolicy',
        id: expect.stringMatching(
          /AwsSolutions-IAM5\[Resource::<TopicAssetTypeHandler[0-9A-F]{8}\.Arn>:\*\]$/,
        ),
      },
    ]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
