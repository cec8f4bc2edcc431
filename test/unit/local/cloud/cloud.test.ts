import { describe, expect, it } from 'vitest';
import { LocalCloud } from '../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../local/src/cloud/errors.ts';
import { FaultModel } from '../../../../local/src/cloud/faults.ts';
import type { ServiceDefinition } from '../../../../local/src/cloud/types.ts';

const counter: ServiceDefinition<{ n: number }> = {
  signingName: 'ssm',
  initialState: () => ({ n: 0 }),
  validationError: (m) => new AwsError('ValidationException', m),
  operations: { Bump: (_input, { state }) => ({ n: ++state.n }) },
  internal: { Peek: (_input, { state }) => ({ n: state.n }) },
};
const globalService: ServiceDefinition<{ n: number }> = { ...counter, signingName: 'iam', scope: 'global' };

describe('LocalCloud', () => {
  it('keeps regional state per account and region, global state per account', async () => {
    const cloud = new LocalCloud({ services: [counter, globalService] });
    await cloud.call('ssm', 'Bump', {}, cloud.rootCaller('111111111111', 'eu-west-1'));
    await cloud.call('ssm', 'Bump', {}, cloud.rootCaller('111111111111', 'us-east-1'));
    await cloud.call('iam', 'Bump', {}, cloud.rootCaller('111111111111', 'eu-west-1'));
    await cloud.call('iam', 'Bump', {}, cloud.rootCaller('111111111111', 'us-east-1'));
    expect(cloud.dump().services).toEqual({
      ssm: { '111111111111/eu-west-1': { n: 1 }, '111111111111/us-east-1': { n: 1 } },
      iam: { '111111111111': { n: 2 } },
    });
  });

  it('identifies issued keys as their account and any other key as the default account', () => {
    const cloud = new LocalCloud({ services: [counter], defaultAccount: '999999999999' });
    cloud.issueKey('ASIAKEY', {
      account: '222222222222',
      principalArn: 'arn:aws:sts::222222222222:assumed-role/r/s',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(cloud.identify('ASIAKEY', 'eu-west-1')).toMatchObject({
      account: '222222222222',
      principalArn: 'arn:aws:sts::222222222222:assumed-role/r/s',
    });
    expect(cloud.identify('AKIDOTHER', 'eu-west-1')).toMatchObject({
      account: '999999999999',
      principalArn: 'arn:aws:iam::999999999999:root',
    });
  });

  it('reaches internal operations in-process only', async () => {
    const cloud = new LocalCloud({ services: [counter] });
    const caller = cloud.rootCaller('111111111111', 'eu-west-1');
    await expect(cloud.call('ssm', 'Peek', {}, caller)).resolves.toEqual({ n: 0 });
    await expect(cloud.dispatch('ssm', 'Peek', {}, caller, 'r1', { wire: true })).rejects.toThrow(
      'ssm:Peek is not implemented',
    );
  });

  it('counts and faults wire calls only', async () => {
    const faults = new FaultModel(
      () => 0,
      () => 0,
    );
    const cloud = new LocalCloud({ services: [counter], faults });
    const caller = cloud.rootCaller('111111111111', 'eu-west-1');
    faults.configure({ errors: { 'ssm:*': { rate: 0.5, code: 'ThrottlingException' } } });
    await expect(cloud.dispatch('ssm', 'Bump', {}, caller, 'r1', { wire: true })).rejects.toMatchObject({
      code: 'ThrottlingException',
    });
    await expect(cloud.call('ssm', 'Bump', {}, caller)).resolves.toEqual({ n: 1 });
    expect(cloud.callCounts()).toEqual({ 'ssm:Bump': 1 });
  });

  it('settles tracked work and keeps failures of asynchronous work', async () => {
    const cloud = new LocalCloud({ services: [counter] });
    let done = false;
    cloud.track(
      new Promise((resolve) =>
        setTimeout(() => {
          done = true;
          resolve(undefined);
        }, 10),
      ),
    );
    cloud.track(Promise.reject(new Error('delivery failed')));
    await cloud.settle();
    expect(done).toBe(true);
    expect(cloud.failures().map((f) => (f.error as Error).message)).toEqual(['delivery failed']);
  });
});

describe('FaultModel quotas', () => {
  it('refills a token bucket at the configured rate', () => {
    let now = 0;
    const faults = new FaultModel(
      () => now,
      () => 1,
    );
    faults.configure({ quotas: { 'datazone:CreateAsset': 2 } });
    faults.admit('datazone', 'CreateAsset');
    faults.admit('datazone', 'CreateAsset');
    expect(() => faults.admit('datazone', 'CreateAsset')).toThrow('Rate exceeded');
    now = 500;
    faults.admit('datazone', 'CreateAsset');
    expect(() => faults.admit('datazone', 'CreateAsset')).toThrow(AwsError);
  });

  it("uses the AWS default rates and each service's throttling error", () => {
    const faults = new FaultModel(
      () => 0,
      () => 1,
    );
    faults.configure({ quotas: 'aws-defaults' });
    for (let i = 0; i < 3; i += 1) faults.admit('datazone', 'CreateSubscriptionGrant');
    let error: unknown;
    try {
      faults.admit('datazone', 'CreateSubscriptionGrant');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ThrottlingException', status: 429 });
    faults.admit('datazone', 'GetAsset');
  });
});
