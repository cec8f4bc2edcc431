import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import { grantGroupArn, parseTopicGrant, type TopicGrant } from '../../../../grant-workflow/src/grants.ts';
import { CLUSTERS, CONSUMER_ACCOUNT, clusterArn, grant, PRODUCER_ACCOUNT, roleArn } from './fixtures.ts';

const base = grant({ n: 0 });
const cluster = CLUSTERS[0];
const topicPrefix = `arn:aws:kafka:eu-west-1:${PRODUCER_ACCOUNT}:topic/${cluster.name}/${cluster.uuid}/`;

function withField(patch: Record<string, unknown>): unknown {
  return { ...base, ...patch };
}

describe('parseTopicGrant', () => {
  it('returns a checked copy of a realistic grant', () => {
    // Act
    const parsed = parseTopicGrant({ ...base, extra: 'dropped' });
    // Assess
    expect(parsed).toEqual(base);
    expect(parsed).not.toHaveProperty('extra');
  });

  it('accepts "all" groups and roles with a path', () => {
    const parsed = parseTopicGrant(
      withField({
        consumerGroups: 'all',
        principals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:role/streamgov/consumers/reader`],
        schemaArns: [],
      }),
    );
    expect(grantGroupArn(parsed)).toBe(
      `arn:aws:kafka:eu-west-1:${PRODUCER_ACCOUNT}:group/${cluster.name}/${cluster.uuid}/*`,
    );
  });

  it('renders a prefix scope as <prefix>*', () => {
    expect(grantGroupArn(base)).toMatch(
      /:group\/orders-prod\/0f3a9c2e-1111-2222-3333-444455556666-3\/env-5kq2x9m1abcd3f-\*$/,
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a topic name with a wildcard', { topicArn: `${topicPrefix}orders*` }, 'grant.topicArn'],
    ['a topic name with a quote', { topicArn: `${topicPrefix}orders"x` }, 'grant.topicArn'],
    ['a topic name with a slash', { topicArn: `${topicPrefix}orders/x` }, 'grant.topicArn'],
    ['a topic name with a question mark', { topicArn: `${topicPrefix}orders?` }, 'grant.topicArn'],
    ['a topic ARN of another service', { topicArn: 'arn:aws:s3:::bucket/orders' }, 'grant.topicArn'],
    [
      'a group ARN as topic',
      { topicArn: `${topicPrefix.replace(':topic/', ':group/')}g1` },
      'grant.topicArn',
    ],
    [
      'a topic of another cluster',
      { topicArn: `${clusterArn(CLUSTERS[1]).replace(':cluster/', ':topic/')}/t1` },
      'grant.topicArn',
    ],
    ['a topic ARN that is not a string', { topicArn: 42 }, 'grant.topicArn'],
    [
      'a cluster ARN with wildcards',
      { clusterArn: `arn:aws:kafka:eu-west-1:${PRODUCER_ACCOUNT}:cluster/*/*` },
      'grant.clusterArn',
    ],
    [
      'a cluster ARN with a bad region',
      { clusterArn: clusterArn(cluster).replace('eu-west-1', 'eu west') },
      'grant.clusterArn',
    ],
    [
      'a group prefix with a wildcard',
      { consumerGroups: { prefix: 'env-*' } },
      'grant.consumerGroups.prefix',
    ],
    ['a group prefix with a quote', { consumerGroups: { prefix: 'env-"' } }, 'grant.consumerGroups.prefix'],
    ['an empty group prefix', { consumerGroups: { prefix: '' } }, 'grant.consumerGroups.prefix'],
    ['a group scope that is neither', { consumerGroups: 'ALL' }, 'grant.consumerGroups'],
    [
      'a schema ARN of another service',
      { schemaArns: ['arn:aws:s3:::bucket/schema'] },
      'grant.schemaArns[0]',
    ],
    [
      'a registry ARN as schema',
      { schemaArns: [`arn:aws:glue:eu-west-1:${PRODUCER_ACCOUNT}:registry/r1`] },
      'grant.schemaArns[0]',
    ],
    [
      'a schema name with a wildcard',
      { schemaArns: [`arn:aws:glue:eu-west-1:${PRODUCER_ACCOUNT}:schema/r1/*`] },
      'grant.schemaArns[0]',
    ],
    ['schemas that are not a list', { schemaArns: 'arn' }, 'grant.schemaArns'],
    [
      'a user as principal',
      { principals: [`arn:aws:iam::${CONSUMER_ACCOUNT}:user/alice`] },
      'grant.principals[0]',
    ],
    ['a wildcard principal', { principals: ['*'] }, 'grant.principals[0]'],
    ['a role name with a wildcard', { principals: [roleArn('reader*')] }, 'grant.principals[0]'],
    [
      'a role of another account',
      { principals: [roleArn('a'), roleArn('b', PRODUCER_ACCOUNT)] },
      'grant.principals[1]',
    ],
    ['no principal', { principals: [] }, 'grant.principals'],
    ['a consumer account of 11 digits', { consumerAccount: '12345678901' }, 'grant.consumerAccount'],
    ['a grant id with a quote', { grantId: 'g"1' }, 'grant.grantId'],
    ['an asset id with a space', { assetId: 'a 1' }, 'grant.assetId'],
  ])('throws InvalidInputError for %s', (_what, patch, field) => {
    // Act
    const act = () => parseTopicGrant(withField(patch));
    // Assess
    expect(act).toThrow(InvalidInputError);
    try {
      act();
    } catch (error) {
      expect((error as InvalidInputError).field).toBe(field);
      expect((error as InvalidInputError).message).toContain(field);
    }
  });

  it.each([null, 'grant', [], 42])(
    'throws InvalidInputError for a grant that is not an object (%j)',
    (value) => {
      expect(() => parseTopicGrant(value)).toThrow(InvalidInputError);
    },
  );

  it('names the field given by the caller', () => {
    const bad: TopicGrant = { ...base, topicArn: `${topicPrefix}x*` };
    expect(() => parseTopicGrant(bad, 'grants[3]')).toThrow(/grants\[3\]\.topicArn/);
  });
});
