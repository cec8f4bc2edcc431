import { ConfigError } from './errors.ts';
import { isJsonObject } from './json.ts';

/** How one configuration key is read: parse returns the value or a problem description. */
export interface KeySpec<T> {
  readonly parse: (raw: string | undefined, key: string) => { value: T } | { problem: string };
}

type Parsed<S extends Record<string, KeySpec<unknown>>> = {
  readonly [K in keyof S]: S[K] extends KeySpec<infer T> ? T : never;
};

/** DataZone domain ids (API model `DomainId`). */
export const DOMAIN_ID = /^dzd[-_][a-zA-Z0-9_-]{1,36}$/;

function missing(key: string) {
  return { problem: `${key} is required but not set` };
}

/** A required string (trimmed); optionally matching `pattern`. */
export function stringKey(options: { pattern?: RegExp } = {}): KeySpec<string> {
  return {
    parse: (raw, key) => {
      const value = raw?.trim();
      if (!value) return missing(key);
      if (options.pattern && !options.pattern.test(value)) {
        return { problem: `${key}="${value}" does not match ${options.pattern.source}` };
      }
      return { value };
    },
  };
}

/** An optional string with a default. */
export function optionalStringKey(defaultValue: string): KeySpec<string> {
  return { parse: (raw) => ({ value: raw?.trim() || defaultValue }) };
}

/** A strict boolean: only `true` or `false` (never truthiness of a string). */
export function booleanKey(defaultValue?: boolean): KeySpec<boolean> {
  return {
    parse: (raw, key) => {
      const value = raw?.trim();
      if (!value) return defaultValue === undefined ? missing(key) : { value: defaultValue };
      if (value === 'true') return { value: true };
      if (value === 'false') return { value: false };
      return { problem: `${key}="${value}" must be "true" or "false"` };
    },
  };
}

/** A number within [min, max]. */
export function numberKey(
  options: { min?: number; max?: number; default?: number; integer?: boolean } = {},
): KeySpec<number> {
  return {
    parse: (raw, key) => {
      const text = raw?.trim();
      if (!text) return options.default === undefined ? missing(key) : { value: options.default };
      const value = Number(text);
      if (!Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
        return { problem: `${key}="${text}" is not ${options.integer ? 'an integer' : 'a number'}` };
      }
      if (options.min !== undefined && value < options.min)
        return { problem: `${key}=${value} is below ${options.min}` };
      if (options.max !== undefined && value > options.max)
        return { problem: `${key}=${value} is above ${options.max}` };
      return { value };
    },
  };
}

/** A JSON value, checked by `validate` (which returns problems, empty when valid). */
export function jsonKey<T>(validate: (value: unknown) => readonly string[], defaultValue?: T): KeySpec<T> {
  return {
    parse: (raw, key) => {
      const text = raw?.trim();
      if (!text) return defaultValue === undefined ? missing(key) : { value: defaultValue };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { problem: `${key} is not valid JSON: ${(error as Error).message}` };
      }
      const problems = validate(value);
      return problems.length > 0 ? { problem: `${key}: ${problems.join(', ')}` } : { value: value as T };
    },
  };
}

/**
 * A JSON object with a string for every field of `shape` (other members pass through), e.g. the topic
 * asset type's names, shaped like their defaults; the problem names the fields.
 */
export function stringFieldsKey<T extends object>(shape: T, defaultValue?: T): KeySpec<T> {
  const fields = Object.keys(shape);
  const names =
    fields.length > 1 ? `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}` : fields.join('');
  return jsonKey<T>(
    (v) => (isJsonObject(v) && fields.every((k) => typeof v[k] === 'string') ? [] : [`must name ${names}`]),
    defaultValue,
  );
}

/**
 * Reads every key of `spec` from `env` (a process.env-like record).
 * @throws ConfigError listing every missing or invalid key at once.
 */
export function parseConfig<S extends Record<string, KeySpec<unknown>>>(
  spec: S,
  env: Readonly<Record<string, string | undefined>>,
): Parsed<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, keySpec] of Object.entries(spec)) {
    const result = keySpec.parse(env[key], key);
    if ('problem' in result) problems.push(result.problem);
    else out[key] = result.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Parsed<S>;
}

/**
 * Reads settings from `env`: `keys` names each field's variable (a `*_ENV` table), `spec` reads it.
 * @returns The settings, by field.
 * @throws ConfigError listing every missing or invalid variable at once.
 */
export function parseSettings<S extends Record<string, KeySpec<unknown>>>(
  keys: { readonly [K in keyof S]: string },
  spec: S,
  env: Readonly<Record<string, string | undefined>>,
): Parsed<S> {
  const fields = Object.keys(spec) as Array<keyof S & string>;
  const byKey: Record<string, KeySpec<unknown>> = {};
  for (const field of fields) byKey[keys[field]] = spec[field] as KeySpec<unknown>;
  const parsed: Record<string, unknown> = parseConfig(byKey, env);
  return Object.fromEntries(fields.map((field) => [field, parsed[keys[field]]])) as Parsed<S>;
}

/**
 * The Region the code runs in: AWS_REGION (set by the Lambda runtime), else AWS_DEFAULT_REGION.
 * @throws ConfigError when neither is set.
 */
export function runtimeRegion(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) throw new ConfigError(['AWS_REGION is required but not set']);
  return region;
}
