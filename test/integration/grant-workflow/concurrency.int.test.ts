import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientAwsError } from '../../../common/src/errors.ts';
import { TRANSIENT_RETRY } from '../../../grant-workflow/src/contract.ts';
import type { TopicGrant } from '../../../grant-workflow/src/grants.ts';
import {
  apply,
  clusterPolicy,
  type GrantWorld,
  grantRequest,
  resourcesWith,
  roleDocuments,
  startGrantWorld,
  topicGrant,
} from './support.ts';

/**
 * THE concurrency case: 100 grant and revoke requests for one cluster and one role, all at once, each
 * through applyGrant on both sides with its own adapters (as separate Lambda invocations), with the
 * state machine's retry of TransientAwsError emulated. The policies must end with exactly the topics of
 * the remaining grants.
 */
describe('applyGrant under concurrency', () => {
  let world: GrantWorld;
  let reader: string;

  beforeAll(async () => {
    world = await startGrantWorld();
    reader = world.seeded.roles['consumer/analytics-reader'] ?? '';
    // Every call takes 2 ms, so that requests interleave at every await as they would on AWS.
    world.local.cloud.faults.configure({ latencyMs: 2 });
  });
  afterAll(() => world.local.close());

  /** Both sides of one request, retried on TransientAwsError as the state machine's Retry would. */
  async function workflow(grant: TopicGrant, action: 'GRANT' | 'REVOKE') {
    let rounds = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        for (const side of ['producer', 'consumer'] as const) {
          await apply(world, grantRequest(grant, action), side);
        }
        return { attempts: attempt, rounds };
      } catch (error) {
        if (!(error instanceof TransientAwsError) || attempt >= TRANSIENT_RETRY.maxAttempts) throw error;
        rounds += 1;
      }
    }
  }

  it('ends with policies holding exactly the remaining grants after 70 grants and 30 revokes at once', async () => {
    // Prepare: 30 grants in force (themselves granted concurrently).
    const topics = Array.from({ length: 100 }, (_, n) => `orders.stream-${String(n).padStart(3, '0')}`);
    const grants = topics.map((topic, n) => topicGrant(world.clusterArn, topic, [reader], 100 + n));
    const toRevoke = grants.slice(0, 30);
    const toGrant = grants.slice(30);
    await Promise.all(toRevoke.map((g) => workflow(g, 'GRANT')));
    // Act: 100 requests at once.
    const started = performance.now();
    const results = await Promise.all([
      ...toGrant.map((g) => workflow(g, 'GRANT')),
      ...toRevoke.map((g) => workflow(g, 'REVOKE')),
    ]);
    const elapsedMs = performance.now() - started;
    // Assess: parse the documents in force and compare sets.
    const expected = toGrant.map((g) => g.topicArn).sort();
    const role = await roleDocuments(world, 'analytics-reader');
    const cluster = await clusterPolicy(world, world.clusterArn);
    expect(resourcesWith(role.ours, 'kafka-cluster:ReadData')).toEqual(expected);
    expect(resourcesWith(cluster ? [cluster] : [], 'kafka-cluster:ReadData')).toEqual(expected);
    expect(resourcesWith(role.ours, 'glue:GetSchemaVersion', ':schema/')).toEqual(
      toGrant.flatMap((g) => g.schemaArns).sort(),
    );
    const retried = results.filter((r) => r.attempts > 1).length;
    console.info(
      `100 concurrent requests: ${Math.round(elapsedMs)} ms; ${retried} needed a task retry; ` +
        `role: inline ${Object.keys(role.inline).length}, managed ${Object.keys(role.managed).length}; ` +
        `cluster policy ${JSON.stringify(cluster).length} chars`,
    );
  }, 120_000);
});
