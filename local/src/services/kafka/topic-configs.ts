import { badRequest } from './errors.ts';

/**
 * Topic configuration as DescribeTopic reports it when the topic has no override: Kafka's defaults
 * for the settings MSK shows.
 */
export const DEFAULT_TOPIC_CONFIGS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'retention.ms': '604800000',
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/u;
const CONFIG_KEY = /^[a-z0-9]+(?:\.[a-z0-9]+)*$/u;
const CLEANUP_POLICIES = new Set(['delete', 'compact', 'compact,delete', 'delete,compact']);

/**
 * The `Configs` member of CreateTopic/UpdateTopic: Base64 of Kafka properties, one `key=value` per
 * line (blank lines and `#` comments ignored). Checks the shape and a few well-known values
 * (`cleanup.policy`, integer `*.ms` and `*.bytes`), not every Kafka setting.
 * @throws BadRequestException (`configs`) naming what is wrong.
 */
export function decodeTopicConfigs(configs: string): Record<string, string> {
  if (!BASE64.test(configs)) throw badRequest('The configs are not valid Base64.', 'configs');
  const result: Record<string, string> = {};
  for (const raw of Buffer.from(configs, 'base64').toString('utf8').split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    const key = at === -1 ? line : line.slice(0, at).trim();
    const value = at === -1 ? '' : line.slice(at + 1).trim();
    if (at === -1 || !CONFIG_KEY.test(key)) {
      throw badRequest(`The topic config line '${line}' is not a key=value pair.`, 'configs');
    }
    if (key === 'cleanup.policy' && !CLEANUP_POLICIES.has(value)) {
      throw badRequest(`Invalid value ${value} for configuration cleanup.policy.`, 'configs');
    }
    if (/\.(?:ms|bytes)$/u.test(key) && !/^-?\d+$/u.test(value)) {
      throw badRequest(
        `Invalid value ${value} for configuration ${key}: not a number of type LONG.`,
        'configs',
      );
    }
    result[key] = value;
  }
  return result;
}

/**
 * The `Configs` member of DescribeTopic: Base64 of `key=value` lines joined by `\n`, keys sorted,
 * defaults merged under the topic's overrides (as in MSK's documented example
 * `compression.type=producer\nretention.ms=604800000`).
 */
export function encodeTopicConfigs(overrides: Readonly<Record<string, string>>): string {
  const merged: Record<string, string> = { ...DEFAULT_TOPIC_CONFIGS, ...overrides };
  const lines = Object.keys(merged)
    .sort()
    .map((key) => `${key}=${merged[key]}`);
  return Buffer.from(lines.join('\n')).toString('base64');
}
