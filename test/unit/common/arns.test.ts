import { describe, expect, it } from 'vitest';
import {
  formatGlueSchemaArn,
  formatIamRoleArn,
  formatMskClusterArn,
  mskGroupArn,
  mskTopicArn,
  parseArn,
  parseGlueRegistryArn,
  parseGlueSchemaArn,
  parseIamRoleArn,
  parseMskClusterArn,
  parseMskTopicArn,
} from '../../../common/src/arns.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';

const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/abcd1234-0123-abcd-5678-1234abcd-1';

describe('arns', () => {
  it('parses and formats MSK cluster, topic and group ARNs', () => {
    const cluster = parseMskClusterArn(CLUSTER);
    expect(cluster).toEqual({
      partition: 'aws',
      region: 'eu-west-1',
      account: '123456789012',
      clusterName: 'orders',
      clusterUuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
    });
    expect(formatMskClusterArn(cluster)).toBe(CLUSTER);
    const topic = mskTopicArn(cluster, 'orders.v1');
    expect(topic).toBe(
      'arn:aws:kafka:eu-west-1:123456789012:topic/orders/abcd1234-0123-abcd-5678-1234abcd-1/orders.v1',
    );
    expect(parseMskTopicArn(topic)).toEqual({ cluster, topic: 'orders.v1' });
    expect(mskGroupArn(cluster, { prefix: 'analytics-' })).toMatch(
      /:group\/orders\/abcd1234-0123-abcd-5678-1234abcd-1\/analytics-\*$/,
    );
    expect(mskGroupArn(cluster, '*')).toMatch(/\/\*$/);
  });

  it('parses IAM role ARNs with paths', () => {
    const role = parseIamRoleArn('arn:aws:iam::123456789012:role/streamgov/consumers/reader');
    expect(role).toEqual({
      partition: 'aws',
      account: '123456789012',
      path: '/streamgov/consumers/',
      roleName: 'reader',
    });
    expect(formatIamRoleArn(role)).toBe('arn:aws:iam::123456789012:role/streamgov/consumers/reader');
    expect(parseIamRoleArn('arn:aws:iam::123456789012:role/plain').path).toBe('/');
  });

  it('parses Glue registry and schema ARNs', () => {
    expect(parseGlueRegistryArn('arn:aws:glue:eu-west-1:123456789012:registry/payments').registryName).toBe(
      'payments',
    );
    const schema = parseGlueSchemaArn('arn:aws:glue:eu-west-1:123456789012:schema/payments/orders-value');
    expect(schema.schemaName).toBe('orders-value');
    expect(formatGlueSchemaArn(schema)).toBe(
      'arn:aws:glue:eu-west-1:123456789012:schema/payments/orders-value',
    );
  });

  it.each([
    ['not an arn', 'orders', 'is not an ARN'],
    ['bad account', 'arn:aws:kafka:eu-west-1:12345:cluster/a/b', 'invalid account'],
    ['bad partition', 'arn:foo:kafka:eu-west-1:123456789012:cluster/a/b', 'unknown partition'],
    ['wrong service', 'arn:aws:s3:eu-west-1:123456789012:cluster/a/b', 'is not an MSK cluster ARN'],
    ['wildcard cluster', 'arn:aws:kafka:eu-west-1:123456789012:cluster/*/b', 'must be an MSK cluster name'],
    ['injection', 'arn:aws:kafka:eu-west-1:123456789012:cluster/a"},{"x/b', 'must be an MSK cluster name'],
  ])('throws InvalidInputError naming the field and value for %s', (_case, text, reason) => {
    const error = (() => {
      try {
        parseMskClusterArn(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('clusterArn');
    expect((error as Error).message).toContain(JSON.stringify(text));
    expect((error as Error).message).toContain(reason);
  });

  it('refuses topic and group names that would widen or inject into a policy', () => {
    const cluster = parseMskClusterArn(CLUSTER);
    expect(() => mskTopicArn(cluster, 'orders*')).toThrow(InvalidInputError);
    expect(() => mskTopicArn(cluster, 'a/b')).toThrow(/Kafka topic name/);
    expect(() => mskGroupArn(cluster, { name: 'g"x' })).toThrow(InvalidInputError);
    expect(() => parseIamRoleArn('arn:aws:iam::123456789012:role/a b')).toThrow(InvalidInputError);
  });

  it('keeps a generic ARN resource with colons', () => {
    expect(parseArn('arn:aws:states:eu-west-1:123456789012:execution:sm:run-1').resource).toBe(
      'execution:sm:run-1',
    );
  });
});
