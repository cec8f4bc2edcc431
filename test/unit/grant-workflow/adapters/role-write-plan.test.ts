import { describe, expect, it } from 'vitest';
import { planRoleWrites } from '../../../../grant-workflow/src/adapters/role-write-plan.ts';
import type { ConsumerPolicies } from '../../../../grant-workflow/src/policy/consumer-policy.ts';
import {
  type PolicyDocument,
  serializePolicy,
} from '../../../../grant-workflow/src/policy/policy-document.ts';

const doc = (...resources: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StreamgovKafkaTopic', Effect: 'Allow', Action: ['kafka-cluster:ReadData'], Resource: resources },
  ],
});
const owned = (name: string, document: PolicyDocument) => ({
  name,
  arn: `arn:aws:iam::720145398216:policy/streamgov/${name}`,
  document: serializePolicy(document),
});
const INLINE = 'streamgov-kafka-access';

describe('planRoleWrites', () => {
  it('returns no step when every document is already the rendered one', () => {
    // Prepare
    const desired: ConsumerPolicies = {
      inlinePolicyName: INLINE,
      inline: doc('a'),
      managed: [{ name: 'p-1', document: doc('b') }],
    };
    // Act
    const steps = planRoleWrites(
      { inlineName: INLINE, inline: JSON.stringify(doc('a'), null, 2), owned: [owned('p-1', doc('b'))] },
      desired,
    );
    // Assess
    expect(steps).toEqual([]);
  });

  it('writes the managed policy that gains a resource before the inline one that loses it', () => {
    // Prepare: resource b moves from the inline policy to a new managed policy; c is new inline.
    const desired: ConsumerPolicies = {
      inlinePolicyName: INLINE,
      inline: doc('a', 'c'),
      managed: [{ name: 'p-1', document: doc('b') }],
    };
    // Act
    const steps = planRoleWrites(
      { inlineName: INLINE, inline: serializePolicy(doc('a', 'b')), owned: [] },
      desired,
    );
    // Assess
    expect(steps.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'put-managed p-1',
      'put-inline streamgov-kafka-access',
    ]);
    expect(steps[0]).toMatchObject({ attached: false });
  });

  it('writes the inline policy that gains before removing the managed policy that held the resource', () => {
    // Prepare: after a revoke everything fits inline again.
    const desired: ConsumerPolicies = { inlinePolicyName: INLINE, inline: doc('a', 'b'), managed: [] };
    // Act
    const steps = planRoleWrites(
      { inlineName: INLINE, inline: serializePolicy(doc('a')), owned: [owned('p-1', doc('b', 'x'))] },
      desired,
    );
    // Assess
    expect(steps.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'put-inline streamgov-kafka-access',
      'remove-managed p-1',
    ]);
  });

  it('orders a shift across managed policies from the last document to the first', () => {
    // Prepare: a new resource at the front pushes one resource from each document into the next.
    const desired: ConsumerPolicies = {
      inlinePolicyName: INLINE,
      inline: doc('a0', 'a1'),
      managed: [
        { name: 'p-1', document: doc('a2', 'b1') },
        { name: 'p-2', document: doc('b2', 'c1') },
      ],
    };
    // Act
    const steps = planRoleWrites(
      {
        inlineName: INLINE,
        inline: serializePolicy(doc('a1', 'a2')),
        owned: [owned('p-1', doc('b1', 'b2')), owned('p-2', doc('c1'))],
      },
      desired,
    );
    // Assess
    expect(steps.map((s) => s.name)).toEqual(['p-2', 'p-1', INLINE]);
    expect(steps.map((s) => (s.kind === 'put-managed' ? s.attached : undefined))).toEqual([
      true,
      true,
      undefined,
    ]);
  });

  it('deletes the inline policy when nothing is left and rewrites one it cannot parse', () => {
    // Act
    const gone = planRoleWrites(
      { inlineName: INLINE, inline: serializePolicy(doc('a')), owned: [] },
      { inlinePolicyName: INLINE, managed: [] },
    );
    const garbled = planRoleWrites(
      { inlineName: INLINE, inline: '{oops', owned: [] },
      { inlinePolicyName: INLINE, inline: doc('a'), managed: [] },
    );
    // Assess
    expect(gone).toEqual([{ kind: 'delete-inline', name: INLINE }]);
    expect(garbled).toEqual([{ kind: 'put-inline', name: INLINE, document: doc('a') }]);
  });
});
