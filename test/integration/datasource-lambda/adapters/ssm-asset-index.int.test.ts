import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallError, InvalidInputError, TransientAwsError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import {
  CorruptIndexEntryError,
  SsmAssetIndex,
} from '../../../../datasource-lambda/src/adapters/ssm-asset-index.ts';
import type { IndexEntry } from '../../../../datasource-lambda/src/ports.ts';
import { calls, type DemoCloud, startDemoCloud } from '../../../support/demo-world.ts';

const KMS_KEY = 'alias/streamgov-index';

function entry(cluster: string, topic: string, assetId: string): IndexEntry {
  return { key: `222222222222/eu-west-1/${cluster}/uuid-1/${topic}`, assetId, fingerprint: `fp-${assetId}` };
}

describe('SsmAssetIndex', () => {
  let demo: DemoCloud;
  const log = new MemoryLog();
  let prefixCount = 0;
  /** A fresh prefix per test, so that tests do not see each other's entries. */
  const newIndex = (kmsKeyId?: string) => {
    prefixCount += 1;
    return new SsmAssetIndex({
      client: demo.governance.ssm(),
      prefix: `/streamgov/test-${prefixCount}/assets`,
      ...(kmsKeyId ? { kmsKeyId } : {}),
      log,
    });
  };

  beforeAll(async () => {
    demo = await startDemoCloud();
  });
  afterAll(() => demo.local.close());
  afterEach(() => {
    demo.local.cloud.faults.configure({});
    demo.local.cloud.resetCallCounts();
  });

  it('lists every entry although GetParametersByPath answers short and empty pages', async () => {
    // Prepare: 3 clusters x 9 topics = 27 entries in 3 folders
    const index = newIndex(KMS_KEY);
    const entries = ['alpha', 'beta', 'gamma'].flatMap((cluster) =>
      Array.from({ length: 9 }, (_, i) => entry(cluster, `topic.${i}`, `${cluster}${i}`)),
    );
    for (const e of entries) await index.put(e);
    const first = await demo.governance
      .ssm()
      .send(new GetParametersByPathCommand({ Path: '/streamgov/test-1/assets', Recursive: true }));
    demo.local.cloud.resetCallCounts();

    // Act
    const listed = await index.list();

    // Assess
    expect(first.Parameters).toEqual([]);
    expect(first.NextToken).toBeDefined();
    expect(listed).toHaveLength(27);
    expect(new Map(listed.map((e) => [e.key, e]))).toEqual(new Map(entries.map((e) => [e.key, e])));
    expect(calls(demo, 'ssm:GetParametersByPath')).toBeGreaterThanOrEqual(4);
  });

  it('stores an entry as a SecureString with the KMS key, its value the entry without key', async () => {
    // Prepare
    const index = newIndex(KMS_KEY);
    const value: IndexEntry = {
      ...entry('alpha', 'orders', 'asset1'),
      schemaStamps: { value: { updatedTime: '2026-01-01T00:00:00.000Z', digest: 'd1' } },
    };

    // Act
    await index.put(value);

    // Assess
    const name = index.parameterName(value.key);
    const { Parameter } = await demo.governance
      .ssm()
      .send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    expect(Parameter?.Type).toBe('SecureString');
    const { key: _key, ...stored } = value;
    expect(JSON.parse(Parameter?.Value ?? '')).toEqual(stored);
    const described = await demo.governance
      .ssm()
      .send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }));
    expect(described.Parameters?.[0]?.KeyId).toBe(KMS_KEY);
    expect(await index.list()).toEqual([value]);
  });

  it('overwrites an entry that exists', async () => {
    // Prepare
    const index = newIndex();
    await index.put(entry('alpha', 'orders', 'old'));

    // Act
    await index.put(entry('alpha', 'orders', 'new'));

    // Assess
    expect(await index.list()).toEqual([entry('alpha', 'orders', 'new')]);
  });

  it('deletes an entry, and deleting one that does not exist is not an error', async () => {
    // Prepare
    const index = newIndex();
    const kept = entry('alpha', 'kept', 'a1');
    await index.put(kept);
    await index.put(entry('alpha', 'gone', 'a2'));

    // Act
    await index.delete(entry('alpha', 'gone', 'a2').key);
    await index.delete(entry('alpha', 'never', 'a3').key);

    // Assess
    expect(await index.list()).toEqual([kept]);
  });

  it('throws CorruptIndexEntryError naming every parameter that is not a valid entry', async () => {
    // Prepare
    const index = newIndex();
    await index.put(entry('alpha', 'good', 'a1'));
    const ssm = demo.governance.ssm();
    const bad = [
      [index.parameterName('222222222222/eu-west-1/alpha/uuid-1/not-json'), '{oops'],
      [index.parameterName('222222222222/eu-west-1/alpha/uuid-1/no-asset'), '{"fingerprint":"x"}'],
      [
        index.parameterName('222222222222/eu-west-1/alpha/uuid-1/bad-stamp'),
        '{"assetId":"a","fingerprint":"f","schemaStamps":{"value":1}}',
      ],
    ] as const;
    for (const [Name, Value] of bad)
      await ssm.send(new PutParameterCommand({ Name, Value, Type: 'SecureString' }));

    // Act
    const result = index.list();

    // Assess
    await expect(result).rejects.toThrow(CorruptIndexEntryError);
    const error = (await result.catch((e: unknown) => e)) as CorruptIndexEntryError;
    expect(error.problems.map((p) => p.parameter).sort()).toEqual(bad.map(([name]) => name).sort());
    expect(error.message).toMatch(/not JSON/);
    expect(error.message).toMatch(/assetId is missing/);
    expect(error.message).toMatch(/schemaStamps\.value/);
  });

  it('throws InvalidInputError for keys SSM would refuse', async () => {
    // Prepare
    const index = newIndex();

    // Act & Assess
    await expect(index.put({ key: 'a/b c/d', assetId: 'x', fingerprint: 'f' })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(index.put({ key: '/absolute', assetId: 'x', fingerprint: 'f' })).rejects.toThrow(
      /relative path/,
    );
    await expect(index.delete('a//b')).rejects.toThrow(/non-empty/);
    await expect(index.delete(Array.from({ length: 13 }, (_, i) => `l${i}`).join('/'))).rejects.toThrow(
      /exceeds SSM's 15/,
    );
    await expect(index.delete(`a/${'x'.repeat(960)}`)).rejects.toThrow(/max 950/);
    expect(calls(demo, 'ssm:PutParameter') + calls(demo, 'ssm:DeleteParameter')).toBe(0);
  });

  it('throws InvalidInputError for a prefix or KMS key id SSM would refuse', () => {
    const client = demo.governance.ssm();
    expect(() => new SsmAssetIndex({ client, prefix: 'streamgov', log })).toThrow(InvalidInputError);
    expect(() => new SsmAssetIndex({ client, prefix: '/streamgov/', log })).toThrow(InvalidInputError);
    expect(() => new SsmAssetIndex({ client, prefix: '/aws/streamgov', log })).toThrow(/reserves/);
    expect(() => new SsmAssetIndex({ client, prefix: '/ok', kmsKeyId: 'bad key', log })).toThrow(/kmsKeyId/);
  });

  it('throws TransientAwsError when SSM throttles, AwsCallError when it refuses', async () => {
    // Prepare
    const index = newIndex();
    demo.local.cloud.faults.configure({
      errors: {
        'ssm:GetParametersByPath': { rate: 1, code: 'ThrottlingException' },
        'ssm:PutParameter': { rate: 1, code: 'ParameterLimitExceeded' },
        'ssm:DeleteParameter': { rate: 1, code: 'InternalServerError', status: 500 },
      },
    });

    // Act & Assess
    await expect(index.list()).rejects.toThrow(TransientAwsError);
    await expect(index.put(entry('alpha', 'x', 'a'))).rejects.toThrow(AwsCallError);
    await expect(index.delete(entry('alpha', 'x', 'a').key)).rejects.toThrow(TransientAwsError);
  });
});
