import type { PutParameterResult } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import { ssmService } from '../../../../../local/src/services/ssm/index.ts';
import type { SsmState } from '../../../../../local/src/services/ssm/state.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** A cloud whose account already holds the 10,000 standard parameters SSM allows per Region. */
function fullAccount() {
  const cloud = new LocalCloud({ services: [ssmService] });
  const state = cloud.stateOf<SsmState>('ssm', ACCOUNT, REGION);
  for (let i = 0; i < 10_000; i += 1) {
    state.parameters[`/filler/${i}`] = {
      Name: `/filler/${i}`,
      Type: 'String',
      Value: 'x',
      Version: 1,
      LastModifiedDate: '2026-01-01T00:00:00.000Z',
      LastModifiedUser: 'test',
      Tier: 'Standard',
      DataType: 'text',
      Tags: [],
    };
  }
  const call = <T>(operation: string, input: object) =>
    cloud.call<T>('ssm', operation, input, cloud.rootCaller(ACCOUNT, REGION));
  return { call };
}

describe('ssm standard parameter quota', () => {
  it('refuses a new standard parameter past 10,000 with ParameterLimitExceeded', async () => {
    const { call } = fullAccount();
    const error = await call('PutParameter', { Name: '/one-more', Value: 'v', Type: 'String' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('ParameterLimitExceeded');
  });

  it('creates an advanced parameter instead with Intelligent-Tiering', async () => {
    const { call } = fullAccount();
    const put = await call<PutParameterResult>('PutParameter', {
      Name: '/one-more',
      Value: 'v',
      Type: 'String',
      Tier: 'Intelligent-Tiering',
    });
    expect(put.Tier).toBe('Advanced');
  });
});
