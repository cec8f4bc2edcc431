import { describe, expect, it } from 'vitest';
import {
  booleanKey,
  DOMAIN_ID,
  jsonKey,
  numberKey,
  optionalStringKey,
  parseConfig,
  parseSettings,
  stringFieldsKey,
  stringKey,
} from '../../../common/src/config.ts';
import { ConfigError } from '../../../common/src/errors.ts';
import { isJsonObject } from '../../../common/src/json.ts';

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

describe('parseSettings', () => {
  const KEYS = { domainId: 'DOMAIN_ID', concurrency: 'CONCURRENCY', names: 'NAMES' } as const;
  const settingsSpec = {
    domainId: stringKey({ pattern: DOMAIN_ID }),
    concurrency: numberKey({ min: 1, integer: true, default: 4 }),
    names: stringFieldsKey({ first: 'a', second: 'b', third: 'c' }),
  };

  it('reads each field from the variable its key table names', () => {
    // Act
    const settings = parseSettings(KEYS, settingsSpec, {
      DOMAIN_ID: 'dzd_abc',
      NAMES: '{"first":"x","second":"y","third":"z","extra":1}',
    });

    // Assess
    expect(settings).toEqual({
      domainId: 'dzd_abc',
      concurrency: 4,
      names: { first: 'x', second: 'y', third: 'z', extra: 1 },
    });
  });

  it('throws ConfigError naming every bad variable when fields are missing or invalid', () => {
    // Act
    const act = () => parseSettings(KEYS, settingsSpec, { CONCURRENCY: '0', NAMES: '{"first":"x"}' });

    // Assess
    expect(act).toThrow(ConfigError);
    try {
      act();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'DOMAIN_ID is required but not set',
        'CONCURRENCY=0 is below 1',
        'NAMES: must name first, second and third',
      ]);
    }
  });
});

describe('stringFieldsKey', () => {
  it('takes its default when the variable is not set, and refuses arrays and non-string fields', () => {
    // Prepare
    const key = stringFieldsKey({ only: 'x' }, { only: 'default' });

    // Act
    const results = [undefined, '["x"]', '{"only":1}'].map((raw) => key.parse(raw, 'K'));

    // Assess
    expect(results).toEqual([
      { value: { only: 'default' } },
      { problem: 'K: must name only' },
      { problem: 'K: must name only' },
    ]);
  });
});

describe('isJsonObject', () => {
  it('is true for objects only, not for null, arrays or scalars', () => {
    // Act
    const results = [{}, { a: 1 }, null, [], 'x', 1].map(isJsonObject);

    // Assess
    expect(results).toEqual([true, true, false, false, false, false]);
  });
});
