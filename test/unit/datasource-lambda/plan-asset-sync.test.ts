import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { DeleteGuardError } from '../../../datasource-lambda/src/errors.ts';
import {
  type AssetSyncPlan,
  type DesiredAsset,
  deleteGuardError,
  indexKey,
  type PlanInput,
  planAssetSync,
  scopeOfKey,
  topicOfKey,
} from '../../../datasource-lambda/src/plan-asset-sync.ts';
import type { AssetDraft, IndexEntry } from '../../../datasource-lambda/src/ports.ts';

const A = '111111111111/eu-west-1/a/u-1';
const B = '111111111111/eu-west-1/b/u-2';

const draft = (name: string): AssetDraft => ({
  name,
  description: '',
  typeIdentifier: 'MskTopicAssetType',
  externalIdentifier: `arn:${name}`,
  formsInput: [],
});
const want = (key: string, fingerprint: string): DesiredAsset => ({
  key,
  topic: topicOfKey(key),
  fingerprint,
  draft: draft(topicOfKey(key)),
});
const entry = (key: string, fingerprint: string, assetId = `id-${topicOfKey(key)}`): IndexEntry => ({
  key,
  assetId,
  fingerprint,
});

function plan(overrides: Partial<PlanInput>): AssetSyncPlan {
  return planAssetSync({
    desired: [],
    index: [],
    completeScopes: new Set([A, B]),
    maxDeleteShare: 1,
    force: false,
    ...overrides,
  });
}

const kinds = (p: AssetSyncPlan) => p.actions.map((a) => `${a.kind} ${topicOfKey(a.key)}`);

describe('planAssetSync', () => {
  it.each([
    {
      name: 'creates what the index does not hold',
      desired: [want(`${A}/t1`, 'f1')],
      index: [],
      expected: ['create t1'],
    },
    {
      name: 'revises what changed, exactly once',
      desired: [want(`${A}/t1`, 'f2')],
      index: [entry(`${A}/t1`, 'f1')],
      expected: ['update t1'],
    },
    {
      name: 'leaves alone what did not change',
      desired: [want(`${A}/t1`, 'f1')],
      index: [entry(`${A}/t1`, 'f1')],
      expected: ['unchanged t1'],
    },
    {
      name: 'deletes what is gone',
      desired: [want(`${A}/t1`, 'f1')],
      index: [entry(`${A}/t1`, 'f1'), entry(`${A}/t2`, 'f2')],
      expected: ['unchanged t1', 'delete t2'],
    },
    {
      name: 'orders creates, updates, unchanged, deletes',
      desired: [want(`${A}/t3`, 'x'), want(`${A}/t2`, 'new'), want(`${A}/t1`, 'same')],
      index: [entry(`${A}/t1`, 'same'), entry(`${A}/t2`, 'old'), entry(`${A}/t0`, 'gone')],
      expected: ['create t3', 'update t2', 'unchanged t1', 'delete t0'],
    },
  ])('$name', ({ desired, index, expected }) => {
    expect(kinds(plan({ desired, index }))).toEqual(expected);
  });

  it('keeps the entries of a scope whose listing was not complete', () => {
    // Act
    const result = plan({
      desired: [want(`${A}/t1`, 'f')],
      index: [entry(`${A}/t1`, 'f'), entry(`${B}/t9`, 'f')],
      completeScopes: new Set([A]),
    });

    // Assess
    expect(kinds(result)).toEqual(['unchanged t1']);
    expect(result.heldBack).toEqual([`${B}/t9`]);
  });

  it('neither writes nor deletes a protected key', () => {
    const result = plan({
      desired: [want(`${A}/t1`, 'new')],
      index: [entry(`${A}/t1`, 'old'), entry(`${A}/t2`, 'f')],
      protectedKeys: new Set([`${A}/t1`, `${A}/t2`]),
    });
    expect(result.actions).toEqual([]);
  });

  it('plans only the keys of a scoped run', () => {
    const result = plan({
      desired: [want(`${A}/t1`, 'new'), want(`${A}/t2`, 'new')],
      index: [entry(`${A}/t1`, 'old'), entry(`${A}/t2`, 'old'), entry(`${A}/t3`, 'f'), entry(`${A}/t4`, 'f')],
      onlyKeys: new Set([`${A}/t1`, `${A}/t3`]),
    });
    expect(kinds(result)).toEqual(['update t1', 'delete t3']);
  });

  it('refuses every delete when deletes exceed maxDeleteShare, and reports why', () => {
    // Act
    const result = plan({
      desired: [want(`${A}/t1`, 'f')],
      index: [entry(`${A}/t1`, 'f'), entry(`${A}/t2`, 'f'), entry(`${A}/t3`, 'f')],
      maxDeleteShare: 0.5,
    });

    // Assess
    expect(kinds(result)).toEqual(['unchanged t1']);
    expect(result.deleteGuard).toMatchObject({ refused: true, forced: false, deletes: 2, indexed: 3 });
    expect(result.deleteGuard?.reason).toMatch(/2 of 3 indexed assets/);
  });

  it('deletes anyway with force, and says the guard was overridden', () => {
    const result = plan({
      desired: [want(`${A}/t1`, 'f')],
      index: [entry(`${A}/t1`, 'f'), entry(`${A}/t2`, 'f'), entry(`${A}/t3`, 'f')],
      maxDeleteShare: 0.5,
      force: true,
    });
    expect(kinds(result)).toEqual(['unchanged t1', 'delete t2', 'delete t3']);
    expect(result.deleteGuard).toMatchObject({ refused: false, forced: true });
  });

  it('allows deletes up to exactly maxDeleteShare', () => {
    const result = plan({
      desired: [want(`${A}/t1`, 'f'), want(`${A}/t2`, 'f')],
      index: [entry(`${A}/t1`, 'f'), entry(`${A}/t2`, 'f'), entry(`${A}/t3`, 'f'), entry(`${A}/t4`, 'f')],
      maxDeleteShare: 0.5,
    });
    expect(result.deleteGuard).toBeUndefined();
    expect(kinds(result)).toContain('delete t4');
  });

  it('refuses deletes when a complete listing yielded no topic for a cluster the index holds', () => {
    const result = plan({
      desired: [want(`${A}/t1`, 'f'), want(`${A}/t2`, 'f'), want(`${A}/t3`, 'f'), want(`${A}/t4`, 'f')],
      index: [
        entry(`${A}/t1`, 'f'),
        entry(`${A}/t2`, 'f'),
        entry(`${A}/t3`, 'f'),
        entry(`${A}/t4`, 'f'),
        entry(`${B}/x`, 'f'),
      ],
      maxDeleteShare: 0.5,
    });
    expect(result.deleteGuard).toMatchObject({ refused: true, emptyScopes: [B] });
    expect(result.actions.filter((a) => a.kind === 'delete')).toEqual([]);
  });

  it('marks unchanged entries whose schema stamps moved for an index-only rewrite', () => {
    const stamps = { value: { updatedTime: 't2', digest: 'd' } };
    const result = plan({
      desired: [{ ...want(`${A}/t1`, 'f'), schemaStamps: stamps }],
      index: [{ ...entry(`${A}/t1`, 'f'), schemaStamps: { value: { updatedTime: 't1', digest: 'd' } } }],
    });
    expect(result.actions).toEqual([
      expect.objectContaining({ kind: 'unchanged', restamp: true, schemaStamps: stamps }),
    ]);
  });

  it('accepts an unchanged asset without draft', () => {
    const { draft: _, ...noDraft } = want(`${A}/t1`, 'f');
    expect(kinds(plan({ desired: [noDraft], index: [entry(`${A}/t1`, 'f')] }))).toEqual(['unchanged t1']);
  });

  it('throws InvalidInputError when a changed asset has no draft or a key appears twice', () => {
    const { draft: _, ...noDraft } = want(`${A}/t1`, 'new');
    expect(() => plan({ desired: [noDraft], index: [entry(`${A}/t1`, 'old')] })).toThrow(InvalidInputError);
    expect(() => plan({ desired: [want(`${A}/t1`, 'a'), want(`${A}/t1`, 'b')] })).toThrow(InvalidInputError);
  });

  it('describes a refused guard as a DeleteGuardError', () => {
    const result = plan({
      desired: [],
      index: [entry(`${A}/t1`, 'f')],
      maxDeleteShare: 0,
    });
    const error = deleteGuardError(result.deleteGuard ?? expect.fail('no guard'));
    expect(error).toBeInstanceOf(DeleteGuardError);
    expect(error.message).toMatch(/Refused to delete 1 of 1 assets.*force/);
  });
});

describe('index keys', () => {
  it('namespaces topics by account, region, cluster and uuid', () => {
    const key = indexKey({ account: '1', region: 'r', clusterName: 'c', clusterUuid: 'u' }, 'orders');
    expect(key).toBe('1/r/c/u/orders');
    expect(scopeOfKey(key)).toBe('1/r/c/u');
    expect(topicOfKey(key)).toBe('orders');
    expect(scopeOfKey('plain')).toBe('');
  });
});

/** Applies a plan to an index the way the use case does (ids for creates). */
function apply(index: readonly IndexEntry[], result: AssetSyncPlan): IndexEntry[] {
  const map = new Map(index.map((e) => [e.key, e]));
  for (const action of result.actions) {
    if (action.kind === 'create')
      map.set(action.key, entry(action.key, action.fingerprint, `new-${action.key}`));
    if (action.kind === 'update') map.set(action.key, entry(action.key, action.fingerprint, action.assetId));
    if (action.kind === 'delete') map.delete(action.key);
  }
  return [...map.values()];
}

const keyArb = fc
  .tuple(fc.constantFrom(A, B), fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6'))
  .map(([s, t]) => `${s}/${t}`);
const fpArb = fc.constantFrom('f1', 'f2', 'f3');
const worldArb = fc.record({
  desired: fc
    .uniqueArray(fc.tuple(keyArb, fpArb), { selector: ([k]) => k })
    .map((xs) => xs.map(([k, f]) => want(k, f))),
  index: fc
    .uniqueArray(fc.tuple(keyArb, fpArb), { selector: ([k]) => k })
    .map((xs) => xs.map(([k, f]) => entry(k, f))),
  complete: fc.subarray([A, B]),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  force: fc.boolean(),
});

describe('planAssetSync properties', () => {
  it('converges: re-planning after applying a forced plan of complete listings has nothing to do', () => {
    fc.assert(
      fc.property(worldArb, ({ desired, index }) => {
        const input = { desired, index, completeScopes: new Set([A, B]), maxDeleteShare: 1, force: true };
        const next = apply(index, planAssetSync(input));
        const again = planAssetSync({ ...input, index: next });
        return again.actions.every((a) => a.kind === 'unchanged') && again.actions.length === desired.length;
      }),
    );
  });

  it('never creates and deletes the same key, and plans each key at most once', () => {
    fc.assert(
      fc.property(worldArb, ({ desired, index, complete, share, force }) => {
        const result = planAssetSync({
          desired,
          index,
          completeScopes: new Set(complete),
          maxDeleteShare: share,
          force,
        });
        const keys = result.actions.map((a) => a.key);
        return new Set(keys).size === keys.length;
      }),
    );
  });

  it('never deletes outside complete scopes, nor beyond the share unless forced', () => {
    fc.assert(
      fc.property(worldArb, ({ desired, index, complete, share, force }) => {
        const result = planAssetSync({
          desired,
          index,
          completeScopes: new Set(complete),
          maxDeleteShare: share,
          force,
        });
        const deletes = result.actions.filter((a) => a.kind === 'delete');
        const inScope = deletes.every((d) => complete.includes(scopeOfKey(d.key)));
        const withinShare = force || deletes.length === 0 || deletes.length / index.length <= share;
        const desiredKeys = new Set(desired.map((d) => d.key));
        return inScope && withinShare && deletes.every((d) => !desiredKeys.has(d.key));
      }),
    );
  });

  it('writes at most one revision per changed asset and none for unchanged ones', () => {
    fc.assert(
      fc.property(worldArb, ({ desired, index }) => {
        const result = planAssetSync({
          desired,
          index,
          completeScopes: new Set([A, B]),
          maxDeleteShare: 1,
          force: false,
        });
        const byKey = new Map(index.map((e) => [e.key, e.fingerprint]));
        return result.actions.every((a) =>
          a.kind === 'update'
            ? byKey.get(a.key) !== a.fingerprint
            : a.kind === 'unchanged'
              ? byKey.get(a.key) === a.fingerprint
              : true,
        );
      }),
    );
  });
});
