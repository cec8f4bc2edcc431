import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { checkSsmKmsKeyId, checkSsmPrefix, checkSsmSegments } from '../../../common/src/ssm-names.ts';

describe('checkSsmPrefix', () => {
  it('returns the segments of a valid prefix', () => {
    // Act + Assess
    expect(checkSsmPrefix('/streamgov/dzd_1/catalog')).toEqual(['streamgov', 'dzd_1', 'catalog']);
  });

  it.each([
    ['no leading slash', 'streamgov', /must start with "\/"/],
    ['a trailing slash', '/streamgov/', /must start with "\/"/],
    ['an empty segment', '/streamgov//grants', /path segment ""/],
    ['a character SSM refuses', '/streamgov/a b', /path segment "a b"/],
    ['the reserved aws prefix', '/aws/streamgov', /SSM reserves them/],
    ['the reserved ssm prefix', '/SSM-params', /SSM reserves them/],
  ])('throws InvalidInputError naming the prefix for %s', (_case, prefix, message) => {
    // Act + Assess
    expect(() => checkSsmPrefix(prefix)).toThrow(InvalidInputError);
    expect(() => checkSsmPrefix(prefix)).toThrow(message);
  });

  it('throws when the prefix has more levels than the caller allows', () => {
    // Act + Assess
    expect(() => checkSsmPrefix('/a/b/c', 2)).toThrow('has 3 levels (at most 2)');
    expect(checkSsmPrefix('/a/b', 2)).toEqual(['a', 'b']);
  });
});

describe('checkSsmSegments', () => {
  it('names the field and the bad segment', () => {
    // Act + Assess
    expect(() => checkSsmSegments('key', 'a/b c', ['a', 'b c'])).toThrow(/key.*path segment "b c"/s);
  });
});

describe('checkSsmKmsKeyId', () => {
  it('accepts no key, a key id, an ARN and an alias, and refuses anything else', () => {
    // Act + Assess
    expect(() => checkSsmKmsKeyId(undefined)).not.toThrow();
    expect(() => checkSsmKmsKeyId('alias/streamgov')).not.toThrow();
    expect(() => checkSsmKmsKeyId('arn:aws:kms:eu-west-1:111111111111:key/abc-123')).not.toThrow();
    expect(() => checkSsmKmsKeyId('bad key')).toThrow(/kmsKeyId/);
  });
});
