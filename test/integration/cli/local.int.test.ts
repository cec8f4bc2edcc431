import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListDomainsCommand } from '@aws-sdk/client-datazone';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloudProcess } from '../../../bench/support.ts';
import { ClientFactory } from '../../../common/src/clients.ts';
import { TEST_CREDENTIALS } from '../../support/local-cloud.ts';

function clients(url: string) {
  return new ClientFactory({
    region: 'eu-west-1',
    endpoint: url,
    maxAttempts: 1,
    credentials: TEST_CREDENTIALS,
  });
}

describe('streamgov local', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'streamgov-local-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints ready, serves the seeded demo, and keeps state across restarts with --state-file', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startLocalCloudProcess(['--seed', 'demo', '--state-file', stateFile]);
    try {
      await clients(first.url)
        .ssm()
        .send(new PutParameterCommand({ Name: '/kept', Value: 'yes', Type: 'String' }));
    } finally {
      await first.stop();
    }
    expect(first.child.exitCode).toBe(0);

    const second = await startLocalCloudProcess(['--seed', 'demo', '--state-file', stateFile]);
    try {
      const kept = await clients(second.url)
        .ssm()
        .send(new GetParameterCommand({ Name: '/kept' }));
      expect(kept.Parameter?.Value).toBe('yes');
      // The seed is not applied again over restored state: still one domain (plain keys act as its account).
      const domains = await clients(second.url).dataZone().send(new ListDomainsCommand({}));
      expect(domains.items?.map((d) => d.name)).toEqual(['streamgov-demo']);
    } finally {
      await second.stop();
    }
  });
});
