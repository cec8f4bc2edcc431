import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/src/errors.ts';
import { GRANT_ERRORS } from '../../../grant-workflow/src/contract.ts';
import {
  InvalidGrantRequestError,
  NotManagedError,
  UnsupportedClusterError,
} from '../../../grant-workflow/src/errors.ts';
import { PolicyCapacityError } from '../../../grant-workflow/src/policy/errors.ts';
import { DEFAULT_GRANT_SETTINGS, grantSettings } from '../../../grant-workflow/src/settings.ts';

describe('grantSettings', () => {
  it('returns the defaults and merges nested overrides member by member', () => {
    // Act
    const settings = grantSettings({
      management: { pathPrefixes: ['/streamgov/'] },
      backoff: { maxMs: 500 },
    });
    // Assess
    expect(grantSettings()).toEqual(DEFAULT_GRANT_SETTINGS);
    expect(settings.management).toEqual({
      tagKey: 'streamgov:managed',
      tagValue: 'true',
      pathPrefixes: ['/streamgov/'],
    });
    expect(settings.backoff).toEqual({ baseMs: 50, maxMs: 500 });
  });

  it('throws ConfigError listing every invalid member', () => {
    // Act
    let error: unknown;
    try {
      grantSettings({
        management: { pathPrefixes: ['/'], tagKey: '' },
        maxManagedPoliciesPerRole: 0,
        schemaScope: 'all' as 'schema',
        managedVpcConnectivity: 'false' as unknown as boolean,
        backoff: { baseMs: 10, maxMs: 1 },
      });
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(6);
  });
});

describe('grant workflow errors', () => {
  it('carry the names Step Functions matches (GRANT_ERRORS)', () => {
    expect(new InvalidGrantRequestError('x').name).toBe(GRANT_ERRORS.invalidRequest);
    expect(new UnsupportedClusterError('arn', '123456789012').name).toBe(GRANT_ERRORS.unsupportedCluster);
    expect(new NotManagedError('Role r', 'tag it').name).toBe(GRANT_ERRORS.notManaged);
    expect(new PolicyCapacityError('Role r', 2, 1, 'less').name).toBe(GRANT_ERRORS.capacity);
  });
});
