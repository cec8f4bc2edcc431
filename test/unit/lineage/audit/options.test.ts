import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import {
  findCatalogSource,
  parseDepth,
  parseFormat,
  parseTopicRef,
} from '../../../../lineage/src/audit/options.ts';

const CLUSTER_ARN =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab-2';

describe('parseTopicRef', () => {
  it('splits a cluster name and a topic', () => {
    expect(parseTopicRef('streaming-orders/orders')).toEqual({
      cluster: 'streaming-orders',
      topic: 'orders',
    });
  });

  it('takes the topic after the last slash of a cluster ARN', () => {
    expect(parseTopicRef(`${CLUSTER_ARN}/orders.v2`)).toEqual({ cluster: CLUSTER_ARN, topic: 'orders.v2' });
  });

  it.each(['orders', 'streaming-orders/', '/orders', ''])('throws InvalidInputError naming %j', (value) => {
    expect(() => parseTopicRef(value)).toThrow(InvalidInputError);
    expect(() => parseTopicRef(value)).toThrow(`Invalid --topic ${JSON.stringify(value)}`);
  });

  it('throws InvalidInputError for a topic name Kafka does not allow', () => {
    expect(() => parseTopicRef('streaming-orders/or ders')).toThrow('the topic "or ders" must match');
  });

  it('throws InvalidInputError for a malformed cluster ARN', () => {
    expect(() => parseTopicRef('arn:aws:kafka:eu-west-1:222222222222:topic/x/orders')).toThrow(
      InvalidInputError,
    );
  });
});

describe('parseFormat', () => {
  it.each(['text', 'json', 'mermaid'] as const)('accepts %s', (format) => {
    expect(parseFormat(format)).toBe(format);
  });

  it('defaults to text', () => {
    expect(parseFormat(undefined)).toBe('text');
  });

  it('throws InvalidInputError naming an unknown format', () => {
    expect(() => parseFormat('yaml')).toThrow('Invalid --format "yaml": must be one of text, json, mermaid');
  });
});

describe('parseDepth', () => {
  it('parses a whole number and falls back when absent', () => {
    expect(parseDepth('5', 3)).toBe(5);
    expect(parseDepth(undefined, 3)).toBe(3);
  });

  it.each(['0', '11', '-1', '2.5', 'two', ''])('throws InvalidInputError for %j', (value) => {
    expect(() => parseDepth(value, 3)).toThrow(
      `Invalid --depth ${JSON.stringify(value)}: must be a whole number from 1 to 10`,
    );
  });
});

describe('findCatalogSource', () => {
  const byName = { clusterName: 'streaming-orders', registryName: 'a' };
  const byArn = { clusterArn: CLUSTER_ARN.replace('streaming-orders', 'payments'), registryName: 'b' };

  it('finds a source by cluster name, also for one configured by ARN', () => {
    expect(findCatalogSource([byArn, byName], 'streaming-orders')).toBe(byName);
    expect(findCatalogSource([byName, byArn], 'payments')).toBe(byArn);
  });

  it('finds a source by ARN: configured by that ARN, or by the name the ARN carries', () => {
    expect(findCatalogSource([byName, byArn], byArn.clusterArn)).toBe(byArn);
    expect(findCatalogSource([byArn, byName], CLUSTER_ARN)).toBe(byName);
  });

  it('gives undefined for a cluster no source names', () => {
    expect(findCatalogSource([byName, byArn], 'analytics')).toBeUndefined();
  });
});
