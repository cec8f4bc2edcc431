import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMES } from '../../../../asset-types/src/definition.ts';
import { ConfigError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { InMemoryMetrics } from '../../../../common/src/metrics.ts';
import type { GrantCatalog } from '../../../../grant-workflow/src/collect-grant.ts';
import { parseGrantEvent } from '../../../../grant-workflow/src/collect-grant.ts';
import {
  type CentralSettings,
  centralEnvironment,
  loadCentralSettings,
} from '../../../../grant-workflow/src/config.ts';
import type { CollectedGrant, CollectOutcome } from '../../../../grant-workflow/src/contract.ts';
import { InvalidGrantRequestError } from '../../../../grant-workflow/src/errors.ts';
import { createCollectMetadataHandler } from '../../../../grant-workflow/src/handlers/collect-metadata.ts';
import { createReportStatusHandler } from '../../../../grant-workflow/src/handlers/report-status.ts';
import { GRANT_CENTRAL_METRICS } from '../../../../grant-workflow/src/metrics.ts';
import { failureMessage } from '../../../../grant-workflow/src/report-status.ts';

function applied(outcome: CollectOutcome): CollectedGrant {
  if ('skip' in outcome) throw new Error(`skipped: ${outcome.skip.reason}`);
  return outcome;
}

const CLUSTER = 'arn:aws:kafka:eu-west-1:222222222222:cluster/orders/uuid-1';
const READER = 'arn:aws:iam::333333333333:role/streamgov/reader';
const SETTINGS: CentralSettings = {
  domainId: 'dzd_abc123',
  assetTypeNames: DEFAULT_NAMES,
  environments: Object.fromEntries(
    ['222222222222', '333333333333'].map((a) => [
      a,
      {
        stateMachineArn: `arn:aws:states:eu-west-1:${a}:stateMachine:streamgov-grant-environment`,
        invokeRoleArn: `arn:aws:iam::${a}:role/streamgov-grant-invoke`,
      },
    ]),
  ),
  consumerGroups: 'per-environment',
  environmentTimeoutSeconds: 300,
};

function event(overrides: { detailType?: string; domain?: string; id?: string; typeName?: string } = {}) {
  return {
    source: 'aws.datazone',
    'detail-type': overrides.detailType ?? 'Subscription Grant Requested',
    detail: {
      metadata: { domain: overrides.domain ?? 'dzd_abc123', id: overrides.id ?? 'grant1' },
      data: {
        asset: {
          id: 'asset1',
          listingId: 'listing1',
          listingVersion: '3',
          typeName: overrides.typeName ?? 'MskTopicAssetType',
        },
      },
    },
  };
}

/** An in-memory catalog: one grant of listing1/asset1 to env1 (account 333333333333). */
function fakeCatalog(
  overrides: {
    principals?: string[];
    account?: string;
    clusterType?: string;
    assetStatus?: string;
    subscriptionStatus?: string;
  } = {},
) {
  const statuses: Array<[string, string, string, string | undefined]> = [];
  const reads: string[] = [];
  const catalog: GrantCatalog = {
    getGrant: async (id) => ({
      id,
      environmentId: 'env1',
      subscriptionTargetId: 'target1',
      listingId: 'listing1',
      listingRevision: '3',
      status: 'PENDING',
      assets: [{ assetId: 'asset1', status: overrides.assetStatus ?? 'GRANT_PENDING' }],
      ...(overrides.subscriptionStatus === undefined ? {} : { subscriptionId: 'subscription1' }),
    }),
    getSubscriptionStatus: async (id) => {
      reads.push(`subscription ${id}`);
      return overrides.subscriptionStatus ?? 'APPROVED';
    },
    getListing: async (listingId, listingRevision) => {
      reads.push(`listing ${listingId}`);
      return {
        listingId,
        listingRevision: listingRevision ?? '',
        name: 'orders',
        assetId: 'asset1',
        assetType: 'MskTopicAssetType',
        forms: {
          source: { cluster_arn: CLUSTER, cluster_type: overrides.clusterType ?? 'PROVISIONED' },
          schema: {
            kafka_topic: 'orders',
            schema_arn: 'arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-value',
          },
          commonDetails: { sourceIdentifier: 'kafka://x/orders' },
        },
      };
    },
    getEnvironment: async (id) => ({
      id,
      projectId: 'p',
      awsAccountId: overrides.account ?? '333333333333',
      awsAccountRegion: 'eu-west-1',
    }),
    getSubscriptionTarget: async (environmentId, id) => ({
      id,
      environmentId,
      type: 'MskTopicSubscriptionTarget',
      authorizedPrincipals: overrides.principals ?? [READER],
      applicableAssetTypes: ['MskTopicAssetType'],
    }),
    updateAssetStatus: async (grantId, assetId, status, cause) => {
      statuses.push([grantId, assetId, status, cause]);
    },
  };
  return { catalog, statuses, reads };
}

describe('parseGrantEvent', () => {
  it('reads the action, grant, asset and listing of a valid event', () => {
    // Act
    const parsed = parseGrantEvent(event({ detailType: 'Subscription Grant Revoke Requested' }), SETTINGS);
    // Assess
    expect(parsed).toEqual({
      action: 'REVOKE',
      grantId: 'grant1',
      assetId: 'asset1',
      listingId: 'listing1',
      listingVersion: '3',
    });
  });

  it.each([
    ['another detail type', event({ detailType: 'Subscription Request Created' }), 'detail-type'],
    ['another domain', event({ domain: 'dzd_other' }), 'detail.metadata.domain'],
    ['a grant id that would inject', event({ id: 'grant1/../*' }), 'detail.metadata.id'],
    ['another asset type', event({ typeName: 'GlueTableAssetType' }), 'detail.data.asset.typeName'],
    ['no detail', { 'detail-type': 'Subscription Grant Requested' }, 'detail'],
    ['not an object', 'event', 'event'],
  ])('rejects %s with InvalidGrantRequestError naming the field', (_case, input, field) => {
    // Act
    const act = () => parseGrantEvent(input, SETTINGS);
    // Assess
    expect(act).toThrow(InvalidGrantRequestError);
    expect(act).toThrow(`Invalid ${field} `);
  });
});

describe('createCollectMetadataHandler', () => {
  it('returns the request and both targets of a cross-account grant, after setting GRANT_IN_PROGRESS', async () => {
    // Prepare
    const { catalog, statuses } = fakeCatalog();
    const handler = createCollectMetadataHandler({ settings: SETTINGS, catalog, log: new MemoryLog() });
    // Act
    const collected = applied(await handler(event()));
    // Assess
    expect(collected.request).toMatchObject({
      action: 'GRANT',
      clusterType: 'PROVISIONED',
      producerAccount: '222222222222',
      region: 'eu-west-1',
      crossAccount: true,
      grant: {
        grantId: 'grant1',
        assetId: 'asset1',
        topicArn: 'arn:aws:kafka:eu-west-1:222222222222:topic/orders/uuid-1/orders',
        consumerGroups: { prefix: 'env1.' },
        schemaArns: ['arn:aws:glue:eu-west-1:222222222222:schema/streaming/orders-value'],
        principals: [READER],
      },
    });
    expect(collected.targets.producer?.account).toBe('222222222222');
    expect(collected.targets.consumer.invokeRoleArn).toBe(
      'arn:aws:iam::333333333333:role/streamgov-grant-invoke',
    );
    expect(statuses).toEqual([['grant1', 'asset1', 'GRANT_IN_PROGRESS', undefined]]);
  });

  it('has no producer target when the consumer is in the cluster account', async () => {
    // Prepare
    const { catalog } = fakeCatalog({
      account: '222222222222',
      principals: ['arn:aws:iam::222222222222:role/reader'],
    });
    // Act
    const collected = applied(
      await createCollectMetadataHandler({
        settings: SETTINGS,
        catalog,
        log: new MemoryLog(),
      })(event()),
    );
    // Assess
    expect(collected.request.crossAccount).toBe(false);
    expect(collected.targets.producer).toBeUndefined();
  });

  it.each([
    [
      'a principal of another account',
      { principals: ['arn:aws:iam::444444444444:role/x'] },
      '.principals[0] ',
    ],
    ['a principal with a wildcard', { principals: ['arn:aws:iam::333333333333:role/*'] }, '.principals[0] '],
    [
      'an unregistered consumer account',
      { account: '555555555555', principals: ['arn:aws:iam::555555555555:role/x'] },
      'account 555555555555 is not registered',
    ],
    ['an unknown cluster type', { clusterType: 'FANCY' }, 'cluster_type'],
  ])('fails %s with InvalidGrantRequestError and changes no status', async (_case, overrides, text) => {
    // Prepare
    const { catalog, statuses } = fakeCatalog(overrides);
    const handler = createCollectMetadataHandler({ settings: SETTINGS, catalog, log: new MemoryLog() });
    // Act
    const result = handler(event());
    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidGrantRequestError);
    await expect(result).rejects.toThrow(text);
    expect(statuses).toEqual([]);
  });
});

describe('createCollectMetadataHandler with out-of-date events', () => {
  it.each([
    [
      'a grant event after its revoke was requested',
      'Subscription Grant Requested',
      { assetStatus: 'REVOKE_PENDING' },
      'revoke was requested',
    ],
    [
      'a grant event of a revoked grant',
      'Subscription Grant Requested',
      { assetStatus: 'REVOKED' },
      'asset status REVOKED',
    ],
    [
      'a grant event of a revoked subscription',
      'Subscription Grant Requested',
      { subscriptionStatus: 'REVOKED' },
      'subscription is REVOKED',
    ],
    [
      'a grant event of a deleted subscription',
      'Subscription Grant Requested',
      { subscriptionStatus: 'absent' },
      'no longer exists',
    ],
  ])('skips %s: no status changed, nothing else read', async (_case, detailType, overrides, reason) => {
    // Prepare
    const { catalog, statuses, reads } = fakeCatalog(overrides);
    const handler = createCollectMetadataHandler({ settings: SETTINGS, catalog, log: new MemoryLog() });
    // Act
    const outcome = await handler(event({ detailType }));
    // Assess
    expect(outcome).toEqual({
      skip: {
        subscriptionGrantId: 'grant1',
        assetId: 'asset1',
        action: 'GRANT',
        reason: expect.stringContaining(reason),
      },
    });
    expect(statuses).toEqual([]);
    expect(reads.filter((r) => r.startsWith('listing'))).toEqual([]);
  });

  it.each([
    [
      'a duplicate grant event of a GRANTED grant',
      'Subscription Grant Requested',
      { assetStatus: 'GRANTED', subscriptionStatus: 'APPROVED' },
      'GRANT_IN_PROGRESS',
    ],
    [
      'a revoke event of a GRANT_FAILED grant',
      'Subscription Grant Revoke Requested',
      { assetStatus: 'GRANT_FAILED' },
      'REVOKE_IN_PROGRESS',
    ],
    [
      'a revoke event of a revoked subscription',
      'Subscription Grant Revoke Requested',
      { assetStatus: 'REVOKE_PENDING', subscriptionStatus: 'REVOKED' },
      'REVOKE_IN_PROGRESS',
    ],
  ])('applies %s', async (_case, detailType, overrides, status) => {
    // Prepare
    const { catalog, statuses } = fakeCatalog(overrides);
    const handler = createCollectMetadataHandler({ settings: SETTINGS, catalog, log: new MemoryLog() });
    // Act
    const outcome = await handler(event({ detailType }));
    // Assess
    expect('request' in outcome).toBe(true);
    expect(statuses).toEqual([['grant1', 'asset1', status, undefined]]);
  });

  it('reads the subscription only for grant events of grants that name one', async () => {
    // Prepare
    const plain = fakeCatalog();
    const revoke = fakeCatalog({ assetStatus: 'REVOKE_PENDING', subscriptionStatus: 'REVOKED' });
    // Act
    await createCollectMetadataHandler({ settings: SETTINGS, catalog: plain.catalog, log: new MemoryLog() })(
      event(),
    );
    await createCollectMetadataHandler({ settings: SETTINGS, catalog: revoke.catalog, log: new MemoryLog() })(
      event({ detailType: 'Subscription Grant Revoke Requested' }),
    );
    // Assess
    expect(plain.reads.filter((r) => r.startsWith('subscription'))).toEqual([]);
    expect(revoke.reads.filter((r) => r.startsWith('subscription'))).toEqual([]);
  });
});

describe('createReportStatusHandler', () => {
  const collected = {
    request: { action: 'REVOKE', grant: { grantId: 'grant1', assetId: 'asset1' } },
    targets: { consumer: { account: '333333333333' } },
  };

  it('reports REVOKED on success', async () => {
    // Prepare
    const { catalog, statuses } = fakeCatalog();
    // Act
    const out = await createReportStatusHandler({ settings: SETTINGS, catalog, log: new MemoryLog() })({
      outcome: 'success',
      state: collected,
    });
    // Assess
    expect(out.status).toBe('REVOKED');
    expect(statuses).toEqual([['grant1', 'asset1', 'REVOKED', undefined]]);
  });

  it('reports REVOKE_FAILED with the cause of the failed side', async () => {
    // Prepare
    const { catalog, statuses } = fakeCatalog();
    const error = {
      Error: 'NotManagedError',
      Cause: JSON.stringify({
        errorType: 'NotManagedError',
        errorMessage: 'Role r is not managed by streamgov: tag it.',
      }),
    };
    // Act
    await createReportStatusHandler({ settings: SETTINGS, catalog, log: new MemoryLog() })({
      outcome: 'failure',
      state: { ...collected, error },
    });
    // Assess
    expect(statuses).toEqual([
      [
        'grant1',
        'asset1',
        'REVOKE_FAILED',
        'Role r is not managed by streamgov: tag it. Nothing was changed.',
      ],
    ]);
  });

  it('reports a failure of CollectMetadata from the event itself, and nothing for a malformed event', async () => {
    // Prepare
    const { catalog, statuses } = fakeCatalog();
    const handler = createReportStatusHandler({ settings: SETTINGS, catalog, log: new MemoryLog() });
    const error = { Error: 'InvalidGrantRequestError', Cause: 'The consumer account 5 is not registered' };
    // Act
    await handler({ outcome: 'failure', state: { ...event(), error } });
    const malformed = handler({ outcome: 'failure', state: { ...event({ id: 'bad id' }), error } });
    // Assess
    await expect(malformed).rejects.toBeInstanceOf(InvalidGrantRequestError);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.[2]).toBe('GRANT_FAILED');
    expect(statuses[0]?.[3]).toMatch(
      /^The grant request is invalid and nothing was changed: .*request the grant again\.$/,
    );
  });

  it('ends a user error as a rejection and an infrastructure error as a failure', async () => {
    // Prepare
    const handler = createReportStatusHandler({
      settings: SETTINGS,
      catalog: fakeCatalog().catalog,
      log: new MemoryLog(),
    });
    const report = (name: string) =>
      handler({ outcome: 'failure', state: { ...collected, error: { Error: name, Cause: 'c' } } });
    // Act
    const kinds = await Promise.all(
      [
        'NotManagedError',
        'UnsupportedClusterError',
        'InvalidGrantRequestError',
        'PolicyCapacityError',
        'TransientAwsError',
        'States.Timeout',
        'Lambda.Unknown',
      ].map(async (name) => [name, (await report(name)).failureKind]),
    );
    // Assess
    expect(Object.fromEntries(kinds)).toEqual({
      NotManagedError: 'user',
      UnsupportedClusterError: 'user',
      InvalidGrantRequestError: 'user',
      PolicyCapacityError: 'user',
      TransientAwsError: 'infrastructure',
      'States.Timeout': 'infrastructure',
      'Lambda.Unknown': 'infrastructure',
    });
  });

  it('reports the original cause and the compensation of a failed grant', async () => {
    // Prepare
    const { catalog, statuses } = fakeCatalog();
    const state = {
      request: { action: 'GRANT', grant: { grantId: 'grant1', assetId: 'asset1' } },
      targets: { producer: { account: '222222222222' }, consumer: { account: '333333333333' } },
      results: { producer: { side: 'producer', action: 'GRANT', changed: true, policies: [] } },
      error: { Error: 'NotManagedError', Cause: 'Role r is not managed by streamgov: tag it.' },
      compensated: { producer: { side: 'producer', action: 'REVOKE', changed: true, policies: [] } },
    };
    // Act
    const out = await createReportStatusHandler({ settings: SETTINGS, catalog, log: new MemoryLog() })({
      outcome: 'failure',
      state,
    });
    // Assess
    expect(out).toMatchObject({ status: 'GRANT_FAILED', failureKind: 'user' });
    expect(statuses[0]?.[3]).toBe(
      'Role r is not managed by streamgov: tag it. Nothing was changed. streamgov took back what the grant had applied on the producer side, so none of its access remains in force.',
    );
  });

  it('reports both causes and fails the execution when the compensation fails, even after a user error', async () => {
    // Prepare
    const { catalog, statuses } = fakeCatalog();
    const state = {
      request: { action: 'GRANT', grant: { grantId: 'grant1', assetId: 'asset1' } },
      targets: { producer: { account: '222222222222' }, consumer: { account: '333333333333' } },
      results: { producer: { side: 'producer', action: 'GRANT', changed: true, policies: [] } },
      error: { Error: 'NotManagedError', Cause: 'Role r is not managed by streamgov: tag it.' },
      compensationErrors: {
        producer: { Error: 'TransientAwsError', Cause: JSON.stringify({ errorMessage: 'MSK is down' }) },
      },
    };
    // Act
    const out = await createReportStatusHandler({ settings: SETTINGS, catalog, log: new MemoryLog() })({
      outcome: 'failure',
      state: { ...state, error: { ...state.error, Cause: `${'x'.repeat(3_000)}` } },
    });
    // Assess
    expect(out.failureKind).toBe('infrastructure');
    const cause = statuses[0]?.[3] ?? '';
    expect(cause.length).toBeLessThanOrEqual(2_000);
    expect(cause).toContain('xxx');
    expect(cause).toContain(
      'Taking back what the grant may have applied on the producer side failed too (TransientAwsError: MSK is down.)',
    );
    expect(cause).toContain('streamgov reconcile --apply');
  });

  it('rejects an unknown outcome', async () => {
    // Act + Assess
    await expect(
      createReportStatusHandler({ settings: SETTINGS, catalog: fakeCatalog().catalog, log: new MemoryLog() })(
        {
          outcome: 'maybe' as never,
          state: collected,
        },
      ),
    ).rejects.toBeInstanceOf(InvalidGrantRequestError);
  });
});

describe('failureMessage', () => {
  it('names the side, its account and the timeout of an environment that did not answer', () => {
    expect(
      failureMessage({ Error: 'States.Timeout' }, { side: 'producer', account: '222222222222' }, 60),
    ).toContain('the producer side (account 222222222222) did not answer within 60 seconds');
  });

  it('keeps an unknown error name and cuts long causes', () => {
    const text = failureMessage({ Error: 'States.TaskFailed', Cause: 'x'.repeat(5_000) });
    expect(text).toContain('States.TaskFailed');
    expect(text.length).toBeLessThanOrEqual(2_000);
  });
});

describe('central settings', () => {
  it('round-trip through the function environment', () => {
    expect(loadCentralSettings(centralEnvironment(SETTINGS))).toEqual(SETTINGS);
  });

  it('reject an environment map whose ARNs are of another account, and an empty one', () => {
    const env = centralEnvironment(SETTINGS);
    const wrong = JSON.stringify({
      '333333333333': {
        stateMachineArn: 'arn:aws:states:eu-west-1:444444444444:stateMachine:x',
        invokeRoleArn: 'x',
      },
    });
    expect(() => loadCentralSettings({ ...env, GRANT_ENVIRONMENTS: wrong })).toThrow(ConfigError);
    expect(() => loadCentralSettings({ ...env, GRANT_ENVIRONMENTS: '{}' })).toThrow('at least one');
  });
});

describe('central handlers metrics', () => {
  const { names, dimensions } = GRANT_CENTRAL_METRICS;

  it('counts an out-of-date event skipped by CollectMetadata, and nothing for a current one', async () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const stale = fakeCatalog({ assetStatus: 'REVOKED' });
    const current = fakeCatalog();
    // Act
    await createCollectMetadataHandler({
      settings: SETTINGS,
      catalog: stale.catalog,
      log: new MemoryLog(),
      metrics,
    })(event());
    await createCollectMetadataHandler({
      settings: SETTINGS,
      catalog: current.catalog,
      log: new MemoryLog(),
      metrics,
    })(event());
    // Assess
    expect(metrics.total(names.skipped)).toBe(1);
    expect(metrics.flushes).toBe(2);
  });

  it('flushes when CollectMetadata throws', async () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const { catalog } = fakeCatalog();
    const handler = createCollectMetadataHandler({
      settings: SETTINGS,
      catalog,
      log: new MemoryLog(),
      metrics,
    });
    // Act
    const result = handler(event({ domain: 'dzd_other' }));
    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidGrantRequestError);
    expect(metrics.flushes).toBe(1);
    expect(metrics.flushed).toEqual([]);
  });

  it('counts each status reported, with the compensations a failure reports by side', async () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const { catalog } = fakeCatalog();
    const handler = createReportStatusHandler({ settings: SETTINGS, catalog, log: new MemoryLog(), metrics });
    const granted = {
      request: { action: 'GRANT', grant: { grantId: 'grant1', assetId: 'asset1' } },
      targets: { consumer: { account: '333333333333' } },
    };
    const error = { Error: 'TransientAwsError', Cause: 'IAM throttled' };
    // Act
    await handler({ outcome: 'success', state: granted });
    await handler({
      outcome: 'failure',
      state: {
        ...granted,
        error,
        compensated: { producer: { side: 'producer' } },
        compensationErrors: { consumer: { Error: 'TransientAwsError', Cause: 'again' } },
      },
    });
    // Assess
    expect(metrics.total(names.reported, { [dimensions.status]: 'GRANTED' })).toBe(1);
    expect(metrics.total(names.reported, { [dimensions.status]: 'GRANT_FAILED' })).toBe(1);
    expect(metrics.total(names.compensated, { [dimensions.side]: 'producer' })).toBe(1);
    expect(metrics.total(names.compensationFailed, { [dimensions.side]: 'consumer' })).toBe(1);
    expect(metrics.total(names.compensated, { [dimensions.side]: 'consumer' })).toBe(0);
  });

  it('counts nothing and flushes when DataZone does not take the status', async () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const { catalog } = fakeCatalog();
    const failing: GrantCatalog = {
      ...catalog,
      updateAssetStatus: async () => Promise.reject(new Error('DataZone down')),
    };
    const handler = createReportStatusHandler({
      settings: SETTINGS,
      catalog: failing,
      log: new MemoryLog(),
      metrics,
    });
    // Act
    const result = handler({ outcome: 'bogus' as never, state: {} });
    const down = handler({
      outcome: 'success',
      state: { request: { action: 'REVOKE', grant: { grantId: 'grant1', assetId: 'asset1' } } },
    });
    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidGrantRequestError);
    await expect(down).rejects.toThrow('DataZone down');
    expect(metrics.flushes).toBe(2);
    expect(metrics.flushed).toEqual([]);
  });
});
