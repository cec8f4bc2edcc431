import type { ListSchemasResponse } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../../../../local/src/cloud/cloud.ts';
import type { GlueState } from '../../../../../local/src/services/glue/state.ts';
import { ACCOUNT, glueCloud, REGION } from './harness.ts';

type Call = ReturnType<typeof glueCloud>['call'];

/** Every schema ListSchemas answers, page by page, as `registry/schema`. */
async function allSchemas(call: Call, input: { RegistryId?: object; MaxResults?: number } = {}) {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await call<ListSchemasResponse>('ListSchemas', { ...input, NextToken: token });
    names.push(...(page.Schemas ?? []).map((s) => `${s.RegistryName}/${s.SchemaName}`));
    token = page.NextToken;
  } while (token);
  return names;
}

async function schema(call: Call, registry: string, name: string) {
  await call('CreateSchema', {
    RegistryId: { RegistryName: registry },
    SchemaName: name,
    DataFormat: 'JSON',
  });
}

describe('glue schema index', () => {
  it('lists every registry in `registry/schema` order, and one registry by its prefix', async () => {
    // Prepare: `a-b/…` sorts before `a/…` ('-' < '/'), so registries interleave in the order
    const { call } = glueCloud();
    for (const registry of ['a', 'a-b', 'ab']) await call('CreateRegistry', { RegistryName: registry });
    await schema(call, 'a', 's2');
    await schema(call, 'ab', 's0');
    await schema(call, 'a-b', 's9');
    await schema(call, 'a', 's1');

    // Act
    const everything = await allSchemas(call, { MaxResults: 1 });
    const onlyA = await allSchemas(call, { RegistryId: { RegistryName: 'a' }, MaxResults: 1 });

    // Assess
    expect(everything).toEqual(['a-b/s9', 'a/s1', 'a/s2', 'ab/s0']);
    expect(onlyA).toEqual(['a/s1', 'a/s2']);
  });

  it('follows created and deleted schemas and deleted registries between pages', async () => {
    // Prepare
    const { call } = glueCloud();
    for (const registry of ['a', 'b']) await call('CreateRegistry', { RegistryName: registry });
    for (const name of ['s1', 's2', 's3']) await schema(call, 'a', name);
    await schema(call, 'b', 's1');
    const first = await call<ListSchemasResponse>('ListSchemas', { MaxResults: 1 });

    // Act
    await call('DeleteSchema', { SchemaId: { RegistryName: 'a', SchemaName: 's2' } });
    await schema(call, 'a', 's4');
    const middle = await call<ListSchemasResponse>('ListSchemas', {
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    await call('DeleteRegistry', { RegistryId: { RegistryName: 'b' } });
    await call('CreateRegistry', { RegistryName: 'b' });
    await schema(call, 'b', 's0');
    const last = await call<ListSchemasResponse>('ListSchemas', {
      MaxResults: 3,
      NextToken: middle.NextToken,
    });

    // Assess
    expect(first.Schemas?.map((s) => s.SchemaName)).toEqual(['s1']);
    expect(middle.Schemas?.map((s) => `${s.RegistryName}/${s.SchemaName}`)).toEqual(['a/s3', 'a/s4']);
    expect(last.Schemas?.map((s) => `${s.RegistryName}/${s.SchemaName}`)).toEqual(['b/s0']);
    expect(last.NextToken).toBeUndefined();
    expect(await allSchemas(call)).toEqual(['a/s1', 'a/s3', 'a/s4', 'b/s0']);
  });

  it('answers from the loaded state after load(), whether persisted (new objects) or edited in place', async () => {
    // Prepare
    const { cloud, call } = glueCloud();
    await call('CreateRegistry', { RegistryName: 'r' });
    for (const name of ['a', 'b']) await schema(call, 'r', name);
    expect(await allSchemas(call)).toEqual(['r/a', 'r/b']);
    const persisted = JSON.parse(JSON.stringify(cloud.dump())) as CloudState;
    const registry = cloud.stateOf<GlueState>('glue', ACCOUNT, REGION).registries.r;
    if (!registry?.schemas.a) throw new Error('schema r/a not in state');

    // Act
    registry.schemas.c = { ...registry.schemas.a, name: 'c' };
    cloud.load(cloud.dump());
    const reloadedLive = await allSchemas(call);
    cloud.load(persisted);
    const reloadedPersisted = await allSchemas(call, { RegistryId: { RegistryName: 'r' } });
    await schema(call, 'r', 'aa');
    const afterWrite = await allSchemas(call);

    // Assess
    expect(reloadedLive).toEqual(['r/a', 'r/b', 'r/c']);
    expect(reloadedPersisted).toEqual(['r/a', 'r/b']);
    expect(afterWrite).toEqual(['r/a', 'r/aa', 'r/b']);
  });
});
