import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { InMemoryMetrics } from '../../../../common/src/metrics.ts';
import type { GrantRequest } from '../../../../grant-workflow/src/contract.ts';
import {
  ENVIRONMENT_ENV,
  environmentVariables,
  loadEnvironmentSettings,
} from '../../../../grant-workflow/src/environment-config.ts';
import { InvalidGrantRequestError } from '../../../../grant-workflow/src/errors.ts';
import { createApplyHandler, requestToApply } from '../../../../grant-workflow/src/handlers/apply.ts';
import { GRANT_ENVIRONMENT_METRICS } from '../../../../grant-workflow/src/metrics.ts';
import { grantSettings } from '../../../../grant-workflow/src/settings.ts';
import { FakeClock } from '../../../support/fakes/fake-clock.ts';
import {
  InMemoryClusterPolicyStore,
  InMemoryGrantLedger,
  InMemoryRolePolicyStore,
} from '../../../support/fakes/grant-fakes.ts';
import { CONSUMER_ACCOUNT, CONSUMER_ROLE, grant, PRODUCER_ACCOUNT } from '../policy/fixtures.ts';

describe('environment settings', () => {
  it('round-trip through the function environment with the grant settings completed', () => {
    // Act
    const settings = loadEnvironmentSettings(
      environmentVariables('/streamgov/grants', { management: { pathPrefixes: ['/streamgov/'] } }, 'alias/k'),
    );
    // Assess
    expect(settings).toEqual({
      ledgerPrefix: '/streamgov/grants',
      ledgerKmsKeyId: 'alias/k',
      grant: grantSettings({ management: { pathPrefixes: ['/streamgov/'] } }),
    });
  });

  it('lists invalid keys, grant settings included', () => {
    // Act
    const act = () =>
      loadEnvironmentSettings({
        [ENVIRONMENT_ENV.ledgerPrefix]: 'grants',
        [ENVIRONMENT_ENV.grant]: JSON.stringify({ management: { pathPrefixes: ['/'] } }),
      });
    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(ENVIRONMENT_ENV.ledgerPrefix);
  });
});

describe('createApplyHandler', () => {
  it('rejects a malformed request before touching any port', async () => {
    // Prepare
    const touched: string[] = [];
    const ledger = {
      put: async () => {
        touched.push('put');
      },
      delete: async () => {
        touched.push('delete');
        return false;
      },
      list: async () => {
        touched.push('list');
        return [];
      },
      advance: async () => {
        touched.push('advance');
        return 1;
      },
      counter: async () => {
        touched.push('counter');
        return 0;
      },
    };
    const handler = createApplyHandler({
      ports: { ledger },
      settings: grantSettings(),
      log: new MemoryLog(),
      clock: { now: () => 0, sleep: async () => undefined },
      random: () => 0,
    });
    // Act
    const result = handler({ request: { action: 'DROP' } as never, side: 'consumer' });
    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidGrantRequestError);
    expect(touched).toEqual([]);
  });
});

describe('requestToApply', () => {
  const request = { action: 'GRANT', domainId: 'dzd_abc123' } as never;

  it('applies the request as it is, and an undo of a GRANT as its REVOKE', () => {
    expect(requestToApply({ request, side: 'consumer' })).toBe(request);
    expect(requestToApply({ request, side: 'consumer', undo: false })).toBe(request);
    expect(requestToApply({ request, side: 'consumer', undo: true })).toEqual({
      action: 'REVOKE',
      domainId: 'dzd_abc123',
    });
  });

  it('throws InvalidGrantRequestError for an undo of a REVOKE or an undo that is not a boolean', () => {
    const revoke = { action: 'REVOKE' } as never;
    expect(() => requestToApply({ request: revoke, side: 'producer', undo: true })).toThrow(
      InvalidGrantRequestError,
    );
    expect(() => requestToApply({ request, side: 'producer', undo: 'yes' as never })).toThrow('undo "yes"');
  });
});

describe('createApplyHandler metrics', () => {
  function setup() {
    const roles = new InMemoryRolePolicyStore(CONSUMER_ACCOUNT);
    roles.addRole(CONSUMER_ROLE, { tags: { 'streamgov:managed': 'true' } });
    const metrics = new InMemoryMetrics();
    const handler = createApplyHandler({
      ports: { ledger: new InMemoryGrantLedger(), roles, clusters: new InMemoryClusterPolicyStore() },
      settings: grantSettings(),
      log: new MemoryLog(),
      clock: new FakeClock(),
      random: () => 0.5,
      metrics,
    });
    const g = grant({ n: 1 });
    const request: GrantRequest = {
      domainId: 'dzd_abc123',
      action: 'GRANT',
      grant: g,
      clusterType: 'PROVISIONED',
      producerAccount: PRODUCER_ACCOUNT,
      region: 'eu-west-1',
      crossAccount: true,
    };
    return { handler, metrics, request };
  }
  const { names, dimensions } = GRANT_ENVIRONMENT_METRICS;
  const applied = (action: string, side: string) => ({
    [dimensions.action]: action,
    [dimensions.side]: side,
  });

  it('counts each side applied by action and side, and an undo as a REVOKE and a compensation', async () => {
    // Prepare
    const { handler, metrics, request } = setup();
    // Act
    await handler({ request, side: 'consumer' });
    await handler({ request, side: 'consumer', undo: true });
    // Assess
    expect(metrics.total(names.applied, applied('GRANT', 'consumer'))).toBe(1);
    expect(metrics.total(names.applied, applied('REVOKE', 'consumer'))).toBe(1);
    expect(metrics.total(names.undone, { [dimensions.side]: 'consumer' })).toBe(1);
    expect(metrics.flushes).toBe(2);
  });

  it('flushes and counts nothing applied when the apply throws', async () => {
    // Prepare
    const { handler, metrics, request } = setup();
    // Act
    const result = handler({ request: { ...request, action: 'DROP' as never }, side: 'consumer' });
    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidGrantRequestError);
    expect(metrics.flushes).toBe(1);
    expect(metrics.flushed).toEqual([]);
  });
});
