import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../../asset-types/src/definition.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { InMemoryMetrics } from '../../../../common/src/metrics.ts';
import type { DriftItem, DriftKind } from '../../../../grant-workflow/src/drift.ts';
import { createReconcileHandler } from '../../../../grant-workflow/src/handlers/reconcile.ts';
import {
  driftRemaining,
  GRANT_RECONCILE_METRICS,
  recordReconcile,
} from '../../../../grant-workflow/src/metrics.ts';
import { driftRemains, type ReconcileReport } from '../../../../grant-workflow/src/reconcile.ts';
import type { ReconcileSettings } from '../../../../grant-workflow/src/reconcile-config.ts';
import type { GrantDirectory } from '../../../../grant-workflow/src/resolve-grants.ts';
import { grantSettings } from '../../../../grant-workflow/src/settings.ts';
import { FakeClock } from '../../../support/fakes/fake-clock.ts';

const { names, dimensions } = GRANT_RECONCILE_METRICS;

const SETTINGS: ReconcileSettings = {
  domainId: 'dzd_abc123',
  assetTypeNames: DEFAULT_NAMES,
  ledgerPrefix: '/streamgov/grants',
  environments: [],
  consumerGroups: 'all',
  management: grantSettings().management,
  managedVpcConnectivity: false,
  apply: false,
};

function directory(listGrants: GrantDirectory['listGrants']): GrantDirectory {
  const unused = async () => Promise.reject(new Error('not read'));
  return {
    listGrants,
    getGrant: unused,
    getListing: unused,
    getEnvironment: unused,
    getSubscriptionTarget: unused,
  };
}

function handlerWith(listGrants: GrantDirectory['listGrants']) {
  const metrics = new InMemoryMetrics();
  const handler = createReconcileHandler({
    settings: SETTINGS,
    dependencies: { directory: directory(listGrants), environments: new Map() },
    log: new MemoryLog(),
    clock: new FakeClock(),
    random: () => 0.5,
    metrics,
  });
  return { handler, metrics };
}

function item(kind: DriftKind): DriftItem {
  return { kind, target: 'arn:aws:iam::333333333333:role/reader', topicArn: 'arn:t', detail: kind };
}

function report(drift: DriftKind[], repaired?: ReconcileReport['repaired']): ReconcileReport {
  return {
    domainId: 'dzd_abc123',
    checkedGrants: 3,
    pending: [],
    unresolved: [],
    drift: drift.map(item),
    ...(repaired ? { repaired } : {}),
  };
}

describe('createReconcileHandler metrics', () => {
  it('records zero findings of every kind and nothing remaining when there is no drift', async () => {
    // Prepare
    const { handler, metrics } = handlerWith(async () => []);
    // Act
    const result = await handler();
    // Assess
    expect(result.drift).toEqual([]);
    for (const kind of GRANT_RECONCILE_METRICS.kinds) {
      expect(metrics.flushed).toContainEqual({
        name: names.findings,
        unit: 'Count',
        value: 0,
        dimensions: { [dimensions.kind]: kind },
      });
    }
    expect(metrics.flushed).toContainEqual({
      name: names.remaining,
      unit: 'Count',
      value: 0,
      dimensions: {},
    });
    expect(metrics.flushes).toBe(1);
  });

  it('flushes and records no finding when reconcile cannot read DataZone', async () => {
    // Prepare
    const { handler, metrics } = handlerWith(async () => Promise.reject(new Error('DataZone down')));
    // Act
    const result = handler();
    // Assess
    await expect(result).rejects.toThrow('DataZone down');
    expect(metrics.flushes).toBe(1);
    expect(metrics.names()).toEqual([]);
  });
});

describe('recordReconcile', () => {
  it('counts report-only findings by kind; remaining leaves foreign statements out', () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const found = report(['missing', 'missing', 'extra', 'stale', 'foreign']);
    // Act
    recordReconcile(metrics, found);
    metrics.flush();
    // Assess
    expect(metrics.total(names.findings, { [dimensions.kind]: 'missing' })).toBe(2);
    expect(metrics.total(names.findings, { [dimensions.kind]: 'foreign' })).toBe(1);
    expect(metrics.total(names.remaining)).toBe(4);
    expect(metrics.names()).not.toContain(names.repaired);
  });

  it('counts repairs, failed repairs and what remains after them', () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const repair = {
      action: 'GRANT',
      side: 'consumer',
      grantId: 'g',
      assetId: 'a',
      reason: 'missing',
    } as const;
    const applied = report(['missing', 'extra', 'foreign'], {
      actions: [repair, { ...repair, action: 'REVOKE', error: 'TransientAwsError: throttled' }],
      remaining: [item('extra'), item('foreign')],
    });
    // Act
    recordReconcile(metrics, applied);
    metrics.flush();
    // Assess
    expect(metrics.total(names.repaired)).toBe(1);
    expect(metrics.total(names.repairsFailed)).toBe(1);
    expect(metrics.total(names.remaining)).toBe(2);
    expect(driftRemains(applied)).toBe(true);
  });

  it.each([
    ['no drift', report([])],
    ['foreign statements only', report(['foreign'])],
    ['drift repaired', report(['missing'], { actions: [], remaining: [item('foreign')] })],
    ['drift found', report(['stale'])],
  ])('has remaining > 0 exactly when drift remains: %s', (_case, r) => {
    // Act + Assess
    expect(driftRemaining(r) > 0).toBe(driftRemains(r));
  });
});
