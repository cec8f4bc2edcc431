import type {
  CreateDomainOutput,
  GetEnvironmentOutput,
  ListDomainsOutput,
  ListEnvironmentsOutput,
  ListProjectsOutput,
} from '@aws-sdk/client-datazone';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  CONSUMER_ACCOUNT,
  catalog,
  expectError,
  ID,
  PRODUCER_ACCOUNT,
  REGION,
  ROLE,
  testCloud,
} from './support.ts';

describe('DataZone domains', () => {
  it('creates an AVAILABLE domain with a dzd_ id, ARN and portal URL', async () => {
    const t = testCloud();
    const domain = await t.call<CreateDomainOutput>('CreateDomain', {
      name: 'gov',
      domainExecutionRole: ROLE,
    });
    expect(domain.id).toMatch(/^dzd_[a-z0-9]{14}$/);
    expect(domain).toMatchObject({
      name: 'gov',
      status: 'AVAILABLE',
      arn: `arn:aws:datazone:${REGION}:${ACCOUNT}:domain/${domain.id}`,
      domainExecutionRole: ROLE,
      portalUrl: `https://${domain.id}.datazone.${REGION}.on.aws`,
    });
    expect(domain.rootDomainUnitId).toMatch(ID);
    const got = await t.call('GetDomain', { identifier: domain.id });
    expect(got).toMatchObject({
      id: domain.id,
      name: 'gov',
      status: 'AVAILABLE',
      createdAt: expect.any(Date),
    });
  });

  it('throws ValidationException when the name or execution role is missing or malformed', async () => {
    const t = testCloud();
    await expectError(t.call('CreateDomain', { name: 'gov' }), 'ValidationException', /domainExecutionRole/);
    await expectError(
      t.call('CreateDomain', { name: 'gov', domainExecutionRole: 'not-a-role' }),
      'ValidationException',
      /domainExecutionRole/,
    );
    await expectError(t.call('CreateDomain', { domainExecutionRole: ROLE }), 'ValidationException', /'name'/);
  });

  it('throws ConflictException for a duplicate name and answers a retried client token with the same domain', async () => {
    const t = testCloud();
    const first = await t.call<CreateDomainOutput>('CreateDomain', {
      name: 'gov',
      domainExecutionRole: ROLE,
      clientToken: 'tok-1',
    });
    const retry = await t.call<CreateDomainOutput>('CreateDomain', {
      name: 'gov',
      domainExecutionRole: ROLE,
      clientToken: 'tok-1',
    });
    expect(retry.id).toBe(first.id);
    await expectError(
      t.call('CreateDomain', { name: 'gov', domainExecutionRole: ROLE }),
      'ConflictException',
    );
    await expectError(
      t.call('CreateDomain', { name: 'other', domainExecutionRole: ROLE, clientToken: 'tok-1' }),
      'ConflictException',
      /client token/,
    );
  });

  it('throws ResourceNotFoundException for an unknown domain, and ValidationException for a malformed id', async () => {
    const t = testCloud();
    await expectError(
      t.call('GetDomain', { identifier: 'dzd_missing00000000' }),
      'ResourceNotFoundException',
    );
    await expectError(t.call('GetDomain', { identifier: 'nope' }), 'ValidationException');
  });

  it('keeps domains per account and Region', async () => {
    const t = testCloud();
    const domain = await t.call<CreateDomainOutput>('CreateDomain', {
      name: 'gov',
      domainExecutionRole: ROLE,
    });
    const elsewhere = t.cloud.call(
      'datazone',
      'GetDomain',
      { identifier: domain.id },
      t.cloud.rootCaller(ACCOUNT, 'us-east-1'),
    );
    await expectError(elsewhere, 'ResourceNotFoundException');
  });

  it('lists domains in two pages and rejects a foreign token', async () => {
    const t = testCloud();
    for (const name of ['a', 'b', 'c']) await t.call('CreateDomain', { name, domainExecutionRole: ROLE });
    const first = await t.call<ListDomainsOutput>('ListDomains', { maxResults: 2 });
    expect(first.items?.map((d) => d.name)).toEqual(['a', 'b']);
    expect(first.items?.[0]?.managedAccountId).toBe(ACCOUNT);
    const second = await t.call<ListDomainsOutput>('ListDomains', {
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((d) => d.name)).toEqual(['c']);
    expect(second.nextToken).toBeUndefined();
    await expectError(t.call('ListDomains', { nextToken: 'garbage' }), 'ValidationException');
    await expectError(
      t.call('ListDomains', { status: 'AVAILABLE', nextToken: first.nextToken }),
      'ValidationException',
    );
    await expectError(t.call('ListDomains', { maxResults: 51 }), 'ValidationException', /maxResults/);
  });
});

describe('DataZone projects', () => {
  it('creates, gets and lists projects in pages', async () => {
    const c = await catalog();
    const project = await c.t.call('GetProject', {
      domainIdentifier: c.domainId,
      identifier: c.producerProjectId,
    });
    expect(project).toMatchObject({
      id: c.producerProjectId,
      name: 'producer',
      domainId: c.domainId,
      projectStatus: 'ACTIVE',
    });
    const first = await c.t.call<ListProjectsOutput>('ListProjects', {
      domainIdentifier: c.domainId,
      maxResults: 1,
    });
    expect(first.items?.map((p) => p.name)).toEqual(['producer']);
    const second = await c.t.call<ListProjectsOutput>('ListProjects', {
      domainIdentifier: c.domainId,
      maxResults: 1,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((p) => p.name)).toEqual(['consumer']);
    expect(second.nextToken).toBeUndefined();
    const byName = await c.t.call<ListProjectsOutput>('ListProjects', {
      domainIdentifier: c.domainId,
      name: 'consumer',
    });
    expect(byName.items?.map((p) => p.id)).toEqual([c.consumerProjectId]);
  });

  it('throws ConflictException for a duplicate name and ResourceNotFoundException for unknown ids', async () => {
    const c = await catalog();
    await expectError(
      c.t.call('CreateProject', { domainIdentifier: c.domainId, name: 'producer' }),
      'ConflictException',
    );
    await expectError(
      c.t.call('GetProject', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateProject', { domainIdentifier: 'dzd_abcdefabcdefab', name: 'x' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateProject', { domainIdentifier: c.domainId, name: 'bad/name' }),
      'ValidationException',
      /name/,
    );
  });
});

describe('DataZone environments', () => {
  it('creates an ACTIVE environment in the caller account unless another account is named', async () => {
    const c = await catalog();
    const env = await c.t.call<GetEnvironmentOutput>('CreateEnvironment', {
      domainIdentifier: c.domainId,
      projectIdentifier: c.producerProjectId,
      name: 'producer-env',
      environmentProfileIdentifier: 'profile1',
    });
    expect(env).toMatchObject({
      status: 'ACTIVE',
      awsAccountId: ACCOUNT,
      awsAccountRegion: REGION,
      projectId: c.producerProjectId,
      environmentProfileId: 'profile1',
      provider: 'Amazon DataZone',
    });
    expect(env.id).toMatch(ID);
    const elsewhere = await c.t.call<GetEnvironmentOutput>('CreateEnvironment', {
      domainIdentifier: c.domainId,
      projectIdentifier: c.producerProjectId,
      name: 'producer-env-2',
      environmentAccountIdentifier: PRODUCER_ACCOUNT,
      environmentAccountRegion: 'us-east-1',
    });
    expect(elsewhere).toMatchObject({ awsAccountId: PRODUCER_ACCOUNT, awsAccountRegion: 'us-east-1' });
    const got = await c.t.call<GetEnvironmentOutput>('GetEnvironment', {
      domainIdentifier: c.domainId,
      identifier: env.id,
    });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.updatedAt).toBeInstanceOf(Date);
  });

  it('throws for unknown projects, duplicate names and malformed inputs', async () => {
    const c = await catalog();
    const base = { domainIdentifier: c.domainId, projectIdentifier: c.producerProjectId, name: 'env' };
    await c.t.call('CreateEnvironment', base);
    await expectError(c.t.call('CreateEnvironment', base), 'ConflictException');
    await expectError(
      c.t.call('CreateEnvironment', { ...base, projectIdentifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
    await expectError(
      c.t.call('CreateEnvironment', { ...base, name: 'x', environmentAccountIdentifier: '12' }),
      'ValidationException',
      /environmentAccountIdentifier/,
    );
    await expectError(
      c.t.call('GetEnvironment', { domainIdentifier: c.domainId, identifier: 'abcdefabcdefab' }),
      'ResourceNotFoundException',
    );
  });

  it('seeds environments in other accounts in-process only, with chosen ids and resources', async () => {
    const c = await catalog();
    const caller = c.t.cloud.rootCaller(ACCOUNT, REGION);
    const seed = {
      domainIdentifier: c.domainId,
      projectIdentifier: c.consumerProjectId,
      name: 'consumer-env',
      awsAccountId: CONSUMER_ACCOUNT,
      awsAccountRegion: REGION,
      id: 'consumerenv001',
      provisionedResources: [
        { name: 'userRoleArn', value: `arn:aws:iam::${CONSUMER_ACCOUNT}:role/u`, type: 'IAMRole' },
      ],
    };
    const env = await c.t.cloud.call<GetEnvironmentOutput>('datazone', 'SeedEnvironment', seed, caller);
    expect(env).toMatchObject({ id: 'consumerenv001', awsAccountId: CONSUMER_ACCOUNT, status: 'ACTIVE' });
    const again = await c.t.cloud.call<GetEnvironmentOutput>(
      'datazone',
      'SeedEnvironment',
      { ...seed, description: 'd' },
      caller,
    );
    expect(again).toMatchObject({ id: 'consumerenv001', description: 'd', createdAt: env.createdAt });
    const got = await c.t.call<GetEnvironmentOutput>('GetEnvironment', {
      domainIdentifier: c.domainId,
      identifier: 'consumerenv001',
    });
    expect(got.provisionedResources).toEqual(seed.provisionedResources);
    await expectError(
      c.t.cloud.dispatch('datazone', 'SeedEnvironment', seed, caller, 'r1', { wire: true }),
      'NotImplementedException',
    );
  });

  it('lists a project’s environments with filters, in two pages', async () => {
    const c = await catalog();
    for (const name of ['e1', 'e2', 'e3']) {
      await c.t.call('CreateEnvironment', {
        domainIdentifier: c.domainId,
        projectIdentifier: c.producerProjectId,
        name,
        ...(name === 'e3' ? { environmentAccountIdentifier: PRODUCER_ACCOUNT } : {}),
      });
    }
    const first = await c.t.call<ListEnvironmentsOutput>('ListEnvironments', {
      domainIdentifier: c.domainId,
      projectIdentifier: c.producerProjectId,
      maxResults: 2,
    });
    expect(first.items?.map((e) => e.name)).toEqual(['e1', 'e2']);
    const second = await c.t.call<ListEnvironmentsOutput>('ListEnvironments', {
      domainIdentifier: c.domainId,
      projectIdentifier: c.producerProjectId,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second.items?.map((e) => e.name)).toEqual(['e3']);
    const filtered = await c.t.call<ListEnvironmentsOutput>('ListEnvironments', {
      domainIdentifier: c.domainId,
      projectIdentifier: c.producerProjectId,
      awsAccountId: PRODUCER_ACCOUNT,
    });
    expect(filtered.items?.map((e) => e.name)).toEqual(['e3']);
    await expectError(c.t.call('ListEnvironments', { domainIdentifier: c.domainId }), 'ValidationException');
  });
});
