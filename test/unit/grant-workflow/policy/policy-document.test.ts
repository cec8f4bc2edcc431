import { describe, expect, it } from 'vitest';
import { MalformedPolicyError } from '../../../../grant-workflow/src/policy/errors.ts';
import {
  diffPolicies,
  iamSize,
  isStreamgovStatement,
  type PolicyDocument,
  type PolicyStatement,
  parsePolicyDocument,
  serializePolicy,
} from '../../../../grant-workflow/src/policy/policy-document.ts';

const FOREIGN: PolicyStatement = {
  Sid: 'OpsRead',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:root' },
  Action: 'kafka-cluster:Describe*',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
};

const OURS: PolicyStatement = {
  Sid: 'StreamgovKafkaTopic',
  Effect: 'Allow',
  Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
  Resource: [
    'arn:aws:kafka:eu-west-1:111122223333:topic/c/u-1/a',
    'arn:aws:kafka:eu-west-1:111122223333:topic/c/u-1/b',
  ],
};

describe('parsePolicyDocument', () => {
  it('reads a pretty-printed document and keeps every element', () => {
    // Prepare
    const text = JSON.stringify(
      { Version: '2012-10-17', Id: 'p1', Statement: [FOREIGN, { ...OURS, Extra: 1 }] },
      null,
      2,
    );
    // Act
    const document = parsePolicyDocument(text, 'test');
    // Assess
    expect(document).toEqual({
      Version: '2012-10-17',
      Id: 'p1',
      Statement: [FOREIGN, { ...OURS, Extra: 1 }],
    });
  });

  it('reads a single Statement object as a list of one', () => {
    const document = parsePolicyDocument(
      JSON.stringify({ Version: '2012-10-17', Statement: FOREIGN }),
      'test',
    );
    expect(document.Statement).toEqual([FOREIGN]);
  });

  it.each([
    ['not JSON', '{"Version":', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no Statement', '{"Version":"2012-10-17"}', /no Statement/],
    ['a statement that is not an object', '{"Statement":[1]}', /Statement\[0\] is not an object/],
    [
      'a lower-case Effect',
      '{"Statement":[{"Effect":"allow","Action":"a:b","Resource":"*"}]}',
      /Effect "allow"/,
    ],
    ['an Action that is a number', '{"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]}', /Action/],
    ['a boolean Action (the reference bug)', '{"Statement":[{"Effect":"Allow","Action":true}]}', /Action/],
    ['a Sid that is a number', '{"Statement":[{"Sid":1,"Effect":"Allow","Action":"a:b"}]}', /Sid/],
    ['an unknown top-level element', '{"Statement":[],"Extra":1}', /unknown top-level/],
    ['a Version that is a number', '{"Version":2012,"Statement":[]}', /Version/],
  ])('throws MalformedPolicyError naming the source for %s', (_what, text, reason) => {
    // Act
    const act = () => parsePolicyDocument(text, 'cluster policy of arn:x');
    // Assess
    expect(act).toThrow(MalformedPolicyError);
    expect(act).toThrow(/cluster policy of arn:x/);
    expect(act).toThrow(reason);
  });
});

describe('serializePolicy and iamSize', () => {
  it('writes no white space and a canonical element order', () => {
    // Prepare
    const document: PolicyDocument = {
      Statement: [
        { Resource: '*', Action: 'a:b', Effect: 'Allow', Sid: 'S1', Principal: { Service: 's', AWS: 'a' } },
      ],
      Version: '2012-10-17',
    };
    // Act
    const text = serializePolicy(document);
    // Assess
    expect(text).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Principal":{"AWS":"a","Service":"s"},"Action":"a:b","Resource":"*"}]}',
    );
  });

  it('round-trips through parse', () => {
    const document: PolicyDocument = { Version: '2012-10-17', Id: 'x', Statement: [FOREIGN, OURS] };
    expect(parsePolicyDocument(serializePolicy(document), 'test')).toEqual(document);
  });

  it('measures as IAM does: the length without white space', () => {
    const document: PolicyDocument = { Version: '2012-10-17', Statement: [FOREIGN, OURS] };
    const pretty = JSON.stringify(document, null, 4);
    expect(iamSize(document)).toBe(JSON.stringify(JSON.parse(pretty)).length);
    expect(iamSize(document)).toBeLessThan(pretty.length);
  });
});

describe('isStreamgovStatement', () => {
  it.each<[string, PolicyStatement, boolean]>([
    ['an Allow with a Streamgov Sid', { Sid: 'StreamgovKafkaTopic', Effect: 'Allow', Action: 'a:b' }, true],
    ['an Allow with the bare prefix', { Sid: 'Streamgov', Effect: 'Allow', Action: 'a:b' }, true],
    ['a Deny with a Streamgov Sid', { Sid: 'StreamgovDeny', Effect: 'Deny', Action: 'a:b' }, false],
    ['a statement without Sid', { Effect: 'Allow', Action: 'a:b' }, false],
    ['a lower-case prefix', { Sid: 'streamgovX', Effect: 'Allow', Action: 'a:b' }, false],
    ['the prefix inside the Sid', { Sid: 'MyStreamgov', Effect: 'Allow', Action: 'a:b' }, false],
  ])('classifies %s', (_what, statement, expected) => {
    expect(isStreamgovStatement(statement)).toBe(expected);
  });
});

describe('diffPolicies', () => {
  const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

  it('is in sync when nothing should exist and nothing does', () => {
    expect(diffPolicies(undefined, undefined)).toEqual({
      missing: [],
      extra: [],
      changed: [],
      foreign: [],
      inSync: true,
    });
  });

  it('treats lists as sets: order and duplicates are no change', () => {
    // Prepare
    const shuffled: PolicyStatement = {
      ...OURS,
      Action: ['kafka-cluster:ReadData', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      Resource: [...(OURS.Resource as string[])].reverse(),
    };
    // Act
    const diff = diffPolicies(doc(OURS), doc(FOREIGN, shuffled));
    // Assess
    expect(diff.inSync).toBe(true);
    expect(diff.foreign).toEqual([{ sid: 'OpsRead', statement: FOREIGN }]);
  });

  it('reports missing, extra and changed statements by Sid, and foreign ones untouched', () => {
    // Prepare
    const stale: PolicyStatement = { Sid: 'StreamgovOld', Effect: 'Allow', Action: 'a:b', Resource: 'r' };
    const narrower: PolicyStatement = { ...OURS, Resource: [(OURS.Resource as string[])[0] as string] };
    const added: PolicyStatement = {
      Sid: 'StreamgovKafkaGroup',
      Effect: 'Allow',
      Action: 'a:b',
      Resource: 'g',
    };
    const deny: PolicyStatement = { Sid: 'StreamgovBreakGlass', Effect: 'Deny', Action: '*', Resource: '*' };
    // Act
    const diff = diffPolicies(doc(OURS, added), doc(FOREIGN, narrower, stale, deny));
    // Assess
    expect(diff.missing).toEqual([{ sid: 'StreamgovKafkaGroup', statement: added }]);
    expect(diff.extra).toEqual([{ sid: 'StreamgovOld', statement: stale }]);
    expect(diff.changed).toEqual([{ sid: 'StreamgovKafkaTopic', desired: OURS, actual: narrower }]);
    expect(diff.foreign.map((f) => f.sid)).toEqual(['OpsRead', 'StreamgovBreakGlass']);
    expect(diff.inSync).toBe(false);
  });

  it('reports every streamgov statement as extra when no policy should exist', () => {
    const diff = diffPolicies(undefined, doc(OURS));
    expect(diff.extra.map((e) => e.sid)).toEqual(['StreamgovKafkaTopic']);
  });
});
