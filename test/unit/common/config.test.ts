import { describe, expect, it } from 'vitest';
import {
  booleanKey,
  jsonKey,
  numberKey,
  optionalStringKey,
  parseConfig,
  stringKey,
} from '../../../common/src/config.ts';
import { ConfigError } from '../../../common/src/errors.ts';

const spec = {
  DOMAIN_ID: stringKey({ pattern: /^dzd[-_][a-zA-Z0-9_-]{1,36}$/ }),
  AUTO_PUBLISH: booleanKey(false),
  MAX_DELETE_SHARE: numberKey({ min: 0, max: 1, default: 0.2 }),
  CONCURRENCY: numberKey({ min: 1, integer: true }),
  PREFIX: optionalStringKey('/streamgov'),
  SOURCES: jsonKey<string[]>((v) => (Array.isArray(v) ? [] : ['must be a JSON array'])),
};

describe('parseConfig', () => {
  it('returns typed values and defaults', () => {
    const config = parseConfig(spec, {
      DOMAIN_ID: 'dzd_abc',
      CONCURRENCY: '4',
      SOURCES: '["a"]',
      AUTO_PUBLISH: 'true',
    });
    expect(config).toEqual({
      DOMAIN_ID: 'dzd_abc',
      AUTO_PUBLISH: true,
      MAX_DELETE_SHARE: 0.2,
      CONCURRENCY: 4,
      PREFIX: '/streamgov',
      SOURCES: ['a'],
    });
  });

  it('throws ConfigError listing every missing or invalid key at once', () => {
    const error = (() => {
      try {
        parseConfig(spec, {
          DOMAIN_ID: 'nope',
          AUTO_PUBLISH: 'yes',
          MAX_DELETE_SHARE: '2',
          CONCURRENCY: '1.5',
          SOURCES: '{',
        });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(5);
    expect(error?.message).toContain('DOMAIN_ID="nope"');
    expect(error?.message).toContain('AUTO_PUBLISH="yes" must be "true" or "false"');
    expect(error?.message).toContain('MAX_DELETE_SHARE=2 is above 1');
    expect(error?.message).toContain('CONCURRENCY="1.5" is not an integer');
    expect(error?.message).toContain('SOURCES is not valid JSON');
  });

  it('never treats the string "false" as true', () => {
    expect(parseConfig({ FLAG: booleanKey() }, { FLAG: 'false' }).FLAG).toBe(false);
  });
});
