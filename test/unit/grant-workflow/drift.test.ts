import { describe, expect, it } from 'vitest';
import {
  type DriftInput,
  findDrift,
  hasRepairableDrift,
  type TargetObservation,
} from '../../../grant-workflow/src/drift.ts';
import type { TopicGrant } from '../../../grant-workflow/src/grants.ts';
import { renderClusterPolicy } from '../../../grant-workflow/src/policy/cluster-policy.ts';
import { renderConsumerPolicies } from '../../../grant-workflow/src/policy/consumer-policy.ts';
import type { PolicyDocument } from '../../../grant-workflow/src/policy/policy-document.ts';

const CLUSTER = 'arn:aws:kafka:eu-west-1:222222222222:cluster/orders/abc-1';
const ROLE = 'arn:aws:iam::333333333333:role/streamgov/reader';
const topic = (name: string) => `arn:aws:kafka:eu-west-1:222222222222:topic/orders/abc-1/${name}`;

function grant(n: number, name: string, overrides: Partial<TopicGrant> = {}): TopicGrant {
  return {
    grantId: `g${n}`,
    assetId: `a${n}`,
    topicArn: topic(name),
    clusterArn: CLUSTER,
    consumerGroups: 'all',
    schemaArns: [],
    consumerAccount: '333333333333',
    principals: [ROLE],
    ...overrides,
  };
}

const render = {
  managedVpcConnectivity: false,
  schemaScope: 'schema',
  schemaVersionLookupById: false,
} as const;

function roleDocs(grants: readonly TopicGrant[]): TargetObservation['documents'] {
  const rendered = renderConsumerPolicies(grants, {
    roleName: 'reader',
    freeManagedSlots: 10,
    otherInlineChars: 0,
  });
  return rendered.inline ? [{ name: 'inline', document: rendered.inline }] : [];
}

function clusterDocs(grants: readonly TopicGrant[], extra: PolicyDocument['Statement'] = []) {
  const document = renderClusterPolicy(undefined, grants, { managedVpcConnectivity: false });
  const statements = [...extra, ...(document?.Statement ?? [])];
  return statements.length === 0
    ? []
    : [{ name: 'cluster policy', document: { Version: '2012-10-17', Statement: statements } }];
}

function role(
  ledger: readonly TopicGrant[],
  policyFrom: readonly TopicGrant[] = ledger,
  exists = true,
): TargetObservation {
  return { kind: 'role', target: ROLE, ledger, documents: exists ? roleDocs(policyFrom) : [], exists };
}

function cluster(
  ledger: readonly TopicGrant[],
  policyFrom: readonly TopicGrant[] = ledger,
  extra: PolicyDocument['Statement'] = [],
): TargetObservation {
  return {
    kind: 'cluster',
    target: CLUSTER,
    ledger,
    documents: clusterDocs(policyFrom, extra),
    exists: true,
  };
}

const orders = grant(1, 'orders');
const payments = grant(2, 'payments');

const cases: { name: string; input: Omit<DriftInput, 'render'>; expected: string[] }[] = [
  {
    name: 'nothing when DataZone, ledger and policies agree',
    input: {
      granted: [orders, payments],
      protectedGrants: [],
      targets: [role([orders, payments]), cluster([orders, payments])],
    },
    expected: [],
  },
  {
    name: 'missing when the ledger lacks a granted record',
    input: { granted: [orders], protectedGrants: [], targets: [role([], [orders])] },
    expected: ['missing role orders g1 no ledger record'],
  },
  {
    name: 'missing when the policy lacks a granted, recorded topic',
    input: {
      granted: [orders, payments],
      protectedGrants: [],
      targets: [role([orders, payments], [orders])],
    },
    expected: ['missing role payments g2 no streamgov statement'],
  },
  {
    name: 'missing when the role does not exist',
    input: { granted: [orders], protectedGrants: [], targets: [role([], [], false)] },
    expected: ['missing role orders g1 role does not exist'],
  },
  {
    name: 'extra for a ledger record of a grant no longer GRANTED',
    input: { granted: [orders], protectedGrants: [], targets: [role([orders, payments])] },
    expected: ['extra role payments g2 not GRANTED'],
  },
  {
    name: 'extra for a streamgov statement that no grant or record explains',
    input: {
      granted: [orders],
      protectedGrants: [],
      targets: [cluster([orders], [orders, grant(9, 'shipments', { principals: [ROLE] })])],
    },
    expected: ['extra cluster shipments - no grant or ledger record'],
  },
  {
    name: 'stale when the record differs from DataZone',
    input: {
      granted: [orders],
      protectedGrants: [],
      targets: [role([{ ...orders, consumerGroups: { prefix: 'env-' } }])],
    },
    expected: ['stale role orders g1 consumerGroups'],
  },
  {
    name: 'stale when ledger and policy disagree beyond topics',
    input: {
      granted: [{ ...orders, consumerGroups: { prefix: 'env-' } }],
      protectedGrants: [],
      targets: [role([{ ...orders, consumerGroups: { prefix: 'env-' } }], [orders])],
    },
    expected: ['stale role * - differ from what the ledger renders'],
  },
  {
    name: 'foreign for a statement streamgov does not own that reads a governed topic (wildcards too)',
    input: {
      granted: [orders],
      protectedGrants: [],
      targets: [
        cluster(
          [orders],
          [orders],
          [
            {
              Sid: 'Team',
              Effect: 'Allow',
              Principal: { AWS: '444444444444' },
              Action: 'kafka-cluster:*',
              Resource: topic('*'),
            },
            {
              Sid: 'Deny',
              Effect: 'Deny',
              Principal: '*',
              Action: 'kafka-cluster:ReadData',
              Resource: topic('orders'),
            },
            {
              Sid: 'Describe',
              Effect: 'Allow',
              Principal: '*',
              Action: 'kafka:DescribeCluster',
              Resource: CLUSTER,
            },
          ],
        ),
      ],
    },
    expected: ['foreign cluster orders - Team'],
  },
  {
    name: 'nothing for grants in flight: their records and topics are protected',
    input: {
      granted: [orders],
      protectedGrants: [
        { key: 'g2.a2', topicArn: payments.topicArn },
        { key: 'g3.a3', topicArn: topic('refunds') },
      ],
      targets: [role([orders, payments], [orders, payments, grant(3, 'refunds')])],
    },
    expected: [],
  },
];

describe('findDrift', () => {
  it.each(cases)('finds $name', ({ input, expected }) => {
    // Act
    const drift = findDrift({ ...input, render });
    // Assess
    const summary = drift.map(
      (i) =>
        `${i.kind} ${i.target === ROLE ? 'role' : 'cluster'} ${i.topicArn.split('/').at(-1)} ${i.grantId ?? '-'}`,
    );
    expect(summary).toEqual(expected.map((e) => e.split(' ').slice(0, 4).join(' ')));
    drift.forEach((item, index) => {
      expect(item.detail).toContain(expected[index]?.split(' ').slice(4).join(' '));
    });
  });

  it('does not count foreign statements as repairable drift', () => {
    // Prepare
    const foreign = { kind: 'foreign', target: CLUSTER, topicArn: topic('orders'), detail: '' } as const;
    // Act / Assess
    expect(hasRepairableDrift([foreign])).toBe(false);
    expect(hasRepairableDrift([foreign, { ...foreign, kind: 'extra' }])).toBe(true);
  });
});
