import { describe, expect, it } from 'vitest';
import type { TopicMapping } from '../../../datasource-lambda/src/config.ts';
import type { SchemaSummary } from '../../../datasource-lambda/src/ports.ts';
import { candidateTopics, mapTopicsToSchemas } from '../../../datasource-lambda/src/topic-mapping.ts';

const schema = (schemaName: string): SchemaSummary => ({
  registryName: 'r',
  schemaName,
  schemaArn: `arn:aws:glue:eu-west-1:222222222222:schema/r/${schemaName}`,
  updatedTime: '2026-01-01T00:00:00.000Z',
});
const topics = (...names: string[]) => names.map((name) => ({ name }));

function pairs(
  mapping: TopicMapping,
  topicNames: string[],
  schemaNames: string[],
  includeTopicsWithoutSchema = true,
) {
  const result = mapTopicsToSchemas({
    topics: topics(...topicNames),
    schemas: schemaNames.map(schema),
    mapping,
    includeTopicsWithoutSchema,
  });
  return {
    pairs: result.topics.map((t) => [t.topic.name, t.valueSchema?.schemaName, t.keySchema?.schemaName]),
    unmatched: result.unmatchedSchemas.map((s) => s.schemaName),
    missing: result.missingSchemas,
  };
}

describe('mapTopicsToSchemas', () => {
  it.each([
    {
      mapping: 'topic-name' as const,
      expected: [
        ['orders', 'orders', undefined],
        ['payments', undefined, undefined],
      ],
      unmatched: ['orders-key', 'orders-value', 'stock'],
    },
    {
      mapping: 'value-key-suffix' as const,
      expected: [
        ['orders', 'orders-value', 'orders-key'],
        ['payments', undefined, undefined],
      ],
      unmatched: ['orders', 'stock'],
    },
    {
      mapping: 'auto' as const,
      expected: [
        ['orders', 'orders-value', 'orders-key'],
        ['payments', undefined, undefined],
      ],
      unmatched: ['orders', 'stock'],
    },
  ])('pairs topics with schemas for mapping $mapping', ({ mapping, expected, unmatched }) => {
    // Act
    const result = pairs(mapping, ['payments', 'orders'], ['orders', 'orders-value', 'orders-key', 'stock']);

    // Assess
    expect(result.pairs).toEqual(expected);
    expect(result.unmatched).toEqual(unmatched);
  });

  it('falls back to the schema named like the topic in auto mode when no suffixed schema exists', () => {
    const result = pairs('auto', ['orders', 'clicks'], ['orders', 'clicks-key']);
    expect(result.pairs).toEqual([
      ['clicks', undefined, 'clicks-key'],
      ['orders', 'orders', undefined],
    ]);
    expect(result.unmatched).toEqual([]);
  });

  it('uses the explicit map and reports named schemas that do not exist', () => {
    // Prepare
    const mapping: TopicMapping = {
      explicit: { orders: { value: 'OrderV2', key: 'OrderKey' }, ghost: { value: 'Ghost' } },
    };

    // Act
    const result = pairs(mapping, ['orders', 'other'], ['OrderV2', 'Ghost', 'orders']);

    // Assess
    expect(result.pairs).toEqual([
      ['orders', 'OrderV2', undefined],
      ['other', undefined, undefined],
    ]);
    expect(result.unmatched).toEqual(['Ghost', 'orders']);
    expect(result.missing).toEqual([{ topic: 'orders', role: 'key', schemaName: 'OrderKey' }]);
  });

  it('drops topics without schema when includeTopicsWithoutSchema is off', () => {
    const result = pairs('topic-name', ['orders', 'payments'], ['orders'], false);
    expect(result.pairs).toEqual([['orders', 'orders', undefined]]);
  });

  it('lists each topic once even when the cluster lists it twice', () => {
    const result = pairs('topic-name', ['orders', 'orders'], ['orders']);
    expect(result.pairs).toHaveLength(1);
  });

  it('does not treat an inherited object property as an explicit mapping', () => {
    const result = pairs({ explicit: {} }, ['constructor', 'toString'], []);
    expect(result.pairs).toEqual([
      ['constructor', undefined, undefined],
      ['toString', undefined, undefined],
    ]);
  });
});

describe('candidateTopics', () => {
  it.each([
    { mapping: 'topic-name' as const, schema: 'orders-value', expected: ['orders-value'] },
    { mapping: 'value-key-suffix' as const, schema: 'orders-value', expected: ['orders'] },
    { mapping: 'value-key-suffix' as const, schema: 'orders-key', expected: ['orders'] },
    { mapping: 'value-key-suffix' as const, schema: 'orders', expected: [] },
    { mapping: 'value-key-suffix' as const, schema: '-value', expected: [] },
    { mapping: 'auto' as const, schema: 'orders-key', expected: ['orders', 'orders-key'] },
    { mapping: 'auto' as const, schema: 'orders', expected: ['orders'] },
  ])('names the topics schema $schema can describe under $mapping', ({ mapping, schema: name, expected }) => {
    expect(candidateTopics(mapping, name)).toEqual(expected);
  });

  it('reverses an explicit map', () => {
    const mapping: TopicMapping = { explicit: { b: { value: 'S' }, a: { key: 'S' }, c: { value: 'T' } } };
    expect(candidateTopics(mapping, 'S')).toEqual(['a', 'b']);
  });
});
