import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../../../local/src/cloud/types.ts';
import { parseJsonPath, targetInput } from '../../../../../local/src/services/events/input-transform.ts';

const event: CloudEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'Thing Happened',
  source: 'custom.app',
  account: '111122223333',
  time: '2026-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:s3:::b'],
  detail: { name: 'orders', count: 3, nested: { a: [1, 2] }, 'odd-key': 'x', quote: 'say "hi"' },
};
const rule = { ruleArn: 'arn:aws:events:eu-west-1:111122223333:rule/r1', ruleName: 'r1' };

describe('parseJsonPath', () => {
  it.each([
    ['$', []],
    ['$.detail', ['detail']],
    ['$.detail.nested.a[1]', ['detail', 'nested', 'a', 1]],
    ["$.detail['odd-key']", ['detail', 'odd-key']],
    ['$.detail-type', ['detail-type']],
  ])('parses %s', (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  it.each(['detail', '$..detail', '$.detail[', '$.[0]'])('rejects %s', (path) => {
    expect(parseJsonPath(path)).toBeUndefined();
  });
});

describe('targetInput', () => {
  it('passes the whole event when nothing is configured', () => {
    expect(JSON.parse(targetInput({}, event, rule))).toEqual(event);
  });

  it('passes a constant Input as is', () => {
    expect(targetInput({ Input: '{"fixed":true}' }, event, rule)).toBe('{"fixed":true}');
  });

  it('selects the InputPath part', () => {
    expect(JSON.parse(targetInput({ InputPath: '$.detail.nested' }, event, rule))).toEqual({ a: [1, 2] });
    expect(targetInput({ InputPath: '$.detail.missing' }, event, rule)).toBe('null');
  });

  it('fills a JSON InputTransformer template: raw inside strings, JSON outside', () => {
    // Prepare
    const settings = {
      InputTransformer: {
        InputPathsMap: {
          name: '$.detail.name',
          count: '$.detail.count',
          nested: '$.detail.nested',
          quote: '$.detail.quote',
        },
        InputTemplate:
          '{"topic": "<name>", "n": <count>, "obj": <nested>, "label": "n=<count>", "q": "<quote>", "rule": "<aws.events.rule-name>", "arn": "<aws.events.rule-arn>", "at": "<aws.events.event.ingestion-time>"}',
      },
    };
    // Act
    const output = JSON.parse(targetInput(settings, event, rule));
    // Assess
    expect(output).toEqual({
      topic: 'orders',
      n: 3,
      obj: { a: [1, 2] },
      label: 'n=3',
      q: 'say "hi"',
      rule: 'r1',
      arn: rule.ruleArn,
      at: '2026-01-01T00:00:00Z',
    });
  });

  it('fills a string template and the whole event placeholder', () => {
    // Prepare
    const text = {
      InputTransformer: { InputPathsMap: { name: '$.detail.name' }, InputTemplate: '"Topic <name> changed"' },
    };
    const whole = {
      InputTransformer: { InputTemplate: '{"event": <aws.events.event.json>, "missing": <nope>}' },
    };
    // Act
    const sentence = targetInput(text, event, rule);
    const wrapped = targetInput(whole, event, rule);
    // Assess
    expect(JSON.parse(sentence)).toBe('Topic orders changed');
    expect(wrapped.startsWith('{"event": {"version":"0"')).toBe(true);
    expect(wrapped.endsWith('"missing": <nope>}')).toBe(true);
  });
});
