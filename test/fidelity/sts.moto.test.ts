/**
 * STS contract (AssumeRole + GetCallerIdentity), asserted against the local cloud and against moto.
 * Where moto departs from AWS, the local cloud is held to AWS's behaviour and moto to its own observed
 * (moto 5.2.1) behaviour, so that a change in moto shows up as a failure; every such difference is
 * listed in docs/local-cloud-fidelity.md.
 */
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory, Credentials } from '../../common/src/clients.ts';
import { iamService } from '../../local/src/services/iam/index.ts';
import { stsService } from '../../local/src/services/sts/index.ts';
import { fidelityTargets } from '../support/fidelity.ts';

const targets = await fidelityTargets('STS', [iamService, stsService]);

function trust(principal: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
}

for (const target of targets) {
  describe.skipIf(target.skip)(`STS contract: ${target.name}`, () => {
    let clients: (credentials?: Credentials) => ClientFactory;
    let close: () => Promise<void>;
    let account: string;
    const isLocal = target.name === 'local cloud';

    beforeAll(async () => {
      ({ clients, close } = await target.start());
      const identity = await clients().sts().send(new GetCallerIdentityCommand({}));
      account = identity.Account ?? '';
    });
    afterAll(async () => {
      await close();
    });

    it('identifies the caller with a 12-digit account and an ARN in it', async () => {
      const identity = await clients().sts().send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toMatch(/^\d{12}$/);
      expect(identity.Arn).toContain(`::${identity.Account}:`);
      expect(identity.UserId).toBeTruthy();
      // AWS answers with whoever owns the key (API reference, GetCallerIdentity); the local cloud's ordinary
      // keys are the account root. moto departs from AWS: any key is its built-in user "moto", with an ARN
      // in the sts namespace (IAM users are arn:aws:iam::<acct>:user/<name>) and a fixed UserId.
      if (isLocal) {
        expect(identity).toMatchObject({ Arn: `arn:aws:iam::${account}:root`, UserId: account });
      } else {
        expect(identity, 'moto departs from AWS: built-in caller').toMatchObject({
          Arn: `arn:aws:sts::${account}:user/moto`,
          UserId: 'AKIAIOSFODNN7EXAMPLE',
        });
      }
    });

    it('assumes a role and then acts as its assumed-role session', async () => {
      await clients()
        .iam()
        .send(new CreateRoleCommand({ RoleName: 'fid-sts', AssumeRolePolicyDocument: trust(account) }));
      const roleArn = `arn:aws:iam::${account}:role/fid-sts`;
      const assumed = await clients()
        .sts()
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fidelity', DurationSeconds: 900 }));
      expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
      expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
      const sessionArn = `arn:aws:sts::${account}:assumed-role/fid-sts/fidelity`;
      expect(assumed.AssumedRoleUser?.Arn).toBe(sessionArn);
      expect(assumed.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]+:fidelity$/);
      const asRole = clients({
        accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
        secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
        sessionToken: assumed.Credentials?.SessionToken ?? '',
      });
      const identity = await asRole.sts().send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({ Account: account, Arn: sessionArn });
    });

    // AWS validates RoleSessionName against the model (2-64 characters of [\w+=,.@-]; STS API reference,
    // AssumeRole) and answers ValidationError.
    const assumeWithShortName = () =>
      clients()
        .sts()
        .send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/fid-sts`, RoleSessionName: 'x' }),
        );
    if (isLocal) {
      it('validates RoleSessionName (2-64 of [\\w+=,.@-]) with ValidationError', async () => {
        const error = await assumeWithShortName().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(STSServiceException);
        expect((error as STSServiceException).name).toBe('ValidationError');
      });
    } else {
      it('moto departs from AWS: accepts a 1-character RoleSessionName where AWS answers ValidationError', async () => {
        const assumed = await assumeWithShortName();
        expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/fid-sts/x`);
        expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
      });
    }

    // AWS evaluates the role's trust policy and answers AccessDenied (403) when it does not name the
    // caller, also when the role does not exist (IAM user guide, "Granting a user permissions to switch
    // roles"; STS API reference, AssumeRole).
    const untrustedRoles = ['fid-closed', 'fid-missing'];
    async function createClosedRole(): Promise<void> {
      await clients()
        .iam()
        .send(
          new CreateRoleCommand({
            RoleName: 'fid-closed',
            AssumeRolePolicyDocument: trust('999999999999'),
          }),
        );
    }
    const assumeUntrusted = (name: string) =>
      clients()
        .sts()
        .send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${account}:role/${name}`,
            RoleSessionName: 'denied',
          }),
        );
    if (isLocal) {
      it('denies AssumeRole with AccessDenied 403 when the trust policy does not allow the caller', async () => {
        await createClosedRole();
        for (const name of untrustedRoles) {
          const roleArn = `arn:aws:iam::${account}:role/${name}`;
          const error = await assumeUntrusted(name).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(STSServiceException);
          expect((error as STSServiceException).name).toBe('AccessDenied');
          expect((error as STSServiceException).$metadata.httpStatusCode).toBe(403);
          expect((error as STSServiceException).message).toBe(
            `User: arn:aws:iam::${account}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          );
        }
      });
    } else {
      it('moto departs from AWS: assumes a role whose trust policy does not allow the caller, and a missing role, where AWS answers AccessDenied 403', async () => {
        await createClosedRole();
        for (const name of untrustedRoles) {
          const assumed = await assumeUntrusted(name);
          expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/${name}/denied`);
          expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
        }
      });
    }
  });
}
