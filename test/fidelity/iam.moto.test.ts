/**
 * IAM contract (roles, inline and managed policies), asserted against the local cloud and against moto.
 * Where moto departs from AWS, the local cloud is held to AWS's behaviour and moto to its own observed
 * (moto 5.2.1) behaviour, so that a change in moto shows up as a failure; every such difference is
 * listed in docs/local-cloud-fidelity.md.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetRolePolicyCommand,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  paginateListAttachedRolePolicies,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../common/src/clients.ts';
import { iamService } from '../../local/src/services/iam/index.ts';
import { caught, fidelityTargets } from '../support/fidelity.ts';

const targets = await fidelityTargets('IAM', [iamService]);

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
});

/** An identity policy of about `size` characters (compact JSON). */
function policy(size: number): string {
  const base = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/' }],
  });
  return base.replace('arn:aws:s3:::b/', `arn:aws:s3:::b/${'x'.repeat(Math.max(0, size - base.length))}`);
}

for (const target of targets) {
  describe.skipIf(target.skip)(`IAM contract: ${target.name}`, () => {
    let clients: ClientFactory;
    let close: () => Promise<void>;
    const isLocal = target.name === 'local cloud';

    beforeAll(async () => {
      const started = await target.start();
      clients = started.clients();
      close = started.close;
    });
    afterAll(async () => {
      await close();
    });

    it('creates a role once (EntityAlreadyExists 409) and gets it with an AROA id', async () => {
      const iam = clients.iam();
      const created = await iam.send(
        new CreateRoleCommand({ RoleName: 'fid-role', Path: '/sg/', AssumeRolePolicyDocument: TRUST }),
      );
      expect(created.Role?.Arn).toMatch(/^arn:aws:iam::\d{12}:role\/sg\/fid-role$/);
      expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
      const again = await caught(
        iam.send(new CreateRoleCommand({ RoleName: 'fid-role', AssumeRolePolicyDocument: TRUST })),
      );
      expect(again).toBeInstanceOf(EntityAlreadyExistsException);
      expect((again as EntityAlreadyExistsException).$metadata.httpStatusCode).toBe(409);
      const got = await iam.send(new GetRoleCommand({ RoleName: 'fid-role' }));
      expect(got.Role?.RoleId).toBe(created.Role?.RoleId);
    });

    it('throws NoSuchEntityException 404 for a missing role and a missing inline policy', async () => {
      const iam = clients.iam();
      const role = await caught(iam.send(new GetRoleCommand({ RoleName: 'fid-ghost' })));
      expect(role).toBeInstanceOf(NoSuchEntityException);
      expect((role as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
      const inline = await caught(
        iam.send(new GetRolePolicyCommand({ RoleName: 'fid-role', PolicyName: 'none' })),
      );
      expect(inline).toBeInstanceOf(NoSuchEntityException);
    });

    it('returns GetRolePolicy documents URL-encoded; PutRolePolicy replaces', async () => {
      const iam = clients.iam();
      const first = policy(200);
      const second = JSON.stringify(JSON.parse(policy(300)), null, 2);
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'fid-role', PolicyName: 'p', PolicyDocument: first }),
      );
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'fid-role', PolicyName: 'p', PolicyDocument: second }),
      );
      const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'fid-role', PolicyName: 'p' }));
      expect(got.PolicyDocument).not.toContain('{');
      expect(decodeURIComponent(got.PolicyDocument ?? '')).toBe(second);
      // The exact encoding: AWS documents RFC 3986 URL encoding (IAM API reference, GetRolePolicy). moto
      // departs from AWS: it uses Python's quote(), which leaves '/' unencoded.
      if (isLocal) {
        expect(got.PolicyDocument).toBe(encodeURIComponent(second));
      } else {
        expect(got.PolicyDocument, "moto departs from AWS: quote() leaves '/' unencoded").toBe(
          encodeURIComponent(second).replaceAll('%2F', '/'),
        );
      }
    });

    it('rejects a document that is not JSON with MalformedPolicyDocumentException 400', async () => {
      const iam = clients.iam();
      const error = await caught(
        iam.send(
          new PutRolePolicyCommand({
            RoleName: 'fid-role',
            PolicyName: 'bad',
            PolicyDocument: '{"Version":',
          }),
        ),
      );
      expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
      expect((error as MalformedPolicyDocumentException).$metadata.httpStatusCode).toBe(400);
    });

    it('refuses DeleteRole while an inline policy remains (DeleteConflictException 409)', async () => {
      const iam = clients.iam();
      const error = await caught(iam.send(new DeleteRoleCommand({ RoleName: 'fid-role' })));
      expect(error).toBeInstanceOf(DeleteConflictException);
      expect((error as DeleteConflictException).$metadata.httpStatusCode).toBe(409);
    });

    it('pages ListAttachedRolePolicies with MaxItems/Marker (>= 2 pages)', async () => {
      const iam = clients.iam();
      await iam.send(new CreateRoleCommand({ RoleName: 'fid-attached', AssumeRolePolicyDocument: TRUST }));
      const arns: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const created = await iam.send(
          new CreatePolicyCommand({ PolicyName: `fid-m${i}`, PolicyDocument: policy(150) }),
        );
        arns.push(created.Policy?.Arn ?? '');
        await iam.send(
          new AttachRolePolicyCommand({ RoleName: 'fid-attached', PolicyArn: created.Policy?.Arn }),
        );
      }
      expect(arns[0]).toMatch(/^arn:aws:iam::\d{12}:policy\/fid-m0$/);
      let pages = 0;
      const seen: string[] = [];
      for await (const page of paginateListAttachedRolePolicies(
        { client: iam, pageSize: 2 },
        { RoleName: 'fid-attached' },
      )) {
        pages += 1;
        seen.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ''));
      }
      expect(pages).toBe(2);
      expect(seen.sort()).toEqual(arns.sort());
    });

    // AWS: "Role policy size: the aggregate size of all inline policies for a role cannot exceed 10,240
    // characters; IAM does not count white space" (IAM user guide, IAM and AWS STS quotas).
    async function fillQuotaRole(): Promise<void> {
      const iam = clients.iam();
      await iam.send(new CreateRoleCommand({ RoleName: 'fid-quota', AssumeRolePolicyDocument: TRUST }));
      const spaced = JSON.stringify(JSON.parse(policy(3400)), null, 8);
      for (const name of ['a', 'b', 'c']) {
        await iam.send(
          new PutRolePolicyCommand({ RoleName: 'fid-quota', PolicyName: name, PolicyDocument: spaced }),
        );
      }
    }
    const putOverQuota = () =>
      clients
        .iam()
        .send(
          new PutRolePolicyCommand({ RoleName: 'fid-quota', PolicyName: 'd', PolicyDocument: policy(200) }),
        );
    if (isLocal) {
      it('enforces the 10,240-character aggregate inline quota per role (LimitExceeded 409)', async () => {
        await fillQuotaRole();
        const error = await caught(putOverQuota());
        expect(error).toBeInstanceOf(LimitExceededException);
        expect((error as LimitExceededException).$metadata.httpStatusCode).toBe(409);
        expect((error as LimitExceededException).message).toBe(
          'Maximum policy size of 10240 bytes exceeded for role fid-quota',
        );
      });
    } else {
      it('moto departs from AWS: accepts inline policies beyond the 10,240-character aggregate quota per role where AWS answers LimitExceeded 409', async () => {
        await fillQuotaRole();
        const put = await putOverQuota();
        expect(put.$metadata.httpStatusCode).toBe(200);
        const listed = await clients.iam().send(new ListRolePoliciesCommand({ RoleName: 'fid-quota' }));
        expect(listed).toMatchObject({ PolicyNames: ['a', 'b', 'c', 'd'], IsTruncated: false });
      });
    }

    // AWS: "Managed policies attached to an IAM role: 10" by default (IAM user guide, IAM and AWS STS quotas).
    /** Creates 11 managed policies and attaches the first 10 to the role fid-ten; returns their ARNs. */
    async function attachTen(): Promise<string[]> {
      const iam = clients.iam();
      await iam.send(new CreateRoleCommand({ RoleName: 'fid-ten', AssumeRolePolicyDocument: TRUST }));
      const arns: string[] = [];
      for (let i = 0; i < 11; i += 1) {
        const created = await iam.send(
          new CreatePolicyCommand({ PolicyName: `fid-ten-${i}`, PolicyDocument: policy(150) }),
        );
        arns.push(created.Policy?.Arn ?? '');
        if (i < 10) {
          await iam.send(
            new AttachRolePolicyCommand({ RoleName: 'fid-ten', PolicyArn: created.Policy?.Arn }),
          );
        }
      }
      return arns;
    }
    const attachEleventh = (arns: string[]) =>
      clients.iam().send(new AttachRolePolicyCommand({ RoleName: 'fid-ten', PolicyArn: arns[10] }));
    if (isLocal) {
      it('attaches at most 10 managed policies per role (LimitExceeded 409)', async () => {
        const error = await caught(attachEleventh(await attachTen()));
        expect(error).toBeInstanceOf(LimitExceededException);
        expect((error as LimitExceededException).$metadata.httpStatusCode).toBe(409);
      });
    } else {
      it('moto departs from AWS: attaches an 11th managed policy to a role where AWS answers LimitExceeded 409', async () => {
        const arns = await attachTen();
        const attached = await attachEleventh(arns);
        expect(attached.$metadata.httpStatusCode).toBe(200);
        const listed = await clients.iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'fid-ten' }));
        expect(listed.IsTruncated).toBe(false);
        expect((listed.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '').sort()).toEqual(arns.sort());
      });
    }

    // AWS: ListRolePolicies honours MaxItems and returns IsTruncated/Marker (IAM API reference,
    // ListRolePolicies).
    async function putThreeInline(): Promise<void> {
      const iam = clients.iam();
      for (const name of ['q1', 'q2', 'q3']) {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: 'fid-attached',
            PolicyName: name,
            PolicyDocument: policy(150),
          }),
        );
      }
    }
    if (isLocal) {
      it('pages ListRolePolicies with MaxItems/Marker', async () => {
        await putThreeInline();
        const iam = clients.iam();
        const first = await iam.send(new ListRolePoliciesCommand({ RoleName: 'fid-attached', MaxItems: 2 }));
        expect(first).toMatchObject({ PolicyNames: ['q1', 'q2'], IsTruncated: true });
        const second = await iam.send(
          new ListRolePoliciesCommand({ RoleName: 'fid-attached', MaxItems: 2, Marker: first.Marker }),
        );
        expect(second).toMatchObject({ PolicyNames: ['q3'], IsTruncated: false });
      });
    } else {
      it('moto departs from AWS: ignores MaxItems in ListRolePolicies and returns every name untruncated where AWS pages with IsTruncated/Marker', async () => {
        await putThreeInline();
        const first = await clients
          .iam()
          .send(new ListRolePoliciesCommand({ RoleName: 'fid-attached', MaxItems: 2 }));
        expect(first).toMatchObject({ PolicyNames: ['q1', 'q2', 'q3'], IsTruncated: false });
        expect(first.Marker).toBeUndefined();
      });
    }
  });
}
