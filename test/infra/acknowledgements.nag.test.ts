import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { CatalogSync } from '../../infra/lib/constructs/catalog-sync.ts';
import { TopicAssetType } from '../../infra/lib/constructs/topic-asset-type.ts';
import { testSettings, testStack } from './support.ts';

vi.mock('../../infra/lib/private/handler-entries.ts', async (importOriginal) =>
  (await import('./support.ts')).stubHandlerEntries(await importOriginal()),
);

/** The constructs' acknowledgements, recorded instead of applied. */
const recorded = vi.hoisted(() => [] as Array<{ path: string; id: string }>);
vi.mock('../../infra/lib/private/nag.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../infra/lib/private/nag.ts')>();
  return {
    ...original,
    acknowledgeFinding: (scope: { node: { path: string } }, rule: string, finding: string | undefined) => {
      recorded.push({ path: scope.node.path, id: finding === undefined ? rule : `${rule}[${finding}]` });
    },
  };
});

describe('cdk-nag acknowledgements of the constructs', () => {
  it('answer exactly the findings there are without them: none missing, none stale', () => {
    // Prepare
    recorded.length = 0;
    const { app, stack } = testStack({ env: true });
    new TopicAssetType(stack, 'TopicAssetType', { domainId: 'dzd_abc123', owningProjectId: 'prj123' });
    new CatalogSync(stack, 'CatalogSync', {
      settings: testSettings({
        sources: [
          {
            clusterName: 'orders',
            registryName: 'streaming',
            mapping: 'auto',
            includeTopicsWithoutSchema: true,
          },
        ],
      }),
      schedule: 'rate(1 hour)',
      // Partitioned: the state machine's acknowledgements are checked too.
      partitions: 4,
    });

    // Act
    const findings = new AwsSolutionsChecks(app).validateScope(app).violations.flatMap((v) =>
      v.violatingResources.map((r) => ({
        id: v.ruleName,
        path: (r as { constructPath: string }).constructPath,
      })),
    );

    // Assess
    const covers = (ack: { path: string; id: string }, f: { path: string; id: string }) =>
      ack.id === f.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`));
    expect(findings.filter((f) => !recorded.some((ack) => covers(ack, f)))).toEqual([]);
    expect(recorded.filter((ack) => !findings.some((f) => covers(ack, f)))).toEqual([]);
    expect(recorded.length).toBeGreaterThan(0);
  });
});
