/**
 * The demo story end to end (`npm start` = `streamgov demo`, the same code, in-process): the app
 * synthesized and deployed on the local cloud, then every step's effect asserted — assets and columns,
 * grant statuses, IAM and cluster policies, lineage linked to the topic asset, the new revision, the
 * revocation, no drift, exit code 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_ORDERS_FIELD } from '../../cli/src/demo/catalog.ts';
import { FLINK_APPLICATION } from '../../cli/src/demo/lineage.ts';
import { statementResources } from '../../cli/src/demo/policies.ts';
import { memoryPrinter } from '../../cli/src/demo/printer.ts';
import { type DemoRun, runDemoStory, STORY_TOPIC } from '../../cli/src/demo/story.ts';

const printer = memoryPrinter();
let run: DemoRun;

beforeAll(async () => {
  run = await runDemoStory({ printer });
  if (run.exitCode !== 0) process.stderr.write(`${printer.lines.join('\n')}\n`);
}, 300_000);

afterAll(async () => {
  await run?.close();
});

describe('streamgov demo', () => {
  it('runs every step and exits with 0', () => {
    // Assess
    expect(run.failure).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.outcomes).toHaveLength(8);
    expect(run.outcomes.every((o) => o.ok)).toBe(true);
    expect(printer.lines.some((l) => l.trim().startsWith('total'))).toBe(true);
  });

  it('deploys the synthesized app in the three accounts, nothing failed, unmapped resources named', () => {
    // Assess
    const setup = run.facts.setup;
    expect(setup?.stacks).toEqual(
      expect.arrayContaining([
        'streamgov-governance',
        'streamgov-environment-222222222222',
        'streamgov-environment-333333333333',
      ]),
    );
    expect(setup?.bundledFunctions).toBeGreaterThanOrEqual(5);
    for (const name of setup?.unmapped ?? []) expect(printer.lines.join('\n')).toContain(name);
    // The mapping check: the local cloud runs every resource of the app except the alarm topics (no SNS).
    const unmappedTypes = (setup?.unmapped ?? []).map((line) => /\(([^)]+)\)/.exec(line)?.[1]);
    expect(unmappedTypes).toEqual(['AWS::SNS::Topic', 'AWS::SNS::Topic', 'AWS::SNS::Topic']);
  });

  it('creates one topic asset per topic, with the columns of its value schema', () => {
    // Assess
    const assets = run.facts.assets ?? [];
    expect(assets.map((a) => a.name)).toEqual(['audit-log', 'orders', 'payments', 'shipments']);
    const orders = assets.find((a) => a.name === STORY_TOPIC);
    expect(orders?.columns.map((c) => c.columnName)).toEqual([
      'order_id',
      'placed_at',
      'customer',
      'items',
      'status',
      'attributes',
      'channel',
    ]);
    expect(orders?.columns.find((c) => c.columnName === 'customer')?.dataType).toMatch(/^struct<id:string/);
    expect(orders?.externalIdentifier).toMatch(
      /^arn:aws:kafka:eu-west-1:222222222222:topic\/streaming-orders\/.+\/orders$/,
    );
    expect(orders?.sourceIdentifier).toMatch(/^kafka:\/\/.+:\d+\/orders$/);
    expect(assets.find((a) => a.name === 'audit-log')?.columns).toEqual([]);
  });

  it('grants the accepted subscription: GRANTED, the consumer role and the cluster policy allow the topic', () => {
    // Assess
    const grant = run.facts.grant;
    expect(grant?.status).toBe('GRANTED');
    const topicArn = grant?.topicArn ?? '';
    const role = grant?.roleTopicStatements ?? [];
    expect(role).toHaveLength(1);
    expect(role[0]?.Action).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
    expect(statementResources(role[0] ?? { Effect: 'Allow' })).toEqual([topicArn]);
    const cluster = grant?.clusterTopicStatements ?? [];
    expect(cluster).toHaveLength(1);
    expect(cluster[0]?.Principal).toEqual({
      AWS: ['arn:aws:iam::333333333333:role/streamgov/analytics-reader'],
    });
    expect(cluster[0]?.Action).toEqual(
      expect.arrayContaining(['kafka-cluster:ReadData', 'kafka-cluster:Connect']),
    );
  });

  it('records the Flink application lineage downstream of the topic asset, and the ingested OpenLineage run', () => {
    // Assess
    const lineage = run.facts.lineage;
    const audit = lineage?.audit;
    const orders = run.facts.assets?.find((a) => a.name === STORY_TOPIC);
    expect(audit?.target.asset?.id).toBe(orders?.id);
    const root = audit?.view.nodes.find((n) => n.id === audit.view.rootId);
    expect(root?.sourceIdentifier).toBe(orders?.sourceIdentifier);
    const downstream = audit?.view.nodes.filter((n) => (n.downstreamDistance ?? 0) > 0) ?? [];
    expect(downstream.map((n) => n.name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(FLINK_APPLICATION.name),
        FLINK_APPLICATION.outputTopic,
      ]),
    );
    expect(lineage?.broker).not.toBe(orders?.sourceIdentifier.split('/')[2]);
    expect(lineage?.ingest?.status).toBe(200);
    expect(downstream.map((n) => n.name)).toEqual(
      expect.arrayContaining([expect.stringContaining('orders-nightly-export')]),
    );
  });

  it('turns the schema change into a new asset revision with the new column', () => {
    // Assess
    const evolution = run.facts.evolution;
    expect(Number(evolution?.after.revision)).toBeGreaterThan(Number(evolution?.before.revision));
    expect(evolution?.addedColumns).toEqual([
      { columnName: NEW_ORDERS_FIELD.name, dataType: 'string', description: NEW_ORDERS_FIELD.doc },
    ]);
  });

  it('revokes: REVOKED, no statement names the topic in the role or the cluster policy', () => {
    // Assess
    const revoke = run.facts.revoke;
    const topicArn = run.facts.grant?.topicArn ?? '';
    expect(revoke?.status).toBe('REVOKED');
    expect(revoke?.roleTopicStatements).toEqual([]);
    expect(revoke?.clusterTopicStatements).toEqual([]);
    const all = [...(revoke?.roleStatements ?? []), ...(revoke?.clusterStatements ?? [])];
    expect(all.flatMap((s) => statementResources(s))).not.toContain(topicArn);
  });

  it('reconciles with no drift while the grant is live and after the revoke', () => {
    // Assess
    expect(run.facts.reconcileGranted?.report.checkedGrants).toBe(1);
    expect(run.facts.reconcileGranted?.report.drift).toEqual([]);
    const reconcile = run.facts.reconcile;
    expect(reconcile?.report.checkedGrants).toBe(0);
    expect(reconcile?.report.drift).toEqual([]);
    expect(reconcile?.report.unresolved).toEqual([]);
  });
});
