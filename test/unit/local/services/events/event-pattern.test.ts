import { describe, expect, it } from 'vitest';
import {
  matchesPattern,
  PatternError,
  parseEventPattern,
} from '../../../../../local/src/services/events/event-pattern.ts';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'Subscription Grant Requested',
  source: 'aws.datazone',
  account: '111122223333',
  time: '2026-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:datazone:eu-west-1:111122223333:domain/dzd_1'],
  detail: {
    metadata: { domain: 'dzd_1', user: 'SYSTEM' },
    data: {
      asset: { typeName: 'MskTopicAssetType', id: 'a1' },
      count: 5,
      ratio: 0.5,
      flag: true,
      none: null,
    },
    items: [
      { name: 'a', kind: 'x' },
      { name: 'b', kind: 'y' },
    ],
    tags: ['red', 'green'],
    ip: '10.0.1.20',
    file: 'photo.PNG',
  },
};

const cases: [string, object, boolean][] = [
  ['exact string', { source: ['aws.datazone'] }, true],
  ['exact string mismatch', { source: ['aws.glue'] }, false],
  ['array is OR', { source: ['aws.glue', 'aws.datazone'] }, true],
  ['fields are AND', { source: ['aws.datazone'], 'detail-type': ['Other'] }, false],
  ['account and region', { account: ['111122223333'], region: ['eu-west-1'] }, true],
  [
    'resources array matches any element',
    { resources: ['arn:aws:datazone:eu-west-1:111122223333:domain/dzd_1'] },
    true,
  ],
  ['nested objects', { detail: { data: { asset: { typeName: ['MskTopicAssetType'] } } } }, true],
  ['nested mismatch', { detail: { data: { asset: { typeName: ['Other'] } } } }, false],
  ['missing field', { detail: { nope: ['x'] } }, false],
  ['number exact', { detail: { data: { count: [5] } } }, true],
  ['number does not match string', { detail: { data: { count: ['5'] } } }, false],
  ['boolean', { detail: { data: { flag: [true] } } }, true],
  ['null matches null', { detail: { data: { none: [null] } } }, true],
  ['null does not match missing', { detail: { data: { absent: [null] } } }, false],
  ['event array element', { detail: { tags: ['green'] } }, true],
  ['array of objects flattened', { detail: { items: { name: ['b'] } } }, true],
  ['flattened fields across elements', { detail: { items: { name: ['a'], kind: ['y'] } } }, true],
  ['prefix', { source: [{ prefix: 'aws.' }] }, true],
  ['prefix mismatch', { source: [{ prefix: 'custom.' }] }, false],
  [
    'prefix ignore case',
    { 'detail-type': [{ prefix: { 'equals-ignore-case': 'subscription GRANT' } }] },
    true,
  ],
  ['suffix', { detail: { file: [{ suffix: '.PNG' }] } }, true],
  ['suffix case sensitive', { detail: { file: [{ suffix: '.png' }] } }, false],
  ['suffix ignore case', { detail: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, true],
  ['equals-ignore-case', { detail: { metadata: { user: [{ 'equals-ignore-case': 'system' }] } } }, true],
  ['anything-but value', { source: [{ 'anything-but': 'aws.glue' }] }, true],
  ['anything-but excluded value', { source: [{ 'anything-but': 'aws.datazone' }] }, false],
  ['anything-but list', { source: [{ 'anything-but': ['aws.glue', 'aws.datazone'] }] }, false],
  ['anything-but number', { detail: { data: { count: [{ 'anything-but': [1, 2] }] } } }, true],
  ['anything-but on missing field', { detail: { absent: [{ 'anything-but': 'x' }] } }, false],
  ['anything-but prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, false],
  ['anything-but prefix other', { source: [{ 'anything-but': { prefix: 'custom.' } }] }, true],
  ['anything-but suffix', { detail: { file: [{ 'anything-but': { suffix: '.PNG' } }] } }, false],
  [
    'anything-but ignore case',
    { detail: { metadata: { user: [{ 'anything-but': { 'equals-ignore-case': ['system'] } }] } } },
    false,
  ],
  ['numeric range', { detail: { data: { count: [{ numeric: ['>', 0, '<=', 5] }] } } }, true],
  ['numeric range exclusive', { detail: { data: { count: [{ numeric: ['>', 0, '<', 5] }] } } }, false],
  ['numeric equals', { detail: { data: { ratio: [{ numeric: ['=', 0.5] }] } } }, true],
  ['numeric on a string', { detail: { file: [{ numeric: ['>', 0] }] } }, false],
  ['exists true', { detail: { metadata: { domain: [{ exists: true }] } } }, true],
  ['exists true on missing', { detail: { metadata: { other: [{ exists: true }] } } }, false],
  ['exists false on missing', { detail: { metadata: { other: [{ exists: false }] } } }, true],
  ['exists false on present', { detail: { metadata: { domain: [{ exists: false }] } } }, false],
  ['exists on an object is not a leaf', { detail: { metadata: [{ exists: true }] } }, false],
  ['wildcard', { source: [{ wildcard: 'aws.*zone' }] }, true],
  ['wildcard mismatch', { source: [{ wildcard: 'aws.*glue' }] }, false],
  ['wildcard escaped star', { detail: { file: [{ wildcard: 'photo\\*' }] } }, false],
  ['cidr', { detail: { ip: [{ cidr: '10.0.0.0/16' }] } }, true],
  ['cidr outside', { detail: { ip: [{ cidr: '10.1.0.0/16' }] } }, false],
  ['$or any alternative', { $or: [{ source: ['aws.glue'] }, { detail: { data: { count: [5] } } }] }, true],
  ['$or no alternative', { $or: [{ source: ['aws.glue'] }, { detail: { data: { count: [6] } } }] }, false],
  [
    '$or with other fields',
    { source: ['aws.glue'], $or: [{ account: ['111122223333'] }, { region: ['x'] }] },
    false,
  ],
  ['nested $or', { detail: { $or: [{ file: [{ suffix: '.gif' }] }, { ip: [{ prefix: '10.' }] }] } }, true],
];

describe('matchesPattern', () => {
  it.each(cases)('%s', (_name, pattern, expected) => {
    // Prepare
    const parsed = parseEventPattern(JSON.stringify(pattern));
    // Act
    const result = matchesPattern(parsed, event);
    // Assess
    expect(result).toBe(expected);
  });
});

const invalid: [string, string, RegExp][] = [
  ['not JSON', '{', /not valid JSON/],
  ['not an object', '["a"]', /not an object/],
  ['empty object', '{}', /Empty objects/],
  ['scalar leaf', '{"source":"aws.glue"}', /Match value must be/],
  ['empty array', '{"source":[]}', /Empty arrays/],
  ['unknown match type', '{"source":[{"regex":"a"}]}', /Unrecognized match type regex/],
  ['two match types', '{"source":[{"prefix":"a","suffix":"b"}]}', /exactly one match type/],
  ['prefix not string', '{"source":[{"prefix":1}]}', /prefix match pattern must be a string/],
  ['exists not boolean', '{"source":[{"exists":"yes"}]}', /either true or false/],
  ['numeric bad operator', '{"n":[{"numeric":["!=",1]}]}', /Unrecognized numeric range operator/],
  ['numeric odd length', '{"n":[{"numeric":[">",1,"<"]}]}', /one or two/],
  ['numeric reversed range', '{"n":[{"numeric":[">",5,"<",1]}]}', /Bottom must be less than top/],
  ['numeric range order', '{"n":[{"numeric":["<",5,">",1]}]}', /lower bound/],
  [
    'anything-but mixed list',
    '{"n":[{"anything-but":["a",1]}]}',
    /all values must be strings or all numbers/,
  ],
  ['anything-but numeric object', '{"n":[{"anything-but":{"numeric":[">",1]}}]}', /Unsupported anything-but/],
  ['wildcard double star', '{"n":[{"wildcard":"a**b"}]}', /Consecutive wildcard/],
  ['bad cidr', '{"n":[{"cidr":"10.0.0.0/40"}]}', /Nonstandard IP address/],
  ['$or with one alternative', '{"$or":[{"a":["b"]}]}', /at least 2/],
  ['$or alternative not object', '{"$or":[{"a":["b"]}, 1]}', /non-empty objects/],
];

describe('parseEventPattern', () => {
  it.each(invalid)('throws PatternError when %s', (_name, text, reason) => {
    // Act
    const act = () => parseEventPattern(text);
    // Assess
    expect(act).toThrow(PatternError);
    expect(act).toThrow(reason);
  });
});
