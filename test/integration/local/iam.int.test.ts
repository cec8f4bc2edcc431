import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  EntityAlreadyExistsException,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  LimitExceededException,
  ListRoleTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamService } from '../../../local/src/services/iam/index.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

let cloud: TestCloud;
let iam: IAMClient;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [iamService] });
  iam = cloud.clients().iam();
});
afterAll(async () => {
  await cloud.close();
});

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
});
const doc = (resource: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'kafka:Describe*', Resource: resource }],
  });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('iam over HTTP', () => {
  it('creates and gets a role; a duplicate is EntityAlreadyExists 409', async () => {
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: 'int-role', AssumeRolePolicyDocument: TRUST }),
    );
    expect(created.Role?.Arn).toBe('arn:aws:iam::111111111111:role/int-role');
    expect(created.Role?.CreateDate).toBeInstanceOf(Date);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'int-role' }));
    expect(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? '')).toBe(TRUST);
    const error = await caught(
      iam.send(new CreateRoleCommand({ RoleName: 'int-role', AssumeRolePolicyDocument: TRUST })),
    );
    expect(error).toBeInstanceOf(EntityAlreadyExistsException);
    expect((error as EntityAlreadyExistsException).$metadata.httpStatusCode).toBe(409);
  });

  it('throws NoSuchEntityException 404 for a missing role or inline policy', async () => {
    const error = await caught(iam.send(new GetRoleCommand({ RoleName: 'ghost' })));
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect((error as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
    const policyError = await caught(
      iam.send(new GetRolePolicyCommand({ RoleName: 'int-role', PolicyName: 'none' })),
    );
    expect(policyError).toBeInstanceOf(NoSuchEntityException);
  });

  it('returns GetRolePolicy documents URL-encoded', async () => {
    const document = doc('arn:aws:kafka:eu-west-1:111111111111:cluster/c/*');
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'int-role', PolicyName: 'p', PolicyDocument: document }),
    );
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'int-role', PolicyName: 'p' }));
    expect(got.PolicyDocument).toBe(encodeURIComponent(document));
    expect(decodeURIComponent(got.PolicyDocument ?? '')).toBe(document);
  });

  it('rejects a malformed document with MalformedPolicyDocumentException 400', async () => {
    const error = await caught(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'int-role',
          PolicyName: 'bad',
          PolicyDocument: '{"Statement":',
        }),
      ),
    );
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect((error as MalformedPolicyDocumentException).$metadata.httpStatusCode).toBe(400);
  });

  it('enforces the 10,240 aggregate inline size with LimitExceededException 409', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'int-full', AssumeRolePolicyDocument: TRUST }));
    const chunk = doc(`arn:aws:s3:::${'x'.repeat(3000)}`);
    for (const name of ['a', 'b', 'c']) {
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'int-full', PolicyName: name, PolicyDocument: chunk }),
      );
    }
    const error = await caught(
      iam.send(new PutRolePolicyCommand({ RoleName: 'int-full', PolicyName: 'd', PolicyDocument: chunk })),
    );
    expect(error).toBeInstanceOf(LimitExceededException);
    expect((error as LimitExceededException).message).toBe(
      'Maximum policy size of 10240 bytes exceeded for role int-full',
    );
    expect((error as LimitExceededException).$metadata.httpStatusCode).toBe(409);
  });

  it('pages ListRolePolicies and ListAttachedRolePolicies through the paginators', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'int-many', AssumeRolePolicyDocument: TRUST }));
    for (let i = 0; i < 5; i += 1) {
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'int-many', PolicyName: `p${i}`, PolicyDocument: doc('*') }),
      );
      const policy = await iam.send(
        new CreatePolicyCommand({ PolicyName: `m${i}`, PolicyDocument: doc('*') }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'int-many', PolicyArn: policy.Policy?.Arn }));
    }
    const inline: string[] = [];
    let inlinePages = 0;
    for await (const page of paginateListRolePolicies(
      { client: iam, pageSize: 2 },
      { RoleName: 'int-many' },
    )) {
      inlinePages += 1;
      inline.push(...(page.PolicyNames ?? []));
    }
    expect(inlinePages).toBe(3);
    expect(inline).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    const attached: string[] = [];
    for await (const page of paginateListAttachedRolePolicies(
      { client: iam, pageSize: 2 },
      { RoleName: 'int-many' },
    )) {
      attached.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ''));
    }
    expect(attached).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const conflict = await caught(iam.send(new DeleteRoleCommand({ RoleName: 'int-many' })));
    expect(conflict).toBeInstanceOf(DeleteConflictException);
    expect((conflict as DeleteConflictException).$metadata.httpStatusCode).toBe(409);
  });

  it('reads a managed policy version URL-encoded and lists role tags', async () => {
    const document = doc('*');
    const policy = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'int-managed', Path: '/sg/', PolicyDocument: document }),
    );
    expect(policy.Policy?.Arn).toBe('arn:aws:iam::111111111111:policy/sg/int-managed');
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: policy.Policy?.Arn, VersionId: 'v1' }),
    );
    expect(version.PolicyVersion?.Document).toBe(encodeURIComponent(document));
    await iam.send(new TagRoleCommand({ RoleName: 'int-role', Tags: [{ Key: 'team', Value: 'data' }] }));
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'int-role' }));
    expect(tags).toMatchObject({ Tags: [{ Key: 'team', Value: 'data' }], IsTruncated: false });
  });
});
