import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { iamService } from '../../../../../local/src/services/iam/index.ts';

export const ACCOUNT = '123456789012';

export const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
  ],
});

/** An identity policy whose compact JSON is exactly `size` characters long. */
export function policyOfSize(size: number): string {
  const base = (filler: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${filler}` }],
    });
  return base('x'.repeat(size - base('').length));
}

/** A LocalCloud with IAM and a `call` helper acting as the account root. */
export function setupIam() {
  const cloud = new LocalCloud({ services: [iamService], now: () => new Date('2026-01-02T03:04:05.000Z') });
  const caller = cloud.rootCaller(ACCOUNT, 'eu-west-1');
  const call = <T>(operation: string, input: object) => cloud.call<T>('iam', operation, input, caller);
  return { cloud, call };
}
