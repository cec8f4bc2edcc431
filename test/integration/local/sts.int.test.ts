import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamService } from '../../../local/src/services/iam/index.ts';
import { stsService } from '../../../local/src/services/sts/index.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

const ACCOUNT = '111111111111';
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [iamService, stsService], defaultAccount: ACCOUNT });
});
afterAll(async () => {
  await cloud.close();
});

function trust(principal: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
}

describe('sts over HTTP', () => {
  it('identifies the default caller as the account root', async () => {
    const identity = await cloud.clients().sts().send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:root`,
      UserId: ACCOUNT,
    });
    expect(identity.$metadata.httpStatusCode).toBe(200);
  });

  it('assumes a role; calls signed with the issued key act as the session', async () => {
    await cloud
      .clients()
      .iam()
      .send(new CreateRoleCommand({ RoleName: 'int-sts', AssumeRolePolicyDocument: trust(ACCOUNT) }));
    const assumed = await cloud
      .clients()
      .sts()
      .send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/int-sts`, RoleSessionName: 'int' }),
      );
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    const asRole = cloud.clients({
      credentials: {
        accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
        secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
        sessionToken: assumed.Credentials?.SessionToken ?? '',
      },
    });
    const identity = await asRole.sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/int-sts/int`);
    expect(identity.UserId).toBe(assumed.AssumedRoleUser?.AssumedRoleId);
  });

  it('answers AccessDenied 403 when the trust policy does not name the caller', async () => {
    await cloud
      .clients()
      .iam()
      .send(
        new CreateRoleCommand({ RoleName: 'int-closed', AssumeRolePolicyDocument: trust('999999999999') }),
      );
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/int-closed`;
    const error = await cloud
      .clients()
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'int' }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(STSServiceException);
    expect((error as STSServiceException).name).toBe('AccessDenied');
    expect((error as STSServiceException).$metadata.httpStatusCode).toBe(403);
    expect((error as STSServiceException).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  });
});
