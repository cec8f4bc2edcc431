import { SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import { ledgerSegment, SsmGrantLedger } from '../../../../grant-workflow/src/adapters/ssm-grant-ledger.ts';

const ledger = (prefix = '/streamgov/grants') =>
  new SsmGrantLedger({ client: new SSMClient({ region: 'eu-west-1' }), prefix, log: new MemoryLog() });

describe('SsmGrantLedger names', () => {
  it('names one parameter per target, grant and asset', () => {
    expect(ledger().parameterName('role', 'analytics-reader', 'grt1', 'ast1')).toBe(
      '/streamgov/grants/role/analytics-reader/grt1.ast1',
    );
    expect(ledger().parameterName('cluster', 'orders.0f3a-1', 'g', 'a')).toBe(
      '/streamgov/grants/cluster/orders.2E0f3a-1/g.a',
    );
  });

  it('escapes characters SSM refuses so that different role names never share a folder', () => {
    expect(ledgerSegment('a+b')).toBe('a.2Bb');
    expect(ledgerSegment('a=b')).toBe('a.3Db');
    expect(ledgerSegment('a.2Bb')).toBe('a.2E2Bb');
    expect(ledgerSegment('x@y,z')).toBe('x.40y.2Cz');
  });

  it.each([
    ['a target key with a slash', () => ledger().parameterName('role', 'a/b', 'g', 'a')],
    ['a grant id with a dot', () => ledger().parameterName('role', 'r', 'g.1', 'a')],
    ['an unknown target kind', () => ledger().parameterName('user' as 'role', 'r', 'g', 'a')],
    ['a prefix without a leading slash', () => ledger('streamgov')],
    ['a prefix starting with ssm', () => ledger('/ssm/grants')],
    ['a prefix with a trailing slash', () => ledger('/streamgov/')],
  ])('throws InvalidInputError for %s', (_, act) => {
    expect(act).toThrow(InvalidInputError);
  });
});
