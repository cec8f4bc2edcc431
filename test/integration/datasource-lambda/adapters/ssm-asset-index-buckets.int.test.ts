import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../common/src/errors.ts';
import { MemoryLog } from '../../../../common/src/logger.ts';
import {
  CorruptIndexEntryError,
  SsmAssetIndex,
} from '../../../../datasource-lambda/src/adapters/ssm-asset-index.ts';
import { bucketSegment, indexBucket } from '../../../../datasource-lambda/src/partition.ts';
import type { IndexEntry } from '../../../../datasource-lambda/src/ports.ts';
import { type DemoCloud, startDemoCloud } from '../../../support/demo-world.ts';

const SCOPE = '222222222222/eu-west-1/alpha/uuid-1';
const entry = (topic: string, assetId = `a-${topic}`): IndexEntry => ({
  key: `${SCOPE}/${topic}`,
  assetId,
  fingerprint: `fp-${assetId}`,
});

/** The bucketed layout of SsmAssetIndex (`<prefix>/b<NN>/<key>`) and the move from the layout before it. */
describe('SsmAssetIndex buckets', () => {
  let demo: DemoCloud;
  let count = 0;
  const log = new MemoryLog();
  const newIndex = () => {
    count += 1;
    const prefix = `/streamgov/buckets-${count}/assets`;
    return { prefix, index: new SsmAssetIndex({ client: demo.governance.ssm(), prefix, log }) };
  };
  /** Writes an entry where an older release put it: `<prefix>/<key>`. */
  const putLegacy = async (prefix: string, e: IndexEntry) => {
    const { key, ...value } = e;
    await demo.governance.ssm().send(
      new PutParameterCommand({
        Name: `${prefix}/${key}`,
        Value: JSON.stringify(value),
        Type: 'SecureString',
      }),
    );
  };
  const exists = (name: string) =>
    demo.governance
      .ssm()
      .send(new GetParameterCommand({ Name: name }))
      .then(
        () => true,
        () => false,
      );

  beforeAll(async () => {
    demo = await startDemoCloud();
  });
  afterAll(() => demo.local.close());

  it('stores an entry in its bucket folder and lists only the buckets asked for', async () => {
    // Prepare
    const { prefix, index } = newIndex();
    const entries = Array.from({ length: 30 }, (_, i) => entry(`topic-${i}`));
    for (const e of entries) await index.put(e);

    // Act
    const bucket = indexBucket(entries[0]?.key ?? '');
    const listed = await index.list({ buckets: [bucket] });

    // Assess
    expect(index.parameterName(entries[0]?.key ?? '')).toBe(
      `${prefix}/${bucketSegment(bucket)}/${entries[0]?.key}`,
    );
    expect(listed.map((e) => e.key).sort()).toEqual(
      entries
        .filter((e) => indexBucket(e.key) === bucket)
        .map((e) => e.key)
        .sort(),
    );
    expect(await index.list()).toHaveLength(30);
    expect(await index.list({ buckets: [] })).toEqual([]);
  });

  it('lists legacy entries marked (unfiltered, and per scope and buckets) and moves them on put', async () => {
    // Prepare
    const { prefix, index } = newIndex();
    const old = entry('old');
    await putLegacy(prefix, old);
    await putLegacy(prefix, { ...entry('other', 'x'), key: '222222222222/eu-west-1/beta/uuid-2/other' });
    await index.put(entry('new'));

    // Act
    const all = await index.list();
    const scoped = await index.listLegacy(SCOPE);
    const inOtherBuckets = await index.listLegacy(SCOPE, { buckets: [(indexBucket(old.key) + 1) % 64] });
    const bucketed = await index.list({ buckets: [indexBucket(old.key)] });
    await index.put(old);

    // Assess
    expect(
      all
        .filter((e) => e.legacy)
        .map((e) => e.key)
        .sort(),
    ).toEqual([old.key, '222222222222/eu-west-1/beta/uuid-2/other']);
    expect(scoped).toEqual([{ ...old, legacy: true }]);
    expect(inOtherBuckets).toEqual([]);
    expect(bucketed.find((e) => e.key === old.key)).toBeUndefined();
    expect(await exists(`${prefix}/${old.key}`)).toBe(false);
    expect(await exists(index.parameterName(old.key))).toBe(true);
    expect(await index.listLegacy(SCOPE)).toEqual([]);
  });

  it('lists a key in both layouts once, with the bucketed value, and deletes both copies', async () => {
    // Prepare: a move interrupted between its two calls
    const { prefix, index } = newIndex();
    await putLegacy(prefix, entry('both', 'stale'));
    await index.put(entry('both', 'fresh'));

    // Act
    const listed = await index.list();
    await index.delete(entry('both').key);

    // Assess
    expect(listed).toEqual([{ ...entry('both', 'fresh'), legacy: true }]);
    expect(await index.list()).toEqual([]);
  });

  it('throws CorruptIndexEntryError for an entry in the wrong bucket, InvalidInputError for a bad bucket or scope', async () => {
    // Prepare
    const { prefix, index } = newIndex();
    const e = entry('misplaced');
    const wrong = bucketSegment((indexBucket(e.key) + 1) % 64);
    await demo.governance.ssm().send(
      new PutParameterCommand({
        Name: `${prefix}/${wrong}/${e.key}`,
        Value: JSON.stringify({ assetId: 'a', fingerprint: 'f' }),
        Type: 'SecureString',
      }),
    );

    // Act & Assess
    await expect(index.list()).rejects.toThrow(CorruptIndexEntryError);
    await expect(index.list()).rejects.toThrow(/in bucket b\d\d, but its key belongs in b\d\d/);
    await expect(index.list({ buckets: [64] })).rejects.toThrow(InvalidInputError);
    await expect(index.listLegacy('/bad')).rejects.toThrow(InvalidInputError);
  });
});
