import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../common/src/errors.ts';
import {
  INGEST_DEFAULTS,
  INGEST_ENV,
  type IngestSettings,
  ingestEnvironment,
  loadIngestSettings,
} from '../../../../lineage/src/ingest/config.ts';

const CLUSTER_ARN =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/payments/a1b2c3d4-1111-2222-3333-444455556666-1';
const READ_ROLE = 'arn:aws:iam::222222222222:role/streamgov-read';

const SETTINGS: IngestSettings = {
  domainId: 'dzd_abc123',
  sources: [{ clusterName: 'orders' }, { clusterArn: CLUSTER_ARN, readRoleArn: READ_ROLE }],
  deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/lineage-dlq',
  ...INGEST_DEFAULTS,
};

describe('ingest config', () => {
  it('reads back the environment infra renders', () => {
    // Act
    const loaded = loadIngestSettings(ingestEnvironment(SETTINGS));
    // Assess
    expect(loaded).toEqual(SETTINGS);
  });

  it('applies the defaults and takes no sources as none', () => {
    // Act
    const loaded = loadIngestSettings({
      [INGEST_ENV.domainId]: SETTINGS.domainId,
      [INGEST_ENV.deadLetterQueueUrl]: SETTINGS.deadLetterQueueUrl,
    });
    // Assess
    expect(loaded).toEqual({ ...SETTINGS, sources: [] });
  });

  it('throws ConfigError naming every invalid key', () => {
    // Act
    const error = (() => {
      try {
        loadIngestSettings({
          [INGEST_ENV.domainId]: 'not-a-domain',
          [INGEST_ENV.sources]: '[{"registryName":"x"}]',
          [INGEST_ENV.maxBatchEvents]: '0',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['DOMAIN_ID', 'CATALOG_SOURCES', 'DEAD_LETTER_QUEUE_URL', 'MAX_BATCH_EVENTS']) {
      expect(problems).toContain(key);
    }
  });
});
