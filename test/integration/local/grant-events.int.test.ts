import { DeleteSubscriptionGrantCommand, ListSubscriptionGrantsCommand } from '@aws-sdk/client-datazone';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorld } from '../../../local/src/index.ts';
import { applyWorld, type SeededWorld } from '../../../local/src/seed/apply-world.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';
import {
  createTopicAssetType,
  createTopicSubscriptionTarget,
  demoDataZoneIds,
  publishTopicAsset,
  subscribeAndAccept,
} from '../../support/topic-listings.ts';

/**
 * Across services, through the real SDK: a DataZone subscription grant emits "Subscription Grant
 * Requested" on the domain account's default bus, an EventBridge rule matches it and starts a Step
 * Functions execution with the event as input; revoking emits "Subscription Grant Revoke Requested".
 */
describe('DataZone grant events reach a state machine through EventBridge', () => {
  let local: TestCloud;
  let seeded: SeededWorld;
  let stateMachineArn: string;
  beforeAll(async () => {
    local = await startTestCloud({ defaultAccount: '111111111111' });
    seeded = await applyWorld(local.cloud, await loadWorld('demo'));
    const clients = local.clients();
    const machine = await clients.sfn().send(
      new CreateStateMachineCommand({
        name: 'GrantWorkflow',
        roleArn: 'arn:aws:iam::111111111111:role/sfn',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
      }),
    );
    stateMachineArn = machine.stateMachineArn ?? '';
    await clients.eventBridge().send(
      new PutRuleCommand({
        Name: 'grant-requests',
        EventPattern: JSON.stringify({
          source: ['aws.datazone'],
          'detail-type': ['Subscription Grant Requested', 'Subscription Grant Revoke Requested'],
          detail: { data: { asset: { typeName: ['MskTopicAssetType'] } } },
        }),
      }),
    );
    await clients.eventBridge().send(
      new PutTargetsCommand({
        Rule: 'grant-requests',
        Targets: [{ Id: 'workflow', Arn: stateMachineArn }],
      }),
    );
  });
  afterAll(() => local.close());

  it('starts one execution per grant request and one per revoke, with DataZone detail', async () => {
    // Prepare: the topic asset type, one published asset, a subscription target for the consumer env.
    const dz = local.clients().dataZone();
    const { domainIdentifier, producerProject, consumerProject, consumerEnvironmentId } =
      demoDataZoneIds(seeded);
    const definition = await createTopicAssetType(dz, domainIdentifier, producerProject);
    const { asset, listing } = await publishTopicAsset(dz, {
      domainIdentifier,
      owningProject: producerProject,
      definition,
      name: 'orders',
      formsInput: [
        {
          formName: 'KafkaSchemaFormType',
          typeIdentifier: 'KafkaSchemaFormType',
          content: JSON.stringify({ kafka_topic: 'orders' }),
        },
      ],
    });
    await createTopicSubscriptionTarget(dz, {
      domainIdentifier,
      environmentId: consumerEnvironmentId,
      definition,
      authorizedPrincipals: [seeded.roles['consumer/analytics-reader'] ?? ''],
    });
    // Act: subscribe, accept (creates the grant), then revoke the grant.
    await subscribeAndAccept(dz, {
      domainIdentifier,
      projectId: consumerProject,
      listingId: listing.listingId ?? '',
      reason: 'fraud detection needs orders',
    });
    await local.cloud.settle();
    const grants = await dz.send(new ListSubscriptionGrantsCommand({ domainIdentifier }));
    const grantId = grants.items?.[0]?.id ?? '';
    await dz.send(new DeleteSubscriptionGrantCommand({ domainIdentifier, identifier: grantId }));
    await local.cloud.settle();
    // Assess
    const executions = await local.clients().sfn().send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions.executions).toHaveLength(2);
    const inputs = await Promise.all(
      (executions.executions ?? []).map(async (e) => {
        const described = await local
          .clients()
          .sfn()
          .send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
        return JSON.parse(described.input ?? '{}') as {
          'detail-type': string;
          source: string;
          account: string;
          detail: {
            metadata: { id: string; domain: string };
            data: { asset: { id: string; listingId: string; typeName: string } };
          };
        };
      }),
    );
    expect(inputs.map((i) => i['detail-type']).sort()).toEqual([
      'Subscription Grant Requested',
      'Subscription Grant Revoke Requested',
    ]);
    for (const input of inputs) {
      expect(input.source).toBe('aws.datazone');
      expect(input.account).toBe('111111111111');
      expect(input.detail.metadata).toMatchObject({ id: grantId, domain: domainIdentifier });
      expect(input.detail.data.asset).toMatchObject({
        id: asset.id,
        listingId: listing.listingId,
        typeName: 'MskTopicAssetType',
      });
    }
  });
});
